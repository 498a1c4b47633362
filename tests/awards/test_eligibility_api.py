"""POST /eligibility on the awards router (mounted by config/api.py at /api/v1/awards/)."""

from unittest.mock import Mock

import pytest
from django.urls import Resolver404, resolve
from ninja.testing import TestClient

from thidua.awards.api import router

from .helpers import initiative, person, year

PAYLOAD = {
    "history": person(
        year(2024, "HTXS", ["LDTT", "CSTDCS"]), year(2025, "HTXS", initiatives=initiative())
    ),
    "year": 2025,
    "received_on": "2026-01-15",
}


URL = "/api/v1/awards/eligibility"
# without settings in the request the agency's settings in force are read from the database
pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return TestClient(router)


def signed_in():
    return Mock(is_authenticated=True)


def test_eligibility_requires_login():
    # The router is guarded where config/api.py mounts it (ApiScope("awards")): ask the site.
    from django.test import Client

    response = Client().post(URL, data=PAYLOAD, content_type="application/json")
    assert response.status_code == 401


def test_eligibility_returns_one_verdict_per_title_and_form(client):
    response = client.post("/eligibility", json=PAYLOAD, user=signed_in())
    assert response.status_code == 200, response.content
    verdicts = {v["code"]: v for v in response.json()}
    assert len(verdicts) == 10
    assert verdicts["CSTDCS"] == {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "eligible": True,
        "already_granted": False,
        "basis": "Luật Thi đua, khen thưởng 2022, Điều 23",
        "confidence": "F",
        "rule_version": "luat-2022",
        "reasons": [
            "✓ Đạt tiêu chuẩn Lao động tiên tiến năm 2025",
            "✓ Năm 2025 xếp loại Hoàn thành xuất sắc nhiệm vụ",
            "✓ Có sáng kiến được công nhận có phạm vi ảnh hưởng cấp cơ sở năm 2025: “Sáng kiến”",
        ],
    }


def test_settings_and_the_receipt_date_are_honoured(client):
    payload = {
        **PAYLOAD,
        "received_on": "2026-10-01",
        "settings": {"versions": {"CSTDCS": "luat-2022"}},
    }
    verdicts = {
        v["code"]: v for v in client.post("/eligibility", json=payload, user=signed_in()).json()
    }
    assert verdicts["CSTDCS"]["rule_version"] == "luat-2022"


def test_a_bad_history_is_a_422_with_every_problem(client):
    payload = {**PAYLOAD, "history": {"years": [{"year": 2025, "rating": "XS"}]}}
    response = client.post("/eligibility", json=payload, user=signed_in())
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Dữ liệu xét khen thưởng không hợp lệ")
    assert [p["path"] for p in body["problems"]] == ["subject"]
    assert body["problems"][0]["message_en"] == "subject is missing (individual or collective)"


def test_bad_settings_are_a_422_too(client):
    payload = {**PAYLOAD, "settings": {"rules": {"LDTT": {"enabled": False}}}}
    response = client.post("/eligibility", json=payload, user=signed_in())
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "settings.rules.LDTT.enabled"


def test_a_malformed_request_is_rejected_by_the_schema(client):
    response = client.post("/eligibility", json={"history": {}, "year": 2025}, user=signed_in())
    assert response.status_code == 422


def _mounted() -> bool:
    try:
        resolve(URL)
    except Resolver404:
        return False
    return True


@pytest.mark.skipif(not _mounted(), reason="the awards router is not mounted in config/api.py yet")
@pytest.mark.django_db
def test_the_mounted_endpoint_serves_signed_in_users(client, django_user_model):
    from django.test import Client

    web = Client()
    url = URL
    assert web.post(url, PAYLOAD, content_type="application/json").status_code == 401
    web.force_login(django_user_model.objects.create_user(username="tdkt", password="x"))
    response = web.post(url, PAYLOAD, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()) == 10
