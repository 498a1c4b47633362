"""Stored "1% a day" days per unit and month, for the goal tree's streak panel at scale.

At 100,000 people logging most days, grouping a month's improvements of a Cục's people on each
request took ~150 ms on PostgreSQL; the panel reads instead a few rows per unit
(rollup_models.UnitStreakRollup): per unit, month and set of days with an improvement (a bit
per day of the month), how many of the unit's active people logged exactly those days, the
people with none under the empty set. Who kept the streak over some working days is then the
sum over the rows whose set holds all of them — one query for a subtree, any date.

Kept exact for the improvements: a month is rebuilt in full by the nightly refresh (today's
and last month's, and once any month with entries not yet stored); an entry saved or deleted
recounts its person's unit for that month after the commit. Who belongs to a unit is read at
the rebuild: a person moved, hired or leaving shows in the counts from the next night. Months
never rebuilt (StreakRollupMonth) are counted live by thidua.goals.streaks.
"""

from calendar import monthrange
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from thidua.org.models import Person, Unit

from .models import DailyLog
from .rollup_models import StreakRollupMonth, UnitStreakRollup

CHUNK = 5000


def month_end(month: date) -> date:
    """The month's last day (December 9999's too)."""
    return month.replace(day=monthrange(month.year, month.month)[1])


def days_mask(days: Iterable[date]) -> int:
    """Bit d-1 for each day d of the month."""
    mask = 0
    for day in days:
        mask |= 1 << (day.day - 1)
    return mask


def _month_rows(*, month: date, unit_ids: list[int] | None = None) -> list[UnitStreakRollup]:
    people = Person.objects.filter(is_active=True)
    if unit_ids is not None:
        people = people.filter(unit_id__in=unit_ids)
    logs = (
        DailyLog.objects.filter(
            person__in=people.values("pk"),
            is_improvement=True,
            logged_on__gte=month,
            logged_on__lte=month_end(month),
        )
        .order_by()
        .values_list("person__unit_id", "person_id", "logged_on")
        .distinct()
    )
    masks: dict[tuple[int, int], int] = {}
    for unit_id, person_id, day in logs.iterator(chunk_size=CHUNK):
        masks[unit_id, person_id] = masks.get((unit_id, person_id), 0) | 1 << (day.day - 1)
    counts = Counter((unit_id, mask) for (unit_id, _), mask in masks.items())
    logged = Counter(unit_id for unit_id, _ in masks)
    for unit_id, n in people.order_by().values_list("unit_id").annotate(n=Count("pk")):
        if n > logged[unit_id]:
            counts[unit_id, 0] = n - logged[unit_id]
    return [
        UnitStreakRollup(unit_id=unit_id, month=month, days=mask, people=n)
        for (unit_id, mask), n in counts.items()
    ]


@transaction.atomic
def streak_rollups_refresh(*, months: Iterable[date]) -> int:
    """Rebuild the rows of some months for every unit; returns the rows written."""
    written = 0
    for month in sorted({m.replace(day=1) for m in months}):
        StreakRollupMonth.objects.select_for_update().filter(month=month).first()
        UnitStreakRollup.objects.filter(month=month).delete()
        written += len(
            UnitStreakRollup.objects.bulk_create(_month_rows(month=month), batch_size=CHUNK)
        )
        StreakRollupMonth.objects.update_or_create(
            month=month, defaults={"refreshed_at": timezone.now()}
        )
    return written


def streak_rollups_refresh_nightly(*, today: date) -> int:
    """Today's and last month's rows, and any month with entries never stored."""
    this_month = today.replace(day=1)
    months = {this_month, (this_month - timedelta(days=1)).replace(day=1)}
    stored = set(StreakRollupMonth.objects.values_list("month", flat=True))
    logged = DailyLog.objects.filter(is_improvement=True).dates("logged_on", "month")
    months |= {m for m in logged if m not in stored and m <= this_month}
    return streak_rollups_refresh(months=months)


@transaction.atomic
def streak_rollups_refresh_for(*, person_ids: Iterable[int], months: Iterable[date]) -> None:
    """Recount the units of some people for some months, if those months are stored."""
    stored = list(
        StreakRollupMonth.objects.select_for_update().filter(
            month__in={m.replace(day=1) for m in months}
        )
    )
    if not stored:
        return
    unit_ids = sorted(
        set(Person.objects.filter(pk__in=set(person_ids)).values_list("unit_id", flat=True))
    )
    for state in stored:
        UnitStreakRollup.objects.filter(month=state.month, unit_id__in=unit_ids).delete()
        UnitStreakRollup.objects.bulk_create(_month_rows(month=state.month, unit_ids=unit_ids))


def dailylog_changed(sender, instance: DailyLog, **kwargs) -> None:
    """After an entry is saved or deleted: recount its person's unit for its month once the
    transaction commits (nothing when the month is not stored)."""
    if kwargs.get("raw"):
        return
    person_id, month = instance.person_id, instance.logged_on.replace(day=1)
    transaction.on_commit(
        lambda: streak_rollups_refresh_for(person_ids=[person_id], months=[month])
    )


def stored_counts(*, unit: Unit, month: date, required: list[date]) -> tuple[int, int, int] | None:
    """(people, kept, active) of the unit's subtree in a stored month, None if it is not
    stored: kept = those whose days hold every required day (none if no day is required).
    Two queries."""
    if not StreakRollupMonth.objects.filter(month=month).exists():
        return None
    need = days_mask(required)
    totals = (
        UnitStreakRollup.objects.filter(month=month, unit__path__startswith=unit.path)
        .annotate(held=F("days").bitand(need))
        .order_by()
        .aggregate(
            everyone=Sum("people"),
            kept=Sum("people", filter=Q(held=need)),
            logged=Sum("people", filter=Q(days__gt=0)),
        )
    )
    return (
        totals["everyone"] or 0,
        (totals["kept"] or 0) if required else 0,
        totals["logged"] or 0,
    )
