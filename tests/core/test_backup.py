"""`thidua backup` / `thidua restore`: the demo ministry survives a round trip with every row
and every file equal, and a wrong or damaged archive is refused before anything is touched.

The round trip runs on the database vendor of this test run (SQLite by default, PostgreSQL
when DATABASE_URL points at it, so `make test` covers both) in scratch databases of its own,
driving the real commands in subprocesses, as an operator would."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import override_settings

from tests.conftest import require_service
from tests.factories import UserFactory
from thidua.core import backup
from thidua.core.backup import BackupError

ROOT = Path(__file__).resolve().parents[2]


def _thidua(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _env(database_url: str, var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(var / "media"),
        THIDUA_ASSISTANT_INDEX_DIR=str(var / "assistant-index"),
        THIDUA_JOBS_MODE="inline",
    )
    return env


def _select_all(table: str) -> str:
    return f'SELECT * FROM "{table}"'  # noqa: S608 (names read from the catalogue)


def _rows_digest(rows) -> tuple[int, str]:
    lines = sorted(repr(tuple(row)) for row in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _sqlite_state(path: Path) -> dict[str, tuple[int, str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: _rows_digest(conn.execute(_select_all(t))) for t in tables}
    finally:
        conn.close()


def _pg_state(conninfo: dict) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(**conninfo) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        ]
        state = {t: _rows_digest(conn.execute(_select_all(t)).fetchall()) for t in tables}
        # Sequences too: the next row inserted after a restore must not collide.
        state["<sequences>"] = _rows_digest(
            conn.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall()
        )
        return state


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class _Scratch:
    """Two scratch databases of the run's vendor: a source (migrated) and an empty target."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            test_db = Path(connection.settings_dict["NAME"])
            self.source, self.target = tmp / "source.sqlite3", tmp / "target.sqlite3"
            src, dst = sqlite3.connect(test_db), sqlite3.connect(self.source)
            src.backup(dst)  # the migrated test database, copied
            src.close()
            dst.close()
            self.source_url, self.target_url = (
                f"sqlite:///{p}" for p in (self.source, self.target)
            )
        else:
            s = connection.settings_dict
            base = s["NAME"]
            self.source, self.target = f"{base}_bk_src", f"{base}_bk_dst"
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            server = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
            self.source_url, self.target_url = (f"{server}/{n}" for n in (self.source, self.target))
            self.conninfo = {
                k: v
                for k, v in {
                    "user": s["USER"],
                    "password": s["PASSWORD"],
                    "host": s["HOST"],
                    "port": s["PORT"],
                }.items()
                if v
            }
            connections.close_all()
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.source}"',
                f'DROP DATABASE IF EXISTS "{self.target}"',
            )
            # The migrated test database as a template spares a migration run.
            self._admin(f'CREATE DATABASE "{self.target}"')
            try:
                self._admin(f'CREATE DATABASE "{self.source}" TEMPLATE "{base}"')
            except Exception:  # another session still on the test database: migrate instead
                self._admin(f'CREATE DATABASE "{self.source}"')
                migrated = _thidua(_env(self.source_url, tmp), "migrate", "--noinput")
                assert migrated.returncode == 0, migrated.stderr

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(**self.conninfo, dbname="postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def state(self, which: str) -> dict[str, tuple[int, str]]:
        name = self.source if which == "source" else self.target
        if self.vendor == "sqlite":
            return _sqlite_state(Path(name))
        return _pg_state({**self.conninfo, "dbname": name})

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.source}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{self.target}" WITH (FORCE)',
            )


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo ministry loaded into a scratch database, backed up, restored into an empty
    one with empty folders."""
    if connection.vendor == "postgresql":
        require_service("pg_dump", lambda: shutil.which("pg_dump") is not None)
    tmp = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock():
        scratch = _Scratch(tmp)
    try:
        source_env = _env(scratch.source_url, tmp / "source-var")
        target_env = _env(scratch.target_url, tmp / "target-var")
        demo = _thidua(source_env, "demo")
        assert demo.returncode == 0, demo.stderr
        # Something in the target's folders that the restore must replace.
        (tmp / "target-var" / "media").mkdir(parents=True)
        (tmp / "target-var" / "media" / "stale.txt").write_text("not in the backup")
        archive = tmp / "ministry.tar.gz"
        made = _thidua(source_env, "backup", str(archive))
        assert made.returncode == 0, made.stderr
        restored = _thidua(target_env, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        yield {
            "source": scratch.state("source"),
            "target": scratch.state("target"),
            "source_files": {
                d: _files(tmp / "source-var" / d) for d in ("media", "assistant-index")
            },
            "target_files": {
                d: _files(tmp / "target-var" / d) for d in ("media", "assistant-index")
            },
            "archive": archive,
        }
    finally:
        with django_db_blocker.unblock():
            scratch.drop()


def test_demo_ministry_round_trips_with_every_row_equal(round_trip):
    source, target = round_trip["source"], round_trip["target"]
    assert source["org_person"][0] >= 300  # the demo ministry is really there
    assert sorted(target) == sorted(source)
    differing = [t for t in source if source[t] != target[t]]
    assert differing == []


def test_uploaded_files_and_assistant_index_round_trip_byte_equal(round_trip):
    source, target = round_trip["source_files"], round_trip["target_files"]
    assert source["media"], "the demo uploads documents"
    assert source["assistant-index"], "the demo builds the assistant index"
    assert target == source  # and the stale file in the target's media is gone


def test_manifest_describes_the_archive(round_trip):
    with tarfile.open(round_trip["archive"]) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        for name, checksum in manifest["files"].items():
            assert hashlib.sha256(archive.extractfile(name).read()).hexdigest() == checksum
    assert manifest["database"]["vendor"] == connection.vendor
    assert ["accounts", "0001_initial"] in manifest["migrations"]
    assert manifest["row_counts"]["org_person"] == round_trip["source"]["org_person"][0]


# --- refusals: checked against hand-made archives, before anything is touched -------------


def _archive(path: Path, manifest: dict, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _manifest(members: dict[str, bytes], **changes) -> dict:
    vendor = connection.vendor
    manifest = {
        "format": backup.FORMAT,
        "format_version": backup.FORMAT_VERSION,
        "created_at": "2026-12-01T00:00:00+00:00",
        "database": {"vendor": vendor, "member": backup.DB_MEMBER[vendor]},
        "migrations": [["accounts", "0001_initial"]],
        "row_counts": {},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    manifest.update(changes)
    return manifest


@pytest.fixture
def installation(db, tmp_path):
    """The running installation: a user in the database and a file in each folder."""
    media, index = tmp_path / "media", tmp_path / "index"
    media.mkdir()
    index.mkdir()
    (media / "kept.txt").write_text("uploaded")
    (index / "kept.json").write_text("{}")
    user = UserFactory(username="still-here")
    with override_settings(MEDIA_ROOT=media, THIDUA_ASSISTANT_INDEX_DIR=index):
        yield {"user": user, "media": media, "index": index, "tmp": tmp_path}


def _untouched(installation) -> None:
    from thidua.accounts.models import User

    assert User.objects.filter(pk=installation["user"].pk).exists()
    assert (installation["media"] / "kept.txt").read_text() == "uploaded"
    assert (installation["index"] / "kept.json").exists()
    assert sorted(p.name for p in installation["tmp"].iterdir()) == sorted(
        ["media", "index", "x.tar.gz"]
    )  # no staging folder left behind


def test_restore_refuses_an_archive_of_another_database_vendor(installation):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    members = {backup.DB_MEMBER[other]: b"data"}
    manifest = _manifest(members, database={"vendor": other, "member": backup.DB_MEMBER[other]})
    path = _archive(installation["tmp"] / "x.tar.gz", manifest, members)
    with pytest.raises(BackupError, match="holds a .* database but this installation uses"):
        backup.backup_restore(path)
    _untouched(installation)


def test_restore_refuses_an_archive_made_by_newer_code(installation):
    members = {backup.DB_MEMBER[connection.vendor]: b"data"}
    manifest = _manifest(
        members, migrations=[["accounts", "0001_initial"], ["goals", "9999_from_the_future"]]
    )
    path = _archive(installation["tmp"] / "x.tar.gz", manifest, members)
    with pytest.raises(BackupError, match=r"newer version .*goals\.9999_from_the_future"):
        backup.backup_restore(path)
    _untouched(installation)


def test_restore_refuses_a_damaged_archive_before_touching_anything(installation):
    members = {backup.DB_MEMBER[connection.vendor]: b"data", "media/new.txt": b"original"}
    manifest = _manifest(members)
    members["media/new.txt"] = b"tampered"
    path = _archive(installation["tmp"] / "x.tar.gz", manifest, members)
    with pytest.raises(BackupError, match="Checksum mismatch for media/new.txt"):
        backup.backup_restore(path)
    _untouched(installation)


def test_restore_refuses_a_file_that_is_not_a_backup(installation):
    path = installation["tmp"] / "x.tar.gz"
    path.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="is not a Thi Đua backup archive"):
        backup.backup_restore(path)
    _untouched(installation)


def _pg_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://...)")


def test_restore_refuses_while_another_session_uses_the_postgresql_database(installation):
    _pg_only()
    import psycopg

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {name: 0 for (name,) in cursor.fetchall()}
    members = {"database.dump": b"data"}
    path = _archive(
        installation["tmp"] / "x.tar.gz", _manifest(members, row_counts=tables), members
    )
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with (
        psycopg.connect(**params),  # a web process still running
        pytest.raises(BackupError, match="other connection.* stop the web processes"),
    ):
        backup.backup_restore(path)
    _untouched(installation)


def test_restore_into_a_postgresql_database_with_tables_the_archive_lacks_is_refused(
    installation,
):
    _pg_only()
    members = {"database.dump": b"data"}
    manifest = _manifest(members, row_counts={"accounts_user": 0})
    path = _archive(installation["tmp"] / "x.tar.gz", manifest, members)
    with pytest.raises(BackupError, match="tables the archive does not hold"):
        backup.backup_restore(path)
    _untouched(installation)


def test_restore_refuses_an_archive_with_links(installation):
    members = {backup.DB_MEMBER[connection.vendor]: b"data"}
    path = installation["tmp"] / "x.tar.gz"
    with tarfile.open(path, "w:gz") as archive:  # a valid archive plus a link to a system file
        for name, data in {
            "manifest.json": json.dumps(_manifest(members)).encode(),
            **members,
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("media/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    with pytest.raises(BackupError, match="links or devices .*media/passwd"):
        backup.backup_restore(path)
    _untouched(installation)
