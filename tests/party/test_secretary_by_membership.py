"""A Party body's secretary holds its secretary rights by her membership valid today
(org.rules.secretary_memberships): recorded as secretary, she manages the cell's meetings the
same day; when her membership ends or a successor is recorded, the rights move with no role
to grant or revoke. Explicit roles (the committee office's) are kept."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.org.choices import MembershipStatus, OrgAudit, PartyRole, Role
from thidua.org.models import PartyMembership, RoleAssignment
from thidua.org.rules import viewer_scope
from thidua.org.services import role_grant
from thidua.party import rules, services
from thidua.party.services import org as services_org

from ..factories import PartyOrganizationFactory, PersonFactory, UserFactory

SINCE = date(2020, 1, 1)


def fresh(person):
    """The person's account as a new request would load it (the scope is cached per object)."""
    return get_user_model().objects.get(pk=person.user_id)


def record(office, person, cell, role, valid_from):
    return services_org.membership_set(
        actor=office,
        person=person,
        organization=cell,
        role=role,
        status=MembershipStatus.OFFICIAL,
        joined_party_on=date(2010, 1, 1),
        valid_from=valid_from,
    )


def meeting_of(cell, secretary):
    return services.meeting_create(
        actor=fresh(secretary),
        cell=cell,
        held_on=timezone.localdate(),
        agenda="Quán triệt nghị quyết",
        hard_problem="Chậm số hóa hồ sơ",
    )


@pytest.fixture
def cell_c(party, org):
    """Chi bộ C under the committee, with no Party role granted by hand: Lan, a member who
    will be its secretary, and Minh, a member."""
    cell = PartyOrganizationFactory(code="CB-C", name="Chi bộ C", parent=party["committee"])
    lan = PersonFactory(unit=org["sec_a"], full_name="Ngô Thị Lan", user=UserFactory())
    minh = PersonFactory(unit=org["sec_a"], full_name="Vũ Văn Minh", user=UserFactory())
    office = party["office"].user
    record(office, lan, cell, PartyRole.MEMBER, SINCE)
    record(office, minh, cell, PartyRole.MEMBER, SINCE)
    return {"cell": cell, "lan": lan, "minh": minh, "office": office}


def test_member_recorded_as_cell_secretary_manages_its_meeting_the_same_day(cell_c, client):
    today = timezone.localdate()
    lan, cell = cell_c["lan"], cell_c["cell"]
    with pytest.raises(PermissionDenied):
        meeting_of(cell, lan)

    services_org.membership_role_change(
        actor=cell_c["office"],
        membership=PartyMembership.objects.get(person=lan, valid_to__isnull=True),
        role=PartyRole.SECRETARY,
        valid_from=today,
    )

    client.force_login(fresh(lan))
    response = client.post(
        reverse("party:meetings"),
        {
            "cell": cell.pk,
            "held_on": today.isoformat(),
            "agenda": "Quán triệt nghị quyết",
            "hard_problem": "Chậm số hóa hồ sơ",
        },
    )
    assert response.status_code == 302
    meeting = cell.meetings.get()
    assert fresh(lan).has_perm("party.manage_meeting", meeting)
    assert not RoleAssignment.objects.filter(user_id=lan.user_id).exists()  # nothing stored


