"""Fixtures for the awards tests: the emulation roles, and people with a rating history."""

from datetime import date
from decimal import Decimal

import pytest

from tests.emulation.conftest import council_member, minister  # noqa: F401
from thidua.emulation.choices import InitiativeKind, InitiativeScope, RatingLevel, RatingStatus
from thidua.emulation.models import AnnualRating, Discipline, Initiative, PendingCase

from ..factories import PersonFactory


def rate(person, levels: dict[int, str]) -> None:
    AnnualRating.objects.bulk_create(
        AnnualRating(
            person=person,
            year=y,
            unit=person.unit,
            rule_version="test",
            score=Decimal(90),
            level=level,
            status=RatingStatus.PUBLISHED,
        )
        for y, level in levels.items()
    )


def initiative(person, year: int, scope=InitiativeScope.BASE, kind=InitiativeKind.INITIATIVE):
    item = Initiative.objects.create(
        kind=kind, title=f"Sáng kiến {person.pk}-{year}-{scope}", scope=scope, year=year
    )
    item.authors.add(person)
    return item


@pytest.fixture
def histories(org):
    """Four people with 2021–2025 facts: a steady LĐTT, a CSTĐCS star with initiatives, one
    disciplined in 2024 and one with an open case."""
    steady = org["colleague_a"]
    star = org["staff_a"]
    disciplined = PersonFactory(unit=org["sec_b"], full_name="Ngô Văn Kỷ")
    pending = org["staff_b"]
    rate(steady, dict.fromkeys(range(2021, 2026), RatingLevel.HTT))
    rate(star, dict.fromkeys(range(2021, 2026), RatingLevel.HTXS))
    rate(disciplined, dict.fromkeys(range(2021, 2026), RatingLevel.HTT))
    rate(pending, dict.fromkeys(range(2021, 2026), RatingLevel.HTXS))
    initiative(star, 2024)
    initiative(star, 2025, InitiativeScope.MINISTRY)
    initiative(star, 2023, kind=InitiativeKind.RESEARCH)
    Discipline.objects.create(
        person=disciplined,
        form="khien_trach",
        decided_on=date(2024, 5, 10),
        valid_from=date(2024, 5, 10),
        valid_to=date(2025, 5, 10),
    )
    PendingCase.objects.create(person=pending, kind="complaint", opened_on=date(2025, 10, 1))
    return {"steady": steady, "star": star, "disciplined": disciplined, "pending": pending}


@pytest.fixture
def section(org):
    """A section of ten people rated 2021–2025: eight HTT, two HTXS with an initiative each
    (both CSTĐCS-eligible; the 15 % cap of ten LĐTT keeps one)."""
    unit = org["sec_b"]
    people = [PersonFactory(unit=unit, full_name=f"Cán bộ {i:02d}") for i in range(10)]
    for i, person in enumerate(people):
        level = RatingLevel.HTXS if i < 2 else RatingLevel.HTT
        rate(person, dict.fromkeys(range(2021, 2026), level))
        if i < 2:
            initiative(person, 2025)
    AnnualRating.objects.filter(person=people[0], year=2025).update(score=Decimal(97))
    AnnualRating.objects.filter(person=people[1], year=2025).update(score=Decimal(93))
    return people
