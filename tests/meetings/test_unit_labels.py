"""Units named alike (eight Cục each have a "Văn phòng Cục") are told apart on the giao ban
pages (issue 12): the list, the planning form's choice of unit, the meeting's heading, the
agenda and the choice of assignee show such a unit with its parent; a unique name alone."""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from thidua.meetings import selectors, services
from thidua.meetings.models import BriefingMeeting
from thidua.messaging.models import Dispatch
from thidua.org.unit_labels import unit_label, unit_labels

from ..factories import PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

VP_A = "Văn phòng Cục — Cục A"
VP_B = "Văn phòng Cục — Cục B"


@pytest.fixture
def offices(org):
    vp_a = UnitFactory(code="CA-VP", name="Văn phòng Cục", parent=org["dept_a"], kind="section")
    vp_b = UnitFactory(code="CB-VP", name="Văn phòng Cục", parent=org["dept_b"], kind="section")
    admin = UserFactory(username="quantri", is_superuser=True)
    return {
        "vp_a": vp_a,
        "vp_b": vp_b,
        "admin": admin,
        "chief": PersonFactory(unit=org["root"], full_name="Hoàng Văn Bộ", user=admin),
        "clerk_a": PersonFactory(unit=vp_a, full_name="Vũ Thị Lan"),
        "clerk_b": PersonFactory(unit=vp_b, full_name="Vũ Thị Lan"),
    }


def _meeting(offices, unit) -> BriefingMeeting:
    return services.meeting_create(
        actor=offices["admin"], unit=unit, year=2026, month=11,
        held_on=date(2026, 12, 3), chair=offices["chief"],
    )  # fmt: skip


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_a_name_borne_by_two_units_is_followed_by_the_parents_and_a_unique_one_is_not(org, offices):
    labels = unit_labels([offices["vp_a"], offices["vp_b"], org["sec_a"], None])
    assert labels == {
        offices["vp_a"].pk: VP_A,
        offices["vp_b"].pk: VP_B,
        org["sec_a"].pk: "Phòng A1",
    }
    assert unit_label(offices["vp_b"]) == VP_B and unit_label(None) == ""
    template = Template("{% load org_units %}{{ unit|unit_label }}")
    assert template.render(Context({"unit": offices["vp_a"]})) == VP_A


def test_the_list_and_the_planning_form_tell_the_two_offices_apart(client, org, offices):
    _meeting(offices, offices["vp_a"])
    _meeting(offices, offices["vp_b"])
    client.force_login(offices["admin"])
    page = _text(client.get(reverse("meetings:list")).content.decode())

    rows = re.findall(r"<td>(Văn phòng Cục[^<]*)</td>", page)
    assert sorted(rows) == [VP_A, VP_B]  # the two meetings, one per office
    options = re.findall(r'<option value="u\d+"[^>]*>([^<]*)</option>', page)
    assert VP_A in options and VP_B in options
    assert "Văn phòng Cục" not in options  # never the bare, ambiguous name
    assert "Phòng A1" in options  # a unique name stays as it is


def test_the_meeting_page_names_its_office_and_the_assignees_office(client, org, offices):
    meeting = _meeting(offices, org["root"])
    office_meeting = _meeting(offices, offices["vp_b"])
    client.force_login(offices["admin"])

    heading = _text(client.get(reverse("meetings:detail", args=[office_meeting.pk])).text)
    assert f"Giao ban 11/2026 — {VP_B}</h1>" in heading

    page = _text(client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode())
    assignees = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', page)
    # two people of the same name in the two offices: each choice says which office
    assert f"Vũ Thị Lan ({VP_A})" in assignees and f"Vũ Thị Lan ({VP_B})" in assignees
    assert "Trần Thị Hoa (Phòng A1)" in assignees


def test_the_notice_is_sent_in_the_name_of_the_office_with_its_parent(org, offices):
    meeting = _meeting(offices, offices["vp_a"])
    services.conclusion_add(
        actor=offices["admin"], meeting=meeting, text="Tổng hợp báo cáo năm",
        assignee=offices["clerk_a"], deadline=timezone.localdate().replace(year=2027),
    )  # fmt: skip
    services.meeting_close(actor=offices["admin"], meeting=meeting)
    assert Dispatch.objects.get(source_label=f"meetings.notice:{meeting.pk}").sender == VP_A


def test_the_agenda_names_the_office_each_goal_at_risk_belongs_to(client, org, offices):
    from thidua.core.actors import SYSTEM
    from thidua.goals.choices import GoalStatus
    from thidua.goals.services import goal_create, goals_refresh_risk

    for office, title in (
        (offices["vp_a"], "Số hoá văn thư A"),
        (offices["vp_b"], "Số hoá văn thư B"),
    ):
        goal_create(
            actor=SYSTEM, title=title, owner_unit=office, status=GoalStatus.ACTIVE,
            period_kind="year", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
            key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 100}],
        )  # fmt: skip
    goals_refresh_risk(today=date(2026, 11, 30))  # nothing done by November: behind
    meeting = _meeting(offices, org["root"])
    agenda = selectors.meeting_agenda(viewer=offices["admin"], meeting=meeting)
    assert {g.title: g.owner_unit for g in agenda.at_risk_goals} == {
        "Số hoá văn thư A": VP_A,
        "Số hoá văn thư B": VP_B,
    }
    client.force_login(offices["admin"])
    page = _text(client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode())
    assert f'Số hoá văn thư B</a> <span class="muted">{VP_B} ·' in page
