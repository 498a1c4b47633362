"""Goals' own tags; `number`, `percent` and `bar_width` come from core's `formatting`
library and are registered here too, so goals' templates need one `{% load goals_tags %}`."""

from django import template
from django.utils.translation import gettext as _

from thidua.core.templatetags.formatting import bar_width, number, percent

from ..choices import RiskReason

register = template.Library()
register.filter("percent", percent)
register.filter("bar_width", bar_width)
register.filter("number", number)


@register.filter
def risk_labels(codes) -> list[str]:
    labels = dict(RiskReason.choices)
    return [str(labels.get(code, code)) for code in codes or []]


@register.simple_tag
def verified_label(is_verified: bool) -> str:
    return _("verified") if is_verified else _("not verified")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])
