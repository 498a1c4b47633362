from celery import shared_task

from thidua.core.jobs import job_run


@shared_task(name="thidua.assistant.tasks.index_rebuild_run")
def index_rebuild_run(job_id: int) -> None:
    """Rebuild the assistant's search index (services.index_rebuild_job)."""
    from .services import index_rebuild_job

    job_run(job_id=job_id, work=index_rebuild_job)


@shared_task(name="thidua.assistant.tasks.index_merge_if_needed")
def index_merge_if_needed() -> None:
    """Merge the delta index into a new build when it has grown (services.index_merge_if_needed)."""
    from .services import index_merge_if_needed as merge

    merge()
