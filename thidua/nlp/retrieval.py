"""Passage retrieval for the assistant: Vietnamese words + BM25F, pure Python and NumPy.

    index = PassageIndex([("luat#1", "Phạm vi điều chỉnh\\n\\nLuật này quy định ..."), ...])
    index.search("pham vi dieu chinh", k=5)            # [("luat#1", 12.3), ...]
    index.search("CNTT", allowed={"luat#1", "luat#7"})  # only those two may come back
    index.save(path); PassageIndex.load(path)

Documents. Each line of a passage is segmented by underthesea (`text.words`, cached per line,
so repeated boiler-plate lines cost nothing); every word gives its syllables and, when it has
several, the joined word ("thông_tin"); adjacent syllables give a pair ("thi đua") when
`Params.pair` > 0 and a triple ("thi đua khen") when `Params.triple` > 0; every token also gives its accent-folded form
under a "~" prefix ("~thong_tin"). Spelling variants are folded (hoá → hóa, uỷ → ủy) and
"TT&TT" becomes one token "tttt". Three fields: the title (a passage's first line, when more
lines follow and it is short), heading lines ("Điều 3.", "Chương II", "II. NHIỆM VỤ", lines in
capitals) and the body. BM25F: a term's frequency is the weighted sum of its frequencies in
the fields (`Params.title`, `Params.heading`, body 1), the passage length the weighted sum of
the fields' numbers of syllables (so indexing more kinds of tokens changes no length), then
BM25 (Lucene's idf, k1, b) as usual.

Queries never call underthesea (a query costs microseconds to tokenise): its syllables
(weight 1), its syllable pairs (`Params.pair`) and triples (`Params.triple`), and candidate
words (`Params.word`): every run of 2-4 adjacent syllables joined by "_" (`words="runs"`) or
the longest runs the index knows, left to right (`words="longest"`), which match the document
words that underthesea found. A query with no
diacritic anywhere is matched against the folded tokens, so "cong nghe thong tin" finds "công
nghệ thông tin"; a query with diacritics is matched exactly. Abbreviations from
`synonyms.ABBREVIATIONS`, and those the indexed passages define themselves ("Ủy ban nhân dân
(UBND)", "... (sau đây gọi là Tòa án)": `synonyms.mine_abbreviations`), expand both ways.
Query terms that no passage contains are dropped; passages scoring 0 are never returned, so a
query of unknown words gives [].

Pseudo-relevance feedback (RM3-like, `Params.prf_*`, off when `prf_weight` is 0): the best
`prf_docs` passages of a first pass, weighted by their scores, propose their `prf_terms`
strongest words and syllables (BM25 weight in those passages); the query becomes
(1 - prf_weight) · its own normalised weights + prf_weight · the proposed terms' normalised
weights, and is scored again.

Parameters. Every value of `DEFAULT_PARAMS` (k1 0.9, b 0.45, title 3, heading 1, no pairs,
triples 1, words 1 as all runs, no feedback) is what the selection of `bench/assistant_cv.py`
(highest mean MRR@10 over a grid) chooses on all 76 ALQAC dev queries; the figures to quote
are that script's out-of-fold ones (each fold ranked with parameters chosen on the other folds
only), which docs/BENCHMARKS.md reports. Mined abbreviations are not tuned (ALQAC defines none).

`allowed` (the ids the asker may see) filters BEFORE ranking, and more strictly than a mask:
BM25's statistics (number of passages, document frequencies, average length) are recomputed
over the allowed passages only, feedback passages come from the allowed ones and feedback
terms are weighed with the allowed passages' statistics, so `index.search(q, allowed=S)`
returns exactly what an index built from the passages in S alone would return. A forbidden
passage influences neither the results nor the scores of allowed passages. Without
`allowed`, a precomputed score matrix is used (same formula over the whole corpus).

Persistence: `save(dir)` writes numpy arrays (term frequencies, passage lengths, scores) and
`passages.json` (ids, parameters, vocabulary, mined abbreviations); `load(dir)` reads them
back with `allow_pickle=False`. An index written in an older format is refused with a
ValueError saying to rebuild it.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from thidua.nlp import retrieval_store
from thidua.nlp.retrieval_bm25 import (
    DEFAULT_FIELDS,
    DEFAULT_PARAMS,
    Params,
    _bm25,
    _idf,
    _with_fields,
)
from thidua.nlp.retrieval_bm25 import K1 as K1
from thidua.nlp.retrieval_bm25 import B as B
from thidua.nlp.retrieval_feedback import feedback, feedback_rows
from thidua.nlp.retrieval_terms import (
    _BUILTIN,
    _bigrams,
    _folded,
    _merge_tables,
    _norm,
    _Synonyms,
    _trigrams,
    query_terms,
)
from thidua.nlp.synonyms import ABBREVIATIONS, join_abbreviations, mine_abbreviations
from thidua.nlp.text import words

__all__ = ["DEFAULT_FIELDS", "DEFAULT_PARAMS", "Params", "PassageIndex", "query_terms", "segment"]


_HEADING_LINE = re.compile(
    r"^\s*(?:(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[a-zđ]?\b|[IVXLC]{1,6}\.\s)", re.IGNORECASE
)


@lru_cache(maxsize=100_000)
def _line_words(line: str) -> tuple[str, ...]:
    """underthesea's words of one line (cached: boiler-plate lines recur across passages)."""
    return tuple(words(join_abbreviations(line)))


