from celery import shared_task

from thidua.core.jobs import job_run

from .importing import people_import_job


@shared_task(name="thidua.org.tasks.people_import_run")
def people_import_run(job_id: int) -> None:
    """Import an uploaded workbook of units and people (see importing.people_import)."""
    job_run(job_id=job_id, work=people_import_job)
