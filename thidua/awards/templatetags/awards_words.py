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


@register.filter
def award_name(code: str) -> str:
    """A title or form by its name: "CSTD_BO" is "Chiến sĩ thi đua cấp Bộ"."""
    return law.NAMES.get(code, code)


@register.filter
def award_names(codes) -> str:
    return ", ".join(award_name(code) for code in codes or ())


@register.filter
def award_kind(code: str) -> str:
    from thidua.awards.choices import AwardKind

    return str(dict(AwardKind.choices).get(code, code))


@register.filter
def initiative_scope(code: str) -> str:
    from thidua.emulation.choices import InitiativeScope

    return str(dict(InitiativeScope.choices).get(code, code))


@register.filter
def discipline_form(code: str) -> str:
    from thidua.emulation.choices import DisciplineForm

    return str(dict(DisciplineForm.choices).get(code, code))
