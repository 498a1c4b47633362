# ruff: noqa: F811 (the fixtures imported from test_teams are parameters of the tests)
"""Teams API (issue 15, point 2): the pages' rules through the API — a member, the lead, a
leader over the units and a stranger; a cross-unit team formed only by someone over every
unit; bad input refused with a Vietnamese message and nothing written."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.goals.models import Goal
from thidua.teams.models import Team, TeamMember

from ..factories import PersonFactory, UserFactory
from .test_teams import leader, team  # noqa: F401 (fixtures shared with the pages' tests)

pytestmark = pytest.mark.django_db

URL = "/api/v1/teams/teams"
GOAL = {
    "title": "Kết nối 6 cơ sở dữ liệu",
    "key_results": [{"title": "Cơ sở dữ liệu kết nối", "baseline": 0, "target": 6}],
}


def _as(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


@pytest.fixture
def stranger(org):
    return PersonFactory(unit=org["sec_b"], user=UserFactory(username="nguoila"))


def test_members_and_leaders_list_the_team_and_a_stranger_does_not(org, team, leader, stranger):
    for person in (org["staff_b"], org["head_a"], leader):
        body = _as(person).get(URL).json()
        assert [t["id"] for t in body["items"]] == [team.pk], person
    assert _as(stranger).get(URL).json()["items"] == []
    assert _as(leader).get(URL, {"on": "2027-01-01"}).json()["items"] == []  # period over


def test_a_member_reads_the_team_with_members_goals_and_etag_a_stranger_is_refused(
    org, team, stranger
):
    response = _as(org["staff_b"]).get(f"{URL}/{team.pk}")
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["lead_name"] == "Phạm Quốc Huy" and body["unit_name"] == "Cục A"
    assert {m["full_name"] for m in body["members"]} == {
        "Phạm Quốc Huy",
        "Trần Thị Hoa",
        "Đỗ Minh Châu",
    }
    assert body["goals"] == []
    assert _as(stranger).get(f"{URL}/{team.pk}").status_code == 403  # as the page
    assert _as(stranger).get(f"{URL}/999999").status_code == 404


def test_a_head_forms_a_team_of_their_units_through_the_api(org):
    response = _post(
        _as(org["head_a"]),
        URL,
        {
            "name": "Nhóm Cục A",
            "unit_id": org["dept_a"].pk,
            "lead_id": org["head_a"].pk,
            "member_ids": [org["staff_a"].pk],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Nhóm Cục A"
    assert {m["id"] for m in body["members"]} == {org["head_a"].pk, org["staff_a"].pk}


def test_a_cross_unit_team_or_a_staff_member_is_refused_and_nothing_is_written(org):
    body = {
        "name": "Nhóm liên Cục",
        "unit_id": org["dept_a"].pk,
        "lead_id": org["head_a"].pk,
        "member_ids": [org["staff_b"].pk],  # Cục B: not the head of Cục A's
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    assert _post(_as(org["head_a"]), URL, body).status_code == 403
    assert _post(_as(org["staff_a"]), URL, {**body, "member_ids": []}).status_code == 403
    assert not Team.objects.exists()


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(org):
    base = {
        "name": "Nhóm",
        "unit_id": org["dept_a"].pk,
        "lead_id": org["head_a"].pk,
        "period_start": "2026-12-31",
        "period_end": "2026-01-01",  # ends before it starts
    }
    head = _as(org["head_a"])
    response = _post(head, URL, base)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Ngày kết thúc kỳ trước ngày bắt đầu."
    assert _post(head, URL, {**base, "name": "   "}).status_code == 422
    assert _post(head, URL, {**base, "lead_id": 999_999}).status_code == 404
    assert not Team.objects.exists() and not TeamMember.objects.exists()


def test_a_leader_adds_a_member_a_member_cannot_and_a_stale_etag_is_refused(org, team, leader):
    url = f"{URL}/{team.pk}/members"
    newcomer = org["colleague_a"]
    assert _post(_as(org["staff_a"]), url, {"person_id": newcomer.pk}).status_code == 403
    etag = _as(leader).get(f"{URL}/{team.pk}")["ETag"]
    added = _post(_as(leader), url, {"person_id": newcomer.pk}, HTTP_IF_MATCH=etag)
    assert added.status_code == 200, added.content
    assert newcomer.pk in {m["id"] for m in added.json()["members"]}
    stale = _post(_as(leader), url, {"person_id": org["head_a"].pk}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert TeamMember.objects.filter(team=team).count() == 4


def test_the_lead_sets_a_team_goal_a_member_cannot_and_bad_periods_are_refused(org, team):
    url = f"{URL}/{team.pk}/goals"
    assert _post(_as(org["staff_b"]), url, GOAL).status_code == 403
    outside = _post(_as(org["head_a"]), url, {**GOAL, "period_end": "2027-06-30"})
    assert outside.status_code == 422
    assert "thời hạn của nhóm" in outside.json()["detail"][0]["msg"]
    assert _post(_as(org["head_a"]), url, {**GOAL, "key_results": []}).status_code == 422
    assert not Goal.objects.filter(team_link__team=team).exists()
    created = _post(_as(org["head_a"]), url, GOAL)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "active"
    shown = _as(org["staff_b"]).get(f"{URL}/{team.pk}").json()
    assert [g["title"] for g in shown["goals"]] == ["Kết nối 6 cơ sở dữ liệu"]


def test_a_token_needs_the_teams_scope_read_for_reads_write_for_writes(org, team):
    def token(scopes):
        secret = token_create(
            actor=org["head_a"].user,
            name="Ứng dụng nhóm",
            scopes=scopes,
            expires_on=timezone.localdate() + timedelta(days=30),
        ).secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    reader = token(["teams:read"])
    assert reader.get(f"{URL}/{team.pk}").status_code == 200
    assert _post(reader, f"{URL}/{team.pk}/goals", GOAL).status_code == 403
    assert token(["goals:write"]).get(URL).status_code == 403
    assert _post(token(["teams:write"]), f"{URL}/{team.pk}/goals", GOAL).status_code == 201
    assert team.period_start == date(2026, 1, 1)
