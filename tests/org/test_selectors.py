from datetime import date

import pytest

from thidua.org import selectors
from thidua.org.models import Unit
from thidua.org.services import unit_rename

from ..factories import PartyOrganizationFactory, PersonFactory, UnitFactory


def test_people_in_subtree_includes_sub_units_and_excludes_siblings(org):
    people = set(
        selectors.people_in_subtree(unit=org["dept_a"]).values_list("full_name", flat=True)
    )
    assert people == {"Trần Thị Hoa", "Lê Văn Nam", "Phạm Quốc Huy"}


def test_subtree_query_count_does_not_grow_with_depth(org, django_assert_num_queries):
    deep = org["sec_a"]
    for i in range(6):
        deep = UnitFactory(code=f"DEEP{i}", parent=deep, kind="section")
        PersonFactory(unit=deep)
    with django_assert_num_queries(1):
        assert len(list(selectors.people_in_subtree(unit=org["dept_a"]))) == 3 + 6


def test_unit_tree_counts_people_per_subtree_in_two_queries(org, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        units = {u.code: u for u in selectors.unit_tree(viewer=org["staff_a"].user)}
    assert units["BO"].people_total == 4
    assert units["CA"].people_total == 3
    assert units["CA"].people_direct == 1


def test_units_as_of_shows_the_name_a_unit_had_on_that_date(org, org_admin):
    unit_rename(
        actor=org_admin,
        unit=org["dept_a"],
        name="Cục Chuyển đổi số",
        effective_on=date(2022, 7, 1),
    )
    before = selectors.units_as_of(on=date(2021, 1, 1)).get(code="CA")
    after = selectors.units_as_of(on=date(2023, 1, 1)).get(code="CA")
    assert before.name_then == "Cục A"
    assert after.name_then == "Cục Chuyển đổi số"
    assert Unit.objects.get(code="CA").name == "Cục Chuyển đổi số"


def test_units_as_of_leaves_out_units_not_yet_established(org):
    UnitFactory(code="NEW", parent=org["root"], valid_from=date(2024, 1, 1))
    assert not selectors.units_as_of(on=date(2023, 12, 31)).filter(code="NEW").exists()
    assert selectors.units_as_of(on=date(2024, 1, 1)).filter(code="NEW").exists()


@pytest.mark.django_db
def test_party_members_in_subtree_covers_cells_under_a_committee():
    from thidua.org.models import PartyMembership

    committee = PartyOrganizationFactory(kind="committee", name="Đảng bộ")
    cell_1 = PartyOrganizationFactory(parent=committee)
    cell_2 = PartyOrganizationFactory(parent=committee)
    other = PartyOrganizationFactory()
    members = [PersonFactory() for _ in range(3)]
    for person, cell in zip(members, [cell_1, cell_2, other], strict=True):
        PartyMembership.objects.create(
            person=person,
            organization=cell,
            joined_party_on=date(2010, 1, 1),
            valid_from=date(2020, 1, 1),
        )
    found = set(selectors.party_members_in_subtree(organization=committee))
    assert found == {members[0], members[1]}
