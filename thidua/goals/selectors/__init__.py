"""Reads for goals, limited to what the viewer may see.

The goals' own reads are here; field visits' are in fieldwork.py, imported on its own
(`from thidua.goals.selectors import fieldwork`)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.nextsteps import shared
from thidua.org.models import Person, Unit
from thidua.org.rules import scope_assignments, viewer_scope

from .. import rollups, rules
from ..choices import GoalStatus, ProposalStatus, TaskStatus
from ..models import (
    CheckIn,
    CheckInDailyCount,
    Goal,
    GoalChangeProposal,
    GoalTemplate,
    KeyResult,
    Program,
    ProgressSnapshot,
    Task,
)


def visible_goals(*, viewer) -> QuerySet[Goal]:
    """Published goals, plus unpublished ones the viewer owns, assigned or is responsible for."""
    if not viewer.is_authenticated:
        return Goal.objects.none()
    scope = viewer_scope(viewer)
    if scope.everything:
        return Goal.objects.all()
    q = Q(status__in=GoalStatus.published()) | Q(assigned_by=viewer)
    if scope.person_id is not None:
        q |= Q(owner_person_id=scope.person_id)
    for path in scope.unit_paths:
        q |= Q(scope_unit__path__startswith=path)
    return Goal.objects.filter(q)


def _with_key_results(qs: QuerySet[Goal]) -> QuerySet[Goal]:
    return qs.select_related(
        "owner_unit", "owner_person", "program", "scope_unit"
    ).prefetch_related(Prefetch("key_results", queryset=KeyResult.objects.order_by("id")))


def goal_get(*, viewer, pk: int) -> Goal:
    goal = _with_key_results(Goal.objects.filter(pk=pk)).select_related("parent").first()
    if goal is None:
        raise Goal.DoesNotExist
    if not rules.can_view_goal(viewer, goal):
        raise PermissionDenied
    return goal


def _goal_visible(viewer, goal: Goal) -> None:
    if not rules.can_view_goal(viewer, goal):
        raise PermissionDenied


def key_result_get(*, viewer, pk: int) -> KeyResult:
    """A key result of a goal the viewer may see: KeyResult.DoesNotExist when there is none,
    PermissionDenied (as `goal_get`) when its goal is not theirs to see."""
    key_result = KeyResult.objects.select_related("goal__scope_unit").get(pk=pk)
    _goal_visible(viewer, key_result.goal)
    return key_result


def checkin_get(*, viewer, pk: int) -> CheckIn:
    """A check-in on a goal the viewer may see (CheckIn.DoesNotExist / PermissionDenied)."""
    checkin = CheckIn.objects.select_related("key_result__goal__scope_unit").get(pk=pk)
    _goal_visible(viewer, checkin.key_result.goal)
    return checkin


def goal_proposal_get(*, viewer, pk: int) -> GoalChangeProposal:
    """A proposed change to a goal the viewer may see (GoalChangeProposal.DoesNotExist /
    PermissionDenied); the head deciding it assigned the goal or covers its unit."""
    proposal = GoalChangeProposal.objects.select_related(
        "goal__scope_unit", "goal__parent__scope_unit"
    ).get(pk=pk)
    _goal_visible(viewer, proposal.goal)
    return proposal


def task_get(*, viewer, pk: int) -> Task:
    """A task of the viewer's own or of someone they manage (Task.DoesNotExist /
    PermissionDenied: a task is its owner's and their heads', as `can_manage_task`)."""
    task = Task.objects.select_related("owner__unit").get(pk=pk)
    if not rules.can_manage_task(viewer, task):
        raise PermissionDenied
    return task


def template_get(*, viewer, pk: int) -> GoalTemplate:
    """A goal template, for those who hand templates out (GoalTemplate.DoesNotExist /
    PermissionDenied): the catalogue is shared by every head, not scoped further."""
    if not rules.can_apply_templates(viewer):
        raise PermissionDenied
    return GoalTemplate.objects.select_related("position").get(pk=pk)


def goals_of_person(*, viewer, person: Person, period_on: date | None = None) -> QuerySet[Goal]:
    """The person's own goals and the goals of the teams they lead or belong to (thidua.teams
    marks a team goal with the reverse relation `team_link`; goals does not import teams; a
    member removed from a team, `left_on`, no longer belongs to it)."""
    # the teams' goals read first, as values: an OR across the teams' joins (or a subquery)
    # made PostgreSQL read every goal (20–25 ms a query at 100,000 goals and key results);
    # with values it reads the person's goals and these by their indexes
    team_goals = list(
        Goal.objects.filter(
            Q(team_link__team__members__person=person, team_link__team__members__left_on=None)
            | Q(team_link__team__lead=person)
        ).values_list("pk", flat=True)
    )
    mine = Q(owner_person=person) | Q(pk__in=team_goals) if team_goals else Q(owner_person=person)
    qs = visible_goals(viewer=viewer).filter(mine)
    if period_on is not None:
        qs = qs.filter(period_start__lte=period_on, period_end__gte=period_on)
    return _with_key_results(qs.exclude(status=GoalStatus.CANCELLED).distinct()).order_by(
        "period_start", "path"
    )


def goal_tree(*, viewer, unit: Unit, period_on: date | None = None) -> list[Goal]:
    """The unit-owned goals of a unit's subtree for the period containing a date, in tree
    order, each with `subgoals` and `people_goal_count` (personal goals under it, loaded on
    demand with goal_children). A fixed number of queries whatever the size."""
    qs = (
        visible_goals(viewer=viewer)
        .filter(scope_unit__path__startswith=unit.path)
        .exclude(status=GoalStatus.CANCELLED)
    )
    if period_on is not None:
        qs = qs.filter(period_start__lte=period_on, period_end__gte=period_on)
    goals: list[Any] = list(_with_key_results(qs.filter(owner_unit__isnull=False)).order_by("path"))
    ids = [g.pk for g in goals]
    if rollups.figures_are_stored():  # the stored counts (thidua.goals.rollups)
        people_counts = rollups.personal_goal_counts(
            viewer=viewer, parent_ids=ids, unit_path=unit.path, on=period_on
        )
    else:
        people_counts = dict(
            qs.filter(owner_person__isnull=False, parent_id__in=ids)
            .values("parent_id")
            .annotate(n=Count("id"))
            .values_list("parent_id", "n")
        )
    by_id = {g.pk: g for g in goals}
    roots: list[Goal] = []
    for goal in goals:
        goal.subgoals = []
        goal.people_goal_count = people_counts.get(goal.pk, 0)
    for goal in goals:
        parent = by_id.get(goal.parent_id)
        (parent.subgoals if parent is not None else roots).append(goal)
    return roots


def goal_children(*, viewer, goal: Goal) -> QuerySet[Goal]:
    """The visible goals cascaded directly from a goal, with their key results."""
    if not rules.can_view_goal(viewer, goal):
        raise PermissionDenied
    return _with_key_results(
        visible_goals(viewer=viewer).filter(parent=goal).exclude(status=GoalStatus.CANCELLED)
    ).order_by("owner_person__full_name", "title")


def checkin_history(*, viewer, key_result: KeyResult) -> QuerySet[CheckIn]:
    if not rules.can_view_goal(viewer, key_result.goal):
        raise PermissionDenied
    return key_result.checkins.select_related("created_by", "verified_by").order_by(
        "-checked_on", "-id"
    )


def program_list(*, viewer) -> QuerySet[Program]:
    if not viewer.is_authenticated:
        raise PermissionDenied
    return Program.objects.annotate(
        goal_count=Count("goals", filter=Q(goals__parent__isnull=True), distinct=True),
        at_risk_count=Count("goals", filter=Q(goals__is_at_risk=True), distinct=True),
    ).prefetch_related("indicators")


def program_get(*, viewer, pk: int) -> Program:
    if not viewer.is_authenticated:
        raise PermissionDenied
    return (
        Program.objects.select_related("predecessor", "successor")
        .prefetch_related("indicators__values")
        .get(pk=pk)
    )


def program_snapshots(*, program: Program, since: date | None = None) -> QuerySet[ProgressSnapshot]:
    qs = ProgressSnapshot.objects.filter(program=program, unit__isnull=True)
    return qs.filter(taken_on__gte=since) if since else qs


def at_risk_by_unit(*, viewer, on: date | None = None, stored: bool | None = None) -> list[dict]:
    """Active goals and those at risk per top-level unit (Cục/Vụ), in one grouped query:
    over the stored roll-ups once they are kept (thidua.goals.rollups; active goals are
    published, so every viewer counts the same; `stored`: whether they are, if known), else
    over the goals."""
    on = on or timezone.localdate()
    if stored is None:
        stored = rollups.figures_are_stored()
    if viewer.is_authenticated and stored:
        rows = rollups.active_goals_by_unit_path(on=on)
    else:
        rows = list(
            visible_goals(viewer=viewer)
            .filter(status=GoalStatus.ACTIVE, period_start__lte=on, period_end__gte=on)
            .values("scope_unit__path")
            .annotate(total=Count("id"), at_risk=Count("id", filter=Q(is_at_risk=True)))
            .values_list("scope_unit__path", "total", "at_risk")
        )
    units = {u.path: u for u in Unit.objects.filter(depth=1, valid_to__isnull=True)}
    totals: dict[str, dict] = {}
    for path, total, at_risk in rows:
        top_path = "/".join(path.split("/")[:2]) + "/"
        unit = units.get(top_path)
        if unit is None:
            continue
        entry = totals.setdefault(top_path, {"unit": unit, "total": 0, "at_risk": 0})
        entry["total"] += total
        entry["at_risk"] += at_risk
    return sorted(totals.values(), key=lambda e: (-e["at_risk"], e["unit"].sort_order))


def checkin_activity(*, viewer, weeks: int = 12, today: date | None = None) -> list[dict]:
    """Check-ins per week over the last weeks. For a viewer who sees everything, the stored
    daily counts of past days plus a live count of today; otherwise one grouped query over
    the goals the viewer may see."""
    today = today or timezone.localdate()
    since = today - timedelta(weeks=weeks)
    if not viewer_scope(viewer).everything:
        visible = visible_goals(viewer=viewer).values("pk")
        return list(
            CheckIn.objects.filter(
                checked_on__gte=since, checked_on__lte=today, key_result__goal__in=visible
            )
            .annotate(week=TruncWeek("checked_on"))
            .values("week")
            .annotate(n=Count("*"))
            .order_by("week")
        )
    by_week: dict[date, int] = {}
    stored = list(
        CheckInDailyCount.objects.filter(day__gte=since, day__lt=today).values_list(
            "day", "checkins"
        )
    )
    # Days after the last nightly count (at least today) are counted live; a check-in dated
    # into an already counted day shows after the next nightly recount of the last 14 days.
    live_since = max((day for day, _n in stored), default=since - timedelta(days=1)) + timedelta(
        days=1
    )
    live = (
        CheckIn.objects.filter(checked_on__gte=live_since, checked_on__lte=today)
        .values("checked_on")
        .annotate(n=Count("*"))
        .values_list("checked_on", "n")
    )
    for day, n in [*stored, *live]:
        week = day - timedelta(days=day.weekday())
        by_week[week] = by_week.get(week, 0) + n
    return [{"week": week, "n": n} for week, n in sorted(by_week.items()) if n]


def tasks_due(*, person: Person, within_days: int = 7, today: date | None = None) -> QuerySet[Task]:
    today = today or timezone.localdate()
    return (
        Task.objects.filter(
            owner=person,
            status__in=[TaskStatus.TODO, TaskStatus.DOING],
            due_date__lte=today + timedelta(days=within_days),
        )
        .select_related("key_result__goal__scope_unit")  # the goal it serves, and who sees it
        .order_by("due_date")
    )


WORK_SHOWN = 200  # tasks listed on a goal's page at most


def key_result_work(*, viewer, goal: Goal) -> dict[int, list[Task]]:
    """The tasks moving each key result of `goal` (a giao ban assignment, a task planned on
    it), not cancelled, open first: every one for whoever owns the goal or may edit it (the
    heads over its unit), the viewer's own for anyone else. One query."""
    scope = viewer_scope(viewer)
    qs = (
        Task.objects.filter(key_result__goal=goal)
        .exclude(status=TaskStatus.CANCELLED)
        .select_related("owner")
        .order_by(F("done_on").asc(nulls_first=True), "due_date", "id")
    )
    owner = scope.person_id is not None and goal.owner_person_id == scope.person_id
    if not (owner or rules.can_edit_goal(viewer, goal)):
        qs = qs.filter(owner_id=scope.person_id) if scope.person_id else qs.none()
    work: dict[int, list[Task]] = {}
    for task in qs[:WORK_SHOWN]:
        if task.key_result_id is not None:  # always, by the filter
            work.setdefault(task.key_result_id, []).append(task)
    return work


