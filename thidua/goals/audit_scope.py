"""The part of the audit log a unit head reads: events on the goals and key results of the
units they lead."""

from django.db.models import Q

from thidua.core.audit import targets_q
from thidua.org.audit_scope import led_unit_paths, paths_q

from .models import Goal, KeyResult


def goals_audit_scope(viewer) -> Q | None:
    paths = led_unit_paths(viewer)
    if paths is None:
        return None
    return targets_q(Goal, Goal.objects.filter(paths_q("scope_unit__path", paths))) | targets_q(
        KeyResult, KeyResult.objects.filter(paths_q("goal__scope_unit__path", paths))
    )
