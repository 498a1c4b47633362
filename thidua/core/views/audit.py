"""The audit log page: who did what, when, and what each field was before and after."""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..audit import audit_events
from ..audit_labels import VALUE_LABELS, action_label
from ..forms import AuditFilterForm
from ..models import AuditEvent
from ..rules import can_view_audit, can_view_some_audit
from ..view_helpers import page_of, query_without_page

PAGE_SIZE = 20  # a phone's page stays short (issue 12, point 6)


# Keys of an event's parameters that are not fields of its object, in words.
DETAIL_LABELS = {
    "from": _("status before"),
    "to": _("status after"),
    "assigned": _("assigned"),
    "assignee": _("assignee"),
    "assignment": _("work assignment"),
    "ballot": _("secret ballot"),
    "completed": _("completed"),
    "counts": _("counts"),
    "created": _("created"),
    "deliveries_added": _("deliveries added"),
    "effective_on": _("effective on"),
    "expires_on": _("expires on"),
    "eligible": _("eligible"),
    "item": _("work item"),
    "kind": _("file type"),
    "late": _("late"),
    "month": _("month"),
    "new": _("new name"),
    "note": _("note"),
    "objective_cause": _("objective cause"),
    "old": _("old name"),
    "overridden": _("accepted by exception"),
    "points": _("key points"),
    "progress": _("progress"),
    "proposal": _("solution"),
    "quality_failed": _("quality failed"),
    "received_on": _("received on"),
    "recipients": _("recipients"),
    "result": _("result"),
    "round_year": _("round year"),
    "rows": _("rows"),
    "session": _("council session"),
    "skipped": _("skipped"),
    "source": _("source"),
    "step": _("step"),
    "year": _("year"),
    # inside the parameters: a ballot's result, a dispatch's progress, a round's counts
    "members": _("council members"),
    "present": _("present"),
    "voted": _("voted"),
    "yes": _("in favour"),
    "no": _("against"),
    "abstain": _("abstained"),
    "base": _("base of the share"),
    "quorum_met": _("quorum met"),
    "people": _("people"),
    "finished": _("finished"),
    "by_status": _("by status"),
}
DECIMAL = re.compile(r"-?\d+\.\d+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _model(label: str):
    try:
        return apps.get_model(label) if "." in label else None
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def _field_label(model, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        # A reverse relation (e.g. "members") has no verbose_name of its own.
        return str(
            getattr(field, "verbose_name", None) or field.related_model._meta.verbose_name_plural
        )
    if name in DETAIL_LABELS:
        return str(DETAIL_LABELS[name])
    return str(_code_labels().get(name, name.replace("_", " ")))


@functools.cache
def _code_labels() -> dict[str, str]:
    """Every stored code of a choice field of the project, with its label: the words for a
    status, a channel or a title code found in an event's parameters."""
    labels: dict[str, str] = dict(VALUE_LABELS)
    for model in apps.get_models():
        if model.__module__.startswith("thidua."):
            for field in model._meta.concrete_fields:
                for value, label in field.flatchoices or ():
                    labels.setdefault(str(value), label)
    return labels


def _name_of(obj) -> str:
    """A person by their name, an account by its person's name, anything else as itself."""
    person = getattr(obj, "person", None) if obj is not None else None
    name = getattr(obj, "full_name", None) or getattr(person, "full_name", None)
    return str(name or obj)


def _shown(value: Any, field=None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if getattr(field, "choices", None) and isinstance(value, str | int):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey) and isinstance(value, int | str):
        model = field.related_model
        try:
            related = model._default_manager.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            # Written by name (an account's login), not by id: the person's name if known.
            login = getattr(model, "USERNAME_FIELD", None)
            related = model._default_manager.filter(**{login: value}).first() if login else None
            return _name_of(related) if related is not None else str(value)
        return _name_of(related) if related is not None else f"#{value}"
    if isinstance(value, dict):
        text = "; ".join(f"{_field_label(None, str(k))}: {_shown(v)}" for k, v in value.items())
        return (text if len(text) <= 200 else text[:199] + "…") or "—"
    if isinstance(value, list):
        text = ", ".join(_shown(v) for v in value)
        return text if len(text) <= 200 else text[:199] + "…"
    if isinstance(value, float | Decimal) or (isinstance(value, str) and DECIMAL.fullmatch(value)):
        try:
            number = Decimal(str(value)).normalize()
        except InvalidOperation:
            return str(value)
        return formats.number_format(number, use_l10n=True) if number.is_finite() else str(value)
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(_code_labels().get(str(value), value))


def _actor(event: AuditEvent) -> str:
    """Who did it: the person's name, else the account's own name (a system account such as
    the administrator's, "Quản trị hệ thống"), else the name stored with the event."""
    if event.actor is not None:
        if hasattr(event.actor, "person"):
            return _name_of(event.actor)
        return event.actor.get_full_name() or event.actor_name
    return event.actor_name


def _row(event: AuditEvent) -> dict:
    model = _model(event.target_type)
    data = event.data if isinstance(event.data, dict) else {"data": event.data}
    changes = data.get("changes") if isinstance(data.get("changes"), dict) else {}
    return {
        "event": event,
        "label": action_label(event.action),
        "actor": _actor(event),
        "target": (
            f"{model._meta.verbose_name if model else _('object')} #{event.target_id}"
            if event.target_id
            else ""
        ),
        "changes": [
            (
                _field_label(model, name),
                _shown(pair[0], _field(model, name)),
                _shown(pair[1], _field(model, name)),
            )
            for name, pair in changes.items()
            if isinstance(pair, list) and len(pair) == 2
        ],
        "details": [
            (_field_label(model, key), _shown(value, _field(model, key)))
            for key, value in data.items()
            if key != "changes" or not changes
        ],
    }


@login_required
@require_GET
def audit_log(request):
    if not can_view_some_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(viewer=request.user, **{k: v for k, v in filters.items() if v})
    events = events.select_related("actor__person")
    page = page_of(request, events, PAGE_SIZE)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(e) for e in page.object_list],
            "query": query_without_page(request),
            "everything": can_view_audit(request.user),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
