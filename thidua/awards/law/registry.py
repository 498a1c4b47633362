"""Every rule in one table, by code, with what each parameter may hold and the lookups."""

from datetime import date

from .collective_titles import COLLECTIVE_TITLE_RULES
from .individual_forms import INDIVIDUAL_FORM_RULES
from .individual_titles import INDIVIDUAL_TITLE_RULES
from .principles import PRINCIPLE_RULES
from .rule import Rule
from .terms import (
    AWARD_KINDS,
    COLLECTIVE,
    COLLECTIVE_TITLES,
    FORMS,
    INDIVIDUAL,
    INDIVIDUAL_TITLES,
    RATINGS,
    SCOPES,
    M,
)

RULES: tuple[Rule, ...] = (
    *INDIVIDUAL_TITLE_RULES,
    *INDIVIDUAL_FORM_RULES,
    *COLLECTIVE_TITLE_RULES,
    *PRINCIPLE_RULES,
)

RULES_BY_CODE: dict[str, tuple[Rule, ...]] = {}
for _r in RULES:
    RULES_BY_CODE[_r.code] = (*RULES_BY_CODE.get(_r.code, ()), _r)
del _r

JUDGED = {
    INDIVIDUAL: (*INDIVIDUAL_TITLES, *FORMS),
    COLLECTIVE: COLLECTIVE_TITLES,
}
TITLES_OF = {INDIVIDUAL: frozenset(INDIVIDUAL_TITLES), COLLECTIVE: frozenset(COLLECTIVE_TITLES)}

# What each parameter may hold, for validating settings: a kind, and for "choice" its values.
PARAMETER_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "enabled": ("bool", ()),
    "research_counts": ("bool", ()),
    "cluster_leader": ("bool", ()),
    "exceeded_targets": ("bool", ()),
    "min_rating": ("choice", RATINGS),
    "initiative_min_scope": ("choice", SCOPES),
    "combine": ("choice", ("and", "or")),
    "prerequisite": ("choice", FORMS),
    "agency_criteria": ("strings", ()),
    "excluded_kinds": ("strings", AWARD_KINDS),
    "same_achievement_forms": ("strings", FORMS),
    "initiative_window": ("choice", ("counted", "run")),
    "max_years_since_last": ("optional_count", ()),
    "min_ldtt_share": ("share", ()),
    "min_completed_share": ("share", ()),
}  # every other parameter is a whole number >= 0; "optional_count" also takes null (no limit)

# Parameters whose reading is less sure than the rule they belong to (LAW.md): their default
# is a reading to confirm, so a verdict that turns on them is marked with this mark.
PARAMETER_CONFIDENCE: dict[tuple[str, str], str] = {
    # the initiative "within the three CSTĐCS years counted" (M); "run": any time in the
    # unbroken run of CSTĐCS
    ("CSTD_BO", "initiative_window"): M,
    # "the latest CSTĐ cấp Bộ in the year judged or the year before" is not in the text found
    ("CSTD_TQ", "max_years_since_last"): M,
}


def rule_versions(code: str) -> tuple[Rule, ...]:
    """Every version of one rule, oldest first."""
    return RULES_BY_CODE[code]


def rule_in_force(code: str, day: date) -> Rule | None:
    """The version of a rule in force on a day (None before the first one)."""
    for rule in RULES_BY_CODE[code]:
        if rule.in_force_on(day):
            return rule
    return None
