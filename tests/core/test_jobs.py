from celery import shared_task

from thidua.core.choices import JobStatus
from thidua.core.jobs import job_run, job_start
from thidua.core.models import Job


@shared_task(name="tests.count_to")
def count_to(job_id: int) -> None:
    def work(job, progress):
        total = job.params["n"]
        for i in range(1, total + 1):
            progress(i, total)
        return {"ok": True, "counted": total}

    job_run(job_id=job_id, work=work)


@shared_task(name="tests.explode")
def explode(job_id: int) -> None:
    def work(job, progress):
        raise ValueError("bad row")

    job_run(job_id=job_id, work=work)


def test_job_records_progress_and_result(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="count", task_name="tests.count_to", params={"n": 5}, actor=None)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (5, 5, 100)
    assert job.result == {"ok": True, "counted": 5}


def test_failed_job_keeps_the_error(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="explode", task_name="tests.explode", params={}, actor=None)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "bad row" in job.error


def test_job_is_not_dispatched_when_the_transaction_rolls_back(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_start(kind="count", task_name="tests.count_to", params={"n": 1}, actor=None)
    assert len(callbacks) == 1
    assert Job.objects.get().status == JobStatus.QUEUED


def test_a_second_copy_of_the_message_does_not_run_a_finished_job_again(
    db, django_capture_on_commit_callbacks
):
    from celery import current_app

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="count", task_name="tests.count_to", params={"n": 3}, actor=None)
    current_app.tasks["tests.count_to"].apply(args=(job.pk,))  # redelivered by the broker
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)


def test_unreachable_broker_keeps_the_job_queued_and_the_action_saved(
    db, settings, django_capture_on_commit_callbacks
):
    from celery import current_app

    settings.THIDUA_JOBS_MODE = "celery"
    previous = current_app.conf.broker_url
    current_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    current_app._pool = current_app.amqp._producer_pool = None
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = job_start(kind="count", task_name="tests.count_to", params={"n": 1}, actor=None)
    finally:
        current_app.conf.broker_url = previous
        current_app._pool = current_app.amqp._producer_pool = None
    job.refresh_from_db()
    assert (job.status, job.dispatched_at, job.task_name) == (
        JobStatus.QUEUED,
        None,
        "tests.count_to",
    )


def test_a_job_that_keeps_killing_its_worker_is_given_up(db):
    from datetime import timedelta

    from django.utils import timezone

    from thidua.core.jobs import jobs_resume

    job = Job.objects.create(
        kind="count", task_name="tests.count_to", status=JobStatus.RUNNING, attempts=3
    )
    assert jobs_resume(now=timezone.now() + timedelta(hours=1)) == []
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "3 attempts" in job.error