@lru_cache(maxsize=100_000)
def _line_tokens(
    line: str, pairs: bool = True, triples: bool = False
) -> tuple[tuple[str, ...], int]:
    """Syllables, multi-syllable words (underthesea segmentation), syllable pairs and
    triples (as asked) of one line, and its number of syllables."""
    return _tokens_of_words(_line_words(line), pairs, triples)


def _tokens_of_words(
    line_words: tuple[str, ...], pairs: bool = True, triples: bool = False
) -> tuple[tuple[str, ...], int]:
    out: list[str] = []
    sylls: list[str] = []
    for word in line_words:
        parts = [_norm(p) for p in word.split("_") if p]
        sylls.extend(parts)
        if len(parts) > 1:
            out.append("_".join(parts))
    tokens = sylls + out
    if pairs:
        tokens += _bigrams(sylls)
    if triples:
        tokens += _trigrams(sylls)
    return tuple(tokens), len(sylls)


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return [line for line in lines if line]


def segment(text: str) -> str:
    """The words underthesea finds in a passage, one line per non-empty line of it, words
    separated by spaces (syllables of a word joined by "_"). The slow part of indexing:
    keep it with the passage and give it back to `PassageIndex(..., segmented=...)` so an
    unchanged passage is never segmented twice."""
    return "\n".join(" ".join(_line_words(line)) for line in _lines(text))


def _is_heading(line: str) -> bool:
    if _HEADING_LINE.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


TITLE, HEADING, BODY = 0, 1, 2


def passage_fields(
    text: str, *, segmented: str | None = None, pairs: bool = True, triples: bool = False
) -> tuple[tuple[list[str], ...], list[int]]:
    """The tokens of a passage's three fields (title, heading lines, body), not folded, and
    each field's number of syllables (its length); with `segmented` (from `segment(text)`)
    underthesea is not called again."""
    lines = _lines(text)
    segmented_lines = segmented.split("\n") if segmented is not None else None
    if segmented_lines is not None and len(segmented_lines) != len(lines):
        segmented_lines = None  # not this text's segmentation: segment afresh
    fields: tuple[list[str], ...] = ([], [], [])
    lengths = [0, 0, 0]
    for i, line in enumerate(lines):
        if segmented_lines is None:
            line_tokens, n = _line_tokens(line, pairs, triples)
        else:
            line_tokens, n = _tokens_of_words(tuple(segmented_lines[i].split()), pairs, triples)
        if i == 0 and len(lines) > 1 and len(line) <= 250:
            field = TITLE
        elif _is_heading(line):
            field = HEADING
        else:
            field = BODY
        fields[field].extend(line_tokens)
        lengths[field] += n
    return fields, lengths


def _term_counts(fields_tokens) -> dict[str, list[float]]:
    """Term → its count in each of the passage's three fields."""
    counts: dict[str, list[float]] = {}
    for f, tokens in enumerate(fields_tokens):
        for t in tokens:
            slot = counts.get(t)
            if slot is None:
                slot = counts[t] = [0.0, 0.0, 0.0]
            slot[f] += 1
    return counts


