"""Units as a reader can tell them apart: `{% load org_units %}` then `{{ unit|unit_label }}`
("Văn phòng Cục — Cục An toàn thông tin" where the name alone is not unique). Labels set
beforehand by thidua.org.unit_labels.label_units are reused without a query."""

from django import template

from thidua.org.unit_labels import unit_label as _unit_label

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    return _unit_label(unit)
