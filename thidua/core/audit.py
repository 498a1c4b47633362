"""Audit events: every workflow state change records who, what, when and parameters.

Changes to the things people are judged by (targets, check-ins, ratings, proposals,
decisions, digests, roles, memberships, settings) also record what each field was before
and after: `audit_change(..., before=snapshot(obj), after=snapshot(obj))` stores
`data["changes"] = {field: [old, new]}` for the fields that differ. Events are append-only:
read-only in the admin, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration
core 0003).
"""

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from .audit_labels import is_declared
from .models import AuditEvent


def _actor_name(actor: Any) -> str:
    if not getattr(actor, "is_authenticated", False):
        return ""
    name = actor.get_username() if hasattr(actor, "get_username") else str(actor)
    return str(name)[:150]


def audit_values(
    *, actor: Any, action: str, target: models.Model | None = None, **data: Any
) -> dict[str, Any]:
    """The audit event's fields (by attribute name) for `actor` doing `action` to `target`:
    the one definition of an event's row, also for statements that insert it themselves
    (thidua.messaging.personal_link). `action` must be declared (an app's
    `core.choices.AuditAction` member): an undeclared one is a programming error, refused
    before anything is written."""
    if not is_declared(str(action)):
        raise ValueError(
            f"undeclared audit action {action!r}: declare it in its app's choices.py "
            "as a member of a core.choices.AuditAction subclass"
        )
    return {
        "actor_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "actor_name": _actor_name(actor),
        "action": str(action),
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "data": jsonable(data),
    }


def audit_record(
    *, actor: Any, action: str, target: models.Model | None = None, **data: Any
) -> AuditEvent:
    values = audit_values(actor=actor, action=action, target=target, **data)
    if values["actor_id"] is not None:
        values["actor"] = actor  # the instance, so the event carries it without a query
        del values["actor_id"]
    return AuditEvent.objects.create(**values)


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: decimals as exact strings (no trailing zeros), dates in ISO form, rows by primary key."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        # 1000.00 from the database and 1000 from a form are the same value: one spelling.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return str(value)


def snapshot(instance: models.Model | None, fields: Iterable[str] | None = None) -> dict:
    """The audited state of a row: its concrete fields (foreign keys by id), JSON-safe.

    `fields` limits it to some names (a foreign key may be named with or without `_id`).
    Timestamps kept by Django itself (auto_now) are left out: they change on every save.
    """
    if instance is None:
        return {}
    wanted = set(fields) if fields is not None else None
    state: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        state[field.name] = jsonable(getattr(instance, field.attname))
    return state


def changes_between(before: dict | None, after: dict | None) -> dict[str, list]:
    """`{field: [old, new]}` for every field whose value differs (None when absent)."""
    before, after = before or {}, after or {}
    changed = {}
    for name in [*before, *(k for k in after if k not in before)]:
        old, new = jsonable(before.get(name)), jsonable(after.get(name))
        if old != new:
            changed[name] = [old, new]
    return changed


def audit_change(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    **data: Any,
) -> AuditEvent:
    """Record a change with what each field was before and after.

    `before={}` (or None) for a creation, `after={}` for a deletion; the event's
    `data["changes"]` holds `{field: [old, new]}` for the fields that differ.
    """
    return audit_record(
        actor=actor, action=action, target=target, changes=changes_between(before, after), **data
    )


def audit_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")


# Besides administrators (everything), a viewer may read the events on objects an app says
# are theirs: each app registers `scope(viewer) -> Q on AuditEvent | None` (None: nothing),
# e.g. a unit head's people, units, goals and ratings. Built with `targets_q`.
_scopes: list[Callable[[Any], models.Q | None]] = []


def register_scope(scope: Callable[[Any], models.Q | None]) -> None:
    if scope not in _scopes:
        _scopes.append(scope)


def targets_q(model: type[models.Model], rows: models.QuerySet | None) -> models.Q:
    """Events whose target is one of `rows` of `model` (every row of it when None)."""
    from django.db.models.functions import Cast

    q = models.Q(target_type=model._meta.label_lower)
    if rows is None:
        return q
    ids = rows.annotate(_audit_id=Cast("pk", models.CharField())).values("_audit_id")
    return q & models.Q(target_id__in=ids)


def audit_scope_q(viewer: Any) -> models.Q | None:
    """The part of the log the viewer may read: Q() for everything, None for nothing."""
    from .rules import can_view_audit

    if can_view_audit(viewer):
        return models.Q()
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    combined = None
    for scope in _scopes:
        part = scope(viewer)
        if part is not None:
            combined = part if combined is None else combined | part
    return combined


def audit_events(
    *, viewer: Any, action: str = "", target_type: str = "", target_id: str = "", actor: str = ""
) -> models.QuerySet[AuditEvent]:
    """The audit log as the viewer may read it (administrators: everything; others: the
    objects the apps' registered scopes give them), newest first."""
    from django.core.exceptions import PermissionDenied

    scope = audit_scope_q(viewer)
    if scope is None:
        raise PermissionDenied
    events = AuditEvent.objects.filter(scope).select_related("actor")
    if action:
        events = events.filter(action=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    if actor:
        events = events.filter(actor_name__iexact=actor)
    return events.order_by("-created_at", "-id")
