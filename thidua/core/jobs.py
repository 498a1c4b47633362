"""Background jobs: Celery on Redis in production, a thread of the web process without Redis.

A job's progress is written with plain UPDATEs outside the job's own write transaction, so a
page can poll it (SQLite runs in WAL mode for this).

Faults: the Job row is written in the caller's transaction and handed to the broker after
the commit; if Redis is down the caller's action still stands and the job waits (QUEUED,
`dispatched_at` empty) until `jobs_resume` (beat, every minute) hands it over. A worker
that dies leaves its job RUNNING without heartbeats; `jobs_resume` queues it again, and a
job is only started from QUEUED (one conditional UPDATE), so a second copy of its message
never runs it twice at once nor again once finished.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from .choices import JobStatus
from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[..., None]

# Overridable in settings; the defaults suit jobs of minutes and a beat every minute.
HEARTBEAT_SECONDS = 60  # a running job touches updated_at this often
STALE_SECONDS = 600  # a RUNNING job silent this long lost its worker
UNDISPATCHED_GRACE_SECONDS = 30  # a job not handed to the broker this long after creation
REQUEUE_SECONDS = 3600  # a queued job handed over this long ago may have been lost by Redis
MAX_ATTEMPTS = 3  # a job that keeps killing its worker stops being resumed
# Fail fast when the broker is down: the job waits in the database, not the request.
BROKER_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def job_start(*, kind: str, task_name: str, params: dict[str, Any], actor: Any) -> Job:
    """Create a job row and dispatch its task once the current transaction commits."""
    job = Job.objects.create(
        kind=kind,
        params=params,
        task_name=task_name,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: _dispatch(task_name=task_name, job_id=job.pk))
    return job


def _dispatch(*, task_name: str, job_id: int) -> bool:
    """Hand the job to the broker (or a thread); False when the broker is unreachable."""
    mode = settings.THIDUA_JOBS_MODE
    if task_name not in current_app.tasks:
        # Celery discovers the apps' tasks.py lazily; in the web process nothing has yet.
        current_app.loader.import_default_modules()
    task = current_app.tasks[task_name]
    if mode == "celery":
        try:
            # The Job row holds the result: without ignore_result the Redis result backend
            # would retry for 20 s here first when Redis is down.
            task.apply_async(args=(job_id,), ignore_result=True, retry_policy=BROKER_RETRY_POLICY)
        except Exception as exc:  # kombu/redis errors: the broker is down or unreachable
            logger.warning("Job %s waits for the broker (%s): %s", job_id, task_name, exc)
            return False
        Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
        return True
    Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    if mode == "thread":
        threading.Thread(
            target=_run_in_thread, args=(task, job_id), name=f"job-{job_id}", daemon=True
        ).start()
    else:  # "inline": tests and management commands
        task.apply(args=(job_id,), throw=True)
    return True


def _run_in_thread(task: Any, job_id: int) -> None:
    close_old_connections()
    try:
        task.apply(args=(job_id,))
    finally:
        connections.close_all()


def job_run(
    *, job_id: int, work: Callable[[Job, Progress], dict[str, Any]], again: bool = False
) -> Job:
    """Run `work(job, progress)` for a job, recording status, result or error.

    The job is started only from QUEUED (or, with `again`, from finished: a task that asks
    Celery to retry it); a copy of its message arriving while it runs or after it finished
    does nothing."""
    startable = Q(status=JobStatus.QUEUED)
    if again:
        startable |= Q(status__in=JobStatus.finished())
    started = (
        Job.objects.filter(pk=job_id)
        .filter(startable)
        .update(status=JobStatus.RUNNING, updated_at=timezone.now(), attempts=F("attempts") + 1)
    )
    job = Job.objects.get(pk=job_id)
    if not started:
        logger.info("Job %s (%s) is %s: not started again", job_id, job.kind, job.status)
        return job

    def progress(done: int, total: int | None = None, stage: str | None = None) -> None:
        fields: dict[str, Any] = {"progress_done": done, "updated_at": timezone.now()}
        if total is not None:
            fields["progress_total"] = total
        if stage is not None:
            fields["stage"] = stage
        Job.objects.filter(pk=job_id).update(**fields)

    heartbeat = _Heartbeat(job_id)
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
    finally:
        heartbeat.stop()
    job.refresh_from_db()
    return job


class _Heartbeat:
    """Touches a running job's updated_at from a side thread, so a long step without
    progress calls is not taken for a dead worker. Silent for short jobs (the first beat
    comes after HEARTBEAT_SECONDS)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = threading.Event()
        self.interval = _setting("THIDUA_JOB_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-beat", daemon=True)
        self.thread.start()

    def _beat(self) -> None:
        touched = False
        try:
            while not self.done.wait(self.interval):
                touched = True
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    updated_at=timezone.now()
                )
        except Exception:  # the database is away: the job itself will notice
            logger.warning("Heartbeat of job %s failed", self.job_id, exc_info=True)
        finally:
            if touched:
                connections.close_all()

    def stop(self) -> None:
        self.done.set()


def jobs_resume(*, now: Any = None) -> list[int]:
    """Hand over again the jobs that are waiting for nothing (for the beat, every minute):
    created but never taken by the broker (Redis was down), queued so long ago that Redis
    may have lost them, and running without a heartbeat (their worker died). Returns the
    ids sent."""
    now = now or timezone.now()
    grace = timedelta(
        seconds=_setting("THIDUA_JOB_DISPATCH_GRACE_SECONDS", UNDISPATCHED_GRACE_SECONDS)
    )
    requeue = timedelta(seconds=_setting("THIDUA_JOB_REQUEUE_SECONDS", REQUEUE_SECONDS))
    stale = timedelta(seconds=_setting("THIDUA_JOB_STALE_SECONDS", STALE_SECONDS))
    max_attempts = _setting("THIDUA_JOB_MAX_ATTEMPTS", MAX_ATTEMPTS)
    jobs = Job.objects.exclude(task_name="")

    requeued = []
    for job in jobs.filter(status=JobStatus.RUNNING, updated_at__lt=now - stale):
        lost = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, updated_at=job.updated_at)
        if job.attempts >= max_attempts:
            lost.update(
                status=JobStatus.FAILED,
                error=f"The worker stopped during each of {job.attempts} attempts.",
                finished_at=now,
            )
            logger.error("Job %s (%s) given up after %s attempts", job.pk, job.kind, job.attempts)
        elif lost.update(status=JobStatus.QUEUED, dispatched_at=None, updated_at=now):
            logger.warning("Job %s (%s) lost its worker: queued again", job.pk, job.kind)
            requeued.append((job.pk, job.task_name))

    waiting = jobs.filter(status=JobStatus.QUEUED).filter(
        Q(dispatched_at__isnull=True, created_at__lt=now - grace)
        | Q(dispatched_at__lt=now - requeue)
    )
    sent = []
    waiting = waiting.exclude(pk__in=[pk for pk, _task in requeued])
    for pk, task_name in [*requeued, *waiting.values_list("pk", "task_name")]:
        if _dispatch(task_name=task_name, job_id=pk):
            sent.append(pk)
    return sent
