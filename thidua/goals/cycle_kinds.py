"""The kinds of work goals measures the cycle time of (thidua.goals.cycle_time): tasks
(created → done), check-in verification (recorded → verified) and goal change proposals
(proposed → decided). Each item links to its goal, shown only when the viewer may see it."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import ProposalStatus, TaskStatus
from .cycle_time import (
    CycleKind,
    Opened,
    local_date,
    register,
    top_unit_paths,
    unit_names,
    unit_reach,
)
from .models import CheckIn, Goal, GoalChangeProposal, Task

TASK = "goals.task"
VERIFICATION = "goals.verification"
PROPOSAL = "goals.proposal"


def tasks():
    """Tasks not cancelled: from their creation (a local date) to the day they were done."""
    return Task.objects.exclude(status=TaskStatus.CANCELLED).annotate(
        c_start=local_date("created_at"),
        c_end=F("done_on"),
        c_path=F("owner__unit__path"),
    )


def _goals_opened(viewer, goal_of: dict[int, int], titles: dict[int, tuple[str, str]]):
    goals = {
        g.pk: g
        for g in Goal.objects.filter(pk__in=set(goal_of.values())).select_related("scope_unit")
    }
    opened = {}
    for pk, goal_id in goal_of.items():
        goal = goals.get(goal_id)
        if goal is not None and rules.can_view_goal(viewer, goal):
            title, detail = titles[pk]
            opened[pk] = Opened(title, reverse("goals:detail", args=[goal.pk]), detail)
    return opened


def tasks_opened(viewer, ids: list[int]) -> dict:
    rows = Task.objects.filter(pk__in=ids, key_result__isnull=False).values_list(
        "pk", "title", "owner__full_name", "key_result__goal_id"
    )
    goal_of = {pk: goal_id for pk, _t, _o, goal_id in rows}
    titles = {pk: (title, owner) for pk, title, owner, _g in rows}
    return _goals_opened(viewer, goal_of, titles)


def verifications():
    return CheckIn.objects.annotate(
        c_start=F("created_at"),
        c_end=F("verified_at"),
        c_path=F("key_result__goal__scope_unit__path"),
    )


def verifications_opened(viewer, ids: list[int]) -> dict:
    rows = CheckIn.objects.filter(pk__in=ids).values_list(
        "pk", "key_result__title", "key_result__goal__title", "key_result__goal_id"
    )
    goal_of = {pk: goal_id for pk, _k, _g, goal_id in rows}
    titles = {pk: (kr, goal) for pk, kr, goal, _i in rows}
    return _goals_opened(viewer, goal_of, titles)


def proposals():
    return GoalChangeProposal.objects.annotate(
        c_start=F("created_at"),
        c_end=F("decided_at"),
        c_path=F("goal__scope_unit__path"),
    )


def proposals_opened(viewer, ids: list[int]) -> dict:
    rows = GoalChangeProposal.objects.filter(pk__in=ids).values_list("pk", "goal__title", "goal_id")
    goal_of = {pk: goal_id for pk, _t, goal_id in rows}
    titles = {pk: (title, "") for pk, title, _g in rows}
    return _goals_opened(viewer, goal_of, titles)


def register_goal_kinds() -> None:
    register(
        CycleKind(
            key=TASK,
            label=_("Tasks (created → done)"),
            order=10,
            items=tasks,
            reach=unit_reach,
            opened=tasks_opened,
            group_names=unit_names,
            top_paths=top_unit_paths,
            dates=True,
            open_q=Q(status__in=[TaskStatus.TODO, TaskStatus.DOING]),
        )
    )
    register(
        CycleKind(
            key=VERIFICATION,
            label=_("Check-in verification (recorded → verified)"),
            order=30,
            items=verifications,
            reach=unit_reach,
            opened=verifications_opened,
            group_names=unit_names,
            top_paths=top_unit_paths,
            # Waiting: the latest check-in of a key result whose value is not verified yet.
            open_q=Q(
                c_end__isnull=True,
                key_result__current_is_verified=False,
                key_result__last_checkin_on=F("checked_on"),
            ),
        )
    )
    register(
        CycleKind(
            key=PROPOSAL,
            label=_("Goal change proposals (proposed → decided)"),
            order=40,
            items=proposals,
            reach=unit_reach,
            opened=proposals_opened,
            group_names=unit_names,
            top_paths=top_unit_paths,
            open_q=Q(status=ProposalStatus.PENDING),
        )
    )
