"""`{% load dayinput %}{% day_input "on" on id="on" %}`: a hand-written form's day field,
rendered like every form's (`thidua.core.widgets.DayInput`): dd/mm/yyyy in Vietnamese, with
the calendar button dayinput.js adds. The value may be a date or the text a person typed.
A true keyword (`required=True`) becomes a bare attribute."""

from django import template

from thidua.core.widgets import DayInput

register = template.Library()


@register.simple_tag
def day_input(name: str, value=None, **attrs) -> str:
    attrs = {key.replace("_", "-"): val for key, val in attrs.items() if val is not False}
    return DayInput().render(name, value, attrs=attrs)
