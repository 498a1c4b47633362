from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thidua.core.models import AuditEvent
from thidua.org import selectors
from thidua.org.choices import PostKind
from thidua.org.models import Person, PersonPosition, Unit, UnitChange
from thidua.org.services import (
    person_assign_post,
    unit_create,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)

from ..factories import PositionFactory


def test_creating_a_unit_sets_its_path_under_the_parent_and_records_an_event(org, org_admin):
    unit = unit_create(
        actor=org_admin,
        code="CA-P2",
        name="Phòng A2",
        kind="section",
        parent=org["dept_a"],
        valid_from=date(2021, 1, 1),
    )
    assert unit.path.startswith(org["dept_a"].path)
    assert unit in selectors.unit_subtree(unit=org["dept_a"])
    event = AuditEvent.objects.get(action="unit.created", target_id=str(unit.pk))
    assert event.actor == org_admin
    assert event.data["code"] == "CA-P2"


def test_staff_cannot_change_the_organisation(org):
    with pytest.raises(PermissionDenied):
        unit_create(
            actor=org["staff_a"].user,
            code="X",
            name="X",
            kind="section",
            parent=org["dept_a"],
            valid_from=date(2021, 1, 1),
        )


def test_duplicate_unit_code_is_refused(org, org_admin):
    with pytest.raises(ValidationError):
        unit_create(
            actor=org_admin,
            code="CA",
            name="Trùng",
            kind="section",
            parent=None,
            valid_from=date(2021, 1, 1),
        )


def test_rename_keeps_the_old_name_for_earlier_dates(org, org_admin):
    unit_rename(
        actor=org_admin, unit=org["dept_a"], name="Cục A mới", effective_on=date(2022, 1, 1)
    )
    names = list(org["dept_a"].names.order_by("valid_from").values_list("name", "valid_to"))
    assert names == [("Cục A", date(2022, 1, 1)), ("Cục A mới", None)]
    with pytest.raises(ValidationError):
        unit_rename(actor=org_admin, unit=org["dept_a"], name="Lùi", effective_on=date(2021, 1, 1))


def test_merge_moves_sub_units_and_people_and_closes_the_source(org, org_admin):
    unit_merge(
        actor=org_admin,
        sources=[org["dept_b"]],
        target=org["dept_a"],
        effective_on=date(2023, 1, 1),
    )
    dept_b = Unit.objects.get(pk=org["dept_b"].pk)
    sec_b = Unit.objects.get(pk=org["sec_b"].pk)
    assert dept_b.valid_to == date(2023, 1, 1)
    assert sec_b.path.startswith(org["dept_a"].path)
    assert sec_b.depth == 2
    staff_b = Person.objects.get(pk=org["staff_b"].pk)
    assert staff_b in selectors.people_in_subtree(unit=org["dept_a"])
    change = UnitChange.objects.get(kind="merge")
    assert list(change.sources.all()) == [dept_b]


def test_split_creates_new_units_and_closes_the_old_one(org, org_admin):
    created = unit_split(
        actor=org_admin,
        source=org["dept_b"],
        effective_on=date(2024, 1, 1),
        into=[
            {"code": "CB1", "name": "Cục B1", "kind": "department"},
            {"code": "CB2", "name": "Cục B2", "kind": "department"},
        ],
    )
    assert [u.parent_id for u in created] == [org["root"].pk, org["root"].pk]
    assert not selectors.units_as_of(on=date(2024, 6, 1)).filter(code="CB").exists()
    assert selectors.units_as_of(on=date(2023, 6, 1)).filter(code="CB").exists()


def test_moving_a_unit_under_its_own_descendant_is_refused(org, org_admin):
    with pytest.raises(ValidationError):
        unit_move(actor=org_admin, unit=org["dept_a"], new_parent=org["sec_a"])


def test_new_primary_post_closes_the_previous_and_keeps_history(org, org_admin):
    person = org["staff_a"]
    head = PositionFactory(code="TP", name="Trưởng phòng", level=2)
    person_assign_post(
        actor=org_admin,
        person=person,
        unit=org["sec_b"],
        position=head,
        valid_from=date(2024, 3, 1),
        decision="QĐ 12/QĐ-BTTTT",
    )
    posts = list(PersonPosition.objects.filter(person=person).order_by("valid_from"))
    assert [(p.unit.code, p.valid_to) for p in posts] == [
        ("CA-P1", date(2024, 3, 1)),
        ("CB-P1", None),
    ]
    person.refresh_from_db()
    assert person.unit == org["sec_b"]


def test_acting_and_concurrent_posts_are_held_alongside_the_primary(org, org_admin):
    person = org["head_a"]
    acting = PositionFactory(code="QCT", name="Quyền Cục trưởng", level=4)
    person_assign_post(
        actor=org_admin,
        person=person,
        unit=org["dept_b"],
        position=acting,
        kind=PostKind.ACTING,
        valid_from=date(2024, 1, 1),
    )
    open_posts = PersonPosition.objects.filter(person=person, valid_to__isnull=True)
    assert open_posts.count() == 2
    person.refresh_from_db()
    assert person.unit == org["dept_a"]


def test_two_open_primary_posts_are_impossible_in_the_database(org):
    person = org["staff_a"]
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonPosition.objects.create(
            person=person, unit=org["sec_b"], position=person.position, valid_from=date(2024, 1, 1)
        )
