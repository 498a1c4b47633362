"""Party and state kept apart beyond the Party pages (issue 10, point 2): the organisation's
own Party writes (bodies, memberships, Party roles) and the Django admin follow the same
rule — a Party role over the body, never the administrator's state role or a superuser
account by itself."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.org.choices import MembershipStatus, PartyRole, Role
from thidua.org.models import PartyMembership, PartyOrganization, RoleAssignment
from thidua.org.services import party_membership_set, party_org_create, role_grant, role_revoke

from ..factories import UserFactory

START = date(2020, 1, 1)


@pytest.fixture
def root(db):
    """A superuser holding the administrator role, as the demo's quantri."""
    user = UserFactory(username="quantri-t", is_superuser=True, is_staff=True)
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=START)
    return user


def _set(actor, person, body):
    return party_membership_set(
        actor=actor,
        person=person,
        organization=body,
        role=PartyRole.MEMBER,
        status=MembershipStatus.OFFICIAL,
        joined_party_on=date(2012, 1, 1),
        valid_from=date(2025, 1, 1),
    )


def test_the_administrator_may_not_give_party_roles_bodies_or_memberships(party, root):
    with pytest.raises(PermissionDenied):
        role_grant(
            actor=root,
            user=root,
            role=Role.PARTY_SECRETARY,
            party_organization=party["cell_a"],
            valid_from=START,
        )
    with pytest.raises(PermissionDenied):
        party_org_create(
            actor=root,
            code="CB-C",
            name="Chi bộ C",
            kind="cell",
            parent=party["committee"],
            valid_from=START,
        )
    with pytest.raises(PermissionDenied):
        _set(root, party["member_a"], party["cell_b"])
    bithu_role = RoleAssignment.objects.get(user=party["secretary_a"].user)
    with pytest.raises(PermissionDenied):
        role_revoke(actor=root, assignment=bithu_role, valid_to=date(2025, 1, 1))
    assert not RoleAssignment.objects.filter(user=root, role=Role.PARTY_SECRETARY).exists()
    assert not PartyOrganization.objects.filter(code="CB-C").exists()
    assert PartyMembership.objects.get(person=party["member_a"]).organization == party["cell_a"]


def test_the_committee_office_gives_them_under_its_body(party):
    office = party["office"].user
    cell = party_org_create(
        actor=office,
        code="CB-C",
        name="Chi bộ C",
        kind="cell",
        parent=party["committee"],
        valid_from=START,
    )
    new_secretary = UserFactory(username="bithu-c")
    role_grant(
        actor=office,
        user=new_secretary,
        role=Role.PARTY_SECRETARY,
        party_organization=cell,
        valid_from=START,
    )
    assert _set(office, party["member_a"], cell).organization == cell
    with pytest.raises(PermissionDenied):  # a top body is not made under nobody's role
        party_org_create(
            actor=office,
            code="DB-2",
            name="Đảng bộ 2",
            kind="committee",
            parent=None,
            valid_from=START,
        )


def test_a_cells_secretary_may_not_take_another_cells_member(party):
    with pytest.raises(PermissionDenied):
        _set(party["secretary_a"].user, party["secretary_b"], party["cell_a"])
    assert PartyMembership.objects.get(person=party["secretary_b"]).organization == party["cell_b"]


def test_the_django_admin_shows_a_superuser_no_party_body_or_member(party, root, client):
    client.force_login(root)
    listing = client.get(reverse("admin:org_partymembership_changelist")).content.decode()
    assert party["member_a"].full_name not in listing
    bodies = client.get(reverse("admin:org_partyorganization_changelist")).content.decode()
    assert "Chi bộ A" not in bodies
    membership = PartyMembership.objects.get(person=party["member_a"])
    response = client.post(
        reverse("admin:org_partymembership_change", args=[membership.pk]),
        {
            "person": membership.person_id,
            "organization": party["cell_b"].pk,
            "role": PartyRole.SECRETARY,
            "status": MembershipStatus.OFFICIAL,
            "joined_party_on": "2010-01-01",
            "valid_from": "2020-01-01",
        },
    )
    assert response.status_code in (302, 404)
    membership.refresh_from_db()
    assert (membership.organization, membership.role) == (party["cell_a"], PartyRole.MEMBER)


def test_the_django_admin_lets_no_superuser_take_a_party_role(party, root, client):
    client.force_login(root)
    bithu_role = RoleAssignment.objects.get(user=party["secretary_a"].user)
    form = {
        "user": root.pk,
        "role": Role.PARTY_SECRETARY,
        "party_organization": party["cell_a"].pk,
        "valid_from": "2020-01-01",
    }
    changed = client.post(reverse("admin:org_roleassignment_change", args=[bithu_role.pk]), form)
    assert changed.status_code == 403
    bithu_role.refresh_from_db()
    assert bithu_role.user == party["secretary_a"].user
    added = client.post(reverse("admin:org_roleassignment_add"), form)
    assert added.status_code == 200  # the form answers: not a valid choice
    assert not RoleAssignment.objects.filter(user=root, role=Role.PARTY_SECRETARY).exists()
    deleted = client.post(
        reverse("admin:org_roleassignment_delete", args=[bithu_role.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert RoleAssignment.objects.filter(pk=bithu_role.pk).exists()
