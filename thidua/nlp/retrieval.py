"""Passage retrieval for the assistant: Vietnamese words + BM25 (bm25s), pure Python.

    index = PassageIndex([("luat#1", "Phạm vi điều chỉnh\\n\\nLuật này quy định ..."), ...])
    index.search("pham vi dieu chinh", k=5)            # [("luat#1", 12.3), ...]
    index.search("CNTT", allowed={"luat#1", "luat#7"})  # only those two may come back
    index.save(path); PassageIndex.load(path)

Documents. Each line of a passage is segmented by underthesea (`text.words`, cached per line,
so repeated boiler-plate lines cost nothing); every word gives its syllables and, when it has
several, the joined word ("thông_tin"); adjacent syllables give a pair ("thi đua"); every token also gives its accent-folded form under a
"~" prefix ("~thong_tin"). Spelling variants are folded (hoá → hóa, uỷ → ủy) and "TT&TT"
becomes one token "tttt". Field boosts repeat tokens: the title (a passage's first line, when
more lines follow and it is short) counts `fields["title"]` times, heading lines ("Điều 3.",
"Chương II", "II. NHIỆM VỤ", lines in capitals) `fields["heading"]` times.

Queries never call underthesea (a query costs microseconds to tokenise): its syllables, its
syllable pairs, and every run of 2-4 adjacent syllables joined by "_", which matches the document words that
underthesea found. A query with no diacritic anywhere is matched against the folded tokens,
so "cong nghe thong tin" finds "công nghệ thông tin"; a query with diacritics is matched
exactly. Abbreviations from `synonyms.ABBREVIATIONS` expand both ways ("CNTT" ⇄ "công nghệ
thông tin"). Query terms that no passage contains are dropped; passages scoring 0 are never
returned, so a query of unknown words gives [].

`allowed` (the ids the asker may see) filters BEFORE ranking, and more strictly than a mask:
BM25's statistics (number of passages, document frequencies, average length) are recomputed
over the allowed passages only, so `index.search(q, allowed=S)` returns exactly what an index
built from the passages in S alone would return. A forbidden passage influences neither the
results nor the scores of allowed passages. Without `allowed`, bm25s's precomputed score
matrix is used (same formula over the whole corpus).

Persistence: `save(dir)` writes bm25s's own files (numpy arrays + JSON vocabulary, no pickle),
three more numpy arrays (term frequencies and passage lengths) and `passages.json` (ids and
parameters); `load(dir)` reads them back with `allow_pickle=False`.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from thidua.nlp.synonyms import ABBREVIATIONS, join_abbreviations, normalise_syllable
from thidua.nlp.text import fold, syllables, words

__all__ = ["DEFAULT_FIELDS", "PassageIndex", "segment"]

FORMAT = 1
DEFAULT_FIELDS: dict[str, float] = {"title": 2.0, "heading": 1.0}
K1 = 1.2  # tuned on the ALQAC dev queries (bench/assistant.py)
B = 0.5
MAX_NGRAM = 4  # query syllable runs joined into candidate words
FOLDED = "~"  # prefix of accent-folded tokens

_HEADING_LINE = re.compile(
    r"^\s*(?:(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[a-zđ]?\b|[IVXLC]{1,6}\.\s)", re.IGNORECASE
)


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


@lru_cache(maxsize=100_000)
def _line_words(line: str) -> tuple[str, ...]:
    """underthesea's words of one line (cached: boiler-plate lines recur across passages)."""
    return tuple(words(join_abbreviations(line)))


@lru_cache(maxsize=100_000)
def _line_tokens(line: str) -> tuple[str, ...]:
    """Syllables, multi-syllable words (underthesea segmentation) and syllable pairs of one
    line."""
    return _tokens_of_words(_line_words(line))


