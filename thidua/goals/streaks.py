"""The "1% mỗi ngày" (seed 004: 1,01³⁶⁵ ≈ 37,8): the improvement streak counted in working days.

A streak is the run of consecutive working days, back from today, each with at least one small
improvement in the daily log. Weekly days off, public holidays and days off (the dated working
calendar, thidua.org.work_calendar) neither count nor break it; today does not break it before
the day is over. The compounding compares 1,01ⁿ (1% better on each of n working days) with
1,00ⁿ and 0,99ⁿ."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.org.models import Person, Unit
from thidua.org.rules import can_view_unit_private
from thidua.org.selectors import people_in_subtree
from thidua.org.work_calendar import WorkCalendar, is_working_day, work_calendar, working_days

from .charts import PALETTE, LineChart, Series, downsample, line_chart
from .models import DailyLog
from .streak_rollups import month_end, stored_counts

# How far back a streak is looked for: well over a year of working days.
LOOKBACK_DAYS = 550
CHART_POINTS = 60


def compounded(rate: float, n: int) -> Decimal:
    """rate ** n to two decimal places (1,01 ** 365 = 37,78)."""
    return Decimal(repr(rate**n)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def streak_length(*, logged: set[date], today: date, calendar: WorkCalendar, since: date) -> int:
    """Consecutive working days with an entry, back from today (today itself may still be
    empty), not looking before `since`. Pure: the calendar and the logged days are given."""
    streak, day = 0, today
    if day not in logged:
        day -= timedelta(days=1)
    while day >= since:
        if is_working_day(day, calendar):
            if day not in logged:
                break
            streak += 1
        day -= timedelta(days=1)
    return streak


@dataclass(frozen=True)
class Streak:
    days: int  # the current streak, in working days
    improvement_days_this_year: int  # n: working days of this year with an improvement
    improvements_this_year: int  # entries marked as an improvement this year
    working_days_so_far: int  # working days from 1 January to today
    working_days_in_year: int
    logged_today: bool
    today_is_working_day: bool

    @property
    def better(self) -> Decimal:
        """1,01ⁿ: 1% better on each working day with an improvement this year."""
        return compounded(1.01, self.improvement_days_this_year)

    @property
    def same(self) -> Decimal:
        return compounded(1.0, self.improvement_days_this_year)

    @property
    def worse(self) -> Decimal:
        return compounded(0.99, self.improvement_days_this_year)

    @property
    def year_better(self) -> Decimal:
        """1,01 to the year's working days: 1% better on every working day of the year."""
        return compounded(1.01, self.working_days_in_year)

    @property
    def year_worse(self) -> Decimal:
        return compounded(0.99, self.working_days_in_year)


def _improvement_days(*, person: Person, start: date, end: date) -> set[date]:
    return set(
        DailyLog.objects.filter(
            person=person, is_improvement=True, logged_on__gte=start, logged_on__lte=end
        )
        .values_list("logged_on", flat=True)
        .distinct()
    )


def improvement_streak(*, person: Person, today: date | None = None) -> Streak:
    """The person's streak in working days and this year's compounding (three queries)."""
    today = today or timezone.localdate()
    since = min(today - timedelta(days=LOOKBACK_DAYS), date(today.year, 1, 1))
    year_end = date(today.year, 12, 31)
    calendar = work_calendar(start=since, end=year_end)
    logged = _improvement_days(person=person, start=since, end=today)
    so_far = working_days(date(today.year, 1, 1), today, calendar)
    return Streak(
        days=streak_length(logged=logged, today=today, calendar=calendar, since=since),
        improvement_days_this_year=sum(1 for d in so_far if d in logged),
        improvements_this_year=DailyLog.objects.filter(
            person=person, is_improvement=True, logged_on__year=today.year
        ).count(),
        working_days_so_far=len(so_far),
        working_days_in_year=len(working_days(date(today.year, 1, 1), year_end, calendar)),
        logged_today=today in logged,
        today_is_working_day=is_working_day(today, calendar),
    )


