# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Emulation API writes: registering and withdrawing, ratings (propose with If-Match, approve
by the level above), value-created records (create, PATCH with If-Match) and the
initiatives register — the pages' services and rules, one allowed and one refused role each."""

import json
from datetime import date, timedelta

import pytest

from thidua.accounts.tokens import token_create
from thidua.emulation.models import AnnualRating, Initiative, Registration, ValueRecord
from thidua.emulation.services import ratings as rating_services

from ..emulation.conftest import minister  # noqa: F401
from ..emulation.test_ratings_services import drafting, score_month  # noqa: F401

TODAY = date(2026, 12, 10)
API = "/api/v1/emulation"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _json(client, method, url, data=None, **headers):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, url, body, content_type="application/json", **headers)


# ---- registering -------------------------------------------------------------------------


def test_staff_register_themselves_and_withdraw_but_not_a_unit(open_movement, org, client):
    url = f"{API}/movements/{open_movement.pk}/registrations"
    client.force_login(org["staff_a"].user)
    unit = _json(client, "POST", url, {"unit_id": org["dept_a"].pk, "commitments": "Cam kết"})
    assert unit.status_code == 403
    blank = _json(client, "POST", url, {"commitments": "   "})
    assert blank.status_code == 422
    created = _json(client, "POST", url, {"commitments": "Số hoá 100% hồ sơ trước 30/9"})
    assert created.status_code == 201, created.content
    registration = created.json()
    assert registration["person_id"] == org["staff_a"].pk
    again = _json(client, "POST", url, {"commitments": "Lần nữa"})
    assert again.status_code == 422
    assert "đã đăng ký" in again.json()["detail"][0]["msg"]
    # another person may not withdraw it
    withdraw = f"{url}/{registration['id']}/withdraw"
    client.force_login(org["staff_b"].user)
    assert client.post(withdraw).status_code == 403
    assert Registration.objects.get(pk=registration["id"]).withdrawn_at is None
    client.force_login(org["staff_a"].user)
    done = client.post(withdraw)
    assert done.status_code == 200
    assert done.json()["withdrawn_at"] is not None


def test_the_head_registers_the_unit_with_its_own_goal_only(open_movement, org, client):
    url = f"{API}/movements/{open_movement.pk}/registrations"
    client.force_login(org["head_a"].user)
    foreign = _json(
        client, "POST", url, {"unit_id": org["dept_a"].pk, "commitments": "X", "goal_ids": [999]}
    )
    assert foreign.status_code == 422
    created = _json(client, "POST", url, {"unit_id": org["dept_a"].pk, "commitments": "Cam kết"})
    assert created.status_code == 201, created.content
    assert created.json()["unit_id"] == org["dept_a"].pk


