# ruff: noqa: F811 (the fixtures imported from test_teams are parameters of the tests)
"""Removing a member and closing a team before its period ends (issue 13, point 4; issue 15,
point 2): the lead, whoever formed the team and the leaders over it may; a member, the office
and a stranger may not; the lead and a non-member cannot be removed; a team closes once; the
goals stay with the team, a removed member and the members of a closed team no longer update
them; the page's buttons and the API's operations, both audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.emulation.services.ratings import month_inputs
from thidua.goals import rules as goal_rules
from thidua.goals.services import checkin_create
from thidua.teams import rules, selectors, services
from thidua.teams.models import Team, TeamMember

from ..factories import PersonFactory, UserFactory
from .test_teams import _goal, leader, team  # noqa: F401 (shared fixtures)

pytestmark = pytest.mark.django_db

JULY = date(2026, 7, 1)
URL = "/api/v1/teams/teams"


def _as(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_the_lead_removes_a_member_whose_goals_stay_with_the_team(org, team):
    goal = _goal(team, org["head_a"].user)
    kr = goal.key_results.get()
    chau = org["staff_b"]
    checkin_create(
        actor=chau.user, key_result=kr, value=3, confidence="on_track", checked_on=date(2026, 6, 1)
    )
    services.team_member_remove(
        actor=org["head_a"].user, team=team, person=chau, on=JULY, reason="Chuyển công tác"
    )
    assert chau not in selectors.team_members(team=team)
    assert selectors.team_goals(team=team).get() == goal  # the goal stays with the team
    assert not goal_rules.can_check_in(chau.user, kr)
    assert goal_rules.can_check_in(org["staff_a"].user, kr)
    assert goal not in selectors.team_goals_of_person(person=chau)
    # June, before leaving, still counts the team's result in her score; August does not
    _, june = month_inputs(person=chau, year=2026, month=6)
    assert [k.progress for k in june if k.title == "Cơ sở dữ liệu kết nối"] == [Decimal("0.5")]
    _, august = month_inputs(person=chau, year=2026, month=8)
    assert not [k for k in august if k.title == "Cơ sở dữ liệu kết nối"]
    event = AuditEvent.objects.get(action="team.member_removed")
    assert event.data["person"] == chau.pk and event.data["reason"] == "Chuyển công tác"


def test_the_lead_and_a_non_member_cannot_be_removed_nor_by_a_member(org, team, leader):
    with pytest.raises(ValidationError):
        services.team_member_remove(actor=leader.user, team=team, person=org["head_a"], on=JULY)
    with pytest.raises(ValidationError):
        services.team_member_remove(
            actor=leader.user, team=team, person=org["colleague_a"], on=JULY
        )
    with pytest.raises(PermissionDenied):
        services.team_member_remove(
            actor=org["staff_a"].user, team=team, person=org["staff_b"], on=JULY
        )
    services.team_member_remove(actor=leader.user, team=team, person=org["staff_b"], on=JULY)
    with pytest.raises(ValidationError):  # removed already: no longer a member
        services.team_member_remove(actor=leader.user, team=team, person=org["staff_b"], on=JULY)
    with pytest.raises(ValidationError):  # outside the period
        services.team_member_remove(
            actor=leader.user, team=team, person=org["staff_a"], on=date(2025, 6, 1)
        )
    services.team_member_add(actor=leader.user, team=team, person=org["staff_b"])  # back
    assert org["staff_b"] in selectors.team_members(team=team)


def test_a_team_closes_once_and_its_members_no_longer_update_its_goals(org, team, leader):
    goal = _goal(team, org["head_a"].user)
    kr = goal.key_results.get()
    assert goal_rules.can_check_in(org["staff_b"].user, kr)
    with pytest.raises(PermissionDenied):
        services.team_close(actor=org["staff_b"].user, team=team, on=JULY)
    services.team_close(actor=org["head_a"].user, team=team, on=JULY, reason="Xong việc")
    team.refresh_from_db()
    assert team.closed_on == JULY and team.close_reason == "Xong việc"
    for member in (org["staff_a"], org["staff_b"]):  # the lead heads the host unit: still may
        assert not goal_rules.can_check_in(member.user, kr)
    assert selectors.team_goals(team=team).get() == goal
    with pytest.raises(ValidationError):
        services.team_close(actor=leader.user, team=team, on=JULY)
    with pytest.raises(ValidationError):
        _goal(team, org["head_a"].user)
    with pytest.raises(ValidationError):
        services.team_member_add(actor=leader.user, team=team, person=org["colleague_a"])
    assert AuditEvent.objects.filter(action="team.closed").count() == 1


def test_a_future_day_is_refused(org, leader):
    today = timezone.localdate()
    team = services.team_create(
        actor=leader.user, name="Nhóm", unit=org["dept_a"], lead=org["head_a"],
        period_start=today - timedelta(days=10), period_end=today + timedelta(days=30),
        members=[org["staff_a"]],
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.team_close(actor=leader.user, team=team, on=today + timedelta(days=1))
    services.team_close(actor=leader.user, team=team)  # today by default
    assert Team.objects.get(pk=team.pk).closed_on == today


def test_the_page_buttons_remove_and_close_for_the_lead_only(org, team):
    detail = reverse("teams:detail", args=[team.pk])
    remove = reverse("teams:member_remove", args=[team.pk, org["staff_b"].pk])
    close = reverse("teams:close", args=[team.pk])
    member = _as(org["staff_a"])
    assert "Rút khỏi nhóm" not in member.get(detail).text
    assert member.post(remove, {"on": "2026-07-01"}).status_code == 403
    assert member.post(close, {"on": "2026-07-01"}).status_code == 403
    stranger = _as(PersonFactory(unit=org["sec_b"], user=UserFactory()))
    assert stranger.post(close, {"on": "2026-07-01"}).status_code in (403, 404)
    lead = _as(org["head_a"])
    assert "Rút khỏi nhóm" in lead.get(detail).text
    assert lead.get(close).status_code == 405
    bad = lead.post(remove, {"on": "không phải ngày"}, follow=True)
    assert TeamMember.objects.get(team=team, person=org["staff_b"]).left_on is None
    assert bad.status_code == 200
    gone = lead.post(remove, {"on": "2026-07-01", "reason": "Chuyển công tác"}, follow=True)
    assert "Đã rút thành viên" in gone.text
    assert TeamMember.objects.get(team=team, person=org["staff_b"]).left_on == JULY
    lead_self = reverse("teams:member_remove", args=[team.pk, org["head_a"].pk])
    refused = lead.post(lead_self, {"on": "2026-07-01"}, follow=True)
    assert "Không thể rút trưởng nhóm" in refused.text
    done = lead.post(close, {"on": "2026-07-01"}, follow=True)
    assert "Đã đóng nhóm" in done.text and Team.objects.get(pk=team.pk).closed_on == JULY
    assert "Đóng nhóm" not in lead.get(detail).text  # the button is gone
    again = lead.post(close, {"on": "2026-07-01"}, follow=True)
    assert "Nhóm đã đóng ngày 01/07/2026" in again.text


def test_the_api_removes_and_closes_with_if_match_and_refuses_as_the_page(org, team, leader):
    url = f"{URL}/{team.pk}"
    remove = f"{url}/members/{org['staff_b'].pk}/remove"
    assert _post(_as(org["staff_a"]), remove, {"on": "2026-07-01"}).status_code == 403
    stranger = _as(PersonFactory(unit=org["sec_b"], user=UserFactory()))
    assert _post(stranger, f"{url}/close", {}).status_code == 403
    etag = _as(leader).get(url)["ETag"]
    lead = _as(org["head_a"])
    lead_out = _post(lead, f"{url}/members/{org['head_a'].pk}/remove", {"on": "2026-07-01"})
    assert lead_out.status_code == 422 and "trưởng nhóm" in lead_out.json()["detail"][0]["msg"]
    bad = _post(lead, remove, {"on": "2026-07-01", "reason": "x" * 2001})
    assert bad.status_code == 422
    assert _post(lead, f"{url}/members/999999/remove", {}).status_code == 404
    done = _post(lead, remove, {"on": "2026-07-01"}, HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.content
    assert org["staff_b"].pk not in {m["id"] for m in done.json()["members"]}
    # …and is listed among the former members with the day they left, by name
    (former,) = done.json()["former_members"]
    assert (former["id"], former["left_on"]) == (org["staff_b"].pk, "2026-07-01")
    assert former["full_name"] == org["staff_b"].full_name
    assert _post(lead, f"{url}/close", {"on": "2026-07-01"}, HTTP_IF_MATCH=etag).status_code == 412
    closed = _post(lead, f"{url}/close", {"on": "2026-07-01", "reason": "Xong"})
    assert closed.status_code == 200 and closed.json()["closed_on"] == "2026-07-01"
    twice = _post(lead, f"{url}/close", {})
    assert twice.status_code == 422 and "đã đóng" in twice.json()["detail"][0]["msg"]


def test_whoever_formed_the_team_still_changes_it_when_a_member_from_elsewhere_joins(org, leader):
    team = services.team_create(
        actor=org["head_a"].user, name="Nhóm Cục A", unit=org["dept_a"], lead=org["staff_a"],
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
        members=[org["colleague_a"]],
    )  # fmt: skip
    services.team_member_add(actor=leader.user, team=team, person=org["staff_b"])  # Cục B
    assert not rules.can_manage_team(org["head_a"].user, team)  # not over Cục B
    assert rules.can_change_team(org["head_a"].user, team)  # but formed it
    assert not rules.can_change_team(org["colleague_a"].user, team)  # a member
    services.team_member_remove(actor=org["head_a"].user, team=team, person=org["staff_b"], on=JULY)
    services.team_close(actor=org["staff_a"].user, team=team, on=JULY)  # the lead
    assert Team.objects.get(pk=team.pk).is_closed
