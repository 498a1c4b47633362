"""The index's terms (`thidua.nlp.retrieval`): syllables in one tone placement, their pairs
and triples, accent-folded twins ("~thong_tin"), abbreviations both ways, and a query's
weighted terms (`query_terms`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from thidua.nlp.retrieval_bm25 import DEFAULT_PARAMS, Params
from thidua.nlp.synonyms import ABBREVIATIONS, join_abbreviations, normalise_syllable
from thidua.nlp.text import fold, syllables

MAX_NGRAM = 4  # query syllable runs joined into candidate words
FOLDED = "~"  # prefix of accent-folded tokens


@lru_cache(maxsize=200_000)
def _norm(token: str) -> str:
    """A lower-case token ("hoá_học") with each syllable in the canonical tone placement."""
    if "_" in token:
        return "_".join(normalise_syllable(part) for part in token.split("_") if part)
    return normalise_syllable(token)


@lru_cache(maxsize=200_000)
def _folded(token: str) -> str:
    return FOLDED + fold(token)


def _bigrams(sylls: list[str]) -> list[str]:
    """Adjacent syllable pairs joined by a space ("thi đua"): phrase evidence."""
    return [f"{a} {b}" for a, b in zip(sylls, sylls[1:], strict=False)]


def _trigrams(sylls: list[str]) -> list[str]:
    """Three adjacent syllables joined by spaces ("chiến sĩ thi")."""
    return [f"{a} {b} {c}" for a, b, c in zip(sylls, sylls[1:], sylls[2:], strict=False)]


def _grams(sylls: list[str], params: Params, known=None) -> Counter[str]:
    """Weighted query terms of a run of syllables: syllables, pairs and candidate words
    (every 2..MAX_NGRAM run, or the longest known words from left to right)."""
    out: Counter[str] = Counter()
    for s in sylls:
        out[s] += 1.0
    if params.pair:
        for p in _bigrams(sylls):
            out[p] += params.pair
    if params.triple:
        for p in _trigrams(sylls):
            out[p] += params.triple
    if not params.word:
        return out
    if params.words == "runs" or known is None:
        for n in range(2, MAX_NGRAM + 1):
            for i in range(len(sylls) - n + 1):
                out["_".join(sylls[i : i + n])] += params.word
        return out
    i = 0
    while i < len(sylls):
        for n in range(min(MAX_NGRAM, len(sylls) - i), 1, -1):
            candidate = "_".join(sylls[i : i + n])
            if known(candidate):
                out[candidate] += params.word
                i += n
                break
        else:
            i += 1
    return out


def _synonym_tables(
    table: Mapping[str, Iterable[str]],
) -> tuple[dict[str, list[list[str]]], list[tuple[tuple[str, ...], str]]]:
    """abbreviation → phrases (as syllable lists), and phrase syllables → abbreviation, with
    their accent-folded twins."""
    expand: dict[str, list[list[str]]] = {}
    contract: list[tuple[tuple[str, ...], str]] = []
    for abbreviation, phrases in table.items():
        key = _norm(abbreviation)
        for phrase in phrases:
            sylls = [_norm(s) for s in syllables(phrase)]
            if sylls and sylls != [key]:
                expand.setdefault(key, []).append(sylls)
                contract.append((tuple(sylls), key))
    return expand, contract


def _fold_tables(expand, contract):
    expand_folded: dict[str, list[list[str]]] = {}
    for key, phrases in expand.items():
        expand_folded.setdefault(fold(key), []).extend([fold(s) for s in p] for p in phrases)
    contract_folded = [(tuple(fold(s) for s in sylls), fold(key)) for sylls, key in contract]
    return expand_folded, contract_folded


class _Synonyms:
    def __init__(self, table: Mapping[str, Iterable[str]]) -> None:
        self.expand, self.contract = _synonym_tables(table)
        self.expand_folded, self.contract_folded = _fold_tables(self.expand, self.contract)


_BUILTIN = _Synonyms(ABBREVIATIONS)


def _merge_tables(*tables: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = {}
    for table in tables:
        for key, phrases in table.items():
            bucket = merged.setdefault(key, [])
            bucket.extend(p for p in phrases if p not in bucket)
    return {k: tuple(v) for k, v in merged.items()}


def query_terms(
    query: str, params: Params = DEFAULT_PARAMS, *, known=None, synonyms: _Synonyms | None = None
) -> Counter[str]:
    """Weighted index tokens for a query (see `thidua.nlp.retrieval`'s docstring); `known(token)` tells
    which words the index has (for `words="longest"`), `synonyms` the abbreviation table."""
    sylls = [_norm(s) for s in syllables(join_abbreviations(query))]
    if not sylls:
        return Counter()
    table = synonyms or _BUILTIN
    accentless = all(fold(s) == s for s in sylls)
    if accentless:
        expand, contract = table.expand_folded, table.contract_folded
        lookup = (lambda t: known(FOLDED + t)) if known is not None else None
    else:
        expand, contract = table.expand, table.contract
        lookup = known
    terms = _grams(sylls, params, lookup)
    # Abbreviation → phrase: "cntt" also looks for "công nghệ thông tin".
    seen_phrases: set[tuple[str, ...]] = set()
    for s in sylls:
        for phrase in expand.get(s, ()):
            if tuple(phrase) not in seen_phrases:
                seen_phrases.add(tuple(phrase))
                terms.update(_grams(phrase, params, lookup))
    # Phrase → abbreviation: "công nghệ thông tin" also looks for "cntt".
    joined = " " + " ".join(sylls) + " "
    for phrase, key in contract:
        if key not in terms and " " + " ".join(phrase) + " " in joined:
            terms[key] += 1
    if accentless:
        return Counter({FOLDED + t: w for t, w in terms.items()})
    return terms
