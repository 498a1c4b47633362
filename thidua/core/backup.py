"""Backup and restore of one installation: the database, uploaded files and the assistant index.

One archive (tar.gz) holds:

- ``manifest.json``: format version, when it was made, the database vendor, the applied
  Django migrations, the row count of every table and the SHA-256 of every other member;
- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3`` (a copy
  made with SQLite's online backup API, consistent while the application writes);
- ``media/…`` (``MEDIA_ROOT``) and ``assistant-index/…`` (``THIDUA_ASSISTANT_INDEX_DIR``).

On PostgreSQL the row counts and the migration state are read in the very snapshot that
``pg_dump`` dumps (``pg_export_snapshot`` + ``pg_dump --snapshot``), so the manifest
describes exactly the dumped data.

Restore refuses, before touching anything, an archive of another database vendor, an archive
made by newer code (migrations this code does not know) and an archive whose members do not
match their checksums. Files are extracted and staged next to their targets first; the
database is restored in one transaction (``pg_restore --single-transaction``; SQLite's backup
API into the live file); only then are the staged folders swapped in by renames.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
INDEX = "assistant-index"
DB_MEMBER = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for an operator."""


# --------------------------------------------------------------------------- helpers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> Iterator[Path]:
    """Regular files under root (symlinks are not followed), in a stable order."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


# --------------------------------------------------------------------------- PostgreSQL


def _pg_command(tool: str, settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The tool with the connection parameters of settings.DATABASES (password in the env)."""
    from django.db.backends.postgresql.client import DatabaseClient

    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} was not found on PATH; install the PostgreSQL client tools "
            "matching the server's major version."
        )
    _args, client_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = settings_dict.get("OPTIONS", {})
    args = [executable]
    user = settings_dict.get("USER") or options.get("user")
    host = settings_dict.get("HOST") or options.get("host")
    port = settings_dict.get("PORT") or options.get("port")
    if user:
        args += ["-U", str(user)]
    if host:
        args += ["-h", str(host)]
    if port:
        args += ["-p", str(port)]
    args += ["-d", str(settings_dict.get("NAME") or options.get("dbname") or "postgres")]
    env = {**os.environ, **(client_env or {})}
    return args, env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()}")


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _pg_backup(using: str, target: Path) -> tuple[dict[str, int], list[list[str]]]:
    import psycopg

    settings_dict = connections[using].settings_dict
    args, env = _pg_command("pg_dump", settings_dict)
    # A connection of our own holds a repeatable-read snapshot that pg_dump then uses, so
    # the counts and migrations written to the manifest are those of the dumped data.
    params = connections[using].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = _scalar(cursor)
        counts = {table: _count(cursor, table) for table in _pg_tables(cursor)}
        migrations = _applied_migrations(cursor, counts)
        _run(
            [*args, "--format=custom", f"--snapshot={snapshot}", "--file", str(target)],
            env,
            "pg_dump",
        )
        cursor.execute("COMMIT")
    return counts, migrations


def _pg_restore(using: str, dump: Path, tables: set[str]) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        extra = sorted(set(_pg_tables(cursor)) - tables)
        # pg_restore would wait for the locks of a web process or worker still connected
        # (the dump sets lock_timeout = 0): refuse instead.
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        others = cursor.fetchone()[0]
    if others:
        raise BackupError(
            f"{others} other connection(s) to the database: stop the web processes and "
            "workers before restoring (nothing was changed)."
        )
    if extra:
        raise BackupError(
            "The database has tables the archive does not hold ("
            + ", ".join(extra[:10])
            + (", …" if len(extra) > 10 else "")
            + "). Restore into an empty database (createdb a new one and point "
            "DATABASE_URL at it), then run `thidua migrate`."
        )
    connection.close()
    args, env = _pg_command("pg_restore", connection.settings_dict)
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            str(dump),
        ],
        env,
        "pg_restore",
    )


# --------------------------------------------------------------------------- SQLite


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        table: conn.execute(f"SELECT count(*) FROM {_quote_ident(table)}").fetchone()[0]  # noqa: S608
        for table in _sqlite_tables(conn)
    }


