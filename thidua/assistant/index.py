"""The search index: built from every indexable passage, saved on disk by version, loaded
once per process and reloaded when a newer build is recorded in `IndexState`.

A build reads the passages in one query, builds `thidua.nlp.retrieval.PassageIndex` (ids are
passage primary keys) and writes it to `THIDUA_ASSISTANT_INDEX_DIR/v<version>-<random>/` with
`documents.json` (document id -> its passage ids), so a query can turn "the documents this
reader may see" into the `allowed` passage ids without touching the passages table.
Classified documents are never read into a build.
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
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.nlp.retrieval import PassageIndex, segment

from .models import IndexState, Passage

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: dict[str, object] = {}
KEEP_VERSIONS = 2  # the current build and the one before it
LEFT_BUILD_SECONDS = 6 * 3600  # a "building-*" folder this old was left by a killed worker


@dataclass(frozen=True)
class LoadedIndex:
    version: int
    folder: str
    index: PassageIndex | None
    passages_of: dict[int, list[str]]  # document id -> passage ids in the index
    # For audience masks without touching passage ids per question: the indexed documents
    # (sorted ids) and, for each position of the index, the row of its document there.
    document_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    document_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    stamp: object = None  # IndexState.requested_at when loaded: documents changed since?

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


def build() -> IndexState:
    """Build a new index version from the database and make it current."""
    started = time.perf_counter()
    requested = state().requested_at
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
    # Kept for the next build (a passage deleted meanwhile is simply not updated).
    Passage.objects.bulk_update(fresh, ["segmented", "segmented_key"], batch_size=2000)
    root = index_dir()
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    try:
        if passages:
            PassageIndex(passages, segmented=kept).save(tmp / "index")
        (tmp / "documents.json").write_text(
            json.dumps({str(k): v for k, v in passages_of.items()}), encoding="utf-8"
        )
        with transaction.atomic():
            current = IndexState.objects.select_for_update().get(pk=state().pk)
            version = current.version + 1
            folder = f"v{version}-{uuid.uuid4().hex[:12]}"
            tmp.rename(root / folder)
            current.version = version
            current.folder = folder
            current.built_at = timezone.now()
            current.built_for = requested
            current.passages = len(passages)
            current.documents = len(passages_of)
            current.seconds = round(time.perf_counter() - started, 3)
            current.save()
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _prune(root, keep=folder)
    logger.info(
        "Assistant index v%s built: %s passages of %s documents (%s segmented anew) in %.1f s",
        version,
        current.passages,
        current.documents,
        len(fresh),
        current.seconds,
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
    for left in root.glob("building-*"):
        if left.is_dir() and left.stat().st_mtime < cutoff:
            shutil.rmtree(left, ignore_errors=True)


def current() -> LoadedIndex:
    """The current index, loaded from disk once per build in this process; `stamp` is the
    time documents last changed (so callers may cache what depends on them)."""
    row = IndexState.objects.filter(pk=1).values_list("version", "folder", "requested_at").first()
    version, folder, stamp = row if row else (0, "", None)
    cached = _loaded.get("current")
    if not (
        isinstance(cached, LoadedIndex) and (cached.version, cached.folder) == (version, folder)
    ):
        with _lock:
            cached = _loaded.get("current")
            if not (
                isinstance(cached, LoadedIndex)
                and (cached.version, cached.folder) == (version, folder)
            ):
                cached = _load(version, folder)
                _loaded["current"] = cached
    if cached.stamp != stamp:
        cached = replace(cached, stamp=stamp)
    return cached


def _load(version: int, name: str) -> LoadedIndex:
    if version == 0 or not name:
        return LoadedIndex(0, "", None, {})
    folder = index_dir() / name
    try:
        mapping = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        index = PassageIndex.load(folder / "index") if (folder / "index").exists() else None
    except (OSError, ValueError):
        # The build exists in the database but not on this machine's disk (a fresh volume):
        # answer nothing rather than fail, and say so in the log.
        logger.error("Assistant index v%s is missing from %s; rebuild it", version, folder)
        return LoadedIndex(version, name, None, {})
    passages_of = {int(k): v for k, v in mapping.items()}
    document_ids = np.array(sorted(passages_of), dtype=np.int64)
    document_row = np.zeros(len(index) if index is not None else 0, dtype=np.int64)
    if index is not None:
        for row, doc_id in enumerate(document_ids.tolist()):
            document_row[index.positions(passages_of[doc_id])] = row
    return LoadedIndex(version, name, index, passages_of, document_ids, document_row)
