"""Cycle time ("cá lớn không bằng cá nhanh"): how long work takes from its start to its end,
per kind of work, per month and per unit, for the ministry dashboard.

Kinds are registered by the apps that own the work, in their AppConfig.ready(): goals
registers tasks, check-in verification and goal change proposals; upper apps (awards,
meetings, party) register theirs, so goals never imports them (docs/ARCHITECTURE.md).

A kind gives a queryset annotated with `c_start`, `c_end` (null while open) and `c_path`
(the tree path the item belongs to: a unit's, or a Party body's), and says which items the
viewer may count and open. Medians and the 90th percentile are computed in SQL on
PostgreSQL (percentile_cont) and in Python elsewhere.

The dashboard reads the ministry-wide figures from `CycleTimeStat`, refreshed every night
(one row per kind, month and top-level unit, plus the whole ministry); a head's own units
are computed live over their subtree only.

Laid out by reason to change, all importable from here: the registry of kinds and the reach
helpers in `cycle_registry.py`, the statistics and the nightly summary in `cycle_stats.py`,
the dashboard panel in `cycle_panel.py`; a key result measured by a unit's median task cycle
time in this module.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record

from .cycle_panel import (
    SPARK_HEIGHT,
    SPARK_PAD,
    SPARK_WIDTH,
    CyclePanel,
    KindPanel,
    MonthFigure,
    SlowItem,
    Sparkline,
    UnitFigure,
    cycle_panel,
    sparkline,
)
from .cycle_registry import (
    CycleKind,
    Opened,
    ViewerReach,
    _kinds,
    kinds,
    local_date,
    register,
    top_unit_paths,
    unit_names,
    unit_reach,
)
from .cycle_stats import (
    ALL,
    KEPT_MONTHS,
    MONTHS,
    SLOWEST,
    SLOWEST_CANDIDATES,
    TOP_PREFIX,
    Days,
    Percentile,
    Stat,
    _days,
    _decimal,
    add_months,
    closed_stats,
    month_start,
    percentile,
    refresh_summary,
    slowest_ids,
)

# The registry, the statistics and the panel live in sibling modules and stay importable
# from here.
__all__ = [
    # the registry and the reach helpers
    "ViewerReach",
    "Opened",
    "CycleKind",
    "register",
    "kinds",
    "unit_reach",
    "top_unit_paths",
    "unit_names",
    "local_date",
    # the statistics and the nightly summary
    "MONTHS",
    "KEPT_MONTHS",
    "SLOWEST",
    "SLOWEST_CANDIDATES",
    "TOP_PREFIX",
    "ALL",
    "Days",
    "Percentile",
    "percentile",
    "month_start",
    "add_months",
    "Stat",
    "closed_stats",
    "slowest_ids",
    "refresh_summary",
    # the dashboard panel
    "MonthFigure",
    "UnitFigure",
    "SlowItem",
    "KindPanel",
    "CyclePanel",
    "SPARK_WIDTH",
    "SPARK_HEIGHT",
    "SPARK_PAD",
    "Sparkline",
    "sparkline",
    "cycle_panel",
    # a key result measured
    "MEASURE_DAYS",
    "unit_task_median",
    "measured_checkins_record",
]


# ---------------------------------------------------------------- a key result measured
MEASURE_DAYS = 30  # a measured key result's window: the tasks done in the last 30 days


def unit_task_median(*, unit_path: str, today: date) -> Stat:
    """The median task cycle time (days) in a unit's subtree over the MEASURE_DAYS days up
    to `today`: one query over that window (a unit's month of tasks, a bounded set)."""
    from .cycle_kinds import TASK

    kind = _kinds[TASK]
    values = [
        max(float(d), 0.0)
        for d in kind.items()
        .filter(
            c_end__gte=today - timedelta(days=MEASURE_DAYS - 1),
            c_end__lte=today,
            c_path__startswith=unit_path,
        )
        .annotate(c_days=_days(kind))
        .values_list("c_days", flat=True)
    ]
    return Stat(len(values), percentile(values, 0.5), percentile(values, 0.9))


def measured_checkins_record(*, today: date | None = None) -> int:
    """For every key result of an active goal whose value is measured (source: the unit's
    median task cycle time), record today's value as an automatic check-in (once a day,
    audited). Returns the number of check-ins recorded."""
    from . import services
    from .choices import Confidence, GoalsAudit, GoalStatus, KeyResultSource
    from .models import CheckIn, KeyResult

    today = today or timezone.localdate()
    recorded = 0
    key_results = KeyResult.objects.filter(
        source=KeyResultSource.UNIT_TASK_CYCLE_DAYS,
        goal__status=GoalStatus.ACTIVE,
        goal__period_start__lte=today,
        goal__period_end__gte=today,
    ).select_related("goal__scope_unit")
    for key_result in key_results:
        if CheckIn.objects.filter(
            key_result=key_result, checked_on=today, is_automatic=True
        ).exists():
            continue
        stat = unit_task_median(unit_path=key_result.goal.scope_unit.path, today=today)
        if stat.median is None:
            continue
        value = _decimal(stat.median)
        checkin = services.checkin_create(
            actor=SYSTEM,
            key_result=key_result,
            value=value,
            confidence=Confidence.ON_TRACK if value <= key_result.target else Confidence.AT_RISK,
            checked_on=today,
            comment=_measured_comment(items=stat.items, today=today),
        )
        CheckIn.objects.filter(pk=checkin.pk).update(is_automatic=True)
        audit_record(
            actor=SYSTEM,
            action=GoalsAudit.CHECKIN_MEASURED,
            target=key_result,
            checkin=checkin.pk,
            value=str(value),
            tasks=stat.items,
            on=today.isoformat(),
        )
        recorded += 1
    return recorded


def _measured_comment(*, items: int, today: date) -> str:
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    with override("vi"):
        return _(
            "Measured automatically: the median cycle time of %(n)s tasks done in the "
            "%(days)s days to %(day)s."
        ) % {"n": items, "days": MEASURE_DAYS, "day": date_format(today, "SHORT_DATE_FORMAT")}
