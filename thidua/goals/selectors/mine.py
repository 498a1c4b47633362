"""Reads for the page "Mục tiêu của tôi" beyond the current period: the years a person has
goals in, their goals of one year, and their goals whose period ended but that no head has
closed yet (they still take a last check-in until closed); a head reads them for a person
under their unit on that person's goals page (person_for_goals). Each is one query (two
with the key results), whatever the number of goals; the goals are those of
`goals_of_person` (their own and their teams'), as the viewer may see them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from thidua.org.models import Person

from .. import rules
from ..choices import GoalStatus
from ..models import Goal
from . import goals_of_person


def goal_years_of_person(*, viewer, person: Person) -> list[int]:
    """The years the person's goals cover, latest first (a goal over 2021–2025, e.g. a
    programme-period one, counts in each of those years)."""
    rows = (
        goals_of_person(viewer=viewer, person=person)
        .prefetch_related(None)
        .order_by()
        .values_list("period_start__year", "period_end__year")
        .distinct()
    )
    years: set[int] = set()
    for first, last in rows:
        years.update(range(first, last + 1))
    return sorted(years, reverse=True)


def goals_of_person_in_year(*, viewer, person: Person, year: int) -> QuerySet[Goal]:
    """The person's goals whose period overlaps the year, whatever their status but
    cancelled: closed ones with their final result, active ones still running or ended."""
    return goals_of_person(viewer=viewer, person=person).filter(
        period_start__lte=date(year, 12, 31), period_end__gte=date(year, 1, 1)
    )


def ended_goals_of_person(*, viewer, person: Person, today: date) -> QuerySet[Goal]:
    """The person's goals whose period ended before `today` and that are not closed yet,
    oldest first: the accepted ones wait for a head to close them and still take a last
    check-in; the others were never settled — still awaiting acceptance, with changes
    proposed, or a draft — and would be on no part of the page otherwise (their period is
    over, they are no current goal), so they are listed here, their status saying which."""
    return (
        goals_of_person(viewer=viewer, person=person)
        .filter(period_end__lt=today)
        .exclude(status=GoalStatus.CLOSED)
        .order_by("period_end", "path")
    )


def person_for_goals(*, viewer, pk: int) -> Person:
    """The person whose goals the viewer looks through year by year (Person.DoesNotExist;
    PermissionDenied unless rules.can_view_person_goals: themselves, or one under a unit
    they head)."""
    person = Person.objects.select_related("unit").get(pk=pk)
    if not rules.can_view_person_goals(viewer, person):
        raise PermissionDenied
    return person
