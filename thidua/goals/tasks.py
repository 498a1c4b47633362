from celery import shared_task

from . import services


@shared_task(name="thidua.goals.tasks.goals_refresh_nightly")
def goals_refresh_nightly() -> int:
    """Time passing puts goals at risk on its own: refresh flags and take today's snapshot."""
    return services.goals_refresh_nightly()
