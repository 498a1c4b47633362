"""The part of the audit log a unit head reads: events on the people and units they lead."""

from django.db.models import Q

from thidua.core.audit import targets_q

from .models import Person, Unit
from .rules import viewer_scope


def paths_q(field: str, paths) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def led_unit_paths(viewer) -> tuple[str, ...] | None:
    """The unit subtrees the viewer leads (unit head, leadership of units); None if none.
    Ministry-wide roles give no part of the log here: the whole log is the administrators'."""
    scope = viewer_scope(viewer)
    return scope.unit_paths or None


def org_audit_scope(viewer) -> Q | None:
    paths = led_unit_paths(viewer)
    if paths is None:
        return None
    return targets_q(Person, Person.objects.filter(paths_q("unit__path", paths))) | targets_q(
        Unit, Unit.objects.filter(paths_q("path", paths))
    )
