"""Organisation API: the paged people list (public names, as the directory shows them) and the
administrators' writes through org.services — create a unit, rename it from a date (If-Match),
give a person a post; anyone else is refused and nothing is written."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.org.models import Person, PersonPosition, Unit, UnitName

from ..factories import PositionFactory

API = "/api/v1/org"
TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_people_are_paged_by_name_with_public_fields_only(org, client):
    client.force_login(org["staff_b"].user)
    first = client.get(f"{API}/people?limit=2").json()
    rest = client.get(f"{API}/people?limit=2&cursor={first['next_cursor']}").json()
    names = [p["full_name"] for p in first["items"] + rest["items"]]
    # by name in the database's collation, each person once, the last page says so
    assert sorted(names) == sorted(p.full_name for p in Person.objects.all())
    assert len(first["items"]) == 2
    assert rest["next_cursor"] is None
    assert set(first["items"][0]) == {"id", "full_name", "unit_id", "unit_name", "position_name"}
    in_a = client.get(f"{API}/people?unit_id={org['dept_a'].pk}&search=Hoa").json()["items"]
    assert [p["id"] for p in in_a] == [org["staff_a"].pk]
    assert client.get(f"{API}/people?search=%00").status_code == 422
    assert client.get(f"{API}/people?unit_id=987654").status_code == 404
    assert client.get(f"{API}/people").status_code == 200
    client.logout()
    assert client.get(f"{API}/people").status_code == 401


def test_only_an_administrator_creates_a_unit(org, org_admin, client):
    body = {
        "code": "CC",
        "name": "Cục C",
        "kind": "department",
        "parent_id": org["root"].pk,
        "valid_from": "2025-07-01",
    }
    client.force_login(org["head_a"].user)
    refused = _post(client, f"{API}/units", body)
    assert refused.status_code == 403
    assert not Unit.objects.filter(code="CC").exists()
    client.force_login(org_admin)
    created = _post(client, f"{API}/units", body)
    assert created.status_code == 201, created.content
    assert created.json()["parent_id"] == org["root"].pk
    again = _post(client, f"{API}/units", body)
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "code"]


def test_rename_from_a_date_needs_if_match_and_keeps_the_old_name(org, org_admin, client):
    unit = org["dept_b"]
    url = f"{API}/units/{unit.pk}"
    body = {"name": "Cục Bưu chính", "effective_on": "2025-08-01"}
    client.force_login(org["head_a"].user)
    assert _post(client, f"{url}/rename", body, HTTP_IF_MATCH="*").status_code == 403
    client.force_login(org_admin)
    etag = client.get(url)["ETag"]
    assert _post(client, f"{url}/rename", body).status_code == 428
    renamed = _post(client, f"{url}/rename", body, HTTP_IF_MATCH=etag)
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == "Cục Bưu chính"
    stale = _post(
        client,
        f"{url}/rename",
        {"name": "Cục khác", "effective_on": "2025-09-01"},
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    names = UnitName.objects.filter(unit=unit).order_by("valid_from")
    assert [n.name for n in names] == ["Cục B", "Cục Bưu chính"]


def test_an_administrator_moves_a_person_to_a_post_and_a_head_cannot(org, org_admin, client):
    person = org["staff_a"]
    position = PositionFactory(code="PP", name="Phó Trưởng phòng", level=2)
    body = {"unit_id": org["sec_b"].pk, "position_id": position.pk, "valid_from": "2025-07-01"}
    before = PersonPosition.objects.count()
    client.force_login(org["head_a"].user)
    assert _post(client, f"{API}/people/{person.pk}/posts", body).status_code == 403
    assert PersonPosition.objects.count() == before
    client.force_login(org_admin)
    moved = _post(client, f"{API}/people/{person.pk}/posts", body)
    assert moved.status_code == 201, moved.content
    person.refresh_from_db()
    assert person.unit_id == org["sec_b"].pk
    early = _post(client, f"{API}/people/{person.pk}/posts", {**body, "valid_from": "2025-06-01"})
    assert early.status_code == 422
    unknown = _post(client, f"{API}/people/{person.pk}/posts", {**body, "position_id": 987654})
    assert unknown.status_code == 404


def test_org_writes_need_the_org_write_scope(org, org_admin, client, monkeypatch):
    monkeypatch.undo()  # a token's expiry is judged on the real clock
    secret = token_create(
        actor=org_admin,
        name="Đọc",
        scopes=["org:read"],
        expires_on=timezone.localdate() + timedelta(days=5),
    ).secret
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"{API}/people", **bearer).status_code == 200
    refused = _post(
        client,
        f"{API}/units",
        {"code": "CD", "name": "Cục D", "kind": "department", "valid_from": "2025-07-01"},
        **bearer,
    )
    assert refused.status_code == 403
    assert "org:write" in refused.json()["detail"]
    assert not Unit.objects.filter(code="CD").exists()
