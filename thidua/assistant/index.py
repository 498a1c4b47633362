"""The search index: built from every indexable passage, published by version where every
web process finds it, loaded once per process, and kept current between builds by a delta.

A build reads the passages in one query, builds `thidua.nlp.retrieval.PassageIndex` (ids are
passage primary keys) and writes it to `THIDUA_ASSISTANT_INDEX_DIR/v<version>-<random>/` with
`documents.json` (document id -> its passage ids), so a query can turn "the documents this
reader may see" into a mask over the index without touching the passages table, and
`meta.json` (the last document change it covers). Classified documents are never read into
a build. The folder is then published to the shared storage (`index_store`): any other web
process, on this machine or another, downloads it into its own working folder the first
time it needs it. `IndexState` records which build is current.

Between builds, documents changed since the build are served by the delta index
(`index_delta`), computed by each process from the change log in the database; the build
that merges them runs in the background once the delta grows past
`THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES` passages (or its oldest change is
`THIDUA_ASSISTANT_DELTA_MERGE_MINUTES` old). One build runs at a time across all machines
(`IndexState.build_owner`); a second one started meanwhile does nothing.

A build recorded as current but missing from the shared storage (a lost volume) is logged,
a rebuild is requested, and meanwhile the process answers from the newest build it can
find (the one it had, or an older published one) plus the delta since that build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from thidua.nlp.retrieval import PassageIndex, segment

from . import index_delta, index_store
from .models import IndexChange, IndexState, Passage

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: dict[str, object] = {}
_rebuild_requested: set[str] = set()
KEEP_VERSIONS = 2  # the current build and the one before it
LEFT_BUILD_SECONDS = 6 * 3600  # a "building-*" folder this old was left by a killed worker
BUILD_LOCK_SECONDS = 3600  # a build holding the lock this long was killed
RETRY_SECONDS = 60  # a process answering from a fallback tries the current build again


@dataclass(frozen=True)
class Base:
    """One build as loaded by this process."""

    version: int
    folder: str
    index: PassageIndex | None
    passages_of: dict[int, list[str]]
    document_ids: np.ndarray
    document_row: np.ndarray
    mark: int = 0  # the last IndexChange id the build covers
    gaps: tuple[int, ...] = ()  # ids below the mark not committed when it was read
    snapshot_at: datetime | None = None


@dataclass(frozen=True)
class LoadedIndex:
    version: int
    folder: str
    index: PassageIndex | index_delta.CombinedIndex | None
    passages_of: dict[int, list[str]]  # document id -> passage ids in the index
    # For audience masks without touching passage ids per question: the indexed documents
    # and, for each position of the index (base, then delta), the row of its document there.
    document_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    document_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    stamp: object = None  # (last change request, last change id): documents changed since?
    key: tuple = ()
    delta_documents: int = 0
    delta_passages: int = 0
    fallback_for: str = ""  # the current build this process could not load, if any
    retry_at: float = 0.0

    def mask_for(self, visible: set[int]) -> np.ndarray | None:
        """A boolean mask over the index's positions for the visible documents, or None
        when every indexed document is visible (search the whole index)."""
        shown = np.fromiter((d in visible for d in self.document_ids.tolist()), dtype=bool)
        if shown.all():
            return None
        return shown[self.document_row]


def index_dir() -> Path:
    return Path(settings.THIDUA_ASSISTANT_INDEX_DIR)


def state() -> IndexState:
    obj, _ = IndexState.objects.get_or_create(pk=1)
    return obj


def passage_text(*, title: str, heading: str, text: str) -> str:
    """What is indexed for a passage. The retrieval boosts the first line (the "title"):
    that is the passage's own heading ("Điều 6. Danh hiệu Chiến sĩ thi đua cơ sở") when it
    has one, else the document's title; the document's title otherwise comes last, unboosted
    (it is the same for every passage of the document, so boosting it only adds noise).
    The citation path ("Chương II, Điều 6, khoản 1") is not indexed: its words are in every
    passage."""
    if heading:
        return f"{heading}\n{text}\n{title}"
    return f"{title}\n{text}"


# ---------------------------------------------------------------- building
def _lock_acquire(token: str) -> bool:
    state()
    now = timezone.now()
    free = Q(build_owner="") | Q(build_started_at__lt=now - timedelta(seconds=BUILD_LOCK_SECONDS))
    taken = (
        IndexState.objects.filter(pk=1).filter(free).update(build_owner=token, build_started_at=now)
    )
    return taken == 1


def _lock_release(token: str) -> None:
    IndexState.objects.filter(pk=1, build_owner=token).update(build_owner="", build_started_at=None)


def build_running() -> bool:
    cutoff = timezone.now() - timedelta(seconds=BUILD_LOCK_SECONDS)
    return (
        IndexState.objects.filter(pk=1, build_started_at__gte=cutoff)
        .exclude(build_owner="")
        .exists()
    )


def build() -> IndexState:
    """Build a new index version from the database, publish it and make it current. When
    another build is running (on any machine) this does nothing and returns the state with
    `skipped` set: that build and the delta cover every change."""
    token = uuid.uuid4().hex
    if not _lock_acquire(token):
        current = state()
        logger.info(
            "Assistant index build skipped: another build has been running since %s",
            current.build_started_at,
        )
        current.skipped = True  # type: ignore[attr-defined]
        return current
    try:
        current = _build()
    finally:
        _lock_release(token)
    current.skipped = False  # type: ignore[attr-defined]
    return current


def _read_passages() -> tuple[list[tuple[str, str]], dict[str, str], dict[int, list[str]], list]:
    """Every indexable passage: (id, indexed text), kept segmentations, the passages of each
    document, and the passages whose segmentation must be stored anew."""
    rows = (
        Passage.objects.filter(document__classification="")
        .order_by("pk")
        .values_list(
            "pk", "document_id", "document__title", "heading", "text", "segmented", "segmented_key"
        )
    )
    passages: list[tuple[str, str]] = []
    passages_of: dict[int, list[str]] = {}
    kept: dict[str, str] = {}
    fresh: list[Passage] = []
    for pk, doc_id, title, heading, text, segmented, key in rows.iterator(chunk_size=5000):
        pid = str(pk)
        indexed = passage_text(title=title, heading=heading, text=text)
        digest = hashlib.sha1(indexed.encode("utf-8"), usedforsecurity=False).hexdigest()
        if key != digest:
            segmented = segment(indexed)
            fresh.append(Passage(pk=pk, segmented=segmented, segmented_key=digest))
        kept[pid] = segmented
        passages.append((pid, indexed))
        passages_of.setdefault(doc_id, []).append(pid)
    return passages, kept, passages_of, fresh


def _build() -> IndexState:
    started = time.perf_counter()
    before = state()
    version = before.version + 1
    requested = before.requested_at
    # The mark first, then the passages: a change committed in between is in both the build
    # and the delta (harmless); see index_delta for changes committed out of order.
    snapshot_at = timezone.now()
    mark = IndexChange.objects.aggregate(m=Max("pk"))["m"] or 0
    gaps = index_delta.gaps_below(mark=mark, since=before.change_mark)
    passages, kept, passages_of, fresh = _read_passages()
    # Kept for the next build (a passage deleted meanwhile is simply not updated).
    Passage.objects.bulk_update(fresh, ["segmented", "segmented_key"], batch_size=2000)
    root = index_dir()
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    folder = f"v{version}-{uuid.uuid4().hex[:12]}"
    try:
        if passages:
            PassageIndex(passages, segmented=kept).save(tmp / "index")
        (tmp / "documents.json").write_text(
            json.dumps({str(k): v for k, v in passages_of.items()}), encoding="utf-8"
        )
        meta = {
            "version": version,
            "mark": mark,
            "gaps": gaps,
            "snapshot_at": snapshot_at.isoformat(),
        }
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        size = index_store.publish(tmp, folder)
        index_store.mark_complete(tmp)
        with transaction.atomic():
            current = IndexState.objects.select_for_update().get(pk=1)
            if current.version >= version:  # only after a lock taken over from a stale build
                logger.warning(
                    "Assistant index v%s dropped: v%s is current", version, current.version
                )
                return current
            previous = (current.folder, current.change_mark, current.snapshot_at)
            tmp.rename(root / folder)
            current.version = version
            current.folder = folder
            current.built_at = timezone.now()
            current.built_for = requested
            current.passages = len(passages)
            current.documents = len(passages_of)
            current.seconds = round(time.perf_counter() - started, 3)
            current.change_mark = mark
            current.snapshot_at = snapshot_at
            current.save()
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _prune(root, keep=folder)
    index_store.prune(keep={folder, previous[0]} - {""})
    if previous[0]:  # changes the previous build covers are needed by no build kept
        IndexChange.objects.filter(pk__lte=min(mark, previous[1])).delete()
    logger.info(
        "Assistant index v%s built: %s passages of %s documents (%s segmented anew) in %.1f s, "
        "published (%.1f MB)",
        version,
        current.passages,
        current.documents,
        len(fresh),
        current.seconds,
        size / 1e6,
    )
    return current


def _prune(root: Path, *, keep: str) -> None:
    """Remove all but the newest builds (a process may still be reading the previous one)."""
    builds = sorted(
        (p for p in root.glob("v*-*") if p.is_dir() and p.name != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_VERSIONS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    cutoff = time.time() - LEFT_BUILD_SECONDS
    for left in (*root.glob("building-*"), *root.glob("incoming-*")):
        if left.is_dir() and left.stat().st_mtime < cutoff:
            shutil.rmtree(left, ignore_errors=True)


def merge_wanted() -> bool:
    """Whether the delta should be merged into a new build now: no build yet, or the
    documents changed since the current one hold many passages or changed long ago."""
    current = state()
    pending = IndexChange.objects.filter(pk__gt=current.change_mark)
    if not current.version:
        return pending.exists() or Passage.objects.exists()
    oldest = pending.order_by("pk").values_list("changed_at", flat=True).first()
    if oldest is None:
        return False
    age = timedelta(minutes=settings.THIDUA_ASSISTANT_DELTA_MERGE_MINUTES)
    if oldest <= timezone.now() - age:
        return True
    changed = pending.values("document_id")
    passages = Passage.objects.filter(document_id__in=changed).count()
    return passages >= settings.THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES


# ---------------------------------------------------------------- loading
EMPTY = Base(0, "", None, {}, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def current() -> LoadedIndex:
    """The current index (the newest build this process could load, plus the delta of the
    documents changed since), assembled once per build and change; `stamp` changes whenever
    documents do (so callers may cache what depends on them)."""
    latest_change = Subquery(IndexChange.objects.order_by("-pk").values("pk")[:1])
    row = (
        IndexState.objects.filter(pk=1)
        .annotate(latest=latest_change)
        .values_list("version", "folder", "requested_at", "latest")
        .first()
    )
    if row is None:
        latest = IndexChange.objects.aggregate(m=Max("pk"))["m"]
        row = (0, "", None, latest)
    version, folder, requested, latest = row
    key = (version, folder, latest or 0)
    cached = _loaded.get("current")
    if not _fresh(cached, key):
        with _lock:
            cached = _loaded.get("current")
            if not _fresh(cached, key):
                cached = _assemble(version, folder, latest or 0)
                _loaded["current"] = cached
    assert isinstance(cached, LoadedIndex)
    stamp = (requested, latest or 0, cached.folder)
    if cached.stamp != stamp:
        cached = replace(cached, stamp=stamp)
    return cached


def _fresh(cached: object, key: tuple) -> bool:
    if not isinstance(cached, LoadedIndex) or cached.key != key:
        return False
    return not (cached.fallback_for and time.monotonic() >= cached.retry_at)


def _assemble(version: int, folder: str, latest: int) -> LoadedIndex:
    base, missing = _base(version, folder)
    delta = index_delta.delta_build(
        base_index=base.index,
        base_passages_of=base.passages_of,
        mark=base.mark,
        gaps=base.gaps,
        latest=latest,
        everything=base is EMPTY and bool(latest or version),
    )
    common = {
        "key": (version, folder, latest),
        "fallback_for": folder if missing else "",
        "retry_at": time.monotonic() + RETRY_SECONDS,
    }
    if not delta.documents:
        return LoadedIndex(
            base.version,
            base.folder,
            base.index,
            base.passages_of,
            base.document_ids,
            base.document_row,
            **common,
        )
    delta_index = delta.index if delta.served else None
    combined = index_delta.CombinedIndex(base.index, delta_index, delta.tombstones)
    passages_of = {d: v for d, v in base.passages_of.items() if d not in delta.documents}
    passages_of.update(delta.passages_of)
    base_ids = base.document_ids
    doc_of = delta.document_of if delta_index is not None else np.zeros(0, dtype=np.int64)
    extra = np.setdiff1d(np.unique(doc_of), base_ids)
    where = np.searchsorted(base_ids, doc_of)
    in_base = where < len(base_ids)
    in_base[in_base] = base_ids[where[in_base]] == doc_of[in_base]
    rows = np.where(in_base, where, len(base_ids) + np.searchsorted(extra, doc_of))
    logger.info(
        "Assistant index v%s with a delta of %s documents (%s passages) in %.3f s",
        base.version,
        len(delta.documents),
        len(delta),
        delta.seconds,
    )
    return LoadedIndex(
        base.version,
        base.folder,
        combined if len(combined) else None,
        passages_of,
        np.concatenate([base_ids, extra]).astype(np.int64),
        np.concatenate([base.document_row, rows]).astype(np.int64),
        delta_documents=len(delta.documents),
        delta_passages=len(delta),
        **common,
    )


def _base(version: int, folder: str) -> tuple[Base, bool]:
    """The build `folder` loaded (from this machine's working folder or the shared storage);
    when it cannot be, the best fallback and True."""
    bases = _loaded.setdefault("bases", {})
    assert isinstance(bases, dict)
    if version == 0 or not folder:
        return EMPTY, False
    if folder in bases:
        return bases[folder], False
    try:
        base = _load(folder)
    except (index_store.BuildMissing, OSError, ValueError) as exc:
        fallback = _fallback(exclude=folder)
        if folder not in _rebuild_requested:
            logger.error(
                "Assistant index v%s (%s) cannot be loaded on this machine: %s. Answering from "
                "%s and the documents changed since; a rebuild is requested.",
                version,
                folder,
                exc,
                f"v{fallback.version} ({fallback.folder})" if fallback.folder else "no build",
            )
            _rebuild_requested.add(folder)
            _request_rebuild()
        return fallback, True
    bases.clear()  # one build in memory at a time (hundreds of MB at 100,000 passages)
    bases[folder] = base
    return base, False


def _fallback(*, exclude: str) -> Base:
    bases = _loaded.get("bases")
    if isinstance(bases, dict) and bases:
        return next(iter(bases.values()))
    local = sorted(
        (p.name for p in index_dir().glob("v*-*") if index_store.is_complete(p)),
        key=index_store.version_of,
        reverse=True,
    )
    below = index_store.version_of(exclude)  # older builds only: a newer archive is not
    for candidate in [*local, *index_store.published()]:  # current (a build being published)
        if candidate == exclude or index_store.version_of(candidate) >= below:
            continue
        try:
            return _load(candidate)
        except (index_store.BuildMissing, OSError, ValueError):
            continue
    return EMPTY


def _request_rebuild() -> None:
    if build_running():
        return
    try:
        from .services import index_rebuild_start

        index_rebuild_start()
    except Exception:  # answering must go on; the log says why no rebuild started
        logger.exception("Could not request a rebuild of the assistant index")


def _load(name: str) -> Base:
    folder = index_store.fetch(name, index_dir())
    mapping = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    index = PassageIndex.load(folder / "index") if (folder / "index").exists() else None
    passages_of = {int(k): v for k, v in mapping.items()}
    document_ids = np.array(sorted(passages_of), dtype=np.int64)
    document_row = np.zeros(len(index) if index is not None else 0, dtype=np.int64)
    if index is not None:
        for row, doc_id in enumerate(document_ids.tolist()):
            document_row[index.positions(passages_of[doc_id])] = row
    snapshot = meta.get("snapshot_at")
    return Base(
        index_store.version_of(name),
        name,
        index,
        passages_of,
        document_ids,
        document_row,
        mark=int(meta.get("mark", 0)),
        gaps=tuple(int(g) for g in meta.get("gaps", ())),
        snapshot_at=parse_datetime(snapshot) if snapshot else None,
    )
