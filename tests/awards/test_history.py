"""One source of eligibility histories (thidua/awards/history.py): one set of rules, and the
set-based build equal to the one-at-a-time build on the demo and on a synthetic agency."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from thidua.awards.choices import AwardCode
from thidua.awards.eligibility import evaluate
from thidua.awards.history import (
    collective_facts,
    person_histories,
    person_history,
    unit_histories,
    unit_history,
)
from thidua.awards.history_rows import months_worked
from thidua.awards.law import DISCIPLINE_FORMS
from thidua.awards.models import Award
from thidua.emulation.choices import (
    DisciplineForm,
    InitiativeKind,
    InitiativeScope,
    RatingLevel,
    RatingStatus,
)
from thidua.emulation.models import (
    AnnualRating,
    Discipline,
    Initiative,
    PendingCase,
    UnitRating,
)
from thidua.org.models import (
    Absence,
    PartyBodyRating,
    Person,
    PersonPosition,
    Position,
    Unit,
)

from ..factories import PartyOrganizationFactory, UnitFactory
from .conftest import rate

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)


def test_discipline_forms_are_the_engines():
    assert tuple(DisciplineForm.values) == DISCIPLINE_FORMS


# ---------------------------------------------------------------- rules
def test_only_final_ratings_count(org):
    person = org["colleague_a"]
    rate(person, {2024: RatingLevel.HTXS})
    AnnualRating.objects.create(
        person=person,
        year=2025,
        unit=person.unit,
        rule_version="test",
        level=RatingLevel.HTXS,
        status=RatingStatus.PROPOSED,
    )

    history = person_history(person=person, year=2025, on=RECEIVED)

    ratings = {y["year"]: y["rating"] for y in history["years"]}
    assert ratings[2024] == "HTXS" and ratings.get(2025) is None
    assert person_histories(year=2025, on=RECEIVED)[person.pk] == history


def test_a_pending_case_counts_on_the_receipt_date(org):
    person = org["colleague_a"]
    PendingCase.objects.create(
        person=person, kind="complaint", opened_on=date(2025, 3, 1), closed_on=date(2025, 12, 1)
    )
    PendingCase.objects.create(person=person, kind="inspection", opened_on=date(2026, 2, 1))

    assert person_history(person=person, year=2025, on=date(2025, 6, 1))["pending_case"] is True
    assert person_history(person=person, year=2025, on=RECEIVED)["pending_case"] is False
    assert person_history(person=person, year=2025, on=date(2026, 3, 1))["pending_case"] is True
    assert person_histories(year=2025, on=RECEIVED)[person.pk]["pending_case"] is False


def test_months_worked_come_from_posts_and_long_absences(org):
    person = org["colleague_a"]
    rate(person, {2024: RatingLevel.HTT, 2025: RatingLevel.HTT})
    PersonPosition.objects.filter(person=person).update(valid_from=date(2024, 3, 1))
    Absence.objects.create(
        person=person, kind="unpaid_leave", valid_from=date(2025, 1, 1), valid_to=date(2025, 4, 30)
    )
    Absence.objects.create(
        person=person, kind="maternity", valid_from=date(2025, 6, 1), valid_to=date(2025, 11, 30)
    )

    history = person_history(person=person, year=2025, on=RECEIVED)

    months = {y["year"]: y["months_worked"] for y in history["years"]}
    assert months == {2024: 10, 2025: 8}  # joined in March; four months unpaid, maternity counts
    assert person_histories(year=2025, on=RECEIVED)[person.pk] == history


def test_months_worked_by_hand():
    posts = [(date(2023, 1, 1), date(2025, 7, 1)), (date(2025, 7, 1), None)]
    assert months_worked(2025, posts, []) == 12  # a move between posts is no gap
    assert months_worked(2022, posts, []) is None  # nothing recorded that year
    assert months_worked(2025, [(date(2025, 10, 1), None)], []) == 3


def test_agency_criteria_come_from_the_rating(org):
    person = org["colleague_a"]
    rate(person, {2025: RatingLevel.HTT})
    AnnualRating.objects.filter(person=person).update(
        agency_criteria={"tham_gia_phong_trao": False}
    )
    settings = {"rules": {"LDTT": {"agency_criteria": ["tham_gia_phong_trao"]}}}

    history = person_histories(year=2025, on=RECEIVED)[person.pk]
    verdicts = {
        v.code: v for v in evaluate(history, year=2025, received_on=RECEIVED, settings=settings)
    }

    assert history["years"][-1]["criteria"] == {"tham_gia_phong_trao": False}
    assert not verdicts["LDTT"].eligible
    assert any("tham_gia_phong_trao" in r for r in verdicts["LDTT"].reasons)
    assert person_history(person=person, year=2025, on=RECEIVED) == history


# ---------------------------------------------------------------- units
def _unit_rating(unit, year=2025, **facts):
    defaults = {
        "score": Decimal(95),
        "tasks_total": 10,
        "tasks_done": 10,
        "tasks_on_time": 10,
        "tasks_exceeding": 4,
        "level": RatingLevel.HTXS,
        "status": RatingStatus.APPROVED,
    }
    return UnitRating.objects.create(unit=unit, year=year, **{**defaults, **facts})


def test_a_collective_counts_this_rounds_member_titles(org):
    section = org["sec_a"]
    members = list(Person.objects.filter(unit__path__startswith=section.path))
    for person in members:
        rate(person, {2025: RatingLevel.HTT})

    registry = unit_history(unit=section, year=2025)
    this_round = unit_history(
        unit=section, year=2025, member_titles={p.pk: {"LDTT"} for p in members}
    )

    assert registry["years"][-1]["members"]["LDTT"] == 0
    assert this_round["years"][-1]["members"] == {
        "total": len(members),
        "completed": len(members),
        "LDTT": len(members),
        "CSTDCS": 0,
        "disciplined_canh_cao_or_above": 0,
    }
    both = unit_histories(
        year=2025, unit_ids=[section.pk], member_titles={p.pk: {"LDTT"} for p in members}
    )
    assert both[section.pk] == this_round


def test_a_person_moved_mid_year_counts_where_rated(org):
    mover = org["colleague_a"]  # now in sec_a, rated in 2025 by sec_b
    AnnualRating.objects.create(
        person=mover,
        year=2025,
        unit=org["sec_b"],
        rule_version="test",
        level=RatingLevel.HTT,
        status=RatingStatus.PUBLISHED,
    )

    a = unit_history(unit=org["sec_a"], year=2025)["years"][-1]["members"]["total"]
    b = unit_history(unit=org["sec_b"], year=2025)["years"][-1]["members"]["total"]

    assert (a, b) == (1, 2)
    both = unit_histories(year=2025, unit_ids=[org["sec_a"].pk, org["sec_b"].pk])
    assert both[org["sec_a"].pk]["years"][-1]["members"]["total"] == 1
    assert both[org["sec_b"].pk]["years"][-1]["members"]["total"] == 2


def test_serious_discipline_keeps_counting_members_out(org):
    person = org["colleague_a"]
    Discipline.objects.create(
        person=person,
        form=DisciplineForm.WARNING,
        decided_on=date(2025, 2, 1),
        valid_from=date(2025, 2, 1),
        valid_to=date(2026, 2, 1),
    )
    members = unit_history(unit=org["sec_a"], year=2025)["years"][-1]["members"]
    assert members["disciplined_canh_cao_or_above"] == 1


def test_collective_facts_from_the_platform(org):
    unit = org["dept_a"]
    _unit_rating(unit)
    body = PartyOrganizationFactory(unit=unit, valid_from=date(2020, 1, 1))
    PartyBodyRating.objects.create(body=body, year=2025, level="HTT", decided_on=date(2026, 1, 5))

    facts = collective_facts(year=2025, unit_ids=[unit.pk, org["dept_b"].pk])

    assert facts[unit.pk].clean_party_org is True
    assert facts[unit.pk].exceeded_targets is False  # no goal of its own ends in 2025
    assert any("không có mục tiêu" in r for r in facts[unit.pk].reasons)
    assert facts[unit.pk].cluster_leader is False
    unknown = facts[org["dept_b"].pk]
    assert unknown.clean_party_org is False
    assert "Chưa xác định được tổ chức đảng của đơn vị" in unknown.reasons


def test_a_party_body_rated_only_hoan_thanh_is_not_clean(org):
    unit = org["dept_a"]
    body = PartyOrganizationFactory(unit=unit, valid_from=date(2020, 1, 1))
    PartyBodyRating.objects.create(body=body, year=2025, level="HT", decided_on=date(2026, 1, 5))
    assert collective_facts(year=2025, unit_ids=[unit.pk])[unit.pk].clean_party_org is False


# ---------------------------------------------------------------- both ways, at scale
def _synthetic_agency(people: int, seed: int) -> None:
    """`people` people in 40 units with six years of mixed facts: ratings final or not,
    titles, forms, initiatives, disciplines, pending cases open and closed, posts, absences,
    agency criteria, unit ratings and Party body ratings."""
    rng = random.Random(seed)
    root = UnitFactory(code="SYN", name="Bộ Tổng hợp", kind="ministry")
    departments = [UnitFactory(parent=root) for _ in range(8)]
    sections = [UnitFactory(parent=rng.choice(departments), kind="section") for _ in range(32)]
    units = departments + sections
    position = Position.objects.create(code="CV-SYN", name="Chuyên viên")
    made = [
        Person(
            employee_code=f"SYN{i:05d}",
            full_name=f"Người {i}",
            category="civil_servant",
            unit=rng.choice(units),
        )
        for i in range(people)
    ]
    Person.objects.bulk_create(made)
    made = list(Person.objects.filter(employee_code__startswith="SYN"))
    ratings, awards, posts, absences, disciplines, cases = [], [], [], [], [], []
    statuses = [RatingStatus.PUBLISHED] * 6 + [RatingStatus.APPROVED, RatingStatus.DRAFT]
    for person in made:
        start = date(rng.randint(2018, 2025), rng.randint(1, 12), 1)
        posts.append(
            PersonPosition(person=person, unit=person.unit, position=position, valid_from=start)
        )
        for year in range(2020, 2026):
            if rng.random() < 0.9:
                ratings.append(
                    AnnualRating(
                        person=person,
                        year=year,
                        unit=person.unit,
                        rule_version="test",
                        level=rng.choice(RatingLevel.values),
                        status=rng.choice(statuses),
                        agency_criteria=(
                            {"tham_gia": rng.random() < 0.8} if rng.random() < 0.2 else {}
                        ),
                    )
                )
            if rng.random() < 0.3:
                awards.append(
                    Award(
                        person=person,
                        code=rng.choice(["LDTT", "CSTDCS", "BK_BO", "GK"]),
                        kind="cong_trang",
                        year=year,
                        decision_number=f"{year}/QĐ-{person.pk}",
                        decision_date=date(year + 1, 1, 10),
                        issuer="Bộ trưởng",
                        revoked_on=date(year + 1, 6, 1) if rng.random() < 0.05 else None,
                    )
                )
        if rng.random() < 0.05:
            begin = date(2025, rng.randint(1, 6), 1)
            absences.append(
                Absence(
                    person=person,
                    kind=rng.choice(["unpaid_leave", "maternity", "long_study"]),
                    valid_from=begin,
                    valid_to=date(2025, begin.month + 3, 28),
                )
            )
        if rng.random() < 0.04:
            begin = date(rng.randint(2021, 2025), rng.randint(1, 12), 1)
            disciplines.append(
                Discipline(
                    person=person,
                    form=rng.choice(DisciplineForm.values),
                    for_duty_violation=rng.random() < 0.7,
                    decided_on=begin,
                    valid_from=begin,
                    valid_to=date(begin.year + 1, begin.month, 1),
                )
            )
        if rng.random() < 0.03:
            opened = date(2025, rng.randint(1, 12), 1)
            closed = date(2026, 1, 5) if rng.random() < 0.5 else None
            cases.append(
                PendingCase(person=person, kind="complaint", opened_on=opened, closed_on=closed)
            )
    AnnualRating.objects.bulk_create(ratings, batch_size=2000)
    Award.objects.bulk_create(awards, batch_size=2000)
    PersonPosition.objects.bulk_create(posts, batch_size=2000)
    Absence.objects.bulk_create(absences)
    Discipline.objects.bulk_create(disciplines)
    PendingCase.objects.bulk_create(cases)
    for i, person in enumerate(rng.sample(made, 60)):
        item = Initiative.objects.create(
            kind=rng.choice(InitiativeKind.values),
            title=f"Sáng kiến {i}",
            scope=rng.choice(InitiativeScope.values),
            year=rng.randint(2020, 2025),
        )
        item.authors.add(person)
    for unit in units:
        if rng.random() < 0.7:
            _unit_rating(unit, level=rng.choice(RatingLevel.values))
        if rng.random() < 0.5:
            body = PartyOrganizationFactory(unit=unit, valid_from=date(2020, 1, 1))
            PartyBodyRating.objects.create(
                body=body, year=2025, level=rng.choice(["HTXS", "HTT", "HT"]), decided_on=RECEIVED
            )
    for unit in rng.sample(units, 5):
        Award.objects.create(
            unit=unit,
            code=AwardCode.TLDXS,
            kind="cong_trang",
            year=2024,
            decision_number=f"2024/QĐ-U{unit.pk}",
            decision_date=date(2025, 1, 10),
            issuer="Bộ trưởng",
        )


def _both_ways_equal(year: int, on: date) -> int:
    many = person_histories(year=year, on=on)
    for person in Person.objects.filter(is_active=True):
        assert person_history(person=person, year=year, on=on) == many[person.pk], person
    units = unit_histories(year=year)
    for unit in Unit.objects.all():
        assert unit_history(unit=unit, year=year) == units[unit.pk], unit
    return len(many)


def test_a_2000_person_agency_gives_the_same_histories_both_ways():
    _synthetic_agency(2000, seed=11)
    assert _both_ways_equal(2025, RECEIVED) == 2000


def test_the_demo_gives_the_same_histories_both_ways():
    call_command("demo", verbosity=0)
    assert _both_ways_equal(2025, RECEIVED) > 100
