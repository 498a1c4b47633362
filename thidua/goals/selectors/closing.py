"""Goals whose period has ended and that a head still has to close (services.goal_close)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.org.rules import viewer_scope

from .. import rules
from ..choices import GoalStatus
from ..models import Goal


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
