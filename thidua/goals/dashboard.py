"""Reads for the ministry dashboard and the programme page, scoped to the viewer.

Each page costs a fixed number of queries whatever the number of goals, check-ins or
snapshots: goal counts are grouped in SQL, snapshots and indicator values come in one
query each, and the charts are drawn in Python from those rows (thidua.goals.charts).

The dashboard shows one card per programme line in force on its date (thidua.goals.programmes:
a programme and its successors), counting the goals of every member of the line whose period
covers the date, grouped exactly as the monthly review groups them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rollups, selectors
from .charts import (
    PALETTE,
    ColumnChart,
    LineChart,
    RowChart,
    Series,
    column_chart,
    downsample,
    line_chart,
    pivot,
    row_chart,
)
from .choices import GoalStatus
from .models import Goal, Indicator, IndicatorValue, Program, ProgressSnapshot
from .programmes import (
    LINE_FIELD,
    ProgrammeLine,
    ProgrammeLines,
    programme_lines,
)
from .trajectory import Trajectory

HISTORY_DAYS = 365  # progress-over-time charts show the last year
MAX_POINTS = 53  # about one point a week: a year of nightly snapshots stays a light page
ACTIVITY_WEEKS = 12
EXPECTED_PLACES = Decimal("0.01")
# Goals that count towards a programme (as in its progress): not drafts, not cancelled.
NOT_COUNTED = [GoalStatus.DRAFT, GoalStatus.CANCELLED]


@dataclass(frozen=True)
class ProgramCard:
    """A programme line with the viewer's counts of its goals in force on the dashboard's date;
    shaped for goals/partials/_progress. `program` is the line's member in force."""

    program: Program
    color: str
    top_goals: int
    at_risk_goals: int
    goal_count: int = 0  # all goals counted (not drafts, not cancelled) in force on the date
    line: ProgrammeLine | None = None

    @property
    def progress(self) -> Decimal:
        return self.program.progress

    @property
    def progress_verified(self) -> Decimal:
        return self.program.progress_verified

    is_at_risk = False  # a programme is not flagged itself; its goals are
    risk_reasons = ()


@dataclass(frozen=True)
class Dashboard:
    today: date
    cards: list[ProgramCard]
    progress_chart: LineChart
    progress_table: list  # (date, [progress of each programme or None])
    at_risk_chart: RowChart
    activity_chart: ColumnChart
    # The chart's rows with their units (selectors.at_risk_by_unit), for the API.
    at_risk_units: tuple = ()


@dataclass(frozen=True)
class Measurement:
    value: IndicatorValue
    expected: Decimal  # the trajectory's value on the same date, to two decimals for reading
    is_behind: bool  # from the exact value


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    measurements: list[Measurement]  # by date
    latest: IndicatorValue | None
    expected: Decimal | None  # where the trajectory puts it on the latest value's date
    is_behind: bool | None  # None until something is measured
    chart: LineChart


@dataclass(frozen=True)
class ProgramPage:
    today: date
    program: Program
    top_goals: list[Goal]
    at_risk_goals: int
    indicators: list[IndicatorRow]
    progress_chart: LineChart
    progress_table: list

    @property
    def has_ended(self) -> bool:
        """The programme's period is over (its successor, if any, goes on)."""
        return self.program.period_end < self.today

    @property
    def predecessor(self) -> Program | None:
        return self.program.predecessor

    @property
    def successor(self) -> Program | None:
        return getattr(self.program, "successor", None)  # loaded with the programme


def line_goal_counts(
    *, viewer, lines: ProgrammeLines, on: date, stored: bool | None = None
) -> dict[int, dict]:
    """Per programme line in force on a date (keyed by its member in force): the goals the
    viewer may see whose period covers the date, not drafts nor cancelled, in all, at the
    top level, and at risk (anywhere in the cascade). One grouped query: over the stored
    roll-ups once they are kept (thidua.goals.rollups; `stored`: whether they are, if
    known), else over the goals."""
    if stored if stored is not None else rollups.figures_are_stored():
        counts: dict[int, dict] = {}
        for program_id, row in rollups.program_goal_counts(
            viewer=viewer, on=on, excluded=NOT_COUNTED
        ).items():
            key = lines.key_of(program_id)
            if key is None:
                continue
            entry = counts.setdefault(key, {LINE_FIELD: key, "total": 0, "top": 0, "at_risk": 0})
            for name in ("total", "top", "at_risk"):
                entry[name] += row[name]
        return counts
    return line_goal_counts_live(viewer=viewer, lines=lines, on=on)


