"""Pseudo-relevance feedback (`thidua.nlp.retrieval`, RM3-like, `Params.prf_*`): the best
passages of a first pass propose their strongest words and syllables, mixed into the query's
weights for a second pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from thidua.nlp.retrieval_bm25 import _idf
from thidua.nlp.retrieval_terms import FOLDED

if TYPE_CHECKING:
    from thidua.nlp.retrieval import PassageIndex


def feedback_rows(index: PassageIndex) -> None:
    """Passage-major view of the postings of feedback candidates (words and syllables,
    no pairs), for pseudo-relevance feedback."""
    names = list(index._vocab)
    kind = np.fromiter((" " not in t for t in names), dtype=bool, count=len(names))
    folded = np.fromiter((t.startswith(FOLDED) for t in names), dtype=bool, count=len(names))
    index._candidate = kind
    index._is_folded = folded
    keep = np.flatnonzero(kind[index._term_of])
    order = keep[np.argsort(index._tf_docs[keep], kind="stable")]
    index._fw_order = order
    index._fw_indptr = np.zeros(len(index.ids) + 1, dtype=np.int64)
    np.cumsum(
        np.bincount(index._tf_docs[order], minlength=len(index.ids)), out=index._fw_indptr[1:]
    )


def _subset_df(index: PassageIndex, term_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    starts, ends = index._tf_indptr[term_ids], index._tf_indptr[term_ids + 1]
    return np.fromiter(
        (np.count_nonzero(mask[index._tf_docs[s:e]]) for s, e in zip(starts, ends, strict=True)),
        dtype=np.float64,
        count=len(term_ids),
    )


def feedback(index: PassageIndex, term_ids, weights, scores, mask, stats) -> np.ndarray:
    """RM3-like expansion (`thidua.nlp.retrieval`'s docstring): a second pass with the query's normalised
    weights mixed with terms proposed by the best passages of the first pass."""
    p = index.params
    if index._fw_order is None:
        feedback_rows(index)
    top = index._top_positions(scores, p.prf_docs)
    if not len(top):
        return scores
    doc_weight = scores[top] / scores[top].sum()
    spans = [(index._fw_indptr[d], index._fw_indptr[d + 1]) for d in top]
    rows = np.concatenate([index._fw_order[s:e] for s, e in spans])
    which = np.repeat(np.arange(len(top)), [e - s for s, e in spans])
    terms = index._term_of[rows]
    accentless = bool(index._is_folded[term_ids[0]])  # an accentless query: folded terms
    right_kind = index._is_folded[terms] == accentless
    rows, which, terms = rows[right_kind], which[right_kind], terms[right_kind]
    n_docs, avg_len = stats
    tf = index._tf[rows]
    saturation = tf / (tf + p.k1 * (1 - p.b + p.b * index._doc_len[index._tf_docs[rows]] / avg_len))
    cand, inverse = np.unique(terms, return_inverse=True)
    strength = np.bincount(inverse, weights=doc_weight[which] * saturation)
    if mask is None:
        df = np.diff(index._tf_indptr)[cand].astype(np.float64)
    else:
        # Candidates worth weighing first (by strength), then their df in the subset.
        keep = np.argsort(-strength, kind="stable")[: 4 * p.prf_terms]
        cand, strength = cand[keep], strength[keep]
        df = _subset_df(index, cand, mask)
    strength = strength * _idf(n_docs, df)
    best = np.argsort(-strength, kind="stable")[: p.prf_terms]
    cand, strength = cand[best], strength[best]
    if not strength.sum() > 0:
        return scores
    mixed: dict[int, float] = {}
    for t, w in zip(term_ids.tolist(), (weights / weights.sum()).tolist(), strict=True):
        mixed[t] = (1 - p.prf_weight) * w
    for t, w in zip(cand.tolist(), (strength / strength.sum()).tolist(), strict=True):
        mixed[t] = mixed.get(t, 0.0) + p.prf_weight * w
    ids2 = np.fromiter(mixed, dtype=np.int64, count=len(mixed))
    w2 = np.fromiter(mixed.values(), dtype=np.float64, count=len(mixed))
    return index._scores(ids2, w2, mask, stats)
