"""A web worker warms up before its first request (thidua.core.warmup, config/wsgi.py): every
template compiled, each app's warmer run, a failing warmer only logged."""

import logging

import pytest
from django.template import engines

from thidua.core import warmup

pytestmark = pytest.mark.django_db


@pytest.fixture
def warmers(monkeypatch):
    registered = dict(warmup._warmers)
    monkeypatch.setattr(warmup, "_warmers", registered)
    return registered


def test_every_template_of_the_project_is_compiled(warmers):
    names = warmup.template_names()
    assert "base.html" in names and "assistant/chat.html" in names
    assert len(names) > 100
    warmed = warmup.warm_up()
    assert warmed.templates == len(names) and warmed.failed == ()
    # now served from the cached loader: the same compiled template object again
    engine = engines["django"]
    assert engine.get_template("base.html").template is engine.get_template("base.html").template


def test_each_apps_warmer_runs_and_a_failing_one_is_only_logged(warmers, caplog):
    calls = []
    warmup.register("test-ok", lambda: calls.append("ok"))

    def broken():
        raise ConnectionError("database not reachable yet")

    warmup.register("test-broken", broken)
    with caplog.at_level(logging.WARNING, logger="thidua.core.warmup"):
        warmed = warmup.warm_up()
    assert calls == ["ok"]
    assert "test-broken" in warmed.failed and "test-ok" not in warmed.failed
    assert "Warmer test-broken failed" in caplog.text


def test_the_assistant_registers_its_warmer(warmers):
    assert "assistant" in warmers
    warmers["assistant"]()  # loads the (empty) index without error


WORKER = """
import gc, json, os
import config.wsgi  # noqa: F401  (the worker's start: URLconf, warm-up, freeze)
print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
"""


@pytest.mark.parametrize("freeze", ["true", "false"])
def test_a_worker_keeps_what_it_built_at_start_out_of_full_collections(tmp_path, freeze):
    """After the warm-up, the start-up's objects are frozen (THIDUA_GC_FREEZE, on by default):
    a full collection then scans only what requests allocate. Run in a worker of its own (a
    frozen test process would keep every test's objects)."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        THIDUA_WARM_UP="true",
        THIDUA_GC_FREEZE=freeze,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    done = subprocess.run(
        [sys.executable, "-c", WORKER],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    heap = json.loads(done.stdout.strip().splitlines()[-1])
    if freeze == "true":
        assert heap["frozen"] > 10 * heap["tracked"]  # the start-up's objects, not requests'
    else:
        assert heap["frozen"] == 0 and heap["tracked"] > 50_000
