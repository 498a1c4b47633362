from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from thidua.core.actors import SYSTEM
from thidua.org import selectors
from thidua.org.choices import Role
from thidua.org.models import PartyMembership, UnitGroup, UnitGroupMembership
from thidua.org.rules import can_view_person_private, can_view_unit_private
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, UserFactory


def test_staff_sees_their_own_private_data(org):
    assert can_view_person_private(org["staff_a"].user, org["staff_a"])


def test_staff_does_not_see_a_colleagues_or_another_units_private_data(org):
    user = org["staff_a"].user
    assert not can_view_person_private(user, org["colleague_a"])
    assert not can_view_person_private(user, org["staff_b"])
    with pytest.raises(PermissionDenied):
        selectors.unit_people_private(viewer=user, unit=org["dept_b"])


def test_staff_sees_public_names_of_another_unit(org):
    names = [
        p.full_name
        for p in selectors.unit_people_public(viewer=org["staff_a"].user, unit=org["sec_b"])
    ]
    assert names == ["Đỗ Minh Châu"]


def test_unit_head_sees_their_subtree_only(org):
    head = org["head_a"].user
    assert can_view_person_private(head, org["staff_a"])
    assert can_view_unit_private(head, org["sec_a"])
    assert not can_view_person_private(head, org["staff_b"])
    assert not can_view_unit_private(head, org["dept_b"])
    private = set(selectors.person_private_list(viewer=head))
    assert private == {org["staff_a"], org["colleague_a"], org["head_a"]}


def test_leadership_of_a_block_sees_the_blocks_units_only(org):
    block = UnitGroup.objects.create(
        kind="leadership_block", name="Khối A", valid_from=date(2020, 1, 1)
    )
    UnitGroupMembership.objects.create(group=block, unit=org["dept_a"], valid_from=date(2020, 1, 1))
    deputy = UserFactory(username="thutruong")
    role_grant(
        actor=SYSTEM,
        user=deputy,
        role=Role.LEADERSHIP,
        unit_group=block,
        valid_from=date(2020, 1, 1),
    )
    assert can_view_person_private(deputy, org["staff_a"])
    assert not can_view_person_private(deputy, org["staff_b"])


def test_leadership_of_the_whole_ministry_sees_everyone(org):
    minister = UserFactory(username="botruong")
    role_grant(actor=SYSTEM, user=minister, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    assert set(selectors.person_private_list(viewer=minister)) == {
        org["staff_a"],
        org["colleague_a"],
        org["head_a"],
        org["staff_b"],
    }


def test_expired_role_grants_nothing(org):
    user = org["staff_b"].user
    role_grant(
        actor=SYSTEM,
        user=user,
        role=Role.UNIT_HEAD,
        unit=org["dept_a"],
        valid_from=date(2019, 1, 1),
    )
    user.role_assignments.update(valid_to=date(2020, 1, 1))
    assert not can_view_person_private(user, org["staff_a"])


def test_party_secretary_sees_members_of_their_cell_not_others(org):
    cell = PartyOrganizationFactory()
    other_cell = PartyOrganizationFactory()
    for person, body in ((org["colleague_a"], cell), (org["staff_b"], other_cell)):
        PartyMembership.objects.create(
            person=person,
            organization=body,
            joined_party_on=date(2015, 1, 1),
            valid_from=date(2020, 1, 1),
        )
    secretary = org["staff_a"].user
    role_grant(
        actor=SYSTEM,
        user=secretary,
        role=Role.PARTY_SECRETARY,
        party_organization=cell,
        valid_from=date(2020, 1, 1),
    )
    assert can_view_person_private(secretary, org["colleague_a"])
    assert not can_view_person_private(secretary, org["staff_b"])
    assert set(selectors.person_private_list(viewer=secretary)) == {
        org["staff_a"],
        org["colleague_a"],
    }
