from celery import shared_task

from thidua.core.jobs import job_run

from .hr_sync import hr_sync_job, hr_sync_nightly
from .importing import people_import_job


@shared_task(name="thidua.org.tasks.people_import_run")
def people_import_run(job_id: int) -> None:
    """Import an uploaded workbook of units and people (see importing.people_import)."""
    job_run(job_id=job_id, work=people_import_job)


@shared_task(name="thidua.org.tasks.hr_sync_job_run")
def hr_sync_job_run(job_id: int) -> None:
    """ "Sync now" from the HR sync page (see hr_sync.hr_sync_start)."""
    job_run(job_id=job_id, work=hr_sync_job)


@shared_task(name="thidua.org.tasks.hr_sync_scheduled")
def hr_sync_scheduled() -> int | None:
    """The nightly sync with the HR system's export (beat, config/celery.py): the dated
    changes whose day has come, then the file. Returns the run's id (None: no location set)."""
    run = hr_sync_nightly()
    return run.pk if run is not None else None
