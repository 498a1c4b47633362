"""The ranker's parameters and formula (`thidua.nlp.retrieval`): `Params` with the values
chosen by bench/assistant_cv.py, and BM25's term weight and idf (Lucene's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Params:
    """Every tunable value of the ranker (see `thidua.nlp.retrieval`'s docstring)."""

    # Defaults: chosen by bench/assistant_cv.py on all 76 ALQAC dev queries (see
    # `thidua.nlp.retrieval`'s docstring); mined abbreviations are not tuned (the ALQAC laws define none).
    k1: float = 0.9
    b: float = 0.45
    title: float = 3.0  # field weight of the title line (body = 1)
    heading: float = 1.0  # field weight of heading lines
    pair: float = 0.0  # query weight of a syllable pair, a syllable weighing 1 (indexed if > 0)
    triple: float = 1.0  # query weight of three adjacent syllables (indexed only if > 0)
    word: float = 1.0  # query weight of a multi-syllable word
    words: str = "runs"  # query words: every 2-4 syllable run ("runs") or longest match
    prf_docs: int = 0  # pseudo-relevance feedback: off (it never won a training fold)
    prf_terms: int = 0
    prf_weight: float = 0.0
    mined: bool = True  # expand abbreviations the passages define themselves

    def __post_init__(self) -> None:
        if self.words not in ("runs", "longest"):
            raise ValueError(f"words must be 'runs' or 'longest', not {self.words!r}")
        if self.k1 <= 0 or not 0 <= self.b <= 1 or self.title <= 0 or self.heading <= 0:
            raise ValueError(f"invalid BM25 parameters {self}")
        if not 0 <= self.prf_weight < 1:
            raise ValueError("prf_weight must be in [0, 1)")

    @property
    def prf(self) -> bool:
        return self.prf_weight > 0 and self.prf_docs > 0 and self.prf_terms > 0


DEFAULT_PARAMS = Params()
# Kept for callers of format 1 (use `index.params`: a loaded index ranks with its own).
K1 = DEFAULT_PARAMS.k1
B = DEFAULT_PARAMS.b
DEFAULT_FIELDS: dict[str, float] = {
    "title": DEFAULT_PARAMS.title,
    "heading": DEFAULT_PARAMS.heading,
}


def _bm25(tf, doc_len, avg_len, idf, k1: float, b: float):
    """Lucene's BM25 term weight (without the constant factor k1 + 1)."""
    return idf * tf / (tf + k1 * (1 - b + b * doc_len / avg_len))


def _idf(n_docs: int, df):
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def _with_fields(params: Params, fields: Mapping[str, float] | None) -> Params:
    """The parameters with the title and heading weights given (if any) in place."""
    if fields is None:
        return params
    unknown = set(fields) - {"title", "heading"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}: use 'title' and 'heading'")
    return replace(params, **{k: float(v) for k, v in fields.items()})
