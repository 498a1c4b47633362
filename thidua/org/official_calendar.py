"""The official public holidays, days off and make-up working days (the rows data migration
0006 loads), loaded again where a database lost them: a test database flushed by a
transactional test, a database restored from a dump of tables without them."""

import importlib

from django.apps import apps

_MIGRATION = importlib.import_module("thidua.org.migrations.0006_vietnam_holidays_2024_2026")
DAYS = _MIGRATION.DAYS


def official_calendar_ensure() -> int:
    """Load the official rows if any is missing; returns how many rows were missing."""
    from .models import WorkCalendarDay

    present = WorkCalendarDay.objects.filter(day__in=[row[0] for row in DAYS]).count()
    if present == len(DAYS):
        return 0
    _MIGRATION.load(apps, None)
    return len(DAYS) - present
