"""Who decides each proposal of a list, in words (selectors.granting): `{% decides_words
proposals as words %}` once for the page, then `{{ words|words_of:p.pk }}` on each row."""

from django import template

from ..selectors import granting

register = template.Library()


@register.simple_tag
def decides_words(proposals) -> dict[int, str]:
    return granting.decides_words(proposals)


@register.filter
def words_of(words: dict, pk) -> str:
    return words.get(pk, "") if isinstance(words, dict) else ""
