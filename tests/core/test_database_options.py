"""The application's PostgreSQL connections run without the JIT compiler: on a page's
correlated subqueries it spent more time compiling than the query took (docs/BENCHMARKS.md)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no JIT (the PostgreSQL run checks it)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_setting_can_leave_the_servers_jit(monkeypatch):
    """THIDUA_PG_JIT=true keeps the server's own setting (for a pooler refusing options)."""
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    monkeypatch.setenv("THIDUA_PG_JIT", "true")
    kept = importlib.reload(base).DATABASES["default"].get("OPTIONS", {})
    monkeypatch.setenv("THIDUA_PG_JIT", "false")
    off = importlib.reload(base).DATABASES["default"]["OPTIONS"]
    monkeypatch.undo()
    importlib.reload(base)
    assert "options" not in kept
    assert off["options"] == "-c jit=off"
