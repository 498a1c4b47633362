"""The ministry's office (Văn phòng Bộ) prepares the leadership's giao ban (issues 12/13):
a member of the office with a unit head's or the emulation officer's role plans the
ministry's and the blocks' meetings for their chair and records the conclusions; never a
unit's own meeting; a plain member of the office, or staff elsewhere, is refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.meetings import rules, selectors, services
from thidua.meetings.models import BriefingMeeting
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, PositionFactory, UnitFactory, UserFactory, block_deputy

pytestmark = pytest.mark.django_db
SINCE = date(2020, 1, 1)


@pytest.fixture
def office(org):
    """Văn phòng Bộ with its Phòng Thi đua - Khen thưởng, the Thanh tra Bộ (same kind), the
    minister, an emulation officer and a plain member of the office."""
    vpb = UnitFactory(code="VPB", name="Văn phòng Bộ", kind="office", parent=org["root"])
    tdkt = UnitFactory(
        code="VPB-P2", name="Phòng Thi đua - Khen thưởng", kind="section", parent=vpb
    )
    inspectorate = UnitFactory(code="TTR", name="Thanh tra Bộ", kind="office", parent=org["root"])
    minister = PersonFactory(
        unit=org["root"],
        full_name="Nguyễn Mạnh Bộ",
        user=UserFactory(username="bt"),
        position=PositionFactory(code="BT", name="Bộ trưởng", level=6),
    )
    role_grant(actor=SYSTEM, user=minister.user, role=Role.LEADERSHIP, valid_from=SINCE)
    officer = PersonFactory(unit=tdkt, full_name="Vũ Thị Thi Đua", user=UserFactory(username="td"))
    role_grant(actor=SYSTEM, user=officer.user, role=Role.EMULATION_OFFICER, valid_from=SINCE)
    clerk = PersonFactory(unit=vpb, full_name="Lê Văn Văn Thư", user=UserFactory(username="vt"))
    inspector = PersonFactory(unit=inspectorate, user=UserFactory(username="ttr"))
    role_grant(
        actor=SYSTEM, user=inspector.user, role=Role.EMULATION_OFFICER, valid_from=SINCE
    )  # an officer seated in the Thanh tra Bộ: not the office
    return {
        "vpb": vpb,
        "minister": minister,
        "officer": officer,
        "clerk": clerk,
        "inspector": inspector,
    }


def _plan(actor, *, chair, unit=None, unit_group=None):
    return services.meeting_create(
        actor=actor,
        unit=unit,
        unit_group=unit_group,
        year=2026,
        month=11,
        held_on=date(2026, 12, 3),
        chair=chair,
    )


def test_the_office_plans_the_ministrys_giao_ban_for_the_minister_and_records_it(org, office):
    officer, minister = office["officer"], office["minister"]
    assert rules.prepares_for_leadership(officer.user)
    meeting = _plan(officer.user, chair=minister, unit=org["root"])
    assert meeting.chair == minister and meeting.created_by == officer.user
    assert rules.can_manage_meeting(officer.user, meeting)
    conclusion = services.conclusion_add(
        actor=officer.user,
        meeting=meeting,
        text="Cục A hoàn thành báo cáo chuyển đổi số",
        assignee=org["head_a"],
        deadline=timezone.localdate() + timedelta(days=20),
    )
    assert conclusion.task.owner == org["head_a"]
    assert meeting in selectors.meetings_visible(viewer=officer.user)


def test_the_office_plans_a_blocks_giao_ban_for_its_deputy_minister(org, office):
    deputy = block_deputy(org["dept_a"], org["dept_b"])
    group = deputy.user.role_assignments.get().unit_group
    assert group in selectors.groups_to_hold(viewer=office["officer"].user)
    meeting = _plan(office["officer"].user, chair=deputy, unit_group=group)
    assert rules.can_manage_meeting(office["officer"].user, meeting)


def test_the_office_has_no_right_over_a_units_own_giao_ban(org, office):
    officer = office["officer"].user
    with pytest.raises(PermissionDenied):
        _plan(officer, chair=org["head_a"], unit=org["dept_a"])
    huy = org["head_a"]
    meeting = _plan(huy.user, chair=huy, unit=org["dept_a"])
    assert not rules.can_manage_meeting(officer, meeting)
    assert [u.depth for u in selectors.units_to_hold(viewer=officer)] == [0]


def test_a_plain_member_of_the_office_or_staff_elsewhere_is_refused(org, office):
    for person in (office["clerk"], org["staff_a"], office["inspector"]):
        assert not rules.prepares_for_leadership(person.user)
        with pytest.raises(PermissionDenied):
            _plan(person.user, chair=office["minister"], unit=org["root"])
    meeting = _plan(office["minister"].user, chair=office["minister"], unit=org["root"])
    assert not rules.can_manage_meeting(office["clerk"].user, meeting)


def test_the_planning_page_offers_the_ministry_and_its_chairs_to_the_office(org, office, client):
    client.force_login(office["officer"].user)
    page = client.get(reverse("meetings:list"))
    assert page.status_code == 200
    form = page.context["form"]
    assert [label for _key, label in form.fields["scope"].choices] == ["Bộ Thử nghiệm"]
    assert list(form.fields["chair"].queryset) == [office["minister"]]
    response = client.post(
        reverse("meetings:list"),
        {
            "scope": f"u{org['root'].pk}",
            "year": 2026,
            "month": 11,
            "held_on": "2026-12-03",
            "chair": office["minister"].pk,
        },
    )
    meeting = BriefingMeeting.objects.get()
    assert response.status_code == 302 and meeting.chair == office["minister"]
    client.force_login(office["clerk"].user)
    assert client.get(reverse("meetings:list")).context["form"] is None
    refused = client.post(reverse("meetings:list"), {"scope": f"u{org['root'].pk}"})
    assert refused.status_code == 403
