from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import Job


@shared_task(name="thidua.core.tasks.job_purge_finished")
def job_purge_finished(days: int = 30) -> int:
    """Forget finished background jobs older than `days`."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Job.objects.filter(finished_at__lt=cutoff).delete()
    return deleted


@shared_task(name="thidua.core.tasks.jobs_resume")
def jobs_resume() -> list[int]:
    """Hand over again the jobs waiting for nothing (see core.jobs.jobs_resume)."""
    from .jobs import jobs_resume as resume

    return resume()


@shared_task(name="thidua.core.tasks.worker_ping")
def worker_ping(job_id: int) -> int:
    """Proves a worker reaches the database: marks the job as done by the worker."""
    from .jobs import job_run

    job_run(job_id=job_id, work=lambda job, progress: {"ok": True, "echo": job.params})
    return job_id


@shared_task(name="thidua.core.tasks.notifications_refresh")
def notifications_refresh() -> int:
    """Raise and close everyone's notifications from their waiting work."""
    from .services import notifications_refresh as refresh

    return refresh()


@shared_task(name="thidua.core.tasks.work_digests_send")
def work_digests_send() -> dict[str, int]:
    """The morning e-mail of waiting work, at most once a day per person."""
    from .services import work_digests_send as send

    return send()


@shared_task(name="thidua.core.tasks.webhook_deliver")
def webhook_deliver(delivery_id: int) -> str:
    """Send one webhook delivery (see core.webhooks)."""
    from .webhooks import webhook_deliver as deliver

    return deliver(delivery_id=delivery_id)


@shared_task(name="thidua.core.tasks.webhooks_send_due")
def webhooks_send_due() -> dict:
    """Send the webhook deliveries whose attempt is due: retries and missed hand-overs."""
    from .webhooks import webhooks_send_due as send_due

    return send_due()
