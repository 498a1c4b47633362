from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.core.actors import SYSTEM
from thidua.goals.models import Goal, KeyResult, Task
from thidua.goals.services import goal_create

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
    assert response.json()["detail"] == [
        {"loc": ["body", "value"], "msg": "Hãy nhập một số.", "type": "value_error"}
    ]


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


# ---------------------------------------------------------------- bad input never a 500
YEAR_2025 = {"period_kind": "year", "period_start": "2025-01-01", "period_end": "2025-12-31"}


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_an_id_beyond_any_row_is_a_422_in_vietnamese_not_a_500(cascade, client):
    client.force_login(cascade["staff_a"].user)
    response = client.get("/api/v1/goals/goals?person_id=99999999999999999999")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "person_id"]
    assert error["msg"].startswith("Giá trị không được vượt quá")


def test_a_goal_without_an_owner_is_refused_and_nothing_is_written(cascade, client):
    client.force_login(cascade["head_a"].user)
    before = Goal.objects.count()
    response = _post(client, "/api/v1/goals/goals", {"title": "Không chủ", **YEAR_2025})
    assert response.status_code == 422
    assert "đúng một đơn vị hoặc một cá nhân" in response.json()["detail"][0]["msg"]
    assert Goal.objects.count() == before


def test_a_weight_too_large_for_its_column_is_refused_and_the_goal_list_still_works(
    cascade, client
):
    client.force_login(cascade["staff_a"].user)
    before = Goal.objects.count()
    response = _post(
        client,
        "/api/v1/goals/goals",
        {
            "title": "Trọng số quá lớn",
            "owner_person_id": cascade["staff_a"].pk,
            "weight": "99999999999",
            **YEAR_2025,
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "weight"]
    assert Goal.objects.count() == before
    client.force_login(cascade["staff_b"].user)
    assert client.get("/api/v1/goals/goals").status_code == 200


def test_the_service_refuses_a_weight_its_column_cannot_hold(cascade):
    with pytest.raises(ValidationError) as refused:
        goal_create(
            actor=SYSTEM,
            title="Trọng số quá lớn",
            owner_person=cascade["staff_a"],
            weight=Decimal("99999999999"),
            period_kind="year",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )
    assert "weight" in refused.value.message_dict


@pytest.mark.parametrize("length", [301, 20_000, 100_000])
def test_titles_longer_than_the_column_are_refused(cascade, client, length):
    client.force_login(cascade["staff_a"].user)
    response = _post(
        client,
        "/api/v1/goals/goals",
        {"title": "x" * length, "owner_person_id": cascade["staff_a"].pk, **YEAR_2025},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Tối đa 300 ký tự."
    assert not Goal.objects.filter(title__startswith="xxx").exists()


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Số\x00hoá", "Không được chứa ký tự NUL (mã 0)."),  # PostgreSQL cannot store it
        ("   ", "Hãy nhập giá trị, không chỉ có khoảng trắng."),
    ],
)
def test_a_title_with_a_nul_or_only_spaces_is_refused(cascade, client, title, message):
    client.force_login(cascade["staff_a"].user)
    response = _post(client, "/api/v1/goals/tasks", {"title": title})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == message
    assert not Task.objects.exists()


def test_a_title_of_exactly_300_characters_is_accepted(cascade, client):
    client.force_login(cascade["staff_a"].user)
    response = _post(
        client,
        "/api/v1/goals/goals",
        {"title": "x" * 300, "owner_person_id": cascade["staff_a"].pk, **YEAR_2025},
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "1_000"])
def test_not_a_plain_number_as_a_target_is_refused(cascade, client, value):
    client.force_login(cascade["head_a"].user)
    kr = cascade["dept"].key_results.get()
    response = _post(client, f"/api/v1/goals/key-results/{kr.pk}/target", {"target": value})
    assert response.status_code == 422
    kr.refresh_from_db()
    assert kr.target == 100


def test_a_failed_goal_with_key_results_writes_nothing(cascade, client):
    client.force_login(cascade["staff_a"].user)
    counts = (Goal.objects.count(), KeyResult.objects.count())
    response = _post(
        client,
        "/api/v1/goals/goals",
        {
            "title": "Hai kết quả",
            "owner_person_id": cascade["staff_a"].pk,
            **YEAR_2025,
            "key_results": [
                {"title": "Đúng hạn", "target": "10", "due_date": "2025-06-30"},
                {"title": "Ngoài kỳ", "target": "10", "due_date": "2026-06-30"},
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "due_date"]
    assert (Goal.objects.count(), KeyResult.objects.count()) == counts


def test_a_body_that_is_not_an_object_is_refused(cascade, client):
    client.force_login(cascade["staff_a"].user)
    response = _post(client, "/api/v1/goals/tasks", '"AAA"')  # JSON, but not an object
    assert response.status_code == 422
    assert not Task.objects.exists()


def test_errors_answer_in_vietnamese(cascade, client):
    assert client.get("/api/v1/goals/goals").json() == {"detail": "Hãy đăng nhập để dùng API."}
    client.force_login(cascade["staff_a"].user)
    missing = client.get("/api/v1/goals/goals/987654")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Không tìm thấy."})
    bad_date = client.get("/api/v1/goals/goals?on=2026-02-30")
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["msg"] == "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."


# ---------------------------------------------------------------- no looser than the pages
def test_a_task_cannot_be_linked_to_a_key_result_the_user_cannot_see(cascade, client):
    draft = goal_create(
        actor=SYSTEM,
        title="Bản nháp của Hoa",
        owner_person=cascade["staff_a"],
        key_results=[{"title": "Riêng", "target": 5}],
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    hidden = draft.key_results.get()
    client.force_login(cascade["staff_b"].user)
    response = _post(client, "/api/v1/goals/tasks", {"title": "Lén", "key_result_id": hidden.pk})
    assert response.status_code == 403
    assert not Task.objects.exists()
    seen = cascade["dept"].key_results.get()  # published: every staff member may see it
    response = _post(client, "/api/v1/goals/tasks", {"title": "Hỗ trợ", "key_result_id": seen.pk})
    assert response.status_code == 201, response.content


def test_a_head_cascades_only_under_the_parent_goal(cascade, client, org):
    sub_goal = goal_create(
        actor=SYSTEM,
        title="Mục tiêu Phòng A1",
        owner_unit=org["sec_a"],
        parent=cascade["dept"],
        status="active",
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    client.force_login(cascade["head_a"].user)
    # Cục A's head may set goals for Cục A itself, but not under Phòng A1's goal.
    response = _post(
        client,
        "/api/v1/goals/goals",
        {
            "title": "Lệch cây",
            "parent_id": sub_goal.pk,
            "owner_unit_id": org["dept_a"].pk,
            **YEAR_2025,
        },
    )
    assert response.status_code == 403
    response = _post(
        client,
        "/api/v1/goals/goals",
        {
            "title": "Đúng cây",
            "parent_id": sub_goal.pk,
            "owner_person_id": org["colleague_a"].pk,
            **YEAR_2025,
        },
    )
    assert response.status_code == 201, response.content
