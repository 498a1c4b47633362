"""API of the agency settings (/api/v1/settings/, issue 11, point 2): the office reads every
setting as in force on a day and changes one from a date with a reason — the page's service;
bad input 422 in Vietnamese with nothing written, another role 403, a read-only token 403."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.core.agency_settings import specs, value
from thidua.core.models import AgencySetting, AuditEvent

pytestmark = pytest.mark.django_db
API = "/api/v1/settings/agency"
CAP = "awards.cstdcs_cap_share"
BODY = {"value": 0.2, "reason": "Quy chế thi đua 2026", "valid_from": "2026-06-01"}


def _post(client, key, body):
    return client.post(f"{API}/{key}", json.dumps(body), content_type="application/json")


def _item(answer, key=CAP):
    return next(i for i in answer.json()["items"] if i["key"] == key)


def test_the_office_reads_every_setting_on_a_day_and_changes_one_from_a_date(client, officer):
    client.force_login(officer.user)
    read = client.get(API)
    assert read.status_code == 200, read.content
    assert {i["key"] for i in read.json()["items"]} == {s.key for s in specs()}
    cap = _item(read)
    assert cap["default"] == cap["value"] == 0.15 and cap["is_default"]
    assert cap["valid_from"] is None and "Nghị định 91/2017/NĐ-CP" in cap["basis"]
    assert cap["confidence"] == "chưa xác minh, cần đối chiếu văn bản chính thức"
    assert cap["description"]

    saved = _post(client, CAP, BODY)
    assert saved.status_code == 200, saved.content
    assert saved.json()["value"] == 0.2 and saved.json()["valid_from"] == "2026-06-01"
    assert not saved.json()["is_default"] and saved.json()["changed_by"] == "Vũ Thị Thi Đua"
    assert value(CAP, on=date(2025, 12, 31)) == 0.15 and value(CAP, on=date(2026, 12, 31)) == 0.2
    event = AuditEvent.objects.get(action="setting.overridden")
    assert event.actor == officer.user and event.data["valid_from"] == "2026-06-01"

    before = _item(client.get(f"{API}?on=2025-12-31"))
    assert before["value"] == 0.15 and before["is_default"]
    assert [(s["valid_from"], s["value"]) for s in before["scheduled"]] == [("2026-06-01", 0.2)]
    after = _item(client.get(f"{API}?on=2026-12-31"))
    assert (after["value"], after["valid_from"], after["reason"]) == (
        0.2,
        "2026-06-01",
        "Quy chế thi đua 2026",
    )
    assert after["scheduled"] == []


def test_without_a_date_a_change_applies_from_today(client, officer):
    client.force_login(officer.user)
    saved = _post(client, CAP, {"value": 0.2, "reason": "Từ hôm nay"})
    assert saved.status_code == 200, saved.content
    assert AgencySetting.objects.get(key=CAP).valid_from == timezone.localdate()


@pytest.mark.parametrize(
    ("key", "body", "message"),
    [
        ("awards.no_such_setting", BODY, "Không có thiết lập"),
        (CAP, {**BODY, "value": 1.5}, "từ 0 đến 1"),
        (CAP, {**BODY, "reason": "  "}, "lý do"),
        (CAP, {**BODY, "valid_from": "01/06/2026"}, ""),
        (CAP, {**BODY, "valid_from": "2026-02-30"}, ""),
    ],
)
def test_bad_input_is_422_in_vietnamese_and_nothing_written(client, officer, key, body, message):
    client.force_login(officer.user)
    answer = _post(client, key, body)
    assert answer.status_code == 422, answer.content
    said = " ".join(item["msg"] for item in answer.json()["detail"])
    assert message.lower() in said.lower(), said
    assert not AgencySetting.objects.exists()
    assert not AuditEvent.objects.filter(action="setting.overridden").exists()


def test_another_role_is_refused_with_nothing_written(client, org):
    client.force_login(org["head_a"].user)
    assert client.get(API).status_code == 403
    refused = _post(client, CAP, BODY)
    assert refused.status_code == 403
    assert "bộ phận thi đua – khen thưởng" in refused.json()["detail"]
    assert not AgencySetting.objects.exists()


def test_a_token_needs_the_settings_scope_and_write_access(officer):
    def token(scopes):
        return token_create(
            actor=officer.user,
            name="Ứng dụng",
            scopes=scopes,
            expires_on=timezone.localdate() + timedelta(days=30),
        ).secret

    reader = Client(HTTP_AUTHORIZATION=f"Bearer {token(['settings:read'])}")
    assert reader.get(API).status_code == 200
    assert _post(reader, CAP, BODY).status_code == 403
    other = Client(HTTP_AUTHORIZATION=f"Bearer {token(['awards:write'])}")
    assert other.get(API).status_code == 403
    writer = Client(HTTP_AUTHORIZATION=f"Bearer {token(['settings:write'])}")
    assert _post(writer, CAP, BODY).status_code == 200
    assert AgencySetting.objects.get(key=CAP).value == 0.2