def line_goal_counts_live(*, viewer, lines: ProgrammeLines, on: date) -> dict[int, dict]:
    """line_goal_counts counted over the goals themselves."""
    qs = selectors.visible_goals(viewer=viewer).filter(
        program__isnull=False, period_start__lte=on, period_end__gte=on
    )
    rows = (
        lines.annotate(qs.exclude(status__in=NOT_COUNTED))
        .order_by()
        .values(LINE_FIELD)
        .annotate(
            total=Count("pk"),
            top=Count("pk", filter=Q(parent__isnull=True)),
            at_risk=Count("pk", filter=Q(is_at_risk=True)),
        )
    )
    return {row[LINE_FIELD]: row for row in rows if row[LINE_FIELD] is not None}


def _goal_counts(*, viewer, program_id: int | None = None) -> dict[int, dict]:
    """Top-level goals and goals at risk (anywhere in the cascade) per programme, among the
    goals the viewer may see: one grouped query."""
    qs = selectors.visible_goals(viewer=viewer).filter(program__isnull=False)
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    rows = (
        qs.exclude(status__in=NOT_COUNTED)
        .order_by()
        .values("program_id")
        .annotate(
            top=Count("pk", filter=Q(parent__isnull=True)),
            at_risk=Count("pk", filter=Q(is_at_risk=True)),
        )
    )
    return {row["program_id"]: row for row in rows}


def _progress_series(snapshots, programs: list[Program], colors: dict[int, str]) -> list[Series]:
    points: dict[int, list] = defaultdict(list)
    for program_id, taken_on, progress in snapshots:
        points[program_id].append((taken_on, progress))
    return [
        Series(str(p), downsample(points[p.pk], MAX_POINTS), color=colors[p.pk])
        for p in programs
        if points[p.pk]
    ]


def _along_lines(snapshots, lines: ProgrammeLines) -> list[tuple[int, date, object]]:
    """Snapshots re-keyed by programme line: each day's point is that of the member in force
    that day, so a line's curve goes on from a programme to its successor."""
    points = []
    for program_id, taken_on, progress in snapshots:
        line = lines.line_of(program_id)
        if line is None:
            continue
        member = line.member_on(taken_on)
        if member is not None and member.pk == program_id:
            points.append((line.key, taken_on, progress))
    points.sort(key=lambda p: (p[0], p[1]))
    return points


def _weeks(*, since: date, today: date) -> list[date]:
    """Mondays of the whole weeks from `since` up to this (still running) week."""
    monday = since - timedelta(days=since.weekday())
    if monday < since:
        monday += timedelta(weeks=1)
    this_week = today - timedelta(days=today.weekday())
    weeks = []
    while monday <= this_week:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def ministry_dashboard(*, viewer, today: date | None = None) -> Dashboard:
    """One card per programme, progress over time, goals at risk by unit, weekly check-ins."""
    today = today or timezone.localdate()
    if not viewer.is_authenticated:
        raise PermissionDenied
    lines = programme_lines(on=today)
    programs = [line.programme for line in lines]
    colors = {p.pk: PALETTE[i % len(PALETTE)] for i, p in enumerate(programs)}
    stored = rollups.figures_are_stored()
    counts = line_goal_counts(viewer=viewer, lines=lines, on=today, stored=stored)
    cards = [
        ProgramCard(
            program=line.programme,
            color=colors[line.key],
            top_goals=counts.get(line.key, {}).get("top", 0),
            at_risk_goals=counts.get(line.key, {}).get("at_risk", 0),
            goal_count=counts.get(line.key, {}).get("total", 0),
            line=line,
        )
        for line in lines
    ]

    snapshots = (
        ProgressSnapshot.objects.filter(
            program__isnull=False,
            unit__isnull=True,
            taken_on__gt=today - timedelta(days=HISTORY_DAYS),
            taken_on__lte=today,
        )
        .order_by("program_id", "taken_on")
        .values_list("program_id", "taken_on", "progress")
    )
    series = _progress_series(_along_lines(snapshots, lines), programs, colors)

    at_risk = selectors.at_risk_by_unit(viewer=viewer, on=today, stored=stored)
    at_risk_items = [(e["unit"].name, e["at_risk"], e["total"]) for e in at_risk]

    since = today - timedelta(weeks=ACTIVITY_WEEKS)
    per_week = {
        _as_date(row["week"]): row["n"]
        for row in selectors.checkin_activity(viewer=viewer, weeks=ACTIVITY_WEEKS, today=today)
    }
    activity = [(week, per_week.get(week, 0)) for week in _weeks(since=since, today=today)]

    return Dashboard(
        today=today,
        cards=cards,
        # Eight lines of dots would be a heavy page; the data table has every value.
        progress_chart=line_chart(series, y_include=(0, 1), max_markers=1),
        progress_table=pivot(series),
        at_risk_chart=row_chart(at_risk_items),
        activity_chart=column_chart(activity),
        at_risk_units=tuple(at_risk),
    )