def checkins_due(
    *, person: Person, every_days: int = 7, today: date | None = None
) -> QuerySet[KeyResult]:
    """Key results of the person's active goals with no check-in in the last `every_days`;
    not those already at their target (100 %): nothing is left to report on them."""
    today = today or timezone.localdate()
    return (
        KeyResult.objects.filter(
            goal__owner_person=person,
            goal__status=GoalStatus.ACTIVE,
            goal__period_start__lte=today,
            goal__period_end__gte=today,
            progress__lt=1,
        )
        .filter(
            Q(last_checkin_on__isnull=True)
            | Q(last_checkin_on__lt=today - timedelta(days=every_days))
        )
        .select_related("goal")
    )


def goals_awaiting_response(*, viewer) -> QuerySet[Goal]:
    """Goals assigned to the viewer, or to a unit for which the viewer is the nearest head,
    that await acceptance. A unit's goal waits for its own head, not for every leader above:
    it falls to the viewer only when no unit between (the owner unit included) has a head of
    its own other than the one who assigned it (heads_below, is_nearest_head); the rules
    still let a head above accept it. Four queries."""
    scope = viewer_scope(viewer)
    own = Q(owner_person_id=scope.person_id) if scope.person_id else Q(pk__in=[])
    assigned = Goal.objects.filter(status=GoalStatus.ASSIGNED).exclude(assigned_by=viewer)
    if not scope.unit_paths:
        return assigned.filter(own)
    under = Q(pk__in=[])
    for path in scope.unit_paths:
        under |= Q(owner_unit__path__startswith=path)
    below = heads_below(viewer=viewer)
    nearest = [
        pk
        for pk, path, assigner in assigned.filter(under).values_list(
            "pk", "owner_unit__path", "assigned_by_id"
        )
        if is_nearest_head(
            viewer_paths=scope.unit_paths,
            below=below,
            unit_path=path,
            excluded={assigner} - {None},
        )
    ]
    return assigned.filter(own | Q(pk__in=nearest))


