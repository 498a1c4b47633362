"""Goals whose period has ended and that a head still has to close (services.goal_close):
`goals_to_close`, all those the viewer may close (the page /goals/to-close/), and
`goals_waiting_to_close`, those that wait for the viewer as the nearest head ("Việc của tôi")."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.org.rules import viewer_scope

from .. import rules
from ..choices import GoalStatus
from ..models import Goal
from . import heads_below, is_nearest_head


def goals_to_close(*, viewer) -> QuerySet[Goal]:
    """Active goals of the units the viewer heads (their subtrees) whose period ended before
    today: those they may close (rules.can_close_goal). Ministry-wide roles see none here —
    the heads close their units' goals — though the rules let them close any."""
    scope = viewer_scope(viewer)
    if not scope.unit_paths or not rules._is_manager(viewer):
        return Goal.objects.none()
    under = Q(pk__in=[])
    for path in scope.unit_paths:
        under |= Q(scope_unit__path__startswith=path)
    return (
        Goal.objects.filter(under, status=GoalStatus.ACTIVE, period_end__lt=timezone.localdate())
        .select_related("scope_unit", "owner_unit", "owner_person")
        .order_by("period_end", "pk")
    )


def goals_waiting_to_close(*, viewer) -> list[Goal]:
    """Of `goals_to_close`, those waiting for the viewer as the head nearest the goal: the
    head of its unit (for a person's goal, of the person's unit), else the nearest head
    above — a unit head, then the leader over the block or the ministry — so that a goal
    whose units have no head still waits for someone (selectors.is_nearest_head). Everyone
    above may still close them from the page; the work item is the nearest head's. Two
    queries at most."""
    goals = list(goals_to_close(viewer=viewer))
    if not goals:
        return []
    paths = viewer_scope(viewer).unit_paths
    below = heads_below(viewer=viewer)
    return [
        goal
        for goal in goals
        if is_nearest_head(
            viewer_paths=paths, below=below, unit_path=goal.scope_unit.path, excluded=set()
        )
    ]