def _sqlite_path(using: str) -> str:
    name = str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return name


def _sqlite_backup(using: str, target: Path) -> tuple[dict[str, int], list[list[str]]]:
    source = sqlite3.connect(_sqlite_path(using), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one consistent copy, while other connections keep writing
        counts = _sqlite_counts(copy)
        migrations = _applied_migrations(copy.cursor(), counts)
    finally:
        copy.close()
        source.close()
    return counts, migrations


def _sqlite_restore(using: str, database: Path) -> None:
    connections[using].close()
    source = sqlite3.connect(database)
    target = sqlite3.connect(_sqlite_path(using), timeout=30)
    try:
        # The backup API replaces the live database in one step and keeps its WAL right;
        # replacing the file itself would leave a stale -wal behind to be replayed onto it.
        source.backup(target)
    finally:
        target.close()
        source.close()


# --------------------------------------------------------------------------- shared


def _applied_migrations(cursor: Any, counts: dict[str, int]) -> list[list[str]]:
    if "django_migrations" not in counts:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def _check_vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _directories() -> dict[str, Path]:
    return {
        MEDIA: Path(settings.MEDIA_ROOT),
        INDEX: Path(settings.THIDUA_ASSISTANT_INDEX_DIR),
    }


# --------------------------------------------------------------------------- backup


def backup_create(path: Path | str, *, using: str = "default") -> dict[str, Any]:
    """Write the archive to path (atomically: a failed backup leaves no file) and return
    its manifest."""
    path = Path(path)
    vendor = _check_vendor(using)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thidua-backup-", dir=path.parent) as work:
        database = Path(work) / DB_MEMBER[vendor]
        if vendor == "postgresql":
            counts, migrations = _pg_backup(using, database)
        else:
            counts, migrations = _sqlite_backup(using, database)
        members: list[tuple[str, Path]] = [(DB_MEMBER[vendor], database)]
        for prefix, root in _directories().items():
            for file in _files_under(root):
                members.append((f"{prefix}/{file.relative_to(root).as_posix()}", file))
        checksums = {name: _sha256(file) for name, file in members}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "member": DB_MEMBER[vendor]},
            "migrations": migrations,
            "row_counts": counts,
            "files": checksums,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), "utf-8")
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            for name, file in members:
                archive.add(file, arcname=name, recursive=False)
        os.replace(partial, path)
    return manifest


# --------------------------------------------------------------------------- restore


def read_manifest(path: Path | str) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a Thi Đua backup archive ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Thi Đua backup archive (no {FORMAT} manifest).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The archive has backup format version {manifest.get('format_version')}; "
            f"this code reads version {FORMAT_VERSION}."
        )
    return manifest


def check_restorable(manifest: dict[str, Any], *, using: str = "default") -> None:
    """Refuse an archive of another vendor or of a newer migration state."""
    vendor = _check_vendor(using)
    archived = manifest["database"]["vendor"]
    if archived != vendor:
        raise BackupError(
            f"The archive holds a {_vendor_name(archived)} database but this installation "
            f"uses {_vendor_name(vendor)}. Restore it into a {_vendor_name(archived)} "
            "installation (set DATABASE_URL accordingly)."
        )
    unknown = sorted({(app, name) for app, name in manifest["migrations"]} - _known_migrations())
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:10])
        raise BackupError(
            "The archive was made by a newer version of Thi Đua: its database has "
            f"migrations this code does not know ({listed}"
            + (", …" if len(unknown) > 10 else "")
            + "). Upgrade the code first, then restore."
        )