def proposals_awaiting_decision(*, viewer) -> QuerySet[GoalChangeProposal]:
    """The pending proposed changes the viewer may decide (rules.can_decide_proposal), newest
    first. One query: the queryset comes with its rows already read, so going through it or
    counting them reads nothing again (a filter, an ordering or a page of the API asks anew)."""
    pending = GoalChangeProposal.objects.filter(status=ProposalStatus.PENDING).select_related(
        "goal", "goal__parent__scope_unit", "goal__scope_unit"
    )
    decidable = [p for p in pending if rules.can_decide_proposal(viewer, p)]
    result = pending.filter(pk__in=[p.pk for p in decidable])
    result._result_cache = decidable  # the rows of `result`, in its order (pending's)
    return result


@dataclass(frozen=True)
class ProposedChange:
    """One line of a proposed change as a person reads it: the key result by its title, the
    proposed target as a number (the stored text "3.20000" becomes 3.2), the new wording."""

    key_result: str
    target: Decimal | None
    title: str


def goal_pending_proposals(
    *, viewer, goal: Goal, key_results: list[KeyResult]
) -> list[tuple[GoalChangeProposal, list[ProposedChange]]]:
    """The goal's pending proposed changes the viewer may decide, each with its lines in
    words (`key_results`: the goal's, already read; one query for the proposals)."""
    titles = {kr.pk: kr.title for kr in key_results}
    pending = goal.proposals.filter(status=ProposalStatus.PENDING).order_by("created_at", "pk")
    return [
        (proposal, [_proposed_change(change, titles) for change in proposal.changes or ()])
        for proposal in pending
        if rules.can_decide_proposal(viewer, proposal)
    ]


