"""The agency's own LĐTT criteria that a year's annual ratings record: read from the
eligibility settings (the LĐTT rule's `agency_criteria`) and given to emulation, which sits
below awards and cannot read them itself, as the source of thidua/emulation/agency_criteria.py
(registered in AwardsConfig.ready())."""

from datetime import date

from thidua.emulation.agency_criteria import AgencyCriterion

from ..eligibility import HistoryError, compile_settings
from ..models import EligibilitySettings


def ldtt_agency_criteria(year: int) -> list[AgencyCriterion]:
    """The criteria a verdict on `year` may apply, in the settings' order: those of the
    settings in force on the year's last day and of every settings row dated after it (a
    round judges a year with the settings in force on its receipt date, after the year).
    The settings give codes only: the code is the criterion's name in the verdict too."""
    year_end = date(year, 12, 31)
    rows = list(EligibilitySettings.objects.filter(valid_from__gt=year_end).order_by("valid_from"))
    current = (
        EligibilitySettings.objects.filter(valid_from__lte=year_end).order_by("-valid_from").first()
    )
    if current is not None:
        rows.insert(0, current)
    found: dict[str, AgencyCriterion] = {}
    for row in rows:
        try:
            params = compile_settings(row.values).resolve("LDTT", max(row.valid_from, year_end))[1]
        except (HistoryError, KeyError):  # saved settings are checked; a rule not yet in force
            continue
        for code in params.get("agency_criteria", ()):
            found.setdefault(code, AgencyCriterion(code=code))
    return list(found.values())
