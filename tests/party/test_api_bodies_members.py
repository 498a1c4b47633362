# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Party API, bodies and memberships (issue 15, point 2): a new body under a covered one, a
rename (If-Match), a dissolution decided by the body above; a new membership, a move,
another Party role from a date, the end of a membership — through thidua/party/services/org.py
under the Party rules: the body's secretary or the committee office above, never a state
role; bad input 422 in Vietnamese with nothing written; each write audited."""

import json
from datetime import date, timedelta

import pytest
from django.utils import translation

from thidua.accounts.tokens import token_create
from thidua.core.models import AuditEvent
from thidua.org.models import PartyMembership, PartyOrganization

from ..factories import PartyOrganizationFactory
from .conftest import party  # noqa: F401

API = "/api/v1/party"
TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


def _send(client, method, url, data, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.generic(method, url, json.dumps(data), content_type="application/json", **headers)


def _messages(answer) -> str:
    return " ".join(item["msg"] for item in answer.json()["detail"])


def _state():
    bodies = sorted(PartyOrganization.objects.values_list("pk", "code", "name", "valid_to"))
    memberships = sorted(
        PartyMembership.objects.values_list("pk", "organization_id", "role", "status", "valid_to")
    )
    return bodies, memberships, AuditEvent.objects.count()


def _cell(party, code="CB-C"):
    return {
        "code": code,
        "name": " Chi bộ  C ",
        "kind": "cell",
        "parent_id": party["committee"].pk,
        "valid_from": "2025-06-01",
    }


# ---- bodies --------------------------------------------------------------------------------


def test_the_committee_office_creates_a_cell_under_its_committee(party, client):
    client.force_login(party["office"].user)
    answer = _send(client, "post", f"{API}/bodies", _cell(party))
    assert answer.status_code == 201, answer.content
    assert answer.json()["name"] == "Chi bộ C"
    created = PartyOrganization.objects.get(code="CB-C")
    assert created.parent_id == party["committee"].pk
    assert created.path.startswith(party["committee"].path) and created.path != ""
    assert AuditEvent.objects.filter(action="party_org.created", target_id=str(created.pk))
    # the office covers the new cell at once
    assert client.get(f"{API}/bodies/{created.pk}").status_code == 200


def test_bad_new_bodies_are_refused_in_vietnamese(party, client):
    client.force_login(party["office"].user)
    before = _state()
    taken = _send(client, "post", f"{API}/bodies", _cell(party, code="CB-A"))
    under_cell = _send(
        client, "post", f"{API}/bodies", {**_cell(party), "parent_id": party["cell_a"].pk}
    )
    too_early = _send(client, "post", f"{API}/bodies", {**_cell(party), "valid_from": "2019-01-01"})
    kind = _send(client, "post", f"{API}/bodies", {**_cell(party), "kind": "x"})
    assert [a.status_code for a in (taken, under_cell, too_early, kind)] == [422] * 4
    assert "đã tồn tại" in _messages(taken)
    assert "Chi bộ không có tổ chức đảng trực thuộc" in _messages(under_cell)
    assert "không hoạt động" in _messages(too_early)
    assert _state() == before


@pytest.mark.parametrize("who", ["secretary_a", "outsider", "admin"])
def test_no_one_else_creates_a_body_under_the_committee(who, party, org_admin, client):
    client.force_login(org_admin if who == "admin" else party[who].user)
    before = _state()
    answer = _send(client, "post", f"{API}/bodies", _cell(party))
    assert answer.status_code == 403
    assert _state() == before


def test_a_secretary_renames_her_cell_with_if_match(party, client):
    cell = party["cell_a"]
    url = f"{API}/bodies/{cell.pk}"
    client.force_login(party["secretary_a"].user)
    etag = client.get(url)["ETag"]
    assert _send(client, "patch", url, {"name": "Chi bộ A mới"}).status_code == 428
    done = _send(client, "patch", url, {"name": "Chi bộ A mới"}, etag)
    assert done.status_code == 200, done.content
    assert done.json()["name"] == "Chi bộ A mới"
    assert _send(client, "patch", url, {"name": "Ghi đè"}, etag).status_code == 412
    blank = _send(client, "patch", url, {"name": "   "}, "*")
    assert blank.status_code == 422
    cell.refresh_from_db()
    assert cell.name == "Chi bộ A mới"
    event = AuditEvent.objects.get(action="party_org.renamed", target_id=str(cell.pk))
    assert event.data["changes"]["name"] == ["Chi bộ A", "Chi bộ A mới"]


@pytest.mark.parametrize("who", ["secretary_b", "outsider", "admin"])
def test_a_body_outside_ones_party_scope_is_not_found(who, party, org_admin, client):
    client.force_login(org_admin if who == "admin" else party[who].user)
    before = _state()
    url = f"{API}/bodies/{party['cell_a'].pk}"
    assert _send(client, "patch", url, {"name": "Khác"}, "*").status_code == 404
    assert _send(client, "post", f"{url}/close", {"valid_to": "2025-06-01"}).status_code == 404
    assert _state() == before


def test_the_body_above_dissolves_an_empty_cell(party, client):
    empty = PartyOrganizationFactory(code="CB-E", name="Chi bộ E", parent=party["committee"])
    url = f"{API}/bodies/{empty.pk}/close"
    client.force_login(party["office"].user)
    before = _state()
    assert _send(client, "post", url, {"valid_to": "2019-12-31"}).status_code == 422
    assert _send(client, "post", url, {"valid_to": "2025-06-01"}, '"cu"').status_code == 412
    assert _state() == before
    done = _send(client, "post", url, {"valid_to": "2025-06-01"})
    assert done.status_code == 200, done.content
    assert done.json()["valid_to"] == "2025-06-01"
    assert AuditEvent.objects.filter(action="party_org.closed", target_id=str(empty.pk))
    again = _send(client, "post", url, {"valid_to": "2025-06-02"})
    assert again.status_code == 422 and "đã giải thể" in _messages(again)


def test_a_body_with_members_or_without_a_body_above_stays(party, client):
    client.force_login(party["office"].user)
    before = _state()
    with_members = _send(
        client, "post", f"{API}/bodies/{party['cell_b'].pk}/close", {"valid_to": "2025-06-01"}
    )
    assert with_members.status_code == 422 and "đảng viên" in _messages(with_members)
    top = _send(
        client, "post", f"{API}/bodies/{party['committee'].pk}/close", {"valid_to": "2025-06-01"}
    )
    assert top.status_code == 403
    # a cell's own secretary does not dissolve it: the body above decides
    client.force_login(party["secretary_a"].user)
    own = _send(
        client, "post", f"{API}/bodies/{party['cell_a'].pk}/close", {"valid_to": "2025-06-01"}
    )
    assert own.status_code == 403
    assert _state() == before


# ---- memberships ------------------------------------------------------------------------------


def _join(person, body, **extra):
    return {
        "person_id": person.pk,
        "organization_id": body.pk,
        "joined_party_on": "2025-05-19",
        "valid_from": "2025-06-01",
        "status": "probationary",
        **extra,
    }


def test_the_committee_office_admits_a_new_member(org, party, client):
    person = org["colleague_a"]
    client.force_login(party["office"].user)
    answer = _send(client, "post", f"{API}/memberships", _join(person, party["cell_a"]))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["person_id"], body["organization_id"], body["role"], body["status"]) == (
        person.pk,
        party["cell_a"].pk,
        "member",
        "probationary",
    )
    assert AuditEvent.objects.filter(action="party.membership_set", target_id=str(person.pk))


def test_a_cell_secretary_admits_someone_of_the_cells_unit_only(org, party, client):
    PartyOrganization.objects.filter(pk=party["cell_a"].pk).update(unit=org["sec_a"])
    client.force_login(party["secretary_a"].user)
    before = _state()
    elsewhere = _send(client, "post", f"{API}/memberships", _join(org["staff_b"], party["cell_a"]))
    other_cell = _send(
        client, "post", f"{API}/memberships", _join(org["colleague_a"], party["cell_b"])
    )
    assert (elsewhere.status_code, other_cell.status_code) == (403, 403)
    assert _state() == before
    ok = _send(client, "post", f"{API}/memberships", _join(org["colleague_a"], party["cell_a"]))
    assert ok.status_code == 201, ok.content


def test_a_move_closes_the_current_membership_the_same_day(party, client):
    member = party["member_a"]
    client.force_login(party["secretary_b"].user)
    refused = _send(client, "post", f"{API}/memberships", _join(member, party["cell_b"]))
    assert refused.status_code == 403  # she does not manage cell A, where the member is
    client.force_login(party["office"].user)
    moved = _send(
        client, "post", f"{API}/memberships", _join(member, party["cell_b"], status="official")
    )
    assert moved.status_code == 201, moved.content
    rows = PartyMembership.objects.filter(person=member).order_by("valid_from")
    assert [(m.organization_id, m.valid_to) for m in rows] == [
        (party["cell_a"].pk, date(2025, 6, 1)),
        (party["cell_b"].pk, None),
    ]


def test_bad_memberships_are_refused_in_vietnamese(org, party, client):
    client.force_login(party["office"].user)
    member, before = party["member_a"], _state()
    answers = {
        "not_after": _join(
            member, party["cell_b"], joined_party_on="2010-01-01", valid_from="2020-01-01"
        ),
        "joined_later": _join(org["colleague_a"], party["cell_a"], joined_party_on="2025-06-02"),
        "ended": _join(org["colleague_a"], party["cell_a"], status="ended"),
        "role": _join(org["colleague_a"], party["cell_a"], role="chief"),
    }
    codes = {k: _send(client, "post", f"{API}/memberships", v) for k, v in answers.items()}
    assert {k: a.status_code for k, a in codes.items()} == dict.fromkeys(answers, 422)
    assert "sau ngày bắt đầu" in _messages(codes["not_after"])
    assert "Ngày vào Đảng" in _messages(codes["joined_later"])
    assert "dự bị hoặc chính thức" in _messages(codes["ended"])
    unknown = _send(
        client, "post", f"{API}/memberships", _join(member, party["cell_b"], person_id=987654)
    )
    assert unknown.status_code == 404
    assert _state() == before


@pytest.mark.parametrize("who", ["outsider", "admin", "secretary_b"])
def test_state_roles_and_other_cells_change_no_membership(who, org, party, org_admin, client):
    client.force_login(org_admin if who == "admin" else party[who].user)
    before = _state()
    added = _send(client, "post", f"{API}/memberships", _join(org["colleague_a"], party["cell_a"]))
    membership = PartyMembership.objects.get(person=party["member_a"])
    url = f"{API}/memberships/{membership.pk}"
    role = _send(
        client, "post", f"{url}/role", {"role": "deputy_secretary", "valid_from": "2025-06-01"}
    )
    end = _send(client, "post", f"{url}/end", {"valid_to": "2025-06-01"})
    assert (added.status_code, role.status_code, end.status_code) == (403, 404, 404)
    assert _state() == before


def test_a_secretary_gives_a_member_another_party_role_from_a_date(party, client):
    membership = PartyMembership.objects.get(person=party["member_a"])
    url = f"{API}/memberships/{membership.pk}"
    client.force_login(party["secretary_a"].user)
    etag = client.get(url)["ETag"]
    change = {"role": "deputy_secretary", "valid_from": "2025-06-01"}
    assert _send(client, "post", f"{url}/role", change, '"cu"').status_code == 412
    early = _send(client, "post", f"{url}/role", {**change, "valid_from": "2019-01-01"})
    same = _send(client, "post", f"{url}/role", {**change, "role": "member"})
    assert (early.status_code, same.status_code) == (422, 422)
    assert "đã giữ vai trò" in _messages(same)
    done = _send(client, "post", f"{url}/role", change, etag)
    assert done.status_code == 201, done.content
    assert done.json()["role"] == "deputy_secretary" and done.json()["valid_from"] == "2025-06-01"
    membership.refresh_from_db()
    assert membership.valid_to == date(2025, 6, 1) and membership.role == "member"
    ended = _send(client, "post", f"{url}/role", {**change, "valid_from": "2025-06-15"})
    assert ended.status_code == 422 and "đã kết thúc" in _messages(ended)


def test_a_secretary_ends_a_membership(party, client):
    membership = PartyMembership.objects.get(person=party["member_a"])
    url = f"{API}/memberships/{membership.pk}/end"
    client.force_login(party["secretary_a"].user)
    before = _state()
    early = _send(client, "post", url, {"valid_to": "2019-01-01"})
    wrong = _send(client, "post", url, {"valid_to": "2025-06-01", "status": "official"})
    assert (early.status_code, wrong.status_code) == (422, 422)
    assert "chuyển sinh hoạt đi hoặc thôi" in _messages(wrong)
    assert _state() == before
    done = _send(client, "post", url, {"valid_to": "2025-06-01"})
    assert done.status_code == 200, done.content
    assert (done.json()["valid_to"], done.json()["status"]) == ("2025-06-01", "transferred")
    event = AuditEvent.objects.get(action="party.membership_ended")
    assert event.data["changes"]["valid_to"] == [None, "2025-06-01"]
    again = _send(client, "post", url, {"valid_to": "2025-06-02", "status": "ended"})
    assert again.status_code == 422 and "đã kết thúc" in _messages(again)


def test_a_token_needs_party_write(party, client, monkeypatch):
    monkeypatch.undo()  # a token's expiry is judged on the real clock
    secret = token_create(
        actor=party["office"].user,
        name="Đảng",
        scopes=["party:read"],
        expires_on=date.today() + timedelta(days=30),
    ).secret
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    before = _state()
    answer = client.post(
        f"{API}/bodies", json.dumps(_cell(party)), content_type="application/json", **bearer
    )
    assert answer.status_code == 403 and "party:write" in answer.json()["detail"]
    assert client.get(f"{API}/bodies", **bearer).status_code == 200
    assert _state() == before
