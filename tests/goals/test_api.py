from datetime import date
from decimal import Decimal

import pytest

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_check_in_via_the_api_and_read_the_goal(cascade, client):
    client.force_login(cascade["staff_a"].user)
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = client.post(
        f"/api/v1/goals/key-results/{kr.pk}/check-ins",
        {"value": "400", "confidence": "at_risk", "checked_on": "2025-06-30"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    goal = client.get(f"/api/v1/goals/goals/{cascade['personal'].pk}").json()
    assert goal["progress"] == "0.2000"  # (0.4 + 0) / 2
    assert [k["current"] for k in goal["key_results"] if k["id"] == kr.pk] == ["400.0000"]


def test_api_refuses_what_the_page_refuses(cascade, client):
    client.force_login(cascade["staff_b"].user)
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = client.post(
        f"/api/v1/goals/key-results/{kr.pk}/check-ins",
        {"value": "1", "confidence": "on_track"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_api_reports_bad_values_as_422_with_the_field(cascade, client):
    client.force_login(cascade["staff_a"].user)
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = client.post(
        f"/api/v1/goals/key-results/{kr.pk}/check-ins",
        {"value": "nhiều", "confidence": "on_track"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "value" in response.json()["detail"]


def test_programs_are_listed_with_progress(cascade, client):
    client.force_login(cascade["staff_a"].user)
    programs = client.get("/api/v1/goals/programs").json()
    assert [p["code"] for p in programs] == ["P8"]


def test_a_head_adds_a_key_result_and_changes_its_target_through_the_api(cascade, client):
    client.force_login(cascade["head_a"].user)
    created = client.post(
        f"/api/v1/goals/goals/{cascade['dept'].pk}/key-results",
        {"title": "Hướng dẫn trực tuyến", "target": "300"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    kr_id = created.json()["id"]
    changed = client.post(
        f"/api/v1/goals/key-results/{kr_id}/target",
        {"target": "450", "reason": "Mở rộng"},
        content_type="application/json",
    )
    assert Decimal(changed.json()["target"]) == 450
    client.force_login(cascade["staff_b"].user)  # another unit's staff may read but not change it
    assert client.get(f"/api/v1/goals/key-results/{kr_id}").status_code == 200
    refused = client.post(
        f"/api/v1/goals/key-results/{kr_id}/target",
        {"target": "1"},
        content_type="application/json",
    )
    assert refused.status_code == 403
