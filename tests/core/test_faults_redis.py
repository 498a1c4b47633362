"""Redis down: people's check-ins and acknowledgements still commit, and a job started
meanwhile waits in the database and runs once when Redis is back. A worker killed mid-job:
the beat's resume path runs the job again, once, and a late copy of its message does
nothing.

The tests start their OWN redis-server on a spare port (stopped and started at will) and
real Celery workers on it, sharing the test database.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.core import jobs
from thidua.core.actors import SYSTEM
from thidua.core.choices import JobStatus
from thidua.core.models import AuditEvent, Job
from thidua.goals.choices import GoalStatus
from thidua.goals.models import CheckIn
from thidua.goals.services import goal_create
from thidua.messaging.choices import Channel, DeliveryStatus, DispatchStatus
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.services import dispatch_create, dispatch_send, dispatch_start

from ..conftest import require_service
from . import faults_tasks  # noqa: F401 (registers the slow task in this process too)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


class RedisServer:
    def __init__(self, binary: str):
        self.binary = binary
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def _up(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert _wait(self._up, 10), "redis-server did not start"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        assert not self._up()


@pytest.fixture
def redis_server():
    binary = shutil.which("redis-server")
    require_service("redis-server (to start a private Redis)", lambda: binary is not None)
    server = RedisServer(binary)
    server.start()
    yield server
    server.stop()


def _use_redis(broker_url: str, result_backend: str | None) -> None:
    current_app.conf.broker_url = broker_url
    current_app.conf.result_backend = result_backend
    current_app._pool = current_app.amqp._producer_pool = None
    current_app._backend_cache = current_app._local.backend = None


@pytest.fixture
def broker(redis_server, settings):
    """This process hands jobs to the private Redis (broker and result backend), as the web
    process does in production."""
    settings.THIDUA_JOBS_MODE = "celery"
    previous = (current_app.conf.broker_url, current_app.conf.result_backend)
    _use_redis(redis_server.url, redis_server.url)
    yield redis_server
    _use_redis(*previous)


def _test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def start_worker(broker, tmp_path):
    procs: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": broker.url,
            "CELERY_QUEUE": current_app.conf.task_default_queue,
        }
        log = (tmp_path / f"worker-{len(procs)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-I"]
            + ["tests.core.faults_tasks", "--pool=solo", "--without-heartbeat"]
            + ["--without-gossip", "--without-mingle", "-l", "warning"],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _key_result(person):
    today = timezone.localdate()
    goal = goal_create(
        actor=SYSTEM,
        title="Số hoá hồ sơ",
        owner_person=person,
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
        key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 1000, "due_date": today}],
    )
    return goal.key_results.get()


def _dispatch_to(people, label: str) -> Dispatch:
    return dispatch_create(
        actor=None,
        source_label=label,
        subject="Quán triệt Nghị quyết",
        body="Nội dung bản tóm tắt.",
        channels=[Channel.IN_APP],
        recipients=[p.pk for p in people],
    )


def test_redis_down_loses_no_check_in_acknowledgement_nor_job(
    org, client, broker, start_worker, settings
):
    staff = org["staff_a"]
    kr = _key_result(staff)
    earlier = _dispatch_to([staff], "party.campaign#before")
    dispatch_send(dispatch_id=earlier.pk)
    in_app = Delivery.objects.get(dispatch=earlier, person=staff)

    broker.stop()  # Redis goes down; the cache points at it too, as in production
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker.url,
        }
    }
    client.force_login(staff.user)
    response = client.post(
        reverse("goals:checkin", args=[kr.pk]),
        {
            "value": "250",
            "confidence": "on_track",
            "checked_on": timezone.localdate().strftime("%d/%m/%Y"),
            "comment": "Xong quý II",
        },
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(key_result=kr, comment="Xong quý II").count() == 1

    response = client.post(reverse("messaging:acknowledge", args=[in_app.token]))
    assert response.status_code == 302
    in_app.refresh_from_db()
    assert in_app.status == DeliveryStatus.ACKNOWLEDGED

    # A campaign is sent meanwhile, the way party.services starts it (after its commit).
    people = [org["staff_a"], org["colleague_a"], org["head_a"], org["staff_b"]]
    started = time.monotonic()
    with transaction.atomic():
        campaign = _dispatch_to(people, "party.campaign#during")
        transaction.on_commit(lambda: dispatch_start(dispatch=campaign, actor=None))
    assert time.monotonic() - started < 5  # the broker's absence costs no long wait
    job = Job.objects.get(kind="messaging.send")
    assert (job.status, job.dispatched_at) == (JobStatus.QUEUED, None)
    assert Delivery.objects.filter(dispatch=campaign).count() == len(people)

    broker.start()  # Redis is back (empty: it keeps nothing on disk)
    assert jobs.jobs_resume(now=timezone.now() + timedelta(minutes=1)) == [job.pk]
    start_worker()
    assert _wait(lambda: Job.objects.get(pk=job.pk).is_finished, 60), "the job never ran"

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)
    assert Dispatch.objects.get(pk=campaign.pk).status == DispatchStatus.DONE
    statuses = set(Delivery.objects.filter(dispatch=campaign).values_list("status", flat=True))
    assert statuses == {DeliveryStatus.SENT}
    assert jobs.jobs_resume(now=timezone.now() + timedelta(minutes=2)) == []  # sent once
    assert Job.objects.filter(kind="messaging.send").count() == 1
    assert CheckIn.objects.filter(key_result=kr).count() == 1
    in_app.refresh_from_db()
    assert in_app.status == DeliveryStatus.ACKNOWLEDGED


def test_job_of_a_killed_worker_is_resumed_once_and_a_late_copy_does_nothing(
    broker, start_worker, settings
):
    settings.THIDUA_JOB_STALE_SECONDS = 5
    with transaction.atomic():
        job = jobs.job_start(
            kind="tests.slow", task_name="tests.faults.slow_job", params={"steps": 12}, actor=None
        )
    workers = {proc.pid: proc for proc in (start_worker(), start_worker())}
    assert _wait(lambda: Job.objects.get(pk=job.pk).progress_done >= 3, 60), "it never started"
    running = workers.pop(int(Job.objects.get(pk=job.pk).stage.removeprefix("pid ")))
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.progress_done < 12

    later = timezone.now() + timedelta(seconds=10)  # no heartbeat since: the worker is gone
    assert jobs.jobs_resume(now=later) == [job.pk]  # the other worker takes it
    assert _wait(lambda: Job.objects.get(pk=job.pk).is_finished, 60), "it was not resumed"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)

    # The killed worker's message, redelivered by Redis later, and a ping queued behind it.
    jobs._dispatch(task_name="tests.faults.slow_job", job_id=job.pk)
    with transaction.atomic():
        ping = jobs.job_start(
            kind="ping", task_name="thidua.core.tasks.worker_ping", params={}, actor=None
        )
    assert _wait(lambda: Job.objects.get(pk=ping.pk).is_finished, 60)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    done = AuditEvent.objects.filter(action="tests.faults.slow_job_done", target_id=str(job.pk))
    assert done.count() == 1
