"""The month's facts in brief, for a giao ban agenda: what the monthly review (review.py) says
over one or several units, counted whole, with only the first rows of its lists.

The agenda shows per programme line the goals counted and at risk and the national indicators
behind, the weakest goals at risk, the key results silent longest and the lagging units. The
review builds every row of every list (all goals at risk, every silent key result, with their
owners) and the progress of each programme; here the lists are cut in the database (one
query each, its total counted beside the rows by a window) and nothing the agenda does not
show is computed. The same judgements as review.py: the same goals (review._goals_in_month),
the same programme lines, the same rankings (review._unit_rankings), a key result silent by
the same rule, measured on the agenda's day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet, Window

from thidua.org.models import Unit

from .choices import GoalStatus
from .models import Goal, KeyResult
from .programmes import LINE_FIELD, programme_lines
from .review import (
    AtRiskGoal,
    OverdueCheckin,
    UnitStanding,
    _goals_in_month,
    _unit_rankings,
    at_risk_row,
    month_bounds,
    silent_key_results,
    silent_row,
)
from .review_indicators import indicator_statuses


@dataclass(frozen=True)
class ProgrammeBrief:
    name: str  # the line's member in force at month end; "" for goals outside the programmes
    goal_count: int
    at_risk_count: int
    indicators_behind: int


@dataclass
class MonthBrief:
    year: int
    month: int
    reviewed: int = 0  # goals counted in the month over the units
    programmes: list[ProgrammeBrief] = field(default_factory=list)
    at_risk_goals: list[AtRiskGoal] = field(default_factory=list)  # weakest first
    at_risk_total: int = 0
    overdue_checkins: list[OverdueCheckin] = field(default_factory=list)  # silent longest first
    overdue_total: int = 0
    standings: list[UnitStanding] = field(default_factory=list)  # per line and sub-unit


def month_brief(
    *, viewer, year: int, month: int, units: Sequence[Unit | None], on: date, rows: int
) -> MonthBrief:
    """The facts of `year`/`month` over `units` (None: the whole ministry) as `viewer` may
    see them, key results judged silent on `on`, each list cut at `rows`. Queries: one for the
    programmes' counts, one for the indicators, two for each list, two per unit for the
    rankings."""
    start, end = month_bounds(year=year, month=month)
    goals = _goals_in_month(viewer=viewer, start=start, end=end, unit=None)
    if None not in units:
        in_units = Q(pk__in=[])
        for unit in units:
            in_units |= Q(scope_unit__path__startswith=unit.path)  # type: ignore[union-attr]
        goals = goals.filter(in_units)
    brief = MonthBrief(year=year, month=month)
    lines = programme_lines(on=end)
    counts = {
        row[LINE_FIELD]: row
        for row in lines.annotate(goals)
        .values(LINE_FIELD)
        .annotate(
            goal_count=Count("id"),
            at_risk=Count("id", filter=Q(is_at_risk=True, status=GoalStatus.ACTIVE)),
        )
        .order_by()
    }
    brief.reviewed = sum(row["goal_count"] for row in counts.values())
    # a unit's review names the programmes it has goals in; the ministry's, every programme
    shown = [line.programme for line in lines if None in units or line.key in counts]
    behind: dict[int, int] = {}
    for program_id, status in indicator_statuses(program_ids=[p.pk for p in shown], end=end):
        behind[program_id] = behind.get(program_id, 0) + int(status.is_behind)
    for program in shown:
        row = counts.get(program.pk) or {"goal_count": 0, "at_risk": 0}
        brief.programmes.append(
            ProgrammeBrief(
                program.name, row["goal_count"], row["at_risk"], behind.get(program.pk, 0)
            )
        )
    if None in counts:
        row = counts[None]
        brief.programmes.append(ProgrammeBrief("", row["goal_count"], row["at_risk"], 0))
    brief.at_risk_total = sum(row["at_risk"] for row in counts.values())
    brief.at_risk_goals = _at_risk_goals(goals, rows=rows) if brief.at_risk_total else []
    brief.overdue_checkins, brief.overdue_total = _silent_key_results(
        goals, start=start, on=on, rows=rows
    )
    for unit in units:
        scoped = goals if unit is None else goals.filter(scope_unit__path__startswith=unit.path)
        for ranking in _unit_rankings(scoped, unit=unit, lines=lines).values():
            brief.standings.extend(ranking)
    return brief


def _at_risk_goals(goals: QuerySet[Goal], *, rows: int) -> list[AtRiskGoal]:
    """Active goals flagged at risk, weakest first (as the review orders them), the first
    `rows`: their ids sorted on the goals alone, then those few read with their owners (two
    queries; at month's end most goals of a month can be at risk)."""
    weakest = list(
        goals.filter(status=GoalStatus.ACTIVE, is_at_risk=True)
        .order_by("progress", "path")
        .values_list("pk", flat=True)[:rows]
    )
    found = Goal.objects.filter(pk__in=weakest).select_related(
        "owner_person__unit", "owner_unit", "scope_unit"
    )
    by_id = {goal.pk: goal for goal in found}
    return [at_risk_row(by_id[pk]) for pk in weakest]


def _silent_key_results(
    goals: QuerySet[Goal], *, start: date, on: date, rows: int
) -> tuple[list[OverdueCheckin], int]:
    """Key results silent on `on` (review.silent_key_results, the review's rule), never
    checked in first, then the longest silent; the first `rows` and how many there are.
    Two queries: the ids with the total, then those few with their owners."""
    first = list(
        silent_key_results(goals, start=start, on=on)
        .annotate(total=Window(Count("id")))
        .order_by(F("last_on").asc(nulls_first=True), "goal_id", "id")
        .values_list("pk", "last_on", "total")[:rows]
    )
    related = KeyResult.objects.filter(pk__in=[pk for pk, _on, _total in first])
    by_id = {
        kr.pk: kr for kr in related.select_related("goal__owner_person__unit", "goal__owner_unit")
    }
    listed = [silent_row(by_id[pk], last_on=last_on, on=on) for pk, last_on, _total in first]
    return listed, first[0][2] if first else 0
