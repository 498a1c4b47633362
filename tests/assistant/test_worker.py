"""The index is rebuilt by a real Celery worker on Redis, and this process answers from the
build the worker wrote."""

import time

import pytest
from django.conf import settings as django_settings

from thidua.assistant.choices import AnswerMode
from thidua.assistant.models import IndexState
from thidua.assistant.services import (
    INDEX_JOB_KIND,
    INDEX_TASK,
    document_upload,
    index_updates_deferred,
    question_ask,
)
from thidua.core.choices import JobStatus
from thidua.core.models import Job

from ..core.test_worker import REDIS, worker  # noqa: F401  (the real-worker fixture)
from .conftest import REGULATION


@pytest.fixture
def shared_index_dir(monkeypatch):
    """The worker process must write where this process reads."""
    monkeypatch.setenv(
        "THIDUA_ASSISTANT_INDEX_DIR", str(django_settings.THIDUA_ASSISTANT_INDEX_DIR)
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_rebuilds_the_index(shared_index_dir, worker, org, org_admin):  # noqa: F811
    from celery import current_app

    with index_updates_deferred():  # the build is sent to the worker below, not run here
        document_upload(actor=org_admin, name="quy-che.md", data=REGULATION)
    assert IndexState.objects.get(pk=1).version == 0

    job = Job.objects.create(kind=INDEX_JOB_KIND, params={})
    current_app.conf.broker_url = REDIS
    with current_app.connection_for_write(url=REDIS) as conn:
        current_app.send_task(INDEX_TASK, args=(job.pk,), queue=worker, connection=conn)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.3)
    assert job.status == JobStatus.SUCCEEDED, job.error
    state = IndexState.objects.get(pk=1)
    assert state.version == 1 and state.passages > 20

    x = question_ask(
        actor=org["staff_a"].user,
        question="Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    )
    assert x.mode == AnswerMode.EXTRACTIVE
    assert x.answer["citations"][0]["path"] == "Chương II, Điều 6, khoản 1"
