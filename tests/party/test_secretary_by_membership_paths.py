"""The other paths that change memberships move the secretary's rights too, and say so in
the audit: the Party member import and the Django admin (the services' own are in
test_secretary_by_membership.py)."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.org.choices import MembershipStatus, OrgAudit, PartyRole, Role
from thidua.org.models import PartyMembership, RoleAssignment
from thidua.org.rules import viewer_scope
from thidua.org.services import role_grant
from thidua.party import exchange

from ..factories import UserFactory


def fresh(person):
    return get_user_model().objects.get(pk=person.user_id)


def rights_events():
    return {
        (e.action, e.target_id, e.data["organization"], e.data["cause"])
        for e in AuditEvent.objects.filter(action__startswith="party.secretary_rights.")
    }


def test_a_member_imported_as_secretary_takes_the_rights_from_today(party):
    member, secretary, cell = party["member_a"], party["secretary_a"], party["cell_a"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(exchange.MEMBER_COLUMNS)
    writer.writerow(
        [member.employee_code, member.full_name, "CB-A", "01/01/2010", "secretary", "official"]
    )

    counts = exchange.members_import(
        actor=party["office"].user, name="bau-bi-thu.csv", data=buffer.getvalue().encode()
    )

    assert counts["updated"] == 1
    # a new membership row from today: the history of roles is kept
    assert viewer_scope(fresh(member)).party_paths == (cell.path,)
    assert viewer_scope(fresh(secretary)).party_paths == ()  # superseded, her role ended too
    cause = "party.membership.imported"
    assert rights_events() == {
        (OrgAudit.PARTY_SECRETARY_RIGHTS_BEGAN.value, str(member.pk), "CB-A", cause),
        (OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED.value, str(secretary.pk), "CB-A", cause),
    }
    old = PartyMembership.objects.get(person=member, valid_to=timezone.localdate())
    assert old.role == PartyRole.MEMBER


@pytest.fixture
def root_with_party_role(party):
    """A superuser account that also holds the committee's Party role (an admin edit is
    refused without one)."""
    user = UserFactory(username="vanphong-admin", is_superuser=True, is_staff=True)
    role_grant(
        actor=SYSTEM,
        user=user,
        role=Role.PARTY_SECRETARY,
        party_organization=party["committee"],
        valid_from=date(2020, 1, 1),
    )
    return user


def test_an_admin_edit_making_a_member_secretary_moves_the_rights_and_is_audited(
    party, root_with_party_role, client
):
    member, secretary = party["member_a"], party["secretary_a"]
    membership = PartyMembership.objects.get(person=member)
    client.force_login(root_with_party_role)
    response = client.post(
        reverse("admin:org_partymembership_change", args=[membership.pk]),
        {
            "organization": party["cell_a"].pk,
            "role": PartyRole.SECRETARY,
            "status": MembershipStatus.OFFICIAL,
            "joined_party_on": "2010-01-01",
            "valid_from": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    assert viewer_scope(fresh(member)).party_paths == (party["cell_a"].path,)
    assert viewer_scope(fresh(secretary)).party_paths == ()
    cause = "party.membership.changed_in_admin"
    assert rights_events() == {
        (OrgAudit.PARTY_SECRETARY_RIGHTS_BEGAN.value, str(member.pk), "CB-A", cause),
        (OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED.value, str(secretary.pk), "CB-A", cause),
    }
    assert (
        not RoleAssignment.objects.as_of(timezone.localdate()).filter(user=secretary.user).exists()
    )


def test_an_admin_deleting_the_secretarys_membership_ends_her_rights(
    party, root_with_party_role, client
):
    secretary = party["secretary_b"]
    membership = PartyMembership.objects.get(person=secretary)
    client.force_login(root_with_party_role)
    response = client.post(
        reverse("admin:org_partymembership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert viewer_scope(fresh(secretary)).party_paths == ()
    assert rights_events() == {
        (
            OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED.value,
            str(secretary.pk),
            "CB-B",
            "party.membership.deleted_in_admin",
        )
    }
