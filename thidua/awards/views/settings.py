"""The agency's eligibility settings page (emulation office): each rule's parameters with
their legal basis, default and mark, the value in force, and a dated, reasoned change."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import law
from thidua.awards.rules import is_emulation_office
from thidua.awards.selectors import settings as selectors
from thidua.awards.services import settings as services
from thidua.core.dates import format_day, parse_day
from thidua.core.params import date_param
from thidua.core.view_helpers import requires

# Values of choice parameters in words (a code is never shown as a word).
_WORDS = {
    **law.RATING_NAMES,
    **law.SCOPE_NAMES,
    **law.AWARD_KIND_NAMES,
    **law.NAMES,
    "and": "tất cả các điều kiện",
    "or": "một trong các điều kiện",
    "counted": "trong các năm CSTĐCS được tính",
    "run": "bất kỳ lúc nào trong chuỗi CSTĐCS liên tục",
}


def _word(value: object) -> str:
    return _WORDS.get(str(value), str(value))


def _show(value: object) -> str:
    if isinstance(value, str):
        return _word(value)
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if value is None:
        return _("no limit")
    if isinstance(value, (list, tuple)):
        return ", ".join(map(_word, value)) or "—"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _changes(values: dict) -> list[str]:
    """One saved change of the settings in words: each rule's name, each parameter's label
    and its value (a rule given for one version names that version in words)."""
    lines = []
    for key, params in (values.get("rules") or {}).items():
        code, _at, version = str(key).partition("@")
        versions = law.RULES_BY_CODE.get(code)
        rule = law.NAMES.get(code) or (versions[-1].name_vi if versions else code)
        if version:
            rule = f"{rule} ({law.version_words(version)})"
        for name, value in (params or {}).items():
            label = selectors.PARAMETER_WORDS.get(name, name.replace("_", " "))
            lines.append(f"{rule} — {label}: {_show(value)}")
    if values.get("more_favourable") is False:
        lines.append(_("A newer rule more favourable to the person is not applied"))
    return lines


def _field(row) -> str:
    return f"p:{row.code}:{row.parameter}"


def _parse(row, raw: str) -> object:
    """The typed value of one input, or ValueError with a Vietnamese message."""
    raw = raw.strip()
    if row.kind == "bool":
        if raw not in ("true", "false"):
            raise ValueError(_("choose on or off"))
        return raw == "true"
    if row.kind == "choice":
        if raw not in row.choices:
            raise ValueError(_("choose one of the values offered"))
        return raw
    if row.kind == "strings":
        items = [item.strip() for item in raw.split(",") if item.strip()]
        if row.choices and any(item not in row.choices for item in items):
            raise ValueError(
                _("unknown value; allowed: %(values)s") % {"values": ", ".join(row.choices)}
            )
        return items
    if row.kind == "share":
        try:
            share = float(raw.replace(",", "."))
        except ValueError:
            raise ValueError(_("enter a share between 0 and 1, e.g. 0,7")) from None
        if not 0 <= share <= 1:
            raise ValueError(_("enter a share between 0 and 1, e.g. 0,7"))
        return share
    if row.kind == "optional_count" and raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
        raise ValueError(_("enter a whole number from 0 to 9999"))
    return int(raw)


def _input_value(row, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _posted_values(request, rows, posted: dict[str, str], errors: dict[str, str]) -> dict:
    """The settings as posted: each value differing from the law's default, by rule; a box that
    does not parse leaves its message in `errors` and what was typed in `posted`."""
    changes: dict[str, dict] = {}
    for row in rows:
        raw = request.POST.get(_field(row))
        if raw is None:
            continue
        posted[_field(row)] = raw
        try:
            value = _parse(row, raw)
        except ValueError as exc:
            errors[_field(row)] = str(exc)
            continue
        if isinstance(value, list):
            value = list(value)
        default = list(row.default) if isinstance(row.default, tuple) else row.default
        if value != default:
            changes.setdefault(row.code, {})[row.parameter] = value
    values: dict = {"rules": changes} if changes else {}
    if request.POST.get("more_favourable") == "false":
        values["more_favourable"] = False
    return values


def _entries(rows, posted: dict[str, str], errors: dict[str, str]) -> list[dict]:
    return [
        {
            "row": row,
            "options": [(c, _word(c)) for c in row.choices],
            "name": _field(row),
            "default": _show(row.default),
            "value": _show(row.value),
            "input": posted.get(_field(row), _input_value(row, row.value)),
            "error": errors.get(_field(row), ""),
        }
        for row in rows
    ]


def _save(request, rows, form: dict, posted: dict, errors: dict) -> date | None:
    """Save the posted settings from the posted date; the date saved, or None with `errors`."""
    valid_from = parse_day(form["valid_from"])  # dd/mm/yyyy, or ISO from a script
    if valid_from is None:
        errors["valid_from"] = _("Enter the date the settings apply from.")
    values = _posted_values(request, rows, posted, errors)
    if errors or valid_from is None:
        return None
    try:
        services.eligibility_settings_save(
            actor=request.user, valid_from=valid_from, values=values, reason=form["reason"]
        )
    except ValidationError as exc:
        for key, problems in exc.message_dict.items():
            errors[key] = "; ".join(problems)
        return None
    return valid_from


@login_required
@requires(is_emulation_office)
def eligibility_settings_page(request):
    today = timezone.localdate()
    on = date_param(request.GET, "on", default=today) or today
    rows = selectors.settings_table(viewer=request.user, on=on)
    in_force = selectors.eligibility_settings_in_force(on=on)
    errors: dict[str, str] = {}
    form = {"valid_from": format_day(today), "reason": ""}
    posted: dict[str, str] = {}
    if request.method == "POST":
        form = {name: request.POST.get(name, "") for name in ("valid_from", "reason")}
        valid_from = _save(request, rows, form, posted, errors)
        if valid_from is not None:
            messages.success(
                request,
                _("The settings apply from %(day)s.") % {"day": valid_from.strftime("%d/%m/%Y")},
            )
            return redirect("awards:eligibility_settings")
    context = {
        "on": on,
        "entries": _entries(rows, posted, errors),
        "in_force": in_force,
        "note": selectors.settings_note(on=on),
        "more_favourable": (in_force.values if in_force else {}).get("more_favourable", True),
        "history": [
            {"row": h, "changes": _changes(h.values)}
            for h in selectors.settings_history(viewer=request.user)
        ],
        "form": form,
        "errors": errors,
    }
    return render(
        request, "awards/settings/eligibility.html", context, status=400 if errors else 200
    )