def _indicator_row(indicator: Indicator) -> IndicatorRow:
    values = list(indicator.values.all())  # prefetched, by date
    trajectory = Trajectory(
        baseline_value=indicator.baseline_value,
        baseline_on=indicator.baseline_on,
        target_value=indicator.target_value,
        target_on=indicator.target_on,
        direction=indicator.direction,
    )
    measurements = [
        Measurement(
            value=v,
            expected=trajectory.expected_on(v.measured_on).quantize(
                EXPECTED_PLACES, rounding=ROUND_HALF_UP
            ),
            is_behind=trajectory.is_behind(value=v.value, on=v.measured_on),
        )
        for v in values
    ]
    latest = measurements[-1] if measurements else None
    chart = line_chart(
        [
            Series(
                _("Trajectory"),
                [
                    (indicator.baseline_on, indicator.baseline_value),
                    (indicator.target_on, indicator.target_value),
                ],
                color="#5f6368",
                dashed=True,
            ),
            Series(_("Measured"), [(v.measured_on, v.value) for v in values], color=PALETTE[0]),
        ],
        x_tick_count=3,
    )
    return IndicatorRow(
        indicator=indicator,
        measurements=measurements,
        latest=latest.value if latest else None,
        expected=latest.expected if latest else None,
        is_behind=latest.is_behind if latest else None,
        chart=chart,
    )


def program_page(*, viewer, pk: int, today: date | None = None) -> ProgramPage:
    """A programme with its national indicators (each against its trajectory), its top-level
    goals the viewer may see, and its progress over time. Raises Program.DoesNotExist."""
    today = today or timezone.localdate()
    program = selectors.program_get(viewer=viewer, pk=pk)
    top_goals = list(
        selectors.visible_goals(viewer=viewer)
        .filter(program=program, parent__isnull=True)
        .exclude(status=GoalStatus.CANCELLED)
        .select_related("owner_unit", "owner_person")
        .order_by("path")
    )
    counts = _goal_counts(viewer=viewer, program_id=program.pk).get(program.pk, {})
    # the year up to today, or to the programme's last day once it has ended (the nightly
    # snapshots after it repeat its final figure)
    until = min(today, program.period_end)
    snapshots = (
        selectors.program_snapshots(program=program, since=until - timedelta(days=HISTORY_DAYS - 1))
        .filter(taken_on__lte=until)
        .values_list("taken_on", "progress")
    )
    points = downsample(list(snapshots), MAX_POINTS)
    series = [Series(str(program), points, color=PALETTE[0])] if points else []
    return ProgramPage(
        today=today,
        program=program,
        top_goals=top_goals,
        at_risk_goals=counts.get("at_risk", 0),
        indicators=[_indicator_row(i) for i in program.indicators.all()],
        progress_chart=line_chart(series, y_include=(0, 1)),
        progress_table=pivot(series),
    )