def _extract_verified(path: Path, manifest: dict[str, Any], into: Path) -> None:
    expected: dict[str, str] = manifest["files"]
    with tarfile.open(path, "r:*") as archive:
        members = archive.getmembers()
        odd = [m.name for m in members if not (m.isfile() or m.isdir())]
        if odd:
            raise BackupError(f"The archive holds links or devices ({', '.join(odd[:5])}).")
        names = {m.name for m in members if m.isfile()} - {MANIFEST}
        missing, extra = sorted(set(expected) - names), sorted(names - set(expected))
        if missing or extra:
            raise BackupError(
                "The archive does not match its manifest: "
                + (f"missing {', '.join(missing[:5])}; " if missing else "")
                + (f"unexpected {', '.join(extra[:5])}" if extra else "")
            )
        try:
            archive.extractall(into, filter="data")
        except tarfile.TarError as exc:  # a path outside the folder, a damaged member, ...
            raise BackupError(f"The archive cannot be extracted safely ({exc}).") from exc
    for name, checksum in expected.items():
        if _sha256(into / name) != checksum:
            raise BackupError(
                f"Checksum mismatch for {name}: the archive is damaged; nothing was restored."
            )


def _sibling(target: Path, label: str) -> Path:
    return target.parent / f".{target.name}.{label}-{secrets.token_hex(4)}"


def _stage(source: Path, target: Path) -> Path:
    """Move (or copy, across filesystems) source to a hidden folder beside target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = _sibling(target, "restore")
    if source.is_dir():
        try:
            os.rename(source, staged)
        except OSError:
            shutil.copytree(source, staged, symlinks=False)
    else:
        staged.mkdir()
    return staged


@contextmanager
def _staged_directories(extracted: Path) -> Iterator[dict[Path, Path]]:
    staged: dict[Path, Path] = {}
    try:
        for prefix, target in _directories().items():
            staged[target] = _stage(extracted / prefix, target)
        yield staged
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)


def _swap_in(staged: dict[Path, Path]) -> None:
    """Put each staged folder in place of its target by two renames per folder; on a
    failure the folders already swapped are put back."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for target, folder in staged.items():
            old = None
            if target.exists():
                old = _sibling(target, "old")
                os.rename(target, old)
            os.rename(folder, target)
            done.append((target, old))
    except OSError as exc:
        for target, old in reversed(done):
            shutil.rmtree(target, ignore_errors=True)
            if old is not None:
                os.rename(old, target)
        raise BackupError(
            f"The database was restored but the files could not be put in place ({exc})."
        ) from exc
    for _target, old in done:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _restored_counts(using: str, vendor: str) -> dict[str, int]:
    if vendor == "postgresql":
        with connections[using].cursor() as cursor:
            return {table: _count(cursor, table) for table in _pg_tables(cursor)}
    conn = sqlite3.connect(_sqlite_path(using))
    try:
        return _sqlite_counts(conn)
    finally:
        conn.close()


def _count(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {_quote_ident(table)}")  # noqa: S608
    return int(_scalar(cursor))


def _scalar(cursor: Any) -> Any:
    return cursor.fetchone()[0]


def backup_restore(path: Path | str, *, using: str = "default") -> dict[str, Any]:
    """Replace the database, MEDIA_ROOT and the assistant index with the archive's.

    Stop the web processes and workers first. Everything is checked before anything is
    touched; returns the manifest."""
    path = Path(path)
    manifest = read_manifest(path)
    check_restorable(manifest, using=using)
    vendor = manifest["database"]["vendor"]
    work_parent = Path(settings.MEDIA_ROOT).parent
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thidua-restore-", dir=work_parent) as work:
        extracted = Path(work)
        _extract_verified(path, manifest, extracted)
        database = extracted / manifest["database"]["member"]
        if vendor == "sqlite":
            # Check the copy before it replaces anything.
            conn = sqlite3.connect(database)
            try:
                counts = _sqlite_counts(conn)
            finally:
                conn.close()
            if counts != manifest["row_counts"]:
                raise BackupError("The archived database does not match its row counts.")
        with _staged_directories(extracted) as staged:
            if vendor == "postgresql":
                _pg_restore(using, database, set(manifest["row_counts"]))
            else:
                _sqlite_restore(using, database)
            _swap_in(staged)
    counts = _restored_counts(using, vendor)
    if counts != manifest["row_counts"]:
        differing = sorted(
            t
            for t in set(counts) | set(manifest["row_counts"])
            if counts.get(t) != manifest["row_counts"].get(t)
        )
        raise BackupError(
            "The restored database's row counts differ from the archive's: "
            + ", ".join(differing[:10])
        )
    return manifest
