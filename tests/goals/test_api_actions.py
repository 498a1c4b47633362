"""The goal pages' actions through the API (issue 15, point 2): the same services and rules as
the pages — as the owner, the head who assigned or verifies, a stranger from another unit —
and bad input refused in Vietnamese with nothing half-written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.actors import SYSTEM
from thidua.goals.forms import EVIDENCE_MAX_BYTES
from thidua.goals.models import CheckIn, DailyLog, Goal, GoalChangeProposal
from thidua.goals.services import checkin_create, goal_assign, goal_create

from ..factories import UserFactory

TODAY = date(2025, 7, 1)  # a Tuesday
API = "/api/v1/goals"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def assigned(cascade):
    """Cục A's head assigns Hoa a goal under Cục A's; it awaits her acceptance."""
    return goal_assign(
        actor=cascade["head_a"].user,
        parent=cascade["dept"],
        title="Trả lời phản ánh đúng hạn",
        owner_person=cascade["staff_a"],
        key_results=[{"title": "Phản ánh trả lời đúng hạn", "target": 500}],
    )


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", **headers)


def _as(client, person):
    client.force_login(person.user)
    return client


# ---------------------------------------------------------------- accept, publish
def test_the_assignee_accepts_and_the_head_and_a_stranger_may_not(cascade, assigned, client):
    url = f"{API}/goals/{assigned.pk}/accept"
    assert _post(_as(client, cascade["staff_b"]), url).status_code == 403
    assert _post(_as(client, cascade["head_a"]), url).status_code == 403  # who assigned it
    assert Goal.objects.get(pk=assigned.pk).status == "assigned"
    listed = _as(client, cascade["staff_a"]).get(f"{API}/assignments").json()
    assert [g["id"] for g in listed["items"]] == [assigned.pk]
    response = _post(client, url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    assert client.get(f"{API}/assignments").json()["items"] == []
    # accepted once: nothing left to accept
    assert _post(client, url).status_code == 403


def test_a_stale_if_match_refuses_the_action_and_changes_nothing(cascade, assigned, client):
    _as(client, cascade["staff_a"])
    etag = client.get(f"{API}/goals/{assigned.pk}")["ETag"]
    response = _post(client, f"{API}/goals/{assigned.pk}/accept", HTTP_IF_MATCH='"cu"')
    assert response.status_code == 412
    assert "đọc lại" in response.json()["detail"]
    assert Goal.objects.get(pk=assigned.pk).status == "assigned"
    ok = _post(client, f"{API}/goals/{assigned.pk}/accept", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200


def test_the_owner_publishes_a_draft_a_stranger_gets_the_pages_answer(cascade, client):
    draft = goal_create(
        actor=cascade["staff_a"].user,
        title="Tự học chữ ký số",
        owner_person=cascade["staff_a"],
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    url = f"{API}/goals/{draft.pk}/publish"
    # an unpublished goal of another unit is not theirs to see: 403 as on the page
    assert _post(_as(client, cascade["staff_b"]), url).status_code == 403
    response = _post(_as(client, cascade["staff_a"]), url)
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert _post(client, url).status_code == 403  # no longer a draft
    assert _post(client, f"{API}/goals/999999999/publish").status_code == 404


# ---------------------------------------------------------------- propose, decide
def test_the_assignee_proposes_a_target_and_the_head_who_assigned_decides(
    cascade, assigned, client
):
    kr = assigned.key_results.get()
    body = {"changes": [{"key_result_id": kr.pk, "target": "400"}], "comment": "Thiếu người"}
    url = f"{API}/goals/{assigned.pk}/propose"
    assert _post(_as(client, cascade["staff_b"]), url, body).status_code == 403
    response = _post(_as(client, cascade["staff_a"]), url, body)
    assert response.status_code == 201, response.content
    proposal = response.json()
    assert proposal["status"] == "pending" and proposal["changes"][0]["target"] == "400"
    assert Goal.objects.get(pk=assigned.pk).status == "changes_proposed"
    assert client.get(f"{API}/proposals").json()["items"] == []  # not hers to decide

    decide = f"{API}/proposals/{proposal['id']}/decide"
    assert _post(client, decide, {"approve": True}).status_code == 403  # her own proposal
    assert _post(_as(client, cascade["staff_b"]), decide, {"approve": True}).status_code == 403
    _as(client, cascade["head_a"])
    assert [p["id"] for p in client.get(f"{API}/proposals").json()["items"]] == [proposal["id"]]
    decided = _post(client, decide, {"approve": True, "comment": "Đồng ý"})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "active"
    assert decided.json()["key_results"][0]["target"] == "400.0000"
    again = _post(client, decide, {"approve": False})
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"] == "Đề xuất này đã được quyết định."


def test_a_proposal_naming_another_goals_key_result_is_refused_and_nothing_written(
    cascade, assigned, client
):
    other_kr = cascade["personal"].key_results.first()
    _as(client, cascade["staff_a"])
    response = _post(
        client,
        f"{API}/goals/{assigned.pk}/propose",
        {"changes": [{"key_result_id": other_kr.pk, "target": "1"}]},
    )
    assert response.status_code == 422
    assert "mục tiêu khác" in response.json()["detail"][0]["msg"]
    empty = _post(client, f"{API}/goals/{assigned.pk}/propose", {"changes": []})
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "payload", "changes"]
    assert not GoalChangeProposal.objects.exists()
    assert Goal.objects.get(pk=assigned.pk).status == "assigned"


# ---------------------------------------------------------------- supports
def test_a_goal_is_linked_to_one_it_also_supports(cascade, client):
    personal, ministry = cascade["personal"], cascade["ministry"]
    url = f"{API}/goals/{personal.pk}/supports"
    body = {"supported_id": ministry.pk}
    assert _post(_as(client, cascade["staff_b"]), url, body).status_code == 403
    # an active goal is edited by its head, not by its owner (as on the page)
    assert _post(_as(client, cascade["staff_a"]), url, body).status_code == 403
    assert not personal.supports.exists()
    _as(client, cascade["head_a"])
    itself = _post(client, url, {"supported_id": personal.pk})
    assert itself.status_code == 422
    assert itself.json()["detail"][0]["msg"] == "Mục tiêu không thể tự hỗ trợ chính nó."
    assert _post(client, url, {"supported_id": 999999999}).status_code == 404
    assert _post(client, url, body).status_code == 200
    assert list(personal.supports.all()) == [ministry]


def test_a_stranger_may_not_link_another_units_goal(cascade, client):
    url = f"{API}/goals/{cascade['personal'].pk}/supports"
    response = _post(_as(client, cascade["staff_b"]), url, {"supported_id": cascade["dept"].pk})
    assert response.status_code == 403
    assert not cascade["personal"].supports.exists()


# ---------------------------------------------------------------- verification queue
def test_the_head_sees_the_check_ins_waiting_for_him_and_verifies_them(cascade, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    checkin = checkin_create(
        actor=cascade["staff_a"].user, key_result=kr, value=300, confidence="on_track"
    )
    empty = {"items": [], "next_cursor": None}
    assert _as(client, cascade["staff_a"]).get(f"{API}/verification-queue").json() == empty
    assert _as(client, cascade["staff_b"]).get(f"{API}/verification-queue").json() == empty
    queue = _as(client, cascade["head_a"]).get(f"{API}/verification-queue").json()["items"]
    assert [(w["goal_id"], w["count"]) for w in queue] == [(cascade["personal"].pk, 1)]
    assert _post(client, f"{API}/check-ins/{checkin.pk}/verify").status_code == 200
    assert client.get(f"{API}/verification-queue").json() == empty


# ---------------------------------------------------------------- evidence
def _pdf(name="bien-ban.pdf", size=None):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * (size or 10), "application/pdf")


def test_a_check_in_with_evidence_is_read_by_the_owner_and_the_head_only(
    cascade, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    url = f"{API}/key-results/{kr.pk}/check-ins/with-evidence"
    form = {"value": "1.250", "confidence": "on_track", "checked_on": "2025-06-30"}
    refused = _as(client, cascade["staff_b"]).post(url, {**form, "evidence": _pdf()})
    assert refused.status_code == 403
    assert not CheckIn.objects.exists()
    created = _as(client, cascade["staff_a"]).post(url, {**form, "evidence": _pdf()})
    assert created.status_code == 201, created.content
    checkin_id = created.json()["id"]
    assert Decimal(created.json()["value"]) == 1250

    listed = client.get(f"{API}/goals/{cascade['personal'].pk}/evidence").json()
    assert [(e["checkin_id"], e["file_name"]) for e in listed] == [(checkin_id, "bien-ban.pdf")]
    download = client.get(f"{API}/check-ins/{checkin_id}/evidence")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    _as(client, cascade["head_a"])
    assert len(client.get(f"{API}/goals/{cascade['personal'].pk}/evidence").json()) == 1
    assert client.get(f"{API}/check-ins/{checkin_id}/evidence").status_code == 200
    _as(client, cascade["staff_b"])
    assert client.get(f"{API}/goals/{cascade['personal'].pk}/evidence").status_code == 403
    assert client.get(f"{API}/check-ins/{checkin_id}/evidence").status_code == 403


def test_a_check_in_without_a_file_has_no_evidence_to_download(cascade, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    checkin = checkin_create(actor=SYSTEM, key_result=kr, value=3, confidence="on_track")
    response = _as(client, cascade["staff_a"]).get(f"{API}/check-ins/{checkin.pk}/evidence")
    assert response.status_code == 403  # as the page


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream"), "PDF, ảnh"),
        (_pdf(size=EVIDENCE_MAX_BYTES), "10 MB"),
    ],
    ids=["type", "size"],
)
def test_the_pages_file_checks_refuse_a_bad_file_and_nothing_is_written(
    cascade, client, settings, tmp_path, upload, said
):
    settings.MEDIA_ROOT = tmp_path
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = _as(client, cascade["staff_a"]).post(
        f"{API}/key-results/{kr.pk}/check-ins/with-evidence",
        {"value": "5", "confidence": "on_track", "evidence": upload},
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "evidence"] and said in error["msg"]
    assert not CheckIn.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_a_check_in_with_evidence_and_a_bad_value_is_refused_in_vietnamese(
    cascade, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = _as(client, cascade["staff_a"]).post(
        f"{API}/key-results/{kr.pk}/check-ins/with-evidence",
        {"value": "nhiều", "confidence": "on_track", "evidence": _pdf()},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Hãy nhập một số."
    assert not CheckIn.objects.exists()


# ---------------------------------------------------------------- the daily log
def test_my_daily_log_and_streak_for_a_month(cascade, client):
    _as(client, cascade["staff_a"])
    for day in ("2025-06-27", "2025-06-30"):  # Friday, Monday: two working days in a row
        response = _post(
            client,
            f"{API}/daily-log",
            {"text": "Rút gọn biểu mẫu", "logged_on": day, "is_improvement": True},
        )
        assert response.status_code == 201, response.content
    _post(client, f"{API}/daily-log", {"text": "Họp giao ban"})  # today, not an improvement
    june = client.get(f"{API}/daily-log?month=2025-06").json()
    assert june["month"] == "2025-06"
    assert [e["logged_on"] for e in june["entries"]] == ["2025-06-27", "2025-06-30"]
    assert june["improvement_days_in_month"] == 2
    assert june["streak"]["days"] == 2  # the weekend neither counts nor breaks it
    july = client.get(f"{API}/daily-log").json()
    assert [e["text"] for e in july["entries"]] == ["Họp giao ban"]
    # another person's log is not mine
    other = _as(client, cascade["staff_b"]).get(f"{API}/daily-log?month=2025-06").json()
    assert other["entries"] == [] and other["streak"]["days"] == 0


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"logged_on": "2025-06-29", "is_improvement": True}, "logged_on", "ngày nghỉ hằng tuần"),
        ({"logged_on": "2025-07-02"}, "logged_on", "tương lai"),
        ({"text": "   "}, "text", ""),
    ],
    ids=["sunday", "future", "blank"],
)
def test_a_log_entry_the_page_refuses_is_refused_and_nothing_written(
    cascade, client, body, field, said
):
    response = _post(
        _as(client, cascade["staff_a"]), f"{API}/daily-log", {"text": "Cải tiến", **body}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == field and said in error["msg"]
    assert not DailyLog.objects.exists()


def test_without_a_personnel_record_there_is_no_log_to_write(db, client):
    client.force_login(UserFactory(username="khach"))
    read = client.get(f"{API}/daily-log")
    assert read.status_code == 200 and read.json()["streak"] is None
    response = _post(client, f"{API}/daily-log", {"text": "Thử"})
    assert response.status_code == 403
    assert "hồ sơ nhân sự" in response.json()["detail"]
    assert client.get(f"{API}/daily-log?month=2025-13").status_code == 422
