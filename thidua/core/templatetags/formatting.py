"""Number and percentage formatting for every app: `{% load formatting %}`.

`number` and `percent` write in the active language's format (1.234,5 and 75,5% in
Vietnamese); `bar_width` is a progress bar's width. Python code that formats the same way
(messages, exports) imports the functions from here.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """0.755 → "75,5%" in Vietnamese, "75.5%" in English; a stretch shows above 100%."""
    if fraction in (None, ""):
        return "—"
    value = Decimal(fraction) * 100
    places = 0 if value == value.to_integral_value() else 1
    rounded = value.quantize(Decimal(1) if places == 0 else Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(rounded, decimal_pos=places)}%"


@register.filter
def bar_width(fraction) -> int:
    """Width of a progress bar in percent, capped at 100."""
    if fraction in (None, ""):
        return 0
    return max(0, min(100, round(Decimal(fraction) * 100)))


@register.filter
def number(value) -> str:
    """A quantity in the active language's format (1.234,5 in Vietnamese)."""
    if value in (None, ""):
        return "—"
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return formats.number_format(value, decimal_pos=min(places, 4), force_grouping=True)
