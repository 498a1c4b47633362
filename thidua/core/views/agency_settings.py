"""The agency's settings page ("Thiết lập của cơ quan"): every setting declared by the apps with
its description, legal basis and mark in words, the law's default, the value in force today and
the date it applies from, a change scheduled for a later date and the latest changes; the
emulation office and administrators change one at a time, from a date (dd/mm/yyyy, today by
default), with a reason."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import agency_settings
from ..dates import parse_day
from ..rules import can_manage_agency_settings
from ..view_helpers import requires

# The apps' settings under one heading each (a key's prefix).
_GROUPS = {
    "awards": gettext_lazy("Commendation"),
    "emulation": gettext_lazy("Emulation and yearly ratings"),
    "goals": gettext_lazy("Goals and check-ins"),
    "meetings": gettext_lazy("Giao ban meetings"),
    "org": gettext_lazy("Organisation and working calendar"),
    "party": gettext_lazy("Party work"),
    "teams": gettext_lazy("Working teams"),
}


def _entry(row, posted: dict, errors: dict[str, str]) -> dict:
    key = row.spec.key
    check = row.check
    again = key in errors  # the form comes back with what was typed
    fields = getattr(check, "fields", None)
    boxes = fields(row.value) if fields is not None else []
    if again and posted.get("fields"):
        boxes = [(code, name, posted["fields"].get(code, "")) for code, name, _typed in boxes]
    allowed = getattr(check, "allowed", None) if check.kind == "strings" else None
    chosen = (posted.get("chosen", []) if again else list(row.value or [])) if allowed else []
    return {
        "row": row,
        "hint": check.hint(),
        "kind": check.kind,
        "options": list(getattr(check, "choices", {}).items()),
        "inner_options": list(getattr(getattr(check, "inner", None), "choices", {}).items()),
        "boxes": boxes,
        "ticks": [(code, name, code in chosen) for code, name in (allowed or {}).items()],
        "input": posted.get("value", "") if again else check.text(row.value),
        "reason": posted.get("reason", "") if again else "",
        "valid_from": posted.get("valid_from", "") if again else "",
        "error": errors.get(key, ""),
    }


def _raw(request, kind: str) -> object:
    """What was typed: the boxes per form or title, the ticked values, or the one box."""
    fields = {k[6:]: v for k, v in request.POST.items() if k.startswith("value:")}
    if fields:
        return fields
    if kind == "strings":
        return ", ".join(request.POST.getlist("value"))
    return request.POST.get("value", "")


def _date(text: str) -> date | None:
    """The date typed as dd/mm/yyyy (or ISO, as every day field reads it: core.dates);
    None when left empty: today."""
    if not text.strip():
        return None
    day = parse_day(text)
    if day is None:
        raise ValidationError(
            {"valid_from": _("Enter the date the change applies from as dd/mm/yyyy.")}
        )
    return day


@login_required
@requires(can_manage_agency_settings)
def agency_settings_page(request):
    errors: dict[str, str] = {}
    posted: dict = {}
    if request.method == "POST":
        posted = {
            name: request.POST.get(name, "") for name in ("key", "value", "reason", "valid_from")
        }
        key = posted["key"]
        try:
            spec = agency_settings.spec_of(key)
            kind = getattr(spec.check, "kind", "text")
            raw = _raw(request, kind)
            posted["fields"] = raw if isinstance(raw, dict) else {}
            posted["chosen"] = request.POST.getlist("value")
            parse = getattr(spec.check, "parse", None)
            try:
                value = parse(raw) if parse is not None else raw
            except ValidationError as exc:
                raise ValidationError({"value": exc.messages}) from None
            row = agency_settings.setting_override(
                actor=request.user,
                key=key,
                value=value,
                reason=posted["reason"],
                valid_from=_date(posted["valid_from"]),
            )
        except ValidationError as exc:
            errors[key] = "; ".join(m for problems in exc.message_dict.values() for m in problems)
        else:
            messages.success(
                request,
                _("The setting “%(name)s” was changed; the change applies from %(date)s.")
                % {"name": spec.description, "date": f"{row.valid_from:%d/%m/%Y}"},
            )
            return redirect(f"{request.path}#{key}")
    groups: dict[str, list[dict]] = {}
    for row in agency_settings.settings_table(viewer=request.user):
        prefix = row.spec.key.partition(".")[0]
        groups.setdefault(prefix, []).append(_entry(row, posted, errors))
    context = {
        "groups": [(_GROUPS.get(prefix, prefix), entries) for prefix, entries in groups.items()],
        "errors": errors,
        "today": timezone.localdate(),
    }
    return render(request, "core/agency_settings.html", context, status=400 if errors else 200)