def _proposed_change(change: dict, titles: dict[int, str]) -> ProposedChange:
    try:
        target = Decimal(str(change["target"])) if change.get("target") not in (None, "") else None
    except InvalidOperation:
        target = None
    key_result = change.get("key_result")
    title = titles.get(key_result) if isinstance(key_result, int) else None
    return ProposedChange(
        key_result=title if title is not None else str(_("a key result no longer on this goal")),
        target=target,
        title=str(change.get("title") or ""),
    )


# ---------------------------------------------------------------- work waiting for a head
def heads_below(*, viewer, on: date | None = None) -> dict[str, set[int]]:
    """Units under the viewer's own units that have a head of their own (another user holding
    a unit-head or leadership role for that unit on the day): unit path → the user ids of
    those heads. A unit of the viewer's scope counts too when the viewer leads it only as
    leadership (a deputy minister over a block's units) and another user is its unit head:
    that head is nearer. Two heads of the same unit share its work. One query (the viewer's
    own assignments are those viewer_scope read; a second query for a day it did not read),
    once per work-list build (core.nextsteps.shared: the goals to accept, the check-ins to
    verify, emulation's ratings to propose and awards' drafts to send all ask it; outside a
    build each call reads anew). Callers only read the result."""
    paths = viewer_scope(viewer).unit_paths
    if not paths:
        return {}
    on = on or timezone.localdate()
    return shared(
        viewer, f"goals.heads_below:{on.isoformat()}", lambda: _heads_below(viewer, paths, on)
    )


