"""Form widgets shared by every app.

`DayInput` replaces the native `<input type="date">`, which shows a day in the browser's
own locale (12/07/2026 for 7 December in an English Chromium): a text input showing and
reading the active language's format — dd/mm/yyyy in Vietnamese — and ISO yyyy-mm-dd.
thidua/static/thidua/js/dayinput.js adds a button beside it opening the browser's calendar
(`data-day-picker` holds the button's label); without JavaScript the text input alone works.
`DayField` is a DateField with that widget and a Vietnamese message naming the format.
"""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.dates import display_format, format_day, parse_day, placeholder


class DayInput(forms.DateInput):
    """A day typed as text in the active language's format (dd/mm/yyyy in vi)."""

    input_type = "text"

    def format_value(self, value):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_day(value)
        return super().format_value(value)  # what was typed comes back as typed

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": placeholder(),
            "size": 14,
            "data-day-input": display_format(),
            "data-day-picker": _("Choose the day on a calendar"),
        }
        widget_attrs = context["widget"]["attrs"]
        for key, val in extra.items():
            widget_attrs.setdefault(key, val)
        return context


def day_error() -> str:
    return _("Enter a day that exists, written %(shape)s (for example %(example)s).") % {
        "shape": placeholder(),
        "example": format_day(timezone.localdate()),
    }


class DayField(forms.DateField):
    """A day read in the active language's format or ISO, with `DayInput`."""

    widget = DayInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        day = parse_day(str(value))
        if day is None:
            raise ValidationError(day_error(), code="invalid")
        return day


class FlatSelect(forms.Select):
    """A `<select>` whose options are written in one loop of one template. Django's Select
    renders a template per option (a few hundred goals: tens of milliseconds); this one
    knows no option groups nor per-option attributes."""

    template_name = "core/widgets/flat_select.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        context["widget"]["options"] = [
            (str(v), label, str(v) in chosen) for v, label in self.choices
        ]
        return context
