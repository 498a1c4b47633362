"""Audit events: every workflow state change records who, what, when and parameters."""

from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *, actor: Any, action: str, target: models.Model | None = None, **data: Any
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )


def audit_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
