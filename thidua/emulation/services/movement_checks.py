"""The checks of a movement's draft, shared by drafting it (services.movements.movement_create)
and editing it while it is a draft (services.movement_edit.movement_update): the same fields,
the same messages and codes, in the same order."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.org.choices import UnitGroupKind
from thidua.org.models import Unit, UnitGroup

from ..choices import MovementKind
from ..models import Criterion, Movement


def check_draft(
    *,
    name: str,
    kind: str,
    objectives: str,
    period_start: date | None,
    period_end: date | None,
    scope_units: list[Unit],
    clusters: list[UnitGroup],
    criteria: list[Mapping[str, Any]],
) -> None:
    """Raise a ValidationError (with a code naming the field) for the first thing wrong with
    a draft; `name` and `objectives` already stripped. Each criterion's own numbers are
    checked when it is built (services.movements._criterion_build)."""
    if not name:
        raise ValidationError(_("A movement needs a name."), code="name")
    if len(name) > (Movement._meta.get_field("name").max_length or 0):
        raise ValidationError(_("The movement's name is too long."), code="name")
    if kind not in MovementKind.values:
        raise ValidationError(_("Choose the kind of movement."), code="kind")
    if not objectives:
        raise ValidationError(_("State the movement's objectives."), code="objectives")
    if period_start is None or period_end is None or period_end < period_start:
        raise ValidationError(_("The period ends before it starts."), code="period")
    if not scope_units:
        raise ValidationError(_("Choose at least one unit taking part."), code="scope")
    if any(c.kind != UnitGroupKind.EMULATION_CLUSTER for c in clusters):
        raise ValidationError(
            _("Only emulation clusters (cụm, khối thi đua) can rank a movement."), code="clusters"
        )
    if not criteria:
        raise ValidationError(_("A movement needs at least one criterion."), code="criteria")
    longest = Criterion._meta.get_field("name").max_length or 0
    for spec in criteria:
        if len((spec.get("name") or "").strip()) > longest:
            raise ValidationError(
                _("A criterion's name has at most %(max)s characters.") % {"max": longest},
                code="criterion_name",
            )