def test_ended_membership_takes_the_secretarys_rights_the_same_day(cell_c):
    lan, cell = cell_c["lan"], cell_c["cell"]
    record(cell_c["office"], lan, cell, PartyRole.SECRETARY, SINCE + timedelta(days=1))
    meeting = meeting_of(cell, lan)

    services_org.membership_end(
        actor=cell_c["office"],
        membership=PartyMembership.objects.get(person=lan, valid_to__isnull=True),
        valid_to=timezone.localdate(),
        status=MembershipStatus.TRANSFERRED,
    )

    assert not fresh(lan).has_perm("party.manage_meeting", meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_mark_held(actor=fresh(lan), meeting=meeting)
    ended = AuditEvent.objects.get(action=OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED)
    assert (ended.target_id, ended.data["organization"]) == (str(lan.pk), "CB-C")


def test_successor_takes_the_rights_and_the_predecessor_loses_them(cell_c):
    lan, minh, cell = cell_c["lan"], cell_c["minh"], cell_c["cell"]
    record(cell_c["office"], lan, cell, PartyRole.SECRETARY, SINCE + timedelta(days=1))
    meeting = meeting_of(cell, lan)

    # the cell elects Minh; Lan's own membership is not touched (it still says secretary)
    services_org.membership_role_change(
        actor=cell_c["office"],
        membership=PartyMembership.objects.get(person=minh, valid_to__isnull=True),
        role=PartyRole.SECRETARY,
        valid_from=timezone.localdate(),
    )

    assert fresh(minh).has_perm("party.manage_meeting", meeting)
    assert not fresh(lan).has_perm("party.manage_meeting", meeting)
    services.meeting_mark_held(actor=fresh(minh), meeting=meeting)
    events = {
        (e.action, e.target_id)
        for e in AuditEvent.objects.filter(action__startswith="party.secretary_rights.")
        if e.data["on"] == timezone.localdate().isoformat()
    }
    assert events == {
        (OrgAudit.PARTY_SECRETARY_RIGHTS_BEGAN.value, str(minh.pk)),
        (OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED.value, str(lan.pk)),
    }


def test_secretary_of_one_cell_gets_nothing_over_a_sibling_cell(cell_c, party):
    lan = cell_c["lan"]
    record(cell_c["office"], lan, cell_c["cell"], PartyRole.SECRETARY, SINCE + timedelta(days=1))
    sibling_meeting = meeting_of(party["cell_b"], party["secretary_b"])

    user = fresh(lan)
    assert not user.has_perm("party.manage_meeting", sibling_meeting)
    assert not user.has_perm("party.view_meeting", sibling_meeting)
    assert not user.has_perm("party.upload_resolution", party["cell_b"])
    assert not user.has_perm("org.view_person_private", party["secretary_b"])
    with pytest.raises(PermissionDenied):
        meeting_of(party["cell_b"], lan)


def test_state_roles_still_give_no_party_right(cell_c, org, org_admin):
    record(
        cell_c["office"], cell_c["lan"], cell_c["cell"], PartyRole.SECRETARY, SINCE + timedelta(1)
    )
    meeting = meeting_of(cell_c["cell"], cell_c["lan"])
    root = UserFactory(is_superuser=True, is_staff=True)
    head = org["head_a"].user  # unit head over Phòng A1, where Lan and Minh work
    role_grant(actor=SYSTEM, user=head, role=Role.LEADERSHIP, valid_from=SINCE)  # state too
    for user in (head, org_admin, root):
        user = get_user_model().objects.get(pk=user.pk)
        assert not rules.can_manage_meeting(user, meeting)  # has_perm: a superuser has all
        assert viewer_scope(user).party_paths == ()
        with pytest.raises(PermissionDenied):
            services.meeting_mark_held(actor=user, meeting=meeting)


def test_deputy_secretary_stands_in_but_a_committee_member_does_not(cell_c):
    lan, minh, cell = cell_c["lan"], cell_c["minh"], cell_c["cell"]
    later = SINCE + timedelta(days=1)
    record(cell_c["office"], lan, cell, PartyRole.DEPUTY_SECRETARY, later)
    record(cell_c["office"], minh, cell, PartyRole.COMMITTEE_MEMBER, later)

    meeting = meeting_of(cell, lan)
    assert fresh(lan).has_perm("party.manage_meeting", meeting)
    assert not fresh(minh).has_perm("party.manage_meeting", meeting)


def test_a_secretary_recorded_from_a_later_day_has_the_rights_from_that_day(cell_c):
    lan, cell = cell_c["lan"], cell_c["cell"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    record(cell_c["office"], lan, cell, PartyRole.SECRETARY, tomorrow)

    assert viewer_scope(fresh(lan)).party_paths == ()
    assert viewer_scope(fresh(lan), on=tomorrow).party_paths == (cell.path,)
    began = AuditEvent.objects.get(action=OrgAudit.PARTY_SECRETARY_RIGHTS_BEGAN)
    assert began.data["on"] == tomorrow.isoformat()


def test_a_secretary_role_granted_by_hand_ends_with_the_secretarys_membership(cell_c, party):
    """secretary_a holds both the post and a role over her cell made by hand (as before the
    rights followed the membership); the office keeps its role over the committee."""
    secretary = party["secretary_a"]
    services_org.membership_end(
        actor=party["office"].user,
        membership=PartyMembership.objects.get(person=secretary, valid_to__isnull=True),
        valid_to=timezone.localdate(),
        status=MembershipStatus.TRANSFERRED,
    )

    assert viewer_scope(fresh(secretary)).party_paths == ()
    revoked = AuditEvent.objects.get(action=OrgAudit.ROLE_REVOKED)
    assert revoked.data["changes"]["valid_to"][1] == timezone.localdate().isoformat()
    office_scope = viewer_scope(fresh(party["office"]))
    assert office_scope.party_paths == (party["committee"].path,)
    assert office_scope.membership_party_paths == ()
