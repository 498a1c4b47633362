"""Goal templates: a set of goals created for a period in one action."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import SYSTEM, acting_as_system
from thidua.core.audit import audit_record
from thidua.org.models import Person, PersonPosition, Unit

from .. import rules
from ..choices import (
    GoalsAudit,
    GoalStatus,
)
from ..models import (
    Goal,
    GoalTemplate,
)
from ._common import _user
from .goals import goal_create


# ---------------------------------------------------------------- templates
@transaction.atomic
def goal_template_apply(
    *,
    actor,
    template: GoalTemplate,
    period_kind: str,
    period_start: date,
    period_end: date,
    parent: Goal | None = None,
    on: date | None = None,
) -> list[Goal]:
    """Give every holder of the template's position — or every unit of its unit type — within
    the actor's scope a copy of the template as a goal awaiting acceptance; each copy points
    back to its template, and applying it twice for one period adds nothing."""
    on = on or timezone.localdate()
    if template.position_id is not None:
        holders = (
            PersonPosition.objects.as_of(on)
            .filter(position_id=template.position_id)
            .values("person_id")
        )
        owners: list[Any] = list(
            Person.objects.filter(pk__in=holders, is_active=True).select_related("unit")
        )
        owner_field = "owner_person"
    elif template.unit_kind:
        owners = list(Unit.objects.as_of(on).filter(kind=template.unit_kind))
        owner_field = "owner_unit"
    else:
        raise ValidationError(_("A template needs a position or a unit type."))
    if not acting_as_system(actor):
        owners = [owner for owner in owners if rules.can_create_goal_for(actor, owner)]
    already = set(
        Goal.objects.filter(
            template=template, period_start=period_start, period_end=period_end
        ).values_list(f"{owner_field}_id", flat=True)
    )
    created = [
        goal_create(
            actor=SYSTEM,
            title=template.name,
            description=template.description,
            **{owner_field: owner},
            period_kind=period_kind,
            period_start=period_start,
            period_end=period_end,
            parent=parent,
            key_results=template.key_results,
            status=GoalStatus.ASSIGNED,
            template=template,
        )
        for owner in owners
        if owner.pk not in already
    ]
    Goal.objects.filter(pk__in=[g.pk for g in created]).update(assigned_by=_user(actor))
    audit_record(
        actor=actor, action=GoalsAudit.GOAL_TEMPLATE_APPLIED, target=template, goals=len(created)
    )
    return created
