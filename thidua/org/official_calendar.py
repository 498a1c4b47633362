"""The official public holidays, days off and make-up working days (the rows data migrations
0006 (2024–2026) and 0009 (2027) load), loaded again where a database lost them: a test
database flushed by a transactional test, a database restored from a dump of tables without
them."""

import importlib

from django.apps import apps

_MIGRATIONS = [
    importlib.import_module(f"thidua.org.migrations.{name}")
    for name in ("0006_vietnam_holidays_2024_2026", "0009_vietnam_holidays_2027")
]
DAYS = [row for migration in _MIGRATIONS for row in migration.DAYS]


def official_calendar_ensure() -> int:
    """Load the official rows if any is missing; returns how many rows were missing."""
    from .models import WorkCalendarDay

    present = WorkCalendarDay.objects.filter(day__in=[row[0] for row in DAYS]).count()
    if present == len(DAYS):
        return 0
    for migration in _MIGRATIONS:
        migration.load(apps, None)
    return len(DAYS) - present
