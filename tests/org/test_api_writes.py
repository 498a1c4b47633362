# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Organisation API writes (issue 15, point 2): moving, merging and splitting units, positions
and posts, role assignments — administrators only through org.services (Party secretary roles:
only a Party role over the body, never the administrator); If-Match on changes; wrong role,
wrong scope or stale ETag refused with nothing written."""

import json
from datetime import date, timedelta

import pytest

from thidua.accounts.tokens import token_create
from thidua.org.choices import Role
from thidua.org.models import RoleAssignment, Unit, UnitChange

from ..factories import PositionFactory
from ..party.conftest import party  # noqa: F401

API = "/api/v1/org"
TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _post(client, url, data=None, etag=None, **headers):
    if etag is not None:
        headers["HTTP_IF_MATCH"] = etag
    return client.post(url, json.dumps(data or {}), content_type="application/json", **headers)


def _bearer(user, scopes):
    secret = token_create(
        actor=user, name="Tổ chức", scopes=scopes, expires_on=date.today() + timedelta(days=30)
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _tree():
    return sorted(Unit.objects.values_list("pk", "parent_id", "path", "valid_to"))


# ---- move ---------------------------------------------------------------------------------


def test_an_administrator_moves_a_unit_with_if_match(org, org_admin, client):
    unit, url = org["sec_a"], f"{API}/units/{org['sec_a'].pk}"
    client.force_login(org_admin)
    etag = client.get(url)["ETag"]
    assert _post(client, f"{url}/move", {"parent_id": org["dept_b"].pk}).status_code == 428
    moved = _post(client, f"{url}/move", {"parent_id": org["dept_b"].pk}, etag)
    assert moved.status_code == 200, moved.content
    unit.refresh_from_db()
    assert unit.parent_id == org["dept_b"].pk and unit.path.startswith(org["dept_b"].path)
    stale = _post(client, f"{url}/move", {"parent_id": org["dept_a"].pk}, etag)
    assert stale.status_code == 412
    under_itself = _post(
        client, f"{API}/units/{org['dept_b'].pk}/move", {"parent_id": unit.pk}, "*"
    )
    assert under_itself.status_code == 422
    assert Unit.objects.get(pk=unit.pk).parent_id == org["dept_b"].pk


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_no_one_but_an_administrator_changes_the_tree(who, org, client):
    client.force_login(org[who].user)
    before = (_tree(), UnitChange.objects.count())
    base = f"{API}/units/{org['dept_a'].pk}"
    answers = [
        _post(client, f"{API}/units/{org['sec_a'].pk}/move", {"parent_id": None}, "*"),
        _post(
            client,
            f"{base}/merge",
            {"source_ids": [org["dept_b"].pk], "effective_on": "2025-06-01"},
        ),
        _post(
            client,
            f"{base}/split",
            {
                "effective_on": "2025-06-01",
                "into": [
                    {"code": "X1", "name": "X1", "kind": "department"},
                    {"code": "X2", "name": "X2", "kind": "department"},
                ],
            },
        ),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403]
    assert (_tree(), UnitChange.objects.count()) == before


def test_a_token_needs_org_write(org, org_admin, client, monkeypatch):
    monkeypatch.undo()  # a token's expiry is judged on the real clock
    read = _bearer(org_admin, ["org:read"])
    assert client.get(f"{API}/positions", **read).status_code == 200
    refused = _post(client, f"{API}/units/{org['sec_a'].pk}/move", {"parent_id": None}, "*", **read)
    assert refused.status_code == 403 and "org:write" in refused.json()["detail"]
    assert Unit.objects.get(pk=org["sec_a"].pk).parent_id == org["dept_a"].pk


# ---- merge and split ------------------------------------------------------------------------


def test_merging_moves_sub_units_and_people_and_closes_the_sources(org, org_admin, client):
    client.force_login(org_admin)
    Unit.objects.filter(pk__in=[u.pk for u in org.values() if isinstance(u, Unit)]).update(
        valid_from=date(2020, 1, 1)
    )
    url = f"{API}/units/{org['dept_a'].pk}/merge"
    data = {
        "source_ids": [org["dept_b"].pk],
        "effective_on": "2025-06-01",
        "basis": "Quyết định 1/QĐ",
        "new_name": "Cục A và B",
    }
    assert _post(client, url, data, '"old"').status_code == 412
    assert _post(client, url, {**data, "effective_on": "2019-01-01"}).status_code == 422
    assert _post(client, url, {**data, "source_ids": [987654]}).status_code == 404
    assert _post(client, url, {**data, "source_ids": []}).status_code == 422
    merged = _post(client, url, data)
    assert merged.status_code == 200, merged.content
    body = merged.json()
    assert body["kind"] == "merge" and org["dept_b"].pk in body["source_ids"]
    assert Unit.objects.get(pk=org["dept_b"].pk).valid_to == date(2025, 6, 1)
    assert Unit.objects.get(pk=org["sec_b"].pk).parent_id == org["dept_a"].pk
    assert Unit.objects.get(pk=org["dept_a"].pk).name == "Cục A và B"
    # merging a closed unit again: 422, nothing more written
    changes = UnitChange.objects.count()
    assert _post(client, url, {**data, "new_name": None}).status_code == 422
    into_closed = {**data, "source_ids": [org["sec_a"].pk], "new_name": None}
    assert _post(client, f"{API}/units/{org['dept_b'].pk}/merge", into_closed).status_code == 422
    assert UnitChange.objects.count() == changes


def test_splitting_creates_the_new_units_and_closes_the_old_one(org, org_admin, client):
    client.force_login(org_admin)
    Unit.objects.filter(pk=org["sec_a"].pk).update(valid_from=date(2020, 1, 1))
    url = f"{API}/units/{org['sec_a'].pk}/split"
    into = [
        {"code": "CA-P1a", "name": "Phòng A1a", "kind": "section"},
        {"code": "CA-P1b", "name": "Phòng A1b", "kind": "section"},
    ]
    data = {"effective_on": "2025-06-01", "into": into}
    units = Unit.objects.count()
    twice = {**data, "into": [into[0], into[0]]}
    assert _post(client, url, twice).status_code == 422
    taken = {**data, "into": [into[0], {**into[1], "code": "CB"}]}
    assert _post(client, url, taken).status_code == 422  # a code in use
    assert _post(client, url, {**data, "into": into[:1]}).status_code == 422
    assert Unit.objects.count() == units
    split = _post(client, url, data)
    assert split.status_code == 201, split.content
    assert [u["code"] for u in split.json()] == ["CA-P1a", "CA-P1b"]
    assert all(u["parent_id"] == org["dept_a"].pk for u in split.json())
    assert Unit.objects.get(pk=org["sec_a"].pk).valid_to == date(2025, 6, 1)
    assert (
        _post(
            client, url, {**data, "into": [{**i, "code": i["code"] + "x"} for i in into]}
        ).status_code
        == 422
    )


# ---- positions and posts ----------------------------------------------------------------


def test_positions_are_listed_and_a_persons_posts_are_private(org, org_admin, client):
    PositionFactory(code="TP", name="Trưởng phòng", level=3)
    PositionFactory(code="CV", name="Chuyên viên")
    client.force_login(org["staff_b"].user)
    listed = client.get(f"{API}/positions?limit=1").json()
    assert [p["code"] for p in listed["items"]] == ["CV"] and listed["next_cursor"]
    assert [p["code"] for p in client.get(f"{API}/positions?search=trưởng").json()["items"]] == [
        "TP"
    ]
    assert client.get(f"{API}/positions?search=%00").status_code == 422
    # another unit's person's posts: refused; the unit head's over them, the admin's: shown
    assert client.get(f"{API}/people/{org['staff_a'].pk}/posts").status_code == 403
    client.force_login(org_admin)
    shown = client.get(f"{API}/people/{org['staff_a'].pk}/posts").json()["items"]
    assert [p["unit_id"] for p in shown] == [org["sec_a"].pk]
    assert client.get(f"{API}/people/987654/posts").status_code == 404


# ---- roles ----------------------------------------------------------------------------------


def test_an_administrator_grants_and_ends_a_state_role(org, org_admin, client):
    client.force_login(org_admin)
    data = {
        "person_id": org["staff_a"].pk,
        "role": "unit_head",
        "valid_from": "2025-07-01",
        "unit_id": org["sec_a"].pk,
    }
    assert _post(client, f"{API}/roles", {**data, "unit_id": None}).status_code == 422
    assert _post(client, f"{API}/roles", {**data, "role": "king"}).status_code == 422
    granted = _post(client, f"{API}/roles", data)
    assert granted.status_code == 201, granted.content
    role_id = granted.json()["id"]
    assert granted.json()["person_id"] == org["staff_a"].pk
    listed = client.get(f"{API}/roles?person_id={org['staff_a'].pk}").json()["items"]
    assert [r["id"] for r in listed] == [role_id]
    url = f"{API}/roles/{role_id}"
    etag = client.get(url)["ETag"]
    assert _post(client, f"{url}/end", {"valid_to": "2025-06-30"}).status_code == 422
    ended = _post(client, f"{url}/end", {"valid_to": "2025-12-31"}, etag)
    assert ended.status_code == 200 and ended.json()["valid_to"] == "2025-12-31"
    assert _post(client, f"{url}/end", {"valid_to": "2026-12-31"}, etag).status_code == 412
    # a unit head manages no roles: the list is empty, the role a 404, a grant 403
    client.force_login(org["head_a"].user)
    assert client.get(f"{API}/roles").json()["items"] == []
    assert client.get(url).status_code == 404
    assert _post(client, f"{API}/roles", data).status_code == 403
    assert _post(client, f"{url}/end", {"valid_to": "2026-01-31"}).status_code == 404
    assert RoleAssignment.objects.get(pk=role_id).valid_to == date(2025, 12, 31)


def test_party_secretary_roles_belong_to_party_roles_not_the_administrator(
    org, org_admin, party, client
):
    data = {
        "person_id": party["member_a"].pk,
        "role": Role.PARTY_SECRETARY,
        "valid_from": "2025-07-01",
        "party_organization_id": party["cell_a"].pk,
    }
    before = RoleAssignment.objects.count()
    client.force_login(org_admin)
    assert _post(client, f"{API}/roles", data).status_code == 403
    assert all(
        r["role"] != Role.PARTY_SECRETARY for r in client.get(f"{API}/roles").json()["items"]
    )
    client.force_login(party["secretary_b"].user)  # another cell
    assert _post(client, f"{API}/roles", data).status_code == 403
    assert RoleAssignment.objects.count() == before
    client.force_login(party["office"].user)  # the committee office above the cell
    granted = _post(client, f"{API}/roles", data)
    assert granted.status_code == 201, granted.content
    listed = {r["id"] for r in client.get(f"{API}/roles?role=party_secretary").json()["items"]}
    assert granted.json()["id"] in listed
