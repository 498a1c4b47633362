# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API, one award of the registry by its id (issue 15, point 2): any staff member reads
it as the registry page shows it (a revoked one too, with its date and reason), with the ETag a
revoke checks in If-Match; anonymous callers 401, an unknown id 404."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from .test_api_registry_writes import award  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


def _revoke(client, award_id, reason, **headers):
    return client.generic(
        "POST",
        f"{API}/registry/{award_id}/revoke",
        json.dumps({"reason": reason}),
        content_type="application/json",
        **headers,
    )


def test_a_staff_member_reads_one_award_as_the_registry_shows_it(org, award, client):
    client.force_login(org["staff_b"].user)  # not the person awarded, not the office

    response = client.get(f"{API}/registry/{award.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == award.pk
    assert (body["code"], body["year"], body["decision_number"]) == ("LDTT", 2023, "12/QĐ-BTN")
    assert body["decision_date"] == "2023-12-20"
    assert body["subject"] == str(org["staff_a"])
    assert body["subject_unit"] == org["staff_a"].unit.name
    assert body["revoked_on"] is None
    listed = client.get(f"{API}/registry").json()["items"]
    assert [a for a in listed if a["id"] == award.pk] == [body]
    assert response["ETag"]


def test_its_etag_is_what_a_revoke_checks_and_changes_with_the_award(org, officer, award, client):
    client.force_login(officer.user)
    etag = client.get(f"{API}/registry/{award.pk}")["ETag"]
    assert client.get(f"{API}/registry/{award.pk}")["ETag"] == etag  # stable while unchanged

    revoked = _revoke(client, award.pk, "Hồ sơ không trung thực", HTTP_IF_MATCH=etag)
    assert revoked.status_code == 200, revoked.content

    after = client.get(f"{API}/registry/{award.pk}")
    assert after["ETag"] != etag
    assert after["ETag"] == revoked["ETag"]
    assert after.json()["revoked_on"] == timezone.localdate().isoformat()
    assert after.json()["revoke_reason"] == "Hồ sơ không trung thực"
    # the ETag read before the revoke is stale now
    stale = _revoke(client, award.pk, "Lần nữa", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412, stale.content


def test_anonymous_is_401_and_an_unknown_or_impossible_id_404_or_422(org, award, client):
    assert Client().get(f"{API}/registry/{award.pk}").status_code == 401
    client.force_login(org["staff_b"].user)
    assert client.get(f"{API}/registry/{award.pk + 1000}").status_code == 404
    assert client.get(f"{API}/registry/0").status_code == 422
    assert client.get(f"{API}/registry/{2**63}").status_code == 422
