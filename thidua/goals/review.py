"""The monthly review (báo cáo giao ban tháng) of strategy implementation.

`monthly_review` builds, for one month and one unit scope (or the whole ministry), per
programme: progress now and at month end, national indicators behind their trajectory,
goals at risk with their owners, the units leading and lagging, and key results whose
check-ins are overdue. Everything is read through `selectors.visible_goals`, so a viewer
never finds in the report a goal they could not open; the work is a fixed number of grouped
queries whatever the number of goals.

The page, the .xlsx and the .docx (review_views, review_export) render the same tree. The
national indicators and their trajectory are read in review_indicators.

Judgements made here:
- A goal counts for a month when its period overlaps the month and it is neither a draft
  nor cancelled (the statuses the roll-up counts, services.COUNTED).
- Progress over a scope is the weighted mean of the scope's *top* goals (those whose parent
  is not itself in the scope), so a cascade is not counted twice.
- "At risk" is the flag refreshed nightly (services.goals_refresh_risk); for a past month it
  is today's flag. Progress "now" is the stored progress; progress at month end is the last
  programme snapshot taken in that month, when there is one.
- Goals are grouped by programme line (thidua.goals.programmes): a programme and its
  successors are one line, shown as the member in force at month end, with the goals of
  every member; the dashboard groups the same way, so the two agree on any date.
- National indicators belong to the programme, not to a unit: a unit's review shows them
  for the programmes the unit has goals in (and only those programmes).
- A key result's check-in is overdue when its last check-in on or before month end (today,
  for the month under way) is more than CHECKIN_STALE_DAYS old, or when it never had one and
  its goal started more than CHECKIN_STALE_DAYS before that day; a key result whose last
  check-in reached its target, or due before the month, needs none.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils import timezone

from thidua.core import documents
from thidua.core.text import abbreviation
from thidua.org.constants import PATH_SEGMENT_WIDTH
from thidua.org.models import Unit
from thidua.org.selectors import unit_names_on

from .choices import GoalStatus
from .constants import CHECKIN_STALE_DAYS, PROGRESS_PLACES
from .models import CheckIn, Goal, KeyResult, ProgressSnapshot
from .programmes import LINE_FIELD, ProgrammeLines, programme_lines
from .review_indicators import IndicatorStatus, indicator_statuses
from .review_indicators import is_behind_trajectory as is_behind_trajectory
from .review_indicators import trajectory_value as trajectory_value
from .selectors import visible_goals

# ---------------------------------------------------------------- the official layout
# The legal formulas of Decree 30/2020/NĐ-CP (Quốc hiệu, Tiêu ngữ, ...) are in core.documents.
DOCUMENT_KIND = "BÁO CÁO"
DOCUMENT_KIND_CODE = "BC"
# The governing body when the units tree has none (the seeds' ministry).
DEFAULT_MINISTRY_NAME = "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"
# The number is a blank the document register fills in (core.documents.number_line).


def subject_line(*, year: int, month: int) -> str:
    """The trích yếu of the report."""
    return f"Kết quả thực hiện chiến lược tháng {month:02d}/{year}"


def number_line(*, short: str) -> str:
    """ "Số: ……/BC-CTHH": the number is left for the document register."""
    return documents.number_line(kind_code=DOCUMENT_KIND_CODE, short=short)


# ---------------------------------------------------------------- months and units
MIN_YEAR, MAX_YEAR = 2000, 2100
# Statuses a goal counts with in the review (drafts and cancelled goals do not).
REVIEWED_STATUSES = [
    GoalStatus.ASSIGNED,
    GoalStatus.CHANGES_PROPOSED,
    GoalStatus.ACTIVE,
    GoalStatus.CLOSED,
]
MAX_SCOPE_DEPTH = 2
RANKED = 3  # units shown as leading, and as lagging
PROGRESS_SUM = DecimalField(max_digits=30, decimal_places=8)
SEGMENT = PATH_SEGMENT_WIDTH + 1


def month_bounds(*, year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def review_units(*, viewer, year: int, month: int) -> QuerySet[Unit]:
    """The units a review may be scoped to: every unit down to depth 2 (Bộ, Cục/Vụ, phòng)
    that existed during the month. Names and the tree are public to staff."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    start, end = month_bounds(year=year, month=month)
    return (
        Unit.objects.filter(depth__lte=MAX_SCOPE_DEPTH, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("parent")
        .order_by("path")
    )


# ---------------------------------------------------------------- the report tree
@dataclass(frozen=True)
class Issuer:
    """Who issues the report: the governing body (cơ quan chủ quản) and the issuing unit."""

    governing_name: str  # in capitals; "" when the issuing unit is the top of the tree
    name: str  # in capitals, as printed
    short: str  # for the ký hiệu: BC-<short>
    unit_name: str  # as written elsewhere ("Bộ Thông tin và Truyền thông")


@dataclass(frozen=True)
class AtRiskGoal:
    goal_id: int
    title: str
    owner: str
    owner_unit: str  # the unit the goal belongs to
    progress: Decimal
    reasons: tuple[str, ...]  # RiskReason codes
    period_end: date


@dataclass(frozen=True)
class UnitStanding:
    unit_id: int
    name: str
    progress: Decimal
    goal_count: int
    at_risk_count: int


@dataclass(frozen=True)
class OverdueCheckin:
    key_result_id: int
    title: str
    goal_id: int
    goal_title: str
    owner: str
    owner_unit: str
    last_checkin_on: date | None
    days_since: int | None  # days from the last check-in to month end


@dataclass
class ProgrammeReview:
    program_id: int | None  # the line's member in force; None: goals outside the programmes
    number: int
    code: str
    name: str
    progress: Decimal | None  # now: stored, or over the scope's goals
    progress_month_end: Decimal | None
    month_end_taken_on: date | None
    goal_count: int = 0
    at_risk_count: int = 0
    indicators: list[IndicatorStatus] = field(default_factory=list)
    at_risk_goals: list[AtRiskGoal] = field(default_factory=list)
    ranking: list[UnitStanding] = field(default_factory=list)  # best first
    overdue_checkins: list[OverdueCheckin] = field(default_factory=list)
    is_illustrative: bool = False  # the programme in force is not in the sources (minh hoạ)
    continues: tuple[str, ...] = ()  # names of the earlier programmes of the line

    @property
    def indicators_behind(self) -> list[IndicatorStatus]:
        return [i for i in self.indicators if i.is_behind]

    @property
    def leading(self) -> list[UnitStanding]:
        """Up to three best units; with fewer than six ranked, the top half."""
        return self.ranking[: min(RANKED, len(self.ranking) // 2)]

    @property
    def lagging(self) -> list[UnitStanding]:
        """Up to three weakest units, weakest first; never one already leading."""
        count = min(RANKED, len(self.ranking) // 2)
        return list(reversed(self.ranking[len(self.ranking) - count :])) if count else []


@dataclass
class MonthlyReview:
    year: int
    month: int
    start: date
    end: date
    unit: Unit | None
    issuer: Issuer
    generated_on: date
    programmes: list[ProgrammeReview]

    @property
    def subject(self) -> str:
        return subject_line(year=self.year, month=self.month)

    @property
    def at_risk_total(self) -> int:
        return sum(len(p.at_risk_goals) for p in self.programmes)

    @property
    def overdue_total(self) -> int:
        return sum(len(p.overdue_checkins) for p in self.programmes)

    @property
    def indicators_behind_total(self) -> int:
        return sum(len(p.indicators_behind) for p in self.programmes)


# ---------------------------------------------------------------- the builder
def monthly_review(*, viewer, year: int, month: int, unit: Unit | None = None) -> MonthlyReview:
    """The monthly review for a month and a unit subtree (the whole ministry when None),
    limited to the goals the viewer may see. A fixed number of queries."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    start, end = month_bounds(year=year, month=month)
    goals = _goals_in_month(viewer=viewer, start=start, end=end, unit=unit)

    lines = programme_lines(on=end)
    totals = _programme_totals(goals, lines=lines)
    snapshots = _month_end_snapshots(start=start, end=end) if unit is None else {}

    reviews: dict[int | None, ProgrammeReview] = {}
    for line in lines:
        program = line.programme
        total = totals.get(program.pk)
        if unit is not None and total is None:
            continue  # the unit has no goals in this programme this month
        snapshot = snapshots.get(program.pk)
        reviews[program.pk] = ProgrammeReview(
            program_id=program.pk,
            number=program.number,
            code=program.code,
            name=program.name,
            progress=program.progress if unit is None else total["progress"],
            progress_month_end=snapshot.progress if snapshot else None,
            month_end_taken_on=snapshot.taken_on if snapshot else None,
            goal_count=total["goal_count"] if total else 0,
            at_risk_count=total["at_risk"] if total else 0,
            is_illustrative=program.is_illustrative,
            continues=tuple(p.name for p in line.earlier),
        )
    if None in totals:  # goals that belong to no programme
        total = totals[None]
        reviews[None] = ProgrammeReview(
            program_id=None,
            number=0,
            code="",
            name="",
            progress=total["progress"],
            progress_month_end=None,
            month_end_taken_on=None,
            goal_count=total["goal_count"],
            at_risk_count=total["at_risk"],
        )

    for status in indicator_statuses(program_ids=[pk for pk in reviews if pk], end=end):
        reviews[status[0]].indicators.append(status[1])
    for program_id, row in _at_risk_goals(goals):
        if (key := lines.key_of(program_id)) in reviews:
            reviews[key].at_risk_goals.append(row)
    for key, ranking in _unit_rankings(goals, unit=unit, lines=lines).items():
        if key in reviews:
            reviews[key].ranking = ranking
    # a month under way is measured today (a check-in of the 25th is not silent on the 7th)
    as_of = max(start, min(end, timezone.localdate()))
    for program_id, row in _overdue_checkins(goals, start=start, end=as_of):
        if (key := lines.key_of(program_id)) in reviews:
            reviews[key].overdue_checkins.append(row)

    return MonthlyReview(
        year=year,
        month=month,
        start=start,
        end=end,
        unit=unit,
        issuer=_issuer(unit, on=end),
        generated_on=timezone.localdate(),
        programmes=list(reviews.values()),
    )


def _goals_in_month(*, viewer, start: date, end: date, unit: Unit | None) -> QuerySet[Goal]:
    qs = visible_goals(viewer=viewer).filter(
        status__in=REVIEWED_STATUSES, period_start__lte=end, period_end__gte=start
    )
    if unit is not None:
        qs = qs.filter(scope_unit__path__startswith=unit.path)
    return qs


def _mean(weighted: Decimal | None, weights: Decimal | None) -> Decimal:
    if not weights:
        return Decimal(0)
    return (Decimal(weighted or 0) / Decimal(weights)).quantize(PROGRESS_PLACES)


def _grouped_sums(goals: QuerySet[Goal], *, keys: tuple[str, ...], top: Exists) -> list[dict]:
    """Per group of `keys`: goals counted, at risk, and the weight and weighted progress of
    the top goals (those for which `top`, a NOT EXISTS of the parent in the scope, holds).
    One grouped query, `top` evaluated once a goal: grouped by it, not filtered twice."""
    rows = (
        goals.annotate(is_top=top)
        .values(*keys, "is_top")
        .annotate(
            weighted=Sum(F("weight") * F("progress"), output_field=PROGRESS_SUM),
            weights=Sum("weight", output_field=PROGRESS_SUM),
            goal_count=Count("id"),
            at_risk=Count("id", filter=Q(is_at_risk=True, status=GoalStatus.ACTIVE)),
        )
        .order_by()
    )
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        into = merged.setdefault(
            key,
            {
                **dict(zip(keys, key, strict=True)),
                "goal_count": 0,
                "at_risk": 0,
                "weighted": 0,
                "weights": 0,
            },
        )
        into["goal_count"] += row["goal_count"]
        into["at_risk"] += row["at_risk"]
        if row["is_top"]:
            into["weighted"] += row["weighted"] or 0
            into["weights"] += row["weights"] or 0
    return list(merged.values())


def _programme_totals(goals: QuerySet[Goal], *, lines: ProgrammeLines) -> dict[int | None, dict]:
    """Per programme line: goals counted, at risk, and the weighted mean progress of the top
    goals of the scope (those whose parent is not in it). One grouped query."""
    parent_in_scope = goals.filter(pk=OuterRef("parent_id"))
    rows = _grouped_sums(lines.annotate(goals), keys=(LINE_FIELD,), top=~Exists(parent_in_scope))
    return {
        row[LINE_FIELD]: {
            "goal_count": row["goal_count"],
            "at_risk": row["at_risk"],
            "progress": _mean(row["weighted"], row["weights"]),
        }
        for row in rows
    }


def _month_end_snapshots(*, start: date, end: date) -> dict[int, ProgressSnapshot]:
    """The last programme snapshot taken during the month, per programme."""
    latest: dict[int, ProgressSnapshot] = {}
    for snapshot in ProgressSnapshot.objects.filter(
        unit__isnull=True, program__isnull=False, taken_on__gte=start, taken_on__lte=end
    ).order_by("program_id", "-taken_on"):
        latest.setdefault(snapshot.program_id, snapshot)
    return latest


def _owner_names(goal: Goal) -> tuple[str, str]:
    """(owner, the owner's unit): a person and their unit, or the owner unit twice."""
    if goal.owner_person_id is not None:
        person = goal.owner_person
        return person.full_name, person.unit.name
    return goal.owner_unit.name, goal.owner_unit.name


def at_risk_row(goal: Goal) -> AtRiskGoal:
    """A goal at risk as the review and the agenda list it (its owners read with it)."""
    return AtRiskGoal(
        goal_id=goal.pk,
        title=goal.title,
        owner=_owner_names(goal)[0],
        owner_unit=goal.scope_unit.name,
        progress=goal.progress,
        reasons=tuple(goal.risk_reasons or ()),
        period_end=goal.period_end,
    )


def _at_risk_goals(goals: QuerySet[Goal]) -> list[tuple[int | None, AtRiskGoal]]:
    """Active goals flagged at risk with their owners, weakest first. One query."""
    rows = (
        goals.filter(status=GoalStatus.ACTIVE, is_at_risk=True)
        .select_related("owner_person__unit", "owner_unit", "scope_unit")
        .order_by("progress", "path")
    )
    return [(goal.program_id, at_risk_row(goal)) for goal in rows]


def _unit_rankings(
    goals: QuerySet[Goal], *, unit: Unit | None, lines: ProgrammeLines
) -> dict[int | None, list]:
    """Per programme line, the scope's direct sub-units (depth-1 units for the whole ministry)
    ranked by the weighted mean progress of their top goals. Two queries: the grouped
    goals, and the units' names."""
    depth = unit.depth + 1 if unit is not None else 1
    key = Substr("scope_unit__path", 1, (depth + 1) * SEGMENT)
    keyed = goals.annotate(unit_key=key)
    parent_in_same_unit = keyed.filter(pk=OuterRef("parent_id"), unit_key=OuterRef("unit_key"))
    rows = _grouped_sums(
        lines.annotate(keyed.filter(scope_unit__depth__gte=depth)),
        keys=(LINE_FIELD, "unit_key"),
        top=~Exists(parent_in_same_unit),
    )
    if not rows:
        return {}
    units = {
        u.path: u
        for u in Unit.objects.filter(depth=depth, path__in={row["unit_key"] for row in rows}).only(
            "id", "name", "path", "sort_order"
        )
    }
    rankings: dict[int | None, list[tuple]] = defaultdict(list)
    for row in rows:
        sub = units.get(row["unit_key"])
        if sub is None:
            continue
        standing = UnitStanding(
            unit_id=sub.pk,
            name=sub.name,
            progress=_mean(row["weighted"], row["weights"]),
            goal_count=row["goal_count"],
            at_risk_count=row["at_risk"],
        )
        rankings[row[LINE_FIELD]].append((standing, sub.sort_order, sub.path))
    return {
        program_id: [
            s for s, _order, _path in sorted(items, key=lambda i: (-i[0].progress, i[1], i[2]))
        ]
        for program_id, items in rankings.items()
    }


def silent_key_results(goals: QuerySet[Goal], *, start: date, on: date) -> QuerySet[KeyResult]:
    """Key results of the active goals among `goals` silent on `on`: their last check-in on
    or before `on` more than CHECKIN_STALE_DAYS old and short of the target, or none and
    their goal started more than that before `on`; key results due before `start` need
    none. Annotated `last_on` and `last_progress`. The key result's stored last check-in
    (day and progress) answers for those not checked in since `on` — every one, for a month
    under way; the check-ins are read only for those checked in after it."""
    cutoff = on - timedelta(days=CHECKIN_STALE_DAYS)
    last = CheckIn.objects.filter(key_result=OuterRef("pk"), checked_on__lte=on).order_by(
        "-checked_on", "-id"
    )
    stored = Q(last_checkin_on__lte=on)
    # Those the stored columns alone can clear first: a key result last checked in between
    # the cutoff and `on` is not silent. Apart, this is a plain join the database hashes;
    # the check-ins below are read only for the few left (not probed per active goal).
    may_be_silent = (
        KeyResult.objects.filter(goal__in=goals.filter(status=GoalStatus.ACTIVE).values("pk"))
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=start))
        .exclude(last_checkin_on__gte=cutoff, last_checkin_on__lte=on)
    )
    return (
        KeyResult.objects.filter(pk__in=may_be_silent.values("pk"))
        .annotate(
            last_on=Case(
                When(stored, then=F("last_checkin_on")),
                When(last_checkin_on__isnull=True, then=Value(None, output_field=DateField())),
                default=Subquery(last.values("checked_on")[:1]),
                output_field=DateField(),
            ),
            last_progress=Case(
                When(stored, then=F("progress")),
                default=Subquery(last.values("progress")[:1]),
                output_field=PROGRESS_SUM,
            ),
        )
        .filter(
            Q(last_on__lt=cutoff, last_progress__lt=1)
            | Q(
                Exists(Goal.objects.filter(pk=OuterRef("goal_id"), period_start__lt=cutoff)),
                last_on__isnull=True,
            )
        )
    )


def silent_row(kr: KeyResult, *, last_on: date | None, on: date) -> OverdueCheckin:
    """A silent key result as the review and the agenda list it (its goal and owners read
    with it), its days counted to `on`."""
    owner, owner_unit = _owner_names(kr.goal)
    return OverdueCheckin(
        key_result_id=kr.pk,
        title=kr.title,
        goal_id=kr.goal_id,
        goal_title=kr.goal.title,
        owner=owner,
        owner_unit=owner_unit,
        last_checkin_on=last_on,
        days_since=(on - last_on).days if last_on else None,
    )


def _overdue_checkins(
    goals: QuerySet[Goal], *, start: date, end: date
) -> list[tuple[int | None, OverdueCheckin]]:
    """Key results silent on `end` (month end, or today in the month under way:
    silent_key_results), never checked in first, then the longest silent. One query."""
    rows = (
        silent_key_results(goals, start=start, on=end)
        .select_related("goal__owner_person__unit", "goal__owner_unit")
        .order_by("goal__path", "id")
    )
    result = [(kr.goal.program_id, silent_row(kr, last_on=kr.last_on, on=end)) for kr in rows]
    result.sort(key=lambda item: item[1].last_checkin_on or date.min)
    return result


def _issuer(unit: Unit | None, *, on: date | None = None) -> Issuer:
    """The issuing unit (the scope, or the top of the tree) and its governing body, under
    the names they bore on `on` (the month's end: a 2024 review is issued by the Ministry of
    Information and Communications, a later one by the merged ministry)."""
    if unit is None:
        unit = (
            Unit.objects.filter(depth=0, valid_to__isnull=True)
            .order_by("sort_order", "path")
            .first()
        )
        if unit is None:
            return Issuer(
                governing_name="",
                name=DEFAULT_MINISTRY_NAME,
                short="",
                unit_name=DEFAULT_MINISTRY_NAME.capitalize(),
            )
    names = unit_names_on(units=[u for u in (unit, unit.parent) if u is not None], on=on)
    name = names[unit.pk][0]
    governing = names[unit.parent_id][0].upper() if unit.parent_id else ""
    return Issuer(  # the ký hiệu from its name's initials (BC-BKHCN), never "Bộ KH&CN"
        governing_name=governing, name=name.upper(), short=abbreviation(name), unit_name=name
    )
