"""One HR sync at a time, across processes: the nightly beat task and "Sync now" (a job on
any worker) take this lock around their whole work, so they never write at the same time.

- PostgreSQL: a session-level advisory lock (pg_try_advisory_lock) on the default
  connection. It is released at the end of the sync, or by the server when the connection
  closes, so a worker that dies leaves no stale lock. (A pooler in transaction mode, such
  as PgBouncer's, would break session locks: connect the workers directly.)
- SQLite (one machine): an exclusive flock on a file beside the database
  (settings.THIDUA_HR_SYNC_LOCK_PATH overrides where), released by the kernel when the
  process ends.

Taking the lock never waits: the second sync is refused (the page says so) or skipped
(the nightly task logs it).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# pg_advisory_lock's bigint key: the first 8 bytes of sha256("thidua.org.hr_sync"), signed.
ADVISORY_KEY = int.from_bytes(
    hashlib.sha256(b"thidua.org.hr_sync").digest()[:8], "big", signed=True
)


def lock_path() -> Path:
    """The lock file for databases without advisory locks (SQLite)."""
    configured = getattr(settings, "THIDUA_HR_SYNC_LOCK_PATH", "")
    if configured:
        return Path(configured)
    name = str(connection.settings_dict.get("NAME") or "")
    if name and name != ":memory:" and not name.startswith("file:"):
        return Path(f"{name}.hr-sync.lock")
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"thidua-hr-sync-{digest}.lock"


def _pg_try_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
        return bool(cursor.fetchone()[0])


def _pg_unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])


def _file_try_lock() -> int | None:
    """An open descriptor holding the lock, or None when another holds it."""
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def hr_sync_lock() -> Iterator[bool]:
    """Take the sync lock without waiting: yields True when this process holds it for the
    block, False when another sync holds it (then do nothing)."""
    if connection.vendor == "postgresql":
        if not _pg_try_lock():
            yield False
            return
        try:
            yield True
        finally:
            try:
                if connection.connection is not None:  # a closed one released it already
                    _pg_unlock()
            except DatabaseError:  # a broken connection: the server releases it on close
                logger.warning("HR sync: could not release the advisory lock", exc_info=True)
        return
    fd = _file_try_lock()
    if fd is None:
        yield False
        return
    try:
        yield True
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def hr_sync_lock_held() -> bool:
    """Is a sync running somewhere now (the lock is held by another)? A probe: takes the lock
    and lets it go at once."""
    with hr_sync_lock() as acquired:
        return not acquired
