"""A real Celery worker on the real Redis runs a job against the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from thidua.core.choices import JobStatus
from thidua.core.models import Job

from ..conftest import require_service

REDIS = os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def worker():
    require_service("Redis", _redis_up)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": REDIS,
        "CELERY_QUEUE": queue,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield queue
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_job_and_writes_its_result(worker, settings):
    from celery import current_app

    settings.THIDUA_JOBS_MODE = "celery"
    job = Job.objects.create(kind="ping", params={"hello": "xin chào"})
    current_app.conf.broker_url = REDIS
    with current_app.connection_for_write(url=REDIS) as conn:
        current_app.send_task(
            "thidua.core.tasks.worker_ping", args=(job.pk,), queue=worker, connection=conn
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.3)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"ok": True, "echo": {"hello": "xin chào"}}
