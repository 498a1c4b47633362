"""The delta index: documents changed since the current build are searchable at once, without
rebuilding the 100,000-passage base.

Every document saved or deleted leaves a row in `IndexChange` (the receivers below; the
same transaction as the change). A build records the last change it covers (`mark`) and
when it read the passages (`snapshot_at`). Each web process derives, from the database
alone, the same delta for the build it has loaded:

- the changed documents: changes after the mark, and the changes whose ids were missing
  below the mark when the build read it (`gaps`: on PostgreSQL a transaction may take its
  id from the sequence before the build reads the mark and commit after the build read the
  passages; a gap may also be a rolled-back id, which never appears; re-applying a change
  is harmless);
- tombstones: every base position of a changed document (replaced, classified, removed);
- a small `PassageIndex` over the current passages of the changed documents that still
  exist and are not classified (their kept segmentation is reused).

Since every process computes it from the same rows, two processes with separate working
folders give the same answers; nothing about the delta is written to disk.

Scores of the two parts are comparable because they are one BM25: when a query shares a
term with a delta passage, `CombinedIndex` scores it over the base minus its tombstones plus
the delta with the statistics of that union (number of passages, document frequency of each
term, average length) restricted, as `PassageIndex.search(allowed=...)` does, to the passages
the reader may see: what a full rebuild would return (same tokens, same formula), which
tests/assistant/test_index_delta.py checks against a rebuilt index. With only tombstones
(documents removed, none added or changed) the base's own search does it, masked. The union scoring has no
pseudo-relevance feedback: while the delta holds passages, queries are ranked by plain
BM25(F) even if `Params.prf_*` turn feedback on; a `PassageIndex.search(..., extra=(index,
mask))` over the union would keep it (see the report of issue 14).

That union scoring reads the arrays a `PassageIndex` keeps for its own subset scoring
(`_vocab`, `_tf_indptr`, `_tf_docs`, `_tf`, `_doc_len`, `params`, `_synonyms`): a public
`PassageIndex.postings(terms, mask) -> (positions, tf, term_of, lengths)` beside
`query_weights(query)` would let this module use them without reaching in. Should they
change, the search falls back to ranking each part with its own statistics and merging
(logged once).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import DatabaseError
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from thidua.nlp import retrieval
from thidua.nlp.retrieval import PassageIndex, segment

from .models import Document, IndexChange, Passage

logger = logging.getLogger(__name__)

GAPS_KEPT = 10_000  # ids below a build's mark that were not committed yet, at most
SERVE_MAX_PASSAGES = 30_000  # a bigger delta is not built in a web process: merge first
_SEGMENTED_KEPT = 50_000
_segmented: dict[str, str] = {}  # text hash -> segmentation, for delta passages not yet kept
_warned: set[str] = set()


# ---------------------------------------------------------------- the change log
@receiver(post_save, sender=Document, dispatch_uid="assistant_index_change_saved")
def _document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        IndexChange.objects.create(document_id=instance.pk)


@receiver(post_delete, sender=Document, dispatch_uid="assistant_index_change_deleted")
def _document_deleted(sender, instance, **kwargs):
    IndexChange.objects.create(document_id=instance.pk)


def changes_since(*, mark: int, gaps: Iterable[int] = ()):
    """The change rows a build with this mark and these gaps does not cover."""
    gaps = list(gaps)
    if gaps:
        return IndexChange.objects.filter(Q(pk__gt=mark) | Q(pk__in=gaps))
    return IndexChange.objects.filter(pk__gt=mark)


def gaps_below(*, mark: int, since: int) -> list[int]:
    """Change ids in (since, mark] not visible now: not committed yet, or rolled back."""
    lower = max(since, mark - GAPS_KEPT)
    present = set(
        IndexChange.objects.filter(pk__gt=lower, pk__lte=mark).values_list("pk", flat=True)
    )
    return [i for i in range(lower + 1, mark + 1) if i not in present]


# ---------------------------------------------------------------- the delta
@dataclass(frozen=True)
class Delta:
    latest: int  # the newest change id this delta covers
    documents: frozenset[int]  # changed documents: their base passages are tombstoned
    index: PassageIndex | None
    document_of: np.ndarray  # the document id of each delta position
    passages_of: dict[int, list[str]]
    served: bool = True  # False: too big to serve here; only the tombstones apply
    seconds: float = 0.0
    tombstones: np.ndarray | None = field(default=None)  # base positions removed

    def __len__(self) -> int:
        return len(self.index) if self.index is not None else 0


def _indexed_text(title: str, heading: str, text: str) -> str:
    from .index import passage_text

    return passage_text(title=title, heading=heading, text=text)


def delta_build(
    *,
    base_index: PassageIndex | None,
    base_passages_of: dict[int, list[str]],
    mark: int,
    gaps: Iterable[int] = (),
    latest: int,
    everything: bool = False,
) -> Delta:
    """The delta over a base build (see the module docstring); with `everything` (no base
    could be loaded) every indexable document is in the delta, when small enough."""
    import time

    started = time.perf_counter()
    if everything:
        documents = set(Document.objects.values_list("pk", flat=True))
        rows = Passage.objects.all()
    else:
        changed = changes_since(mark=mark, gaps=gaps)
        documents = set(changed.values_list("document_id", flat=True))
        rows = Passage.objects.filter(document_id__in=changed.values("document_id"))
    rows = rows.filter(document__classification="")
    served = True
    if documents and rows.count() > SERVE_MAX_PASSAGES:
        served = False
        key = f"{mark}:{everything}"
        if key not in _warned:
            _warned.add(key)
            logger.warning(
                "Assistant delta index too big to serve (over %s passages): changed documents "
                "are left out until the index is rebuilt",
                SERVE_MAX_PASSAGES,
            )
    passages: list[tuple[str, str]] = []
    kept: dict[str, str] = {}
    passages_of: dict[int, list[str]] = {}
    document_of: list[int] = []
    fresh: list[Passage] = []
    if documents and served:
        values = rows.order_by("pk").values_list(
            "pk", "document_id", "document__title", "heading", "text", "segmented", "segmented_key"
        )
        for pk, doc_id, title, heading, text, segmented, key in values.iterator(chunk_size=2000):
            pid = str(pk)
            indexed = _indexed_text(title, heading, text)
            digest = hashlib.sha1(indexed.encode("utf-8"), usedforsecurity=False).hexdigest()
            if key != digest:
                segmented = _segmented.get(digest)
                if segmented is None:
                    if len(_segmented) >= _SEGMENTED_KEPT:
                        _segmented.clear()
                    segmented = _segmented[digest] = segment(indexed)
                fresh.append(Passage(pk=pk, segmented=segmented, segmented_key=digest))
            kept[pid] = segmented
            passages.append((pid, indexed))
            passages_of.setdefault(doc_id, []).append(pid)
            document_of.append(doc_id)
    if fresh:  # kept for the other processes and the next build (the slow part of a delta)
        try:
            Passage.objects.bulk_update(fresh, ["segmented", "segmented_key"], batch_size=1000)
        except DatabaseError as exc:
            logger.warning("Delta index: segmentation of %s passages not kept: %s", len(fresh), exc)
    index = PassageIndex(passages, segmented=kept) if passages else None
    tombstones = None
    if base_index is not None and documents:
        dead = [base_passages_of[d] for d in documents if d in base_passages_of]
        if dead:
            tombstones = np.zeros(len(base_index), dtype=bool)
            tombstones[base_index.positions(pid for ids in dead for pid in ids)] = True
    return Delta(
        latest=latest,
        documents=frozenset(documents),
        index=index,
        document_of=np.array(document_of, dtype=np.int64),
        passages_of=passages_of,
        served=served,
        seconds=round(time.perf_counter() - started, 4),
        tombstones=tombstones,
    )


# ---------------------------------------------------------------- searching both
class CombinedIndex:
    """The base build minus its tombstones, then the delta: positions 0..len(base)-1 are
    the base's, the delta's follow. Same interface as `PassageIndex` for its callers
    (`ids`, `len`, `positions`, `search(query, k, allowed=ids or mask)`)."""

    def __init__(
        self, base: PassageIndex | None, delta: PassageIndex | None, tombstones: np.ndarray | None
    ) -> None:
        self.base, self.delta = base, delta
        self._nb = len(base) if base is not None else 0
        self.ids: list[str] = (base.ids if base is not None else []) + (
            delta.ids if delta is not None else []
        )
        self._alive = None if tombstones is None else ~tombstones

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, ids: Iterable[str]) -> np.ndarray:
        ids = list(ids)
        parts = []
        if self.base is not None:
            base = self.base.positions(ids)
            parts.append(base if self._alive is None else base[self._alive[base]])
        if self.delta is not None:
            parts.append(self.delta.positions(ids) + self._nb)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def search(
        self, query: str, k: int = 10, *, allowed: Iterable[str] | np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0 or not self.ids:
            return []
        if allowed is None:
            mask = None
        elif isinstance(allowed, np.ndarray) and allowed.dtype == np.bool_:
            if allowed.shape != (len(self.ids),):
                raise ValueError("an allowed mask must have one entry per passage")
            mask = allowed
        else:
            if isinstance(allowed, str):
                raise TypeError("allowed must be a collection of ids, not one id")
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[self.positions(allowed)] = True
        base_mask = None if mask is None else mask[: self._nb]
        if self._alive is not None:
            base_mask = self._alive if base_mask is None else base_mask & self._alive
        delta_mask = None if mask is None else mask[self._nb :]
        if self.delta is None:
            if self.base is None or (base_mask is not None and not base_mask.any()):
                return []
            return self.base.search(query, k, allowed=base_mask)
        if self.base is None or (base_mask is not None and not base_mask.any()):
            if delta_mask is not None and not delta_mask.any():
                return []
            return [(pid, score) for pid, score in self.delta.search(query, k, allowed=delta_mask)]
        try:
            scores = _union_scores(
                query, [(self.base, base_mask, 0), (self.delta, delta_mask, self._nb)], len(self)
            )
        except (AttributeError, TypeError, KeyError) as exc:  # PassageIndex changed inside
            if "union" not in _warned:
                _warned.add("union")
                logger.warning("Delta index: union scoring unavailable (%s); merging", exc)
            both = self.base.search(query, k, allowed=base_mask) + self.delta.search(
                query, k, allowed=delta_mask
            )
            return sorted(both, key=lambda hit: -hit[1])[:k]
        return _top(self.ids, scores, k)


def _query_terms(index: PassageIndex, query: str):
    """The query's weighted tokens as `index` makes them (its parameters, its vocabulary for
    longest-match words, its abbreviation table), or the module defaults."""
    params = getattr(index, "params", None)
    if params is None:
        return retrieval.query_terms(query)
    return retrieval.query_terms(
        query,
        params,
        known=index._vocab.__contains__,
        synonyms=getattr(index, "_synonyms", None),
    )


def _bm25_params(index: PassageIndex) -> tuple[float, float]:
    params = getattr(index, "params", None)
    if params is not None:
        return float(params.k1), float(params.b)
    return float(retrieval.K1), float(retrieval.B)


def _union_scores(
    query: str, parts: list[tuple[PassageIndex, np.ndarray | None, int]], size: int
) -> np.ndarray:
    """BM25 (Lucene's idf, as `PassageIndex`'s subset scoring) over the union of the parts'
    allowed passages, with that union's N, df and average length."""
    terms: dict[str, float] = {}
    for index, _mask, _offset in parts:
        for term, weight in _query_terms(index, query).items():
            if term in index._vocab:
                terms[term] = max(terms.get(term, 0.0), float(weight))
    if not terms:
        return np.zeros(size)
    names = list(terms)
    weights = np.array([terms[t] for t in names], dtype=np.float64)
    n_docs = 0
    total_len = 0.0
    gathered = []
    for index, mask, offset in parts:
        doc_len = index._doc_len
        if mask is None:
            n_docs += len(doc_len)
            total_len += float(doc_len.sum())
        else:
            n_docs += int(np.count_nonzero(mask))
            total_len += float(doc_len[mask].sum())
        for term_no, term in enumerate(names):
            tid = index._vocab.get(term)
            if tid is None:
                continue
            s, e = index._tf_indptr[tid], index._tf_indptr[tid + 1]
            docs, tf = index._tf_docs[s:e], index._tf[s:e]
            if mask is not None:
                keep = mask[docs]
                docs, tf = docs[keep], tf[keep]
            if len(docs):
                gathered.append(
                    (docs.astype(np.int64) + offset, tf, np.full(len(docs), term_no), doc_len[docs])
                )
    if not gathered or not n_docs:
        return np.zeros(size)
    docs = np.concatenate([g[0] for g in gathered])
    tf = np.concatenate([g[1] for g in gathered]).astype(np.float64)
    term_of = np.concatenate([g[2] for g in gathered])
    lengths = np.concatenate([g[3] for g in gathered]).astype(np.float64)
    avg_len = total_len / n_docs
    df = np.bincount(term_of, minlength=len(names)).astype(np.float64)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
    k1, b = _bm25_params(parts[0][0])
    norm = k1 * (1 - b + b * lengths / avg_len)
    contrib = (weights * idf)[term_of] * tf / (tf + norm)
    return np.bincount(docs, weights=contrib, minlength=size)


def _top(ids: list[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    order = candidates[np.lexsort((candidates, -scores[candidates]))]
    return [(ids[i], float(scores[i])) for i in order]
