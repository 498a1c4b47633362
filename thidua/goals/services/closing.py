"""Closing goals whose period has ended: the head who may edit a goal (rules.can_close_goal)
closes it once its period's last day has passed; its progress is kept as it stands, and a
closed goal takes no more check-ins (key_results.checkin_create). Its risk flags, and its
key results', are cleared: a closed goal shows its final result, not "at risk" (the nightly
refresh flags active goals only, refresh.goals_refresh_risk)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.transitions import transition

from .. import rules
from ..choices import GoalsAudit, GoalStatus
from ..models import Goal, KeyResult
from ._common import _day
from .goals import GOAL_FLOW


def _close_one(*, actor, goal: Goal, note: str) -> Goal:
    goal = Goal.objects.select_for_update().select_related("scope_unit").get(pk=goal.pk)
    if not rules.can_close_goal(actor, goal):
        raise PermissionDenied(_("You may not close this goal."))
    if goal.status == GoalStatus.CLOSED:
        raise ValidationError(_("The goal “%(title)s” is already closed.") % {"title": goal.title})
    if goal.status != GoalStatus.ACTIVE:
        raise ValidationError(
            _("Only a goal in progress can be closed: “%(title)s” is not.") % {"title": goal.title}
        )
    if goal.period_end >= timezone.localdate():
        raise ValidationError(
            _("The goal “%(title)s” can be closed only after its period ends (%(end)s).")
            % {"title": goal.title, "end": _day(goal.period_end)}
        )
    transition(
        goal,
        flow=GOAL_FLOW,
        to=GoalStatus.CLOSED,
        also={"is_at_risk": False, "risk_reasons": []},
        actor=actor,
        action=GoalsAudit.GOAL_CLOSED,
        audited=["status", "progress", "progress_verified"],
        note=note.strip()[:500],
    )
    KeyResult.objects.filter(goal=goal, is_at_risk=True).update(is_at_risk=False, risk_reasons=[])
    return goal


@transaction.atomic
def goal_close(*, actor, goal: Goal, note: str = "") -> Goal:
    """Close an active goal whose period has ended; its final progress is the one stored."""
    return _close_one(actor=actor, goal=goal, note=note)


@transaction.atomic
def goals_close_ended(*, actor, goals: Iterable[Goal], note: str = "") -> list[Goal]:
    """Close several goals at once: all of them, or none when one may not be closed."""
    return [_close_one(actor=actor, goal=goal, note=note) for goal in goals]
