"""The part of the audit log a unit head reads: events on the monthly scores, annual
ratings and unit ratings of the units they lead."""

from django.db.models import Q

from thidua.core.audit import targets_q
from thidua.org.audit_scope import led_unit_paths, paths_q

from .models import AnnualRating, PeriodScore, UnitRating


def emulation_audit_scope(viewer) -> Q | None:
    paths = led_unit_paths(viewer)
    if paths is None:
        return None
    return (
        targets_q(AnnualRating, AnnualRating.objects.filter(paths_q("unit__path", paths)))
        | targets_q(PeriodScore, PeriodScore.objects.filter(paths_q("unit__path", paths)))
        | targets_q(UnitRating, UnitRating.objects.filter(paths_q("unit__path", paths)))
    )
