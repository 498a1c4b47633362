from celery import shared_task

from thidua.core.jobs import job_run


@shared_task(name="thidua.awards.tasks.round_step_run")
def round_step_run(job_id: int) -> None:
    """One step of the yearly commendation round (services.round.round_step_job)."""
    from .services.round import round_step_job

    job_run(job_id=job_id, work=round_step_job)
