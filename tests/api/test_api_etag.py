"""ETag / If-Match on updates (issue 15, points 2 and 5): two clients cannot overwrite each
other; an update with a stale ETag is refused (412) with nothing written, one without
If-Match is refused (428)."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.goals.models import CheckIn
from thidua.goals.services import checkin_create

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _patch(client, url, data, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.patch(url, data, content_type="application/json", **headers)


@pytest.fixture
def kr(cascade):
    return cascade["dept"].key_results.get()


def test_two_clients_with_the_same_etag_cannot_both_change_a_target(cascade, kr, client):
    client.force_login(cascade["head_a"].user)
    url = f"/api/v1/goals/key-results/{kr.pk}"
    etag = client.get(url)["ETag"]
    first = _patch(client, url, {"target": "120", "reason": "Giao thêm"}, etag)
    assert first.status_code == 200, first.content
    assert Decimal(first.json()["target"]) == 120
    second = _patch(client, url, {"target": "90", "reason": "Bớt"}, etag)
    assert second.status_code == 412
    assert "đọc lại" in second.json()["detail"]
    kr.refresh_from_db()
    assert kr.target == Decimal(120)
    # with the new ETag the second client's change goes through
    fresh = client.get(url)["ETag"]
    assert fresh != etag
    assert _patch(client, url, {"target": "90", "reason": "Bớt"}, fresh).status_code == 200


def test_an_update_without_if_match_is_refused_with_428(cascade, kr, client):
    client.force_login(cascade["head_a"].user)
    response = _patch(client, f"/api/v1/goals/key-results/{kr.pk}", {"target": "150"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    kr.refresh_from_db()
    assert kr.target == Decimal(100)


def test_the_older_post_action_checks_if_match_when_sent(cascade, kr, client):
    client.force_login(cascade["head_a"].user)
    url = f"/api/v1/goals/key-results/{kr.pk}/target"
    stale = '"0000"'
    response = client.post(
        url, {"target": "130"}, content_type="application/json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    assert client.post(url, {"target": "130"}, content_type="application/json").status_code == 200


def test_a_check_in_corrected_by_its_author_with_if_match(cascade, client):
    staff = cascade["staff_a"]
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    made = checkin_create(actor=staff.user, key_result=kr, value=100, confidence="on_track")
    client.force_login(staff.user)
    url = f"/api/v1/goals/check-ins/{made.pk}"
    read = client.get(url)
    assert read.status_code == 200 and read.json()["value"] == "100.0000"
    stale = _patch(client, url, {"value": "150"}, '"stale"')
    assert stale.status_code == 412
    done = _patch(client, url, {"value": "150", "comment": "Sửa số"}, read["ETag"])
    assert done.status_code == 200, done.content
    assert CheckIn.objects.get(pk=made.pk).value == Decimal(150)


def test_a_weak_or_star_if_match_is_accepted_and_a_stranger_is_still_refused(cascade, kr, client):
    client.force_login(cascade["head_a"].user)
    url = f"/api/v1/goals/key-results/{kr.pk}"
    weak = "W/" + client.get(url)["ETag"]
    assert _patch(client, url, {"target": "110"}, weak).status_code == 200
    assert _patch(client, url, {"target": "111"}, "*").status_code == 200
    client.force_login(cascade["staff_b"].user)
    assert _patch(client, url, {"target": "1"}, "*").status_code in (403, 404)
    kr.refresh_from_db()
    assert kr.target == Decimal(111)