def _tokens_of_words(line_words: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    sylls: list[str] = []
    for word in line_words:
        parts = [_norm(p) for p in word.split("_") if p]
        sylls.extend(parts)
        if len(parts) > 1:
            out.append("_".join(parts))
    return tuple(sylls + out + _bigrams(sylls))


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


def _bm25s():
    """bm25s, imported lazily; it sets its own logger to DEBUG, which would print on every
    index build once the root logger has a handler: quieten it."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def passage_tokens(
    text: str, fields: Mapping[str, float] = DEFAULT_FIELDS, *, segmented: str | None = None
) -> list[str]:
    """The tokens a passage is indexed under (boosted fields repeated), originals then
    folded; with `segmented` (from `segment(text)`) underthesea is not called again."""
    lines = _lines(text)
    segmented_lines = segmented.split("\n") if segmented is not None else None
    if segmented_lines is not None and len(segmented_lines) != len(lines):
        segmented_lines = None  # not this text's segmentation: segment afresh
    title_weight = max(1, round(fields.get("title", 1.0)))
    heading_weight = max(1, round(fields.get("heading", 1.0)))
    tokens: list[str] = []
    for i, line in enumerate(lines):
        if segmented_lines is None:
            line_tokens = _line_tokens(line)
        else:
            line_tokens = _tokens_of_words(tuple(segmented_lines[i].split()))
        if i == 0 and len(lines) > 1 and len(line) <= 250:
            repeat = title_weight
        elif _is_heading(line):
            repeat = heading_weight
        else:
            repeat = 1
        for _ in range(repeat):
            tokens.extend(line_tokens)
    tokens.extend([_folded(t) for t in tokens])
    return tokens


def _grams(sylls: list[str]) -> list[str]:
    """Syllables, syllable pairs, and runs of 2..MAX_NGRAM adjacent syllables joined by "_"
    (candidate words)."""
    out = list(sylls) + _bigrams(sylls)
    for n in range(2, MAX_NGRAM + 1):
        out.extend("_".join(sylls[i : i + n]) for i in range(len(sylls) - n + 1))
    return out


def _build_synonyms() -> tuple[dict[str, list[list[str]]], list[tuple[tuple[str, ...], str]]]:
    """abbreviation → phrases (as syllable lists), and phrase syllables → abbreviation."""
    expand: dict[str, list[list[str]]] = {}
    contract: list[tuple[tuple[str, ...], str]] = []
    for abbreviation, phrases in ABBREVIATIONS.items():
        key = _norm(abbreviation)
        for phrase in phrases:
            sylls = [_norm(s) for s in syllables(phrase)]
            expand.setdefault(key, []).append(sylls)
            contract.append((tuple(sylls), key))
    return expand, contract


_EXPAND, _CONTRACT = _build_synonyms()
_EXPAND_FOLDED: dict[str, list[list[str]]] = {}
for _key, _phrases in _EXPAND.items():
    _EXPAND_FOLDED.setdefault(fold(_key), []).extend([fold(s) for s in p] for p in _phrases)
_CONTRACT_FOLDED = [(tuple(fold(s) for s in sylls), fold(key)) for sylls, key in _CONTRACT]


def query_terms(query: str) -> Counter[str]:
    """Weighted index tokens for a query (see the module docstring); no corpus needed."""
    sylls = [_norm(s) for s in syllables(join_abbreviations(query))]
    if not sylls:
        return Counter()
    accentless = all(fold(s) == s for s in sylls)
    expand, contract = (_EXPAND_FOLDED, _CONTRACT_FOLDED) if accentless else (_EXPAND, _CONTRACT)
    terms = Counter(_grams(sylls))
    # Abbreviation → phrase: "cntt" also looks for "công nghệ thông tin".
    seen_phrases: set[tuple[str, ...]] = set()
    for s in sylls:
        for phrase in expand.get(s, ()):
            if tuple(phrase) not in seen_phrases:
                seen_phrases.add(tuple(phrase))
                terms.update(_grams(phrase))
    # Phrase → abbreviation: "công nghệ thông tin" also looks for "cntt".
    joined = " " + " ".join(sylls) + " "
    for phrase, key in contract:
        if key not in terms and " " + " ".join(phrase) + " " in joined:
            terms[key] += 1
    if accentless:
        return Counter({FOLDED + t: w for t, w in terms.items()})
    return terms


class PassageIndex:
    """BM25 over Vietnamese passages: `PassageIndex(passages, *, fields=None)`, then
    `.search(query, k=10, *, allowed=None) -> [(id, score), ...]`, best first."""

    def __init__(
        self,
        passages: Iterable[tuple[str, str]],
        *,
        fields: Mapping[str, float] | None = None,
        segmented: Mapping[str, str] | None = None,
    ) -> None:
        """`segmented` maps passage ids to `segment(text)` kept from an earlier build."""
        self.fields = dict(DEFAULT_FIELDS if fields is None else fields)
        unknown = set(self.fields) - {"title", "heading"}
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}: use 'title' and 'heading'")
        ids: list[str] = []
        vocab: dict[str, int] = {}
        docs: list[list[int]] = []
        for passage_id, text in passages:
            ids.append(str(passage_id))
            tokens = passage_tokens(
                text, self.fields, segmented=segmented.get(str(passage_id)) if segmented else None
            )
            docs.append([vocab.setdefault(t, len(vocab)) for t in tokens])
        if len(set(ids)) != len(ids):
            raise ValueError("passage ids must be unique")
        self.ids = ids
        self._vocab = vocab
        self._build(docs)

    # -- building and persistence -------------------------------------------------------

    def _build(self, docs: list[list[int]]) -> None:
        bm25s = _bm25s()
        n_docs, n_vocab = len(docs), len(self._vocab)
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
        self._doc_len = lengths.astype(np.float32)
        self._bm25 = None
        if n_docs == 0 or n_vocab == 0:
            self._tf_indptr = np.zeros(n_vocab + 1, dtype=np.int64)
            self._tf_docs = np.zeros(0, dtype=np.int32)
            self._tf = np.zeros(0, dtype=np.float32)
            self._finish()
            return
        # Term frequencies in CSC layout (column = term), for scoring an allowed subset.
        flat = np.fromiter((t for d in docs for t in d), dtype=np.int64, count=int(lengths.sum()))
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        keys, counts = np.unique(flat * n_docs + doc_of, return_counts=True)
        del flat, doc_of
        terms = keys // n_docs
        self._tf_docs = (keys % n_docs).astype(np.int32)
        self._tf = counts.astype(np.float32)
        self._tf_indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=n_vocab), out=self._tf_indptr[1:])
        del keys, terms, counts
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        retriever.index((docs, dict(self._vocab)), create_empty_token=False, show_progress=False)
        self._bm25 = retriever
        self._finish()

    def _finish(self) -> None:
        self._position = {passage_id: i for i, passage_id in enumerate(self.ids)}
        if self._bm25 is not None:
            scores = self._bm25.scores
            self._data = np.asarray(scores["data"], dtype=np.float32)
            self._indices = np.asarray(scores["indices"])
            self._indptr = np.asarray(scores["indptr"])

    def save(self, path: str | Path) -> None:
        """Write the index into directory `path` (created if needed)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "ids": self.ids,
            "fields": self.fields,
            "k1": K1,
            "b": B,
            "vocab": self._vocab,
        }
        (path / "passages.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        np.save(path / "tf_indptr.npy", self._tf_indptr, allow_pickle=False)
        np.save(path / "tf_docs.npy", self._tf_docs, allow_pickle=False)
        np.save(path / "tf.npy", self._tf, allow_pickle=False)
        np.save(path / "doc_len.npy", self._doc_len, allow_pickle=False)
        if self._bm25 is not None:
            self._bm25.save(str(path / "bm25s"), show_progress=False)

    @classmethod
    def load(cls, path: str | Path) -> PassageIndex:
        """Read an index written by `save`."""
        bm25s = _bm25s()
        path = Path(path)
        meta = json.loads((path / "passages.json").read_text("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path}: unsupported index format {meta.get('format')!r}")
        index = cls.__new__(cls)
        index.ids = list(meta["ids"])
        index.fields = dict(meta["fields"])
        index._vocab = dict(meta["vocab"])
        index._tf_indptr = np.load(path / "tf_indptr.npy", allow_pickle=False)
        index._tf_docs = np.load(path / "tf_docs.npy", allow_pickle=False)
        index._tf = np.load(path / "tf.npy", allow_pickle=False)
        index._doc_len = np.load(path / "doc_len.npy", allow_pickle=False)
        index._bm25 = None
        if (path / "bm25s").is_dir():
            index._bm25 = bm25s.BM25.load(
                str(path / "bm25s"), load_vocab=False, show_progress=False
            )
        index._finish()
        return index

    def __len__(self) -> int:
        return len(self.ids)

    # -- searching -------------------------------------------------------------------------

    def _query_ids(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(self._vocab[t], w) for t, w in query_terms(query).items() if t in self._vocab]
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
        if allowed is None:
            scores = self._scores_all(term_ids, weights)
        else:
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
            scores = self._scores_subset(term_ids, weights, mask)
        return self._top(scores, k)

    def _scores_all(self, term_ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        starts, ends = self._indptr[term_ids], self._indptr[term_ids + 1]
        docs = np.concatenate([self._indices[s:e] for s, e in zip(starts, ends, strict=True)])
        contrib = np.concatenate(
            [self._data[s:e] * w for s, e, w in zip(starts, ends, weights, strict=True)]
        )
        return np.bincount(docs, weights=contrib, minlength=len(self.ids))

    def _scores_subset(
        self, term_ids: np.ndarray, weights: np.ndarray, mask: np.ndarray
    ) -> np.ndarray:
        """BM25 (bm25s's "lucene" variant) with N, df and average length of the subset,
        over all query terms at once (one gather of their postings, one filter)."""
        n_docs = int(np.count_nonzero(mask))
        avg_len = float(self._doc_len[mask].mean())
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
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * self._doc_len[docs] / avg_len)
        contrib = (weights * idf)[term_of] * tf / (tf + norm)
        return np.bincount(docs, weights=contrib, minlength=len(self.ids))

    def _top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            part = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[part]
        # Best first; ties broken by insertion order, so results are deterministic.
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        return [(self.ids[i], float(scores[i])) for i in order]
