"""Editing a movement while it is a draft: its name, kind, objectives, period, launching unit,
units taking part, clusters and criteria, checked as when it was drafted (the checks of
services.movement_checks.check_draft, shared with services.movements.movement_create). Only
the emulation office edits, and only a draft: once launched, units register against what was
announced. One transaction, the row locked, one audit event naming the fields that changed;
nothing is written when nothing changed.

A draft has no registrations and no scores (both come after launch), so its criteria are
replaced as a whole by the list sent, in its order.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.org.models import Unit, UnitGroup

from .. import rules
from ..choices import EmulationAudit
from ..models import Criterion, Movement
from .movement_checks import check_draft
from .movements import _criterion_build, _lock

CRITERION_FIELDS = ("name", "description", "weight", "max_points", "source")


def _criteria_of(movement: Movement) -> list[tuple]:
    return [
        tuple(getattr(c, f) for f in CRITERION_FIELDS)
        for c in Criterion.objects.filter(movement=movement).order_by("order", "id")
    ]


@transaction.atomic
def movement_update(
    *,
    actor,
    movement: Movement,
    name: str,
    kind: str,
    objectives: str,
    period_start: date,
    period_end: date,
    launched_by: Unit,
    scope_units: Iterable[Unit],
    criteria: Iterable[Mapping[str, Any]],
    clusters: Iterable[UnitGroup] = (),
    programs: Iterable | None = None,
) -> Movement:
    """Change a draft movement: every field is given (the criteria as a whole list, in order);
    `programs` None keeps the programmes it serves. Returns the movement as saved."""
    if not rules.can_manage_movement(actor):
        raise PermissionDenied(_("Only the emulation office may edit a movement."))
    row = _lock(movement)
    if not rules.can_edit_movement(actor, row):
        raise ValidationError(
            _("Only a draft movement can be edited: this one has already been launched."),
            code="not_draft",
        )
    name, objectives = (name or "").strip(), (objectives or "").strip()
    scope_units, clusters, criteria = list(scope_units), list(clusters), list(criteria)
    check_draft(
        name=name,
        kind=kind,
        objectives=objectives,
        period_start=period_start,
        period_end=period_end,
        scope_units=scope_units,
        clusters=clusters,
        criteria=criteria,
    )
    built = [_criterion_build(movement=row, spec=spec, order=i) for i, spec in enumerate(criteria)]
    fields = {
        "name": name,
        "kind": kind,
        "objectives": objectives,
        "period_start": period_start,
        "period_end": period_end,
        "launched_by_id": launched_by.pk,
    }
    changed = [f.removesuffix("_id") for f, value in fields.items() if getattr(row, f) != value]
    sets: dict[str, tuple[Any, list[int]]] = {
        "scope_units": (row.scope_units, [u.pk for u in scope_units]),
        "clusters": (row.clusters, [c.pk for c in clusters]),
    }
    if programs is not None:
        sets["programs"] = (row.programs, [p.pk for p in programs])
    changed += [
        f for f, (rel, ids) in sets.items() if set(rel.values_list("pk", flat=True)) != set(ids)
    ]
    new_criteria = [tuple(getattr(c, f) for f in CRITERION_FIELDS) for c in built]
    if _criteria_of(row) != new_criteria:
        changed.append("criteria")
    if not changed:
        return row
    for field, value in fields.items():
        setattr(row, field, value)
    row.save()  # even for the criteria alone: its updated_at is part of the movement's ETag
    for rel, ids in sets.values():
        rel.set(ids)
    if "criteria" in changed:
        Criterion.objects.filter(movement=row).delete()
        Criterion.objects.bulk_create(built)
    audit_record(
        actor=actor,
        action=EmulationAudit.MOVEMENT_UPDATED,
        target=row,
        changed=changed,
        criteria=len(built),
    )
    return row