def _heads_below(viewer, paths: tuple[str, ...], on: date) -> dict[str, set[int]]:
    from thidua.org.choices import Role
    from thidua.org.models import RoleAssignment

    under = Q(pk__in=[])
    for path in paths:
        under |= Q(unit__path__startswith=path)
    kept = scope_assignments(viewer, on=on)  # the viewer's own, as viewer_scope read them
    headed = (
        {a.unit.path for a in kept if a.role == Role.UNIT_HEAD and a.unit is not None}
        if kept is not None
        else set(
            RoleAssignment.objects.as_of(on)
            .filter(user=viewer, role=Role.UNIT_HEAD, unit__isnull=False)
            .values_list("unit__path", flat=True)
        )
    )
    heads: dict[str, set[int]] = {}
    for path, user_id, role in (
        RoleAssignment.objects.as_of(on)
        .filter(under, role__in=[Role.UNIT_HEAD, Role.LEADERSHIP])
        .exclude(user=viewer)
        .values_list("unit__path", "user_id", "role")
    ):
        if path in paths and (path in headed or role != Role.UNIT_HEAD):
            continue  # the viewer's own unit: a co-head or a leader shares its work
        heads.setdefault(path, set()).add(user_id)
    return heads


def is_nearest_head(
    *, viewer_paths, below: dict[str, set[int]], unit_path: str, excluded: set
) -> bool:
    """Whether the work of a unit falls to the viewer: the unit is in one of the viewer's
    units and no unit between (a sub-unit at or above it) has a head of its own who may do
    it (`excluded`: users who may not, e.g. the owner or the author)."""
    if not any(unit_path.startswith(p) for p in viewer_paths):
        return False
    return not any(unit_path.startswith(path) and users - excluded for path, users in below.items())


def unit_falls_to(*, viewer, unit: Unit) -> bool:
    """Whether the viewer is the head nearest a unit: it is in their units and neither it nor
    a unit between has a head of its own (their work falls to the viewer)."""
    paths = viewer_scope(viewer).unit_paths
    return bool(paths) and is_nearest_head(
        viewer_paths=paths, below=heads_below(viewer=viewer), unit_path=unit.path, excluded=set()
    )


@dataclass(frozen=True)
class VerificationWork:
    """A goal whose key results' latest check-ins wait for the viewer's verification."""

    goal_id: int
    goal_title: str
    owner_name: str
    count: int  # key results whose latest check-in is unverified
    since: datetime  # when the oldest of those check-ins was recorded


def checkins_awaiting_verification(*, viewer) -> list[VerificationWork]:
    """Active goals in the units the viewer heads whose key results' current value (the latest
    check-in) is not verified yet, where the viewer may verify it (goals.rules.
    can_verify_checkin: not their own goal, not their own check-in) and no head of a sub-unit
    nearer the goal may. Only the latest check-in counts: an older one no longer sets the
    value. Two queries; grouped by goal, oldest first (then by goal id)."""
    scope = viewer_scope(viewer)
    if not scope.unit_paths:
        return []
    under = Q(pk__in=[])
    for path in scope.unit_paths:
        under |= Q(goal__scope_unit__path__startswith=path)
    latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-checked_on", "-id")
    rows = (
        KeyResult.objects.filter(
            under,
            goal__status=GoalStatus.ACTIVE,
            current_is_verified=False,
            last_checkin_on__isnull=False,
        )
        .exclude(goal__owner_person_id=scope.person_id)
        .annotate(
            latest_by=Subquery(latest.values("created_by")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
            latest_verified=Subquery(latest.values("verified_at")[:1]),
        )
        .filter(latest_verified__isnull=True)
        .values_list(
            "goal_id",
            "goal__title",
            "goal__scope_unit__path",
            "goal__owner_person__user_id",
            "goal__owner_person__full_name",
            "goal__owner_unit__name",
            "latest_by",
            "latest_at",
        )
    )
    below = heads_below(viewer=viewer)
    goals: dict[int, dict] = {}
    for goal_id, title, path, owner_user, person_name, unit_name, by, at in rows:
        if (
            at is None
            or by == viewer.pk
            or not is_nearest_head(
                viewer_paths=scope.unit_paths,
                below=below,
                unit_path=path,
                excluded={owner_user, by} - {None},
            )
        ):
            continue
        entry = goals.setdefault(
            goal_id,
            {"title": title, "owner": person_name or unit_name or "", "count": 0, "since": at},
        )
        entry["count"] += 1
        entry["since"] = min(entry["since"], at)
    return sorted(
        (
            VerificationWork(
                goal_id=goal_id,
                goal_title=e["title"],
                owner_name=e["owner"],
                count=e["count"],
                since=e["since"],
            )
            for goal_id, e in goals.items()
        ),
        key=lambda w: (w.since, w.goal_id),  # a stable order for the page and the cursor
    )
