"""Background jobs: Celery on Redis in production, a thread of the web process without Redis.

A job's progress is written with plain UPDATEs outside the job's own write transaction, so a
page can poll it (SQLite runs in WAL mode for this).
"""

import logging
import threading
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from .choices import JobStatus
from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[..., None]


def job_start(*, kind: str, task_name: str, params: dict[str, Any], actor: Any) -> Job:
    """Create a job row and dispatch its task once the current transaction commits."""
    job = Job.objects.create(
        kind=kind,
        params=params,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: _dispatch(task_name=task_name, job_id=job.pk))
    return job


def _dispatch(*, task_name: str, job_id: int) -> None:
    mode = settings.THIDUA_JOBS_MODE
    if task_name not in current_app.tasks:
        # Celery discovers the apps' tasks.py lazily; in the web process nothing has yet.
        current_app.loader.import_default_modules()
    task = current_app.tasks[task_name]
    if mode == "celery":
        task.apply_async(args=(job_id,))
    elif mode == "thread":
        threading.Thread(
            target=_run_in_thread, args=(task, job_id), name=f"job-{job_id}", daemon=True
        ).start()
    else:  # "inline": tests and management commands
        task.apply(args=(job_id,), throw=True)


def _run_in_thread(task: Any, job_id: int) -> None:
    close_old_connections()
    try:
        task.apply(args=(job_id,))
    finally:
        connections.close_all()


def job_run(*, job_id: int, work: Callable[[Job, Progress], dict[str, Any]]) -> Job:
    """Run `work(job, progress)` for a job, recording status, result or error."""
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, updated_at=timezone.now())
    job = Job.objects.get(pk=job_id)

    def progress(done: int, total: int | None = None, stage: str | None = None) -> None:
        fields: dict[str, Any] = {"progress_done": done, "updated_at": timezone.now()}
        if total is not None:
            fields["progress_total"] = total
        if stage is not None:
            fields["stage"] = stage
        Job.objects.filter(pk=job_id).update(**fields)

    try:
        result = work(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.SUCCEEDED if result.get("ok", True) else JobStatus.FAILED,
            result=result,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