def _folded_counts(counts: dict[str, list[float]]) -> dict[str, list[float]]:
    """The same counts under the terms without diacritics (terms folding alike added up)."""
    folded: dict[str, list[float]] = {}
    for t, slot in counts.items():
        ft = _folded(t)
        other = folded.get(ft)
        if other is None:
            folded[ft] = list(slot)
        else:
            for f in range(3):
                other[f] += slot[f]
    return folded


class PassageIndex:
    """BM25F over Vietnamese passages: `PassageIndex(passages, *, params=None)`, then
    `.search(query, k=10, *, allowed=None) -> [(id, score), ...]`, best first."""

    def __init__(
        self,
        passages: Iterable[tuple[str, str]],
        *,
        fields: Mapping[str, float] | None = None,
        params: Params | None = None,
        segmented: Mapping[str, str] | None = None,
        keep_fields: bool = False,
    ) -> None:
        """`segmented` maps passage ids to `segment(text)` kept from an earlier build;
        `fields` ({"title": w, "heading": w}) overrides those two parameters;
        `keep_fields` keeps per-field frequencies so `with_params` may change field weights
        (for tuning)."""
        self.params = params = _with_fields(params or DEFAULT_PARAMS, fields)
        ids: list[str] = []
        vocab: dict[str, int] = {}
        # Postings as compact C arrays (a Python list of floats costs 32 bytes an entry).
        rows_terms = array("q")
        rows_docs = array("i")
        rows_tf = [array("f"), array("f"), array("f")]
        field_len: list[list[int]] = [[], [], []]
        texts_for_mining: list[str] = []
        for doc, (passage_id, text) in enumerate(passages):
            ids.append(str(passage_id))
            if params.mined:
                texts_for_mining.append(text)
            fields_tokens, lengths = passage_fields(
                text,
                segmented=segmented.get(str(passage_id)) if segmented else None,
                pairs=params.pair > 0,
                triples=params.triple > 0,
            )
            for f in range(3):
                field_len[f].append(lengths[f])
            counts = _term_counts(fields_tokens)
            for table in (counts, _folded_counts(counts)):
                for t, slot in table.items():
                    rows_terms.append(vocab.setdefault(t, len(vocab)))
                    rows_docs.append(doc)
                    for f in range(3):
                        rows_tf[f].append(slot[f])
        if len(set(ids)) != len(ids):
            raise ValueError("passage ids must be unique")
        self.ids = ids
        self._vocab = vocab
        self.abbreviations = mine_abbreviations(texts_for_mining) if params.mined else {}
        n_docs, n_vocab = len(ids), len(vocab)
        terms = np.frombuffer(rows_terms, dtype=np.int64)
        order = np.argsort(terms, kind="stable")  # CSC: by term, then by passage
        self._tf_docs = np.frombuffer(rows_docs, dtype=np.int32)[order]
        self._field_len = np.asarray(field_len, dtype=np.float32).reshape(3, n_docs)
        weights = self._weights()
        self._tf = np.zeros(len(order), dtype=np.float32)
        kept = []
        for f in range(3):
            column = np.frombuffer(rows_tf[f], dtype=np.float32)[order]
            self._tf += weights[f] * column
            if keep_fields:
                kept.append(column)
            del column
        self._doc_len = (weights[:, None] * self._field_len).sum(axis=0).astype(np.float32)
        self._field_tf = np.stack(kept) if keep_fields else None
        self._tf_indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=n_vocab), out=self._tf_indptr[1:])
        del terms, order, rows_terms, rows_docs, rows_tf
        self._finish()

    # -- building and persistence -------------------------------------------------------

    def _weights(self) -> np.ndarray:
        return np.array([self.params.title, self.params.heading, 1.0], dtype=np.float32)

    def _combine(self, field_tf: np.ndarray) -> None:
        w = self._weights()
        self._tf = (w[:, None] * field_tf).sum(axis=0).astype(np.float32)
        self._doc_len = (w[:, None] * self._field_len).sum(axis=0).astype(np.float32)

    def _finish(self) -> None:
        """Derived arrays: positions, the full-corpus score matrix, term kinds, feedback
        rows and the synonym table."""
        self._position = {passage_id: i for i, passage_id in enumerate(self.ids)}
        n_docs, n_vocab = len(self.ids), len(self._vocab)
        self._term_of = np.repeat(
            np.arange(n_vocab, dtype=np.int32), np.diff(self._tf_indptr).astype(np.int64)
        )
        if n_docs and len(self._tf):
            df = np.diff(self._tf_indptr).astype(np.float64)
            avg = float(self._doc_len.mean()) or 1.0
            idf = _idf(n_docs, df)[self._term_of]
            self._data = _bm25(
                self._tf, self._doc_len[self._tf_docs], avg, idf, self.params.k1, self.params.b
            ).astype(np.float32)
        else:
            self._data = np.zeros(0, dtype=np.float32)
        self._synonyms = (
            _Synonyms(_merge_tables(ABBREVIATIONS, self.abbreviations))
            if self.abbreviations
            else _BUILTIN
        )
        self._fw_order = None
        if self.params.prf:
            self._feedback_rows()

    def _feedback_rows(self) -> None:
        """Passage-major view of the postings of feedback candidates (`retrieval_feedback`)."""
        feedback_rows(self)

    def with_params(self, params: Params) -> PassageIndex:
        """The same passages ranked with other parameters, without tokenising again (the
        field weights may change only if built with `keep_fields=True`)."""
        fields_changed = (params.title, params.heading) != (self.params.title, self.params.heading)
        if fields_changed and self._field_tf is None:
            raise ValueError("field weights changed: build with keep_fields=True")
        if params.triple > 0 and not self.params.triple > 0:
            raise ValueError("syllable triples are indexed only when built with triple > 0")
        if params.pair > 0 and not self.params.pair > 0:
            raise ValueError("syllable pairs are indexed only when built with pair > 0")
        if params.mined != self.params.mined:
            raise ValueError("mined abbreviations are decided when the index is built")
        other = PassageIndex.__new__(PassageIndex)
        other.__dict__.update(self.__dict__)
        other.params = params
        if (params.title, params.heading) != (self.params.title, self.params.heading):
            other._combine(self._field_tf)
        same_scores = (params.k1, params.b, params.title, params.heading) == (
            self.params.k1,
            self.params.b,
            self.params.title,
            self.params.heading,
        )
        if same_scores:
            if params.prf and self._fw_order is None:
                other._feedback_rows()
        else:
            other._finish()
        return other

    def save(self, path: str | Path) -> None:
        """Write the index into directory `path` (created if needed)."""
        retrieval_store.save(self, path)

    @classmethod
    def load(cls, path: str | Path) -> PassageIndex:
        """Read an index written by `save`."""
        return retrieval_store.load(cls, path)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def fields(self) -> dict[str, float]:
        return {"title": self.params.title, "heading": self.params.heading}

    # -- for callers that score several indexes as one (the assistant's delta index) -----

    def query_weights(self, query: str) -> Counter[str]:
        """The weighted terms this index looks up for `query` (its parameters, its vocabulary
        for longest-match words, its abbreviations); terms it does not have are included."""
        return query_terms(
            query, self.params, known=self._vocab.__contains__, synonyms=self._synonyms
        )

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(positions, field-weighted term frequencies) of the passages containing `term`."""
        tid = self._vocab.get(term)
        if tid is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        s, e = self._tf_indptr[tid], self._tf_indptr[tid + 1]
        return self._tf_docs[s:e], self._tf[s:e]

    @property
    def doc_lengths(self) -> np.ndarray:
        """Field-weighted passage lengths (BM25's document length), by position."""
        return self._doc_len

    # -- searching -------------------------------------------------------------------------

    def _query_ids(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        vocab = self._vocab
        terms = self.query_weights(query)
        pairs = [(vocab[t], w) for t, w in terms.items() if t in vocab]
        term_ids = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
        weights = np.fromiter((p[1] for p in pairs), dtype=np.float64, count=len(pairs))
        return term_ids, weights

    def positions(self, ids: Iterable[str]) -> np.ndarray:
        """Positions (row numbers) of the given passage ids in this index; unknown ids are
        skipped. A caller filtering many queries by the same sets keeps these and builds
        boolean masks from them instead of passing ids."""
        return np.fromiter((self._position[i] for i in ids if i in self._position), dtype=np.int64)

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        allowed: Iterable[str] | np.ndarray | None = None,
    ) -> list[tuple[str, float]]:
        """The `k` best passages for `query` as (id, score), best first; passages that share
        no term with the query are never returned. With `allowed`, only those ids are
        searched, with BM25 statistics of that subset alone (see the module docstring);
        `allowed` may also be a boolean NumPy mask over the index's positions."""
        if k <= 0 or not self.ids:
            return []
        term_ids, weights = self._query_ids(query)
        if not len(term_ids):
            return []
        mask = None
        if allowed is not None:
            if isinstance(allowed, str):
                raise TypeError("allowed must be a collection of ids, not one id")
            if isinstance(allowed, np.ndarray) and allowed.dtype == np.bool_:
                if allowed.shape != (len(self.ids),):
                    raise ValueError("an allowed mask must have one entry per passage")
                mask = allowed
            else:
                mask = np.zeros(len(self.ids), dtype=bool)
                mask[self.positions(allowed)] = True
            if not mask.any():
                return []
        stats = self._stats(mask)
        scores = self._scores(term_ids, weights, mask, stats)
        if self.params.prf:
            scores = self._feedback(term_ids, weights, scores, mask, stats)
        return self._top(scores, k)

    def _stats(self, mask: np.ndarray | None) -> tuple[int, float]:
        if mask is None:
            return len(self.ids), float(self._doc_len.mean())
        return int(np.count_nonzero(mask)), float(self._doc_len[mask].mean())

    def _scores(self, term_ids, weights, mask, stats) -> np.ndarray:
        if mask is None:
            return self._scores_all(term_ids, weights)
        return self._scores_subset(term_ids, weights, mask, stats)

    def _scores_all(self, term_ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        starts, ends = self._tf_indptr[term_ids], self._tf_indptr[term_ids + 1]
        docs = np.concatenate([self._tf_docs[s:e] for s, e in zip(starts, ends, strict=True)])
        contrib = np.concatenate(
            [self._data[s:e] * w for s, e, w in zip(starts, ends, weights, strict=True)]
        )
        return np.bincount(docs, weights=contrib, minlength=len(self.ids))

    def _scores_subset(
        self, term_ids: np.ndarray, weights: np.ndarray, mask: np.ndarray, stats
    ) -> np.ndarray:
        """BM25 with N, df and average length of the subset, over all query terms at once
        (one gather of their postings, one filter)."""
        n_docs, avg_len = stats
        starts, ends = self._tf_indptr[term_ids], self._tf_indptr[term_ids + 1]
        lengths = ends - starts
        if not int(lengths.sum()):
            return np.zeros(len(self.ids))
        # Every posting of every term (copies of contiguous slices), then one filter.
        docs = np.concatenate([self._tf_docs[s:e] for s, e in zip(starts, ends, strict=True)])
        tf = np.concatenate([self._tf[s:e] for s, e in zip(starts, ends, strict=True)])
        term_of = np.repeat(np.arange(len(term_ids), dtype=np.int32), lengths)
        keep = mask[docs]
        docs, term_of, tf = docs[keep], term_of[keep], tf[keep]
        if not len(docs):
            return np.zeros(len(self.ids))
        df = np.bincount(term_of, minlength=len(term_ids)).astype(np.float64)
        idf = _idf(n_docs, df)
        p = self.params
        contrib = weights[term_of] * _bm25(
            tf, self._doc_len[docs], avg_len, idf[term_of], p.k1, p.b
        )
        return np.bincount(docs, weights=contrib, minlength=len(self.ids))

    def _feedback(self, term_ids, weights, scores, mask, stats) -> np.ndarray:
        """RM3-like expansion (`retrieval_feedback`, module docstring)."""
        return feedback(self, term_ids, weights, scores, mask, stats)

    @staticmethod
    def _top_positions(scores: np.ndarray, k: int) -> np.ndarray:
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            part = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[part]
        # Best first; ties broken by insertion order, so results are deterministic.
        return candidates[np.lexsort((candidates, -scores[candidates]))]

    def _top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        return [(self.ids[i], float(scores[i])) for i in self._top_positions(scores, k)]
