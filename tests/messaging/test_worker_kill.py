"""A real Celery worker is killed (SIGKILL) mid-campaign; a new worker finishes it. Nothing
is lost, no row is duplicated, and no member gets a second copy of a message the database
had recorded as sent (CLARIFICATIONS "Exactly-once")."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from thidua.core.models import Job
from thidua.messaging.channels import message_id_for
from thidua.messaging.choices import Channel, DeliveryStatus, DispatchStatus
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.services import dispatch_create

from ..conftest import require_service
from ..factories import PersonFactory

REDIS = os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
MEMBERS = 150  # × (in-app + e-mail) = 300 deliveries


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
def start_worker(tmp_path):
    require_service("Redis", _redis_up)
    queue = f"test-msg-{uuid.uuid4().hex[:8]}"
    procs: list[subprocess.Popen] = []

    def start(smtp_port: int) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.messaging.settings_worker",
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": REDIS,
            "CELERY_QUEUE": queue,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
        }
        log = (tmp_path / f"worker-{len(procs)}.log").open("wb")
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
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        return proc

    start.queue = queue
    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _send_job(queue: str, dispatch: Dispatch) -> None:
    from celery import current_app

    job = Job.objects.create(kind="messaging.send", params={"dispatch_id": dispatch.pk})
    with current_app.connection_for_write(url=REDIS) as conn:
        current_app.send_task(
            "messaging.send_dispatch", args=(job.pk,), queue=queue, connection=conn
        )


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killed_worker_loses_nothing_and_sends_nothing_twice(start_worker, smtp_server):
    people = PersonFactory.create_batch(MEMBERS)
    dispatch = dispatch_create(
        actor=None,
        source_label="party.campaign#kill",
        subject="Quán triệt Nghị quyết",
        body="Nội dung bản tóm tắt.",
        link_base="https://thidua.example/messages/m/",
        channels=[Channel.IN_APP, Channel.EMAIL],
        recipients=[p.pk for p in people],
    )
    assert Delivery.objects.filter(dispatch=dispatch).count() == 2 * MEMBERS
    smtp_server.delay = 0.04  # a slow mail server: the kill lands mid-campaign

    first = start_worker(smtp_server.port)
    _send_job(start_worker.queue, dispatch)
    assert _wait(lambda: len(smtp_server.messages) >= 40, 60), "the first worker sent nothing"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    email_rows = Delivery.objects.filter(dispatch=dispatch, channel=Channel.EMAIL)
    sent_before = set(email_rows.filter(status=DeliveryStatus.SENT).values_list("token", flat=True))
    in_doubt = set(email_rows.filter(status=DeliveryStatus.SENDING).values_list("token", flat=True))
    assert 0 < len(sent_before) < MEMBERS, "the kill did not land mid-campaign"

    start_worker(smtp_server.port)
    _send_job(start_worker.queue, dispatch)  # what the beat's messaging.resume_stalled does
    assert _wait(
        lambda: Dispatch.objects.filter(pk=dispatch.pk, status=DispatchStatus.DONE).exists(), 120
    ), "the second worker did not finish"

    assert Delivery.objects.filter(dispatch=dispatch).count() == 2 * MEMBERS
    assert set(Delivery.objects.filter(dispatch=dispatch).values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
    received = smtp_server.message_ids()
    expected = {message_id_for(t) for t in email_rows.values_list("token", flat=True)}
    assert set(received) == expected  # nothing lost
    twice = {mid for mid, n in received.items() if n > 1}
    # Only a message whose 250 reply raced the kill (row still SENDING) may arrive again,
    # with the same Message-ID; nothing the database had recorded as sent was resent.
    assert twice <= {message_id_for(t) for t in in_doubt}
    assert all(received[message_id_for(t)] == 1 for t in sent_before)
