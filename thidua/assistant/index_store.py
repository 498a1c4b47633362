"""Where index builds live so that every web process on every machine finds them.

A build is published as one uncompressed tar archive `v<version>-<random>.tar` in the Django
storage `STORAGES["assistant_index"]` (falling back to "default"): by default a
FileSystemStorage on a folder every web and worker machine mounts (NFS, a shared volume);
any Django storage backend that can `save`, `open`, `exists`, `listdir` and `delete` works
(S3-like object storage through django-storages). Each process extracts the builds it
loads into its own working folder (`THIDUA_ASSISTANT_INDEX_DIR`, a cache on local disk) and
memory-maps nothing from the shared place: after the download a shared-storage outage does
not stop the answers.

Why the file storage and not PostgreSQL large objects: the same code runs on SQLite
(`make run`, the tests) and PostgreSQL; a build is hundreds of megabytes at 100,000
passages, which in large objects would bloat the database, its backups and its WAL with
data that is rebuilt from the database anyway; and the operator already runs a shared
folder or object storage for uploaded documents. The database keeps only the small facts:
which build is current (`IndexState`) and which documents changed since (`IndexChange`).

Archives are written once and never changed; a reader only ever asks for a build recorded
as current, which happens after its archive is complete. A half-extracted download is
written under `incoming-*` and renamed into place when whole (`COMPLETE` marks it), so two
processes of one machine fetching the same build at once both end with a whole copy.
"""

from __future__ import annotations

import logging
import re
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import InvalidStorageError, Storage, storages

logger = logging.getLogger(__name__)

ALIAS = "assistant_index"
COMPLETE = "COMPLETE"  # written last into a local build folder
_BUILD_NAME = re.compile(r"^v(\d+)-[0-9a-f]+$")


class BuildMissing(Exception):
    """The build is in neither this machine's working folder nor the shared storage."""


def storage() -> Storage:
    try:
        return storages[ALIAS]
    except InvalidStorageError:
        return storages["default"]


def archive_name(folder: str) -> str:
    return f"{folder}.tar"


def version_of(folder: str) -> int:
    match = _BUILD_NAME.match(folder)
    return int(match.group(1)) if match else 0


def is_complete(local: Path) -> bool:
    return (local / COMPLETE).is_file()


def mark_complete(local: Path) -> None:
    (local / COMPLETE).write_text("", encoding="utf-8")


def publish(local: Path, folder: str) -> int:
    """Put the build written in `local` into the shared storage as `folder`; its size."""
    with tempfile.TemporaryFile(prefix="thidua-index-", suffix=".tar") as spool:
        with tarfile.open(fileobj=spool, mode="w") as tar:
            for path in sorted(local.rglob("*")):
                if path.is_file() and path.name != COMPLETE:
                    tar.add(path, arcname=str(path.relative_to(local)), recursive=False)
        size = spool.tell()
        spool.seek(0)
        name = archive_name(folder)
        saved = storage().save(name, File(spool, name=name))
    if saved != name:  # the storage renamed it: another archive had that name (never reused)
        storage().delete(saved)
        raise RuntimeError(f"index archive {name} exists already in the shared storage")
    return size


def fetch(folder: str, root: Path) -> Path:
    """This machine's whole copy of build `folder`, downloaded from the shared storage when
    the working folder lacks it. Raises BuildMissing when the storage lacks it too."""
    target = root / folder
    if is_complete(target):
        return target
    name = archive_name(folder)
    shared = storage()
    try:
        handle = shared.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise BuildMissing(f"{name} is not in the shared index storage ({exc})") from exc
    root.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix="incoming-", dir=root))
    try:
        with handle, tarfile.open(fileobj=handle, mode="r|") as tar:
            tar.extractall(incoming, filter="data")
        mark_complete(incoming)
        if target.exists() and not is_complete(target):
            shutil.rmtree(target, ignore_errors=True)  # an old copy without its marker
        try:
            incoming.rename(target)
        except OSError:
            if not is_complete(target):  # not a copy that another process put in place
                raise
    except (tarfile.TarError, EOFError) as exc:
        raise BuildMissing(f"{name} in the shared index storage is unreadable ({exc})") from exc
    finally:
        if incoming.exists():
            shutil.rmtree(incoming, ignore_errors=True)
    logger.info("Assistant index %s fetched from the shared storage into %s", folder, target)
    return target


def published() -> list[str]:
    """The builds in the shared storage, newest version first."""
    try:
        _dirs, files = storage().listdir("")
    except (FileNotFoundError, OSError, NotImplementedError):
        return []
    names = [f[: -len(".tar")] for f in files if f.endswith(".tar")]
    builds = [n for n in names if _BUILD_NAME.match(n)]
    return sorted(builds, key=version_of, reverse=True)


def prune(*, keep: set[str]) -> None:
    """Delete published builds older than the oldest one kept (a process may still be
    fetching a kept one; a newer one may be a build being published right now)."""
    oldest = min((version_of(k) for k in keep), default=0)
    shared = storage()
    for folder in published():
        if folder not in keep and version_of(folder) < oldest:
            try:
                shared.delete(archive_name(folder))
            except OSError as exc:
                logger.warning("Could not delete old index archive %s: %s", folder, exc)