def test_registering_needs_the_emulation_write_scope(open_movement, org, client):
    secret = token_create(
        actor=org["staff_a"].user,
        name="Đọc",
        scopes=["emulation:read"],
        expires_on=TODAY + timedelta(days=5),
    ).secret
    response = _json(
        client,
        "POST",
        f"{API}/movements/{open_movement.pk}/registrations",
        {"commitments": "Cam kết"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 403
    assert "emulation:write" in response.json()["detail"]
    assert not Registration.objects.exists()


# ---- ratings -----------------------------------------------------------------------------


@pytest.fixture
def rating(org, drafting):
    colleague = org["colleague_a"]  # no account: the head proposes from the draft
    score_month(actor=org["head_a"], person=colleague, item=drafting, month=1)
    return rating_services.annual_rating_prepare(
        actor=org["head_a"].user, person=colleague, year=2026
    )


def test_the_head_proposes_a_level_with_if_match_and_a_stale_etag_is_refused(rating, org, client):
    url = f"{API}/ratings/{rating.pk}"
    client.force_login(org["staff_b"].user)  # another department
    assert client.get(url).status_code == 404
    client.force_login(org["head_a"].user)
    read = client.get(url)
    assert read.status_code == 200
    etag = read["ETag"]
    missing = _json(client, "POST", f"{url}/propose", {"level": "HT"})
    assert missing.status_code == 428
    proposed = _json(client, "POST", f"{url}/propose", {"level": "HT"}, HTTP_IF_MATCH=etag)
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["status"] == "proposed"
    stale = _json(client, "POST", f"{url}/propose", {"level": "HTT"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert AnnualRating.objects.get(pk=rating.pk).proposed_level == "HT"
    assert [
        r["id"]
        for r in client.get(f"{API}/units/{org['dept_a'].pk}/ratings?year=2026").json()["items"]
    ] == [rating.pk]
    client.force_login(org["staff_b"].user)
    assert client.get(f"{API}/units/{org['dept_a'].pk}/ratings?year=2026").status_code == 403


def test_the_level_above_approves_and_the_head_cannot(rating, org, minister, client):
    rating_services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")
    url = f"{API}/ratings/{rating.pk}/approve"
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", url, {}).status_code == 403
    client.force_login(minister.user)
    approved = _json(client, "POST", url, {})
    assert approved.status_code == 200, approved.content
    assert (approved.json()["status"], approved.json()["level"]) == ("approved", "HT")
    assert _json(client, "POST", url, {}).status_code == 422  # already approved


def test_my_ratings_are_mine_only(rating, org, client):
    client.force_login(org["staff_a"].user)
    assert client.get(f"{API}/ratings/mine").json()["items"] == []


# ---- records -----------------------------------------------------------------------------


def test_the_head_records_value_created_and_updates_it_with_if_match(org, client):
    staff = org["staff_a"]
    post = staff.posts.get(kind="primary")
    body = {"year": 2025, "post_id": post.pk, "achievements": "Số hoá 12.000 hồ sơ"}
    client.force_login(org["staff_b"].user)
    refused = _json(client, "POST", f"{API}/people/{staff.pk}/records", body)
    assert refused.status_code == 403
    client.force_login(org["head_a"].user)
    created = _json(client, "POST", f"{API}/people/{staff.pk}/records", body)
    assert created.status_code == 201, created.content
    record_id = created.json()["id"]
    assert _json(client, "POST", f"{API}/people/{staff.pk}/records", body).status_code == 422
    etag = client.get(f"{API}/records/{record_id}")["ETag"]
    changed = _json(
        client,
        "PATCH",
        f"{API}/records/{record_id}",
        {"products": "Kho dữ liệu hồ sơ"},
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["achievements"] == "Số hoá 12.000 hồ sơ"
    assert changed.json()["products"] == "Kho dữ liệu hồ sơ"
    stale = _json(
        client, "PATCH", f"{API}/records/{record_id}", {"products": "Khác"}, HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert ValueRecord.objects.get(pk=record_id).products == "Kho dữ liệu hồ sơ"
    listed = client.get(f"{API}/people/{staff.pk}/records?year=2025").json()["items"]
    assert [r["id"] for r in listed] == [record_id]
    client.force_login(org["staff_b"].user)
    assert client.get(f"{API}/people/{staff.pk}/records").status_code == 403


# ---- initiatives -------------------------------------------------------------------------


def test_the_office_registers_an_initiative_and_staff_read_it(officer, org, client):
    body = {
        "title": "Chữ ký số trên thiết bị di động",
        "scope": "bo",
        "year": 2025,
        "decision_number": "123/QĐ-BTTTT",
        "author_ids": [org["staff_a"].pk],
    }
    client.force_login(org["staff_a"].user)
    assert _json(client, "POST", f"{API}/initiatives", body).status_code == 403
    assert not Initiative.objects.exists()
    client.force_login(officer.user)
    created = _json(client, "POST", f"{API}/initiatives", body)
    assert created.status_code == 201, created.content
    client.force_login(org["staff_b"].user)
    listed = client.get(f"{API}/initiatives?year=2025").json()["items"]
    assert [i["title"] for i in listed] == [body["title"]]
    assert listed[0]["author_ids"] == [org["staff_a"].pk]
    assert client.get(f"{API}/initiatives?scope=nowhere").status_code == 422
