"""The audit log page: who did what, when, and what each field was before and after."""

import json
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .audit import audit_events
from .audit_labels import ACTION_LABELS, action_label
from .models import AuditEvent
from .rules import can_view_audit, can_view_some_audit

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    target_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    actor = forms.CharField(label=_("Done by (user name)"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sorted(
            ((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1]
        )
        self.fields["action"].choices = [("", _("All actions")), *choices]


def _model(label: str):
    try:
        return apps.get_model(label) if "." in label else None
    except (LookupError, ValueError):
        return None


def _field_label(model, name: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(name)
            # A reverse relation (e.g. "members") has no verbose_name of its own.
            return str(
                getattr(field, "verbose_name", None)
                or field.related_model._meta.verbose_name_plural
            )
        except FieldDoesNotExist:
            pass
    return name.replace("_", " ")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 200 else text[:199] + "…"
    return str(value)


def _row(event: AuditEvent) -> dict:
    model = _model(event.target_type)
    data = event.data if isinstance(event.data, dict) else {"data": event.data}
    changes = data.get("changes") if isinstance(data.get("changes"), dict) else {}
    return {
        "event": event,
        "label": action_label(event.action),
        "actor": event.actor_name or (event.actor.get_username() if event.actor else ""),
        "target": (
            f"{model._meta.verbose_name if model else _('object')} #{event.target_id}"
            if event.target_id
            else ""
        ),
        "changes": [
            (_field_label(model, name), _shown(pair[0]), _shown(pair[1]))
            for name, pair in changes.items()
            if isinstance(pair, list) and len(pair) == 2
        ],
        "details": [
            (_field_label(model, key), _shown(value))
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
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(e) for e in page.object_list],
            "query": query.urlencode(),
            "everything": can_view_audit(request.user),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
