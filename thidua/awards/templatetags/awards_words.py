"""Rule versions and confidence marks as Vietnamese words in templates (never the codes)."""

from django import template

from thidua.awards import law

register = template.Library()


@register.filter
def version_words(version: str) -> str:
    return law.version_words(version)


@register.filter
def confidence_words(mark: str) -> str:
    return law.confidence_words(mark)
