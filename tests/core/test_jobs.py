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
