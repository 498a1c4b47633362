"""Writes of the agency's eligibility settings: dated, validated by the engine, audited."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.awards.rules import is_emulation_office
from thidua.core.audit import audit_change

from ..choices import AwardsAudit
from ..eligibility import HistoryError, compile_settings
from ..models import EligibilitySettings
from ..selectors.settings import eligibility_settings_in_force


@transaction.atomic
def eligibility_settings_save(
    *, actor, valid_from: date, values: Mapping, reason: str
) -> EligibilitySettings:
    """Record the settings that apply from `valid_from` (the emulation office; a written
    reason; checked by the engine: an unknown key or an out-of-range value is refused with
    every problem named). Saving again for the same date replaces that date's settings."""
    if actor is None or not is_emulation_office(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": "A change of settings needs a written reason."})
    try:
        compile_settings(values)
    except HistoryError as exc:
        raise ValidationError({"values": [f"{p.path}: {p.message}" for p in exc.problems]}) from exc
    previous = eligibility_settings_in_force(on=valid_from)
    before: dict[str, Any] = {"valid_from": None, "values": {}}
    if previous is not None:
        before = {"valid_from": previous.valid_from.isoformat(), "values": previous.values}
    row, _created = EligibilitySettings.objects.update_or_create(
        valid_from=valid_from,
        defaults={"values": dict(values), "reason": reason.strip(), "created_by": actor},
    )
    audit_change(
        actor=actor,
        action=AwardsAudit.SETTINGS_CHANGED,
        target=row,
        before=before,
        after={"valid_from": valid_from.isoformat(), "values": row.values},
        reason=row.reason,
    )
    return row
