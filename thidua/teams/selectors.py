"""Reads of teams: the teams a person may see, their members and goals, and the team goals
of a person (for their own list and their monthly score)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult
from thidua.org.models import Person
from thidua.org.rules import viewer_scope

from . import rules
from .models import Team, TeamMember


def teams_visible(*, viewer: Any) -> QuerySet[Team]:
    """Teams the viewer belongs to, leads, or whose host unit they cover."""
    if viewer is None or not viewer.is_authenticated:
        return Team.objects.none()
    scope = viewer_scope(viewer)
    qs = Team.objects.select_related("unit", "lead")
    if scope.everything:
        return qs
    q = Q(pk__in=[])
    if scope.person_id is not None:
        q |= Q(lead_id=scope.person_id) | Q(members__person_id=scope.person_id)
    for path in scope.unit_paths:
        q |= Q(unit__path__startswith=path)
    return qs.filter(q).distinct()


def team_get(*, viewer: Any, pk: int) -> Team:
    team = Team.objects.select_related("unit", "lead").get(pk=pk)
    if not rules.can_view_team(viewer, team):
        raise PermissionDenied
    return team


def team_members(*, team: Team) -> list[Person]:
    return [
        m.person
        for m in team.members.filter(left_on__isnull=True)
        .select_related("person", "person__unit")
        .order_by("person__full_name")
    ]


def team_former_members(*, team: Team) -> list[TeamMember]:
    """The people removed from the team (their row kept with the day they left), the latest
    to leave first; each row's `person` (with their unit) is read with it."""
    return list(
        team.members.filter(left_on__isnull=False)
        .select_related("person", "person__unit")
        .order_by("-left_on", "person__full_name")
    )


def team_goals(*, team: Team) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(team_link__team=team)
        .exclude(status=GoalStatus.CANCELLED)
        .prefetch_related("key_results")
        .order_by("period_start", "path")
    )


def member_q(person: Person, prefix: str = "", since: date | None = None) -> Q:
    """Goals (via `prefix`) of the teams the person leads or belongs to: today (a member
    removed is no longer one), or with `since` at any time from that day on (a member
    removed or a team closed that day or later still counts)."""
    team = f"{prefix}team_link__team"
    if since is None:
        member = Q(**{f"{team}__members__person": person, f"{team}__members__left_on": None})
        return member | Q(**{f"{team}__lead": person})
    member = Q(**{f"{team}__members__person": person}) & (
        Q(**{f"{team}__members__left_on": None}) | Q(**{f"{team}__members__left_on__gte": since})
    )
    open_then = Q(**{f"{team}__closed_on": None}) | Q(**{f"{team}__closed_on__gte": since})
    return (member | Q(**{f"{team}__lead": person})) & open_then


def team_goals_of_person(*, person: Person, period_on: date | None = None) -> QuerySet[Goal]:
    """The goals of the person's teams (shown in their own list)."""
    qs = Goal.objects.filter(member_q(person)).exclude(status=GoalStatus.CANCELLED).distinct()
    if period_on is not None:
        qs = qs.filter(period_start__lte=period_on, period_end__gte=period_on)
    return (
        qs.select_related("team_link__team")
        .prefetch_related("key_results")
        .order_by("period_start", "path")
    )


def team_key_results_of_person(*, person: Person, start: date, end: date) -> QuerySet[KeyResult]:
    """Key results of the person's team goals in force between two dates (for the monthly
    score: a team's results count in each member's score)."""
    return (
        KeyResult.objects.filter(
            member_q(person, "goal__", since=start),
            goal__status__in=GoalStatus.published(),
            goal__period_start__lte=end,
            goal__period_end__gte=start,
        )
        .distinct()
        .order_by("goal_id", "id")
    )


def form_choices(*, viewer: Any) -> tuple[QuerySet, QuerySet]:
    """Units that may host a team the viewer forms, and the people they may put in it."""
    from thidua.org.models import Unit

    scope = viewer_scope(viewer)
    units = Unit.objects.filter(valid_to__isnull=True, depth__lte=2).order_by("path")
    people = Person.objects.filter(is_active=True).select_related("unit")
    if not scope.everything:
        uq, pq = Q(pk__in=[]), Q(pk__in=[])
        for path in scope.unit_paths:
            uq |= Q(path__startswith=path)
            pq |= Q(unit__path__startswith=path)
        units, people = units.filter(uq), people.filter(pq)
    ids = list(people.order_by("unit__path", "full_name").values_list("pk", flat=True)[:600])
    return units, Person.objects.filter(pk__in=ids).select_related("unit").order_by(
        "unit__path", "full_name"
    )