def compounding_chart(*, person: Person, today: date | None = None) -> LineChart:
    """This year's working days so far (x: the k-th working day) against 1,01ᵏ, 1,00ᵏ, 0,99ᵏ
    and the person's own line: 1% up on each working day they logged an improvement."""
    today = today or timezone.localdate()
    start = date(today.year, 1, 1)
    calendar = work_calendar(start=start, end=today)
    days = working_days(start, today, calendar)
    logged = _improvement_days(person=person, start=start, end=today)
    mine, own = [0], 0
    for day in days:
        own += day in logged
        mine.append(own)
    ks = downsample(list(range(len(days) + 1)), CHART_POINTS)
    return line_chart(
        [
            Series(
                _("1% better every working day"),
                [(k, compounded(1.01, k)) for k in ks],
                color=PALETTE[0],
            ),
            Series(_("Unchanged"), [(k, Decimal(1)) for k in ks], color="#5f6368"),
            Series(
                _("1% worse every working day"),
                [(k, compounded(0.99, k)) for k in ks],
                color=PALETTE[1],
            ),
            Series(
                _("You: 1% on each day you improved"),
                [(k, compounded(1.01, mine[k])) for k in ks],
                color=PALETTE[2],
                dashed=True,
            ),
        ],
        y_include=(0, 1),
        max_markers=0,
    )


@dataclass(frozen=True)
class UnitStreaks:
    people: int  # active people in the unit and the units under it
    kept: int  # people with an improvement on every working day of the month so far
    active: int  # people with at least one improvement in the month
    month_start: date
    required_days: int  # the working days that "every working day so far" means
    until: date | None  # the last of those days
    is_current_month: bool = True  # the month is today's ("this month")


def _required_days(*, month_start: date, today: date, calendar: WorkCalendar) -> list[date]:
    """The working days a streak must cover in a month: all of them for a past month; from
    the 1st to yesterday for today's month — or today, on its first working day; none for a
    month still to come."""
    if month_start > today:
        return []
    end = month_end(month_start)
    if end < today:
        return working_days(month_start, end, calendar)
    required = working_days(month_start, today - timedelta(days=1), calendar)
    if not required and is_working_day(today, calendar):
        required = [today]
    return required


def _live_counts(
    *, unit: Unit, month_start: date, last: date, required: list[date]
) -> tuple[int, int, int]:
    """(people, kept, active) counted from the entries: two queries."""
    people = people_in_subtree(unit=unit)
    per_person = (
        DailyLog.objects.filter(
            person__in=people.values("pk"),
            is_improvement=True,
            logged_on__gte=month_start,
            logged_on__lte=last,
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("logged_on", distinct=True, filter=Q(logged_on__in=required or [last])))
    )
    counts = per_person.aggregate(
        active=Count("person_id"), kept=Count("person_id", filter=Q(n=len(required)))
    )
    kept = counts["kept"] if required else 0
    return people.count(), kept, counts["active"]


def unit_streaks(*, unit: Unit, today: date | None = None, on: date | None = None) -> UnitStreaks:
    """How many people of a unit (and the units under it) kept the streak in the month of
    `on` (today's by default): an improvement on every working day of it so far (see
    _required_days), and how many recorded at least one improvement in it. At most five
    queries, however large the unit: the calendar and its weekly days off, whether the month
    is stored, then its stored rows (thidua.goals.streak_rollups) or, live, the people and
    the improvements grouped per person and counted in the database."""
    today = today or timezone.localdate()
    month_start = (on or today).replace(day=1)
    last = min(month_end(month_start), today)
    calendar = work_calendar(start=month_start, end=max(last, month_start))
    required = _required_days(month_start=month_start, today=today, calendar=calendar)
    stored = stored_counts(unit=unit, month=month_start, required=required)
    if stored is not None:  # the stored days per unit (thidua.goals.streak_rollups)
        people, kept, active = stored
    else:
        people, kept, active = _live_counts(
            unit=unit, month_start=month_start, last=last, required=required
        )
    return UnitStreaks(
        people=people,
        kept=kept,
        active=active,
        month_start=month_start,
        required_days=len(required),
        until=required[-1] if required else None,
        is_current_month=month_start == today.replace(day=1),
    )


def unit_streak_panel(
    *, viewer, unit: Unit, on: date | None = None, today: date | None = None
) -> UnitStreaks | None:
    """The unit's streak counts for a viewer allowed to see its people's private data (its
    heads, the leadership above it: org.rules.can_view_unit_private), None for anyone else."""
    if not can_view_unit_private(viewer, unit):
        return None
    return unit_streaks(unit=unit, today=today, on=on)
