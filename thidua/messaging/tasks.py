from celery import shared_task

from thidua.core.actors import SYSTEM

from .services import RetryPending, dispatch_send_job
from .services import dispatches_resume_stalled as resume_stalled


@shared_task(
    name="messaging.send_dispatch",
    autoretry_for=(RetryPending,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=30,
    acks_late=True,
)
def send_dispatch(job_id: int) -> dict:
    """Send a dispatch's deliveries in chunks; retried with backoff while rows are pending."""
    return dispatch_send_job(job_id=job_id)


@shared_task(name="messaging.resume_stalled")
def dispatches_resume_stalled() -> list[int]:
    """Queue again the dispatches whose worker died (for the beat schedule)."""
    return resume_stalled(actor=SYSTEM)
