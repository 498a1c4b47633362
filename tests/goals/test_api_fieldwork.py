"""Goal templates and field visits (đi cơ sở) through the API (issue 15, point 2), with the
pages' rules: a head hands out a template and records their visits, a stranger or a staff
member is refused as on the page, bad input refused in Vietnamese with nothing written."""

from datetime import date

import pytest

from thidua.core.actors import SYSTEM
from thidua.goals.models import FieldVisit, Goal, GoalTemplate, GoodPractice
from thidua.goals.services import fieldwork as fieldwork_services
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

TODAY = date(2025, 7, 1)
API = "/api/v1/goals"
YEAR = {"period_kind": "year", "period_start": "2025-01-01", "period_end": "2025-12-31"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def template(cascade):
    return GoalTemplate.objects.create(
        name="Mục tiêu chuyên viên 2025",
        position=cascade["staff_a"].position,
        key_results=[{"title": "Hồ sơ xử lý đúng hạn", "target": 200}],
    )


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


# ---------------------------------------------------------------- templates
def test_a_head_lists_and_applies_a_template_once_per_period(cascade, template, client):
    client.force_login(cascade["head_a"].user)
    [listed] = client.get(f"{API}/templates").json()["items"]
    assert (listed["id"], listed["copies"]) == (template.pk, 0)
    url = f"{API}/templates/{template.pk}/apply"
    response = _post(client, url, YEAR)
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 3  # Cục A's holders of the position (as the page)
    owners = set(Goal.objects.filter(pk__in=response.json()["goal_ids"]).values_list("status"))
    assert owners == {("assigned",)}
    assert _post(client, url, YEAR).json() == {"created": 0, "goal_ids": []}
    assert client.get(f"{API}/templates").json()["items"][0]["copies"] == 3


def test_staff_may_not_see_nor_apply_templates(cascade, template, client):
    client.force_login(cascade["staff_a"].user)
    assert client.get(f"{API}/templates").status_code == 403
    before = Goal.objects.count()
    assert _post(client, f"{API}/templates/{template.pk}/apply", YEAR).status_code == 403
    assert Goal.objects.count() == before


def test_a_period_ending_before_it_starts_is_refused_in_vietnamese(cascade, template, client):
    client.force_login(cascade["head_a"].user)
    before = Goal.objects.count()
    response = _post(
        client,
        f"{API}/templates/{template.pk}/apply",
        {**YEAR, "period_start": "2025-12-31", "period_end": "2025-01-01"},
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "period_end"]
    assert error["msg"] == "Ngày kết thúc kỳ trước ngày bắt đầu."
    assert Goal.objects.count() == before
    assert _post(client, f"{API}/templates/999999999/apply", YEAR).status_code == 404


# ---------------------------------------------------------------- field visits
VISIT = {"visited_on": "2025-06-20", "findings": "Đơn vị làm tốt việc số hoá hồ sơ."}


def test_a_head_records_a_visit_and_reads_it_back(cascade, client):
    client.force_login(cascade["head_a"].user)
    response = _post(client, f"{API}/field-visits", {**VISIT, "unit_id": cascade["sec_a"].pk})
    assert response.status_code == 201, response.content
    visit = response.json()
    assert visit["person_id"] == cascade["head_a"].pk and visit["may_manage"] is True
    assert visit["tasks"] == [] and visit["practices"] == []
    listed = client.get(f"{API}/field-visits").json()["items"]
    assert [v["id"] for v in listed] == [visit["id"]]
    assert client.get(f"{API}/field-visits/{visit['id']}").json()["unit_name"] == "Phòng A1"
    unknown = client.get(f"{API}/field-visits?term=1990-1995")
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["msg"] == "Không có nhiệm kỳ này."


def test_staff_and_strangers_are_refused_as_on_the_pages(cascade, client):
    visit = fieldwork_services.field_visit_record(
        actor=cascade["head_a"].user,
        person=cascade["head_a"],
        visited_on=date(2025, 6, 20),
        findings="Đi cơ sở",
        unit=cascade["sec_a"],
    )
    for who in ("staff_a", "staff_b"):
        client.force_login(cascade[who].user)
        assert client.get(f"{API}/field-visits").status_code == 403
        assert client.get(f"{API}/field-visits/{visit.pk}").status_code == 404
        body = {**VISIT, "place": "Xã Tân Lập"}
        assert _post(client, f"{API}/field-visits", body).status_code == 403
        # nor for the head
        body["person_id"] = cascade["head_a"].pk
        assert _post(client, f"{API}/field-visits", body).status_code == 403
    assert FieldVisit.objects.count() == 1


def test_another_head_does_not_see_a_visit_outside_his_units(cascade, client):
    other = PersonFactory(unit=cascade["dept_b"], user=UserFactory(username="truong-b"))
    role_grant(
        actor=SYSTEM,
        user=other.user,
        role=Role.UNIT_HEAD,
        unit=cascade["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    visit = fieldwork_services.field_visit_record(
        actor=cascade["head_a"].user,
        person=cascade["head_a"],
        visited_on=date(2025, 6, 20),
        findings="Đi cơ sở",
        unit=cascade["sec_a"],
    )
    client.force_login(other.user)
    assert client.get(f"{API}/field-visits").json()["items"] == []
    assert client.get(f"{API}/field-visits/{visit.pk}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"visited_on": "2025-07-02"}, "visited_on", "sau ngày hôm nay"),
        ({"place": ""}, "place", "ghi địa điểm"),
        ({"findings": " "}, "findings", ""),
    ],
    ids=["future", "nowhere", "no-findings"],
)
def test_a_visit_the_page_refuses_is_refused_and_nothing_written(
    cascade, client, body, field, said
):
    client.force_login(cascade["head_a"].user)
    response = _post(client, f"{API}/field-visits", {**VISIT, "place": "Xã Tân Lập", **body})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == field and said in error["msg"]
    assert not FieldVisit.objects.exists()


# ---------------------------------------------------------------- follow-up, good practice
@pytest.fixture
def visit(cascade):
    return fieldwork_services.field_visit_record(
        actor=cascade["head_a"].user,
        person=cascade["head_a"],
        visited_on=date(2025, 6, 20),
        findings="Đi cơ sở",
        unit=cascade["sec_a"],
    )


def test_the_head_who_went_adds_a_follow_up_task_within_the_page_s_limits(cascade, visit, client):
    url = f"{API}/field-visits/{visit.pk}/tasks"
    body = {"title": "Báo cáo số hoá", "owner_id": cascade["staff_a"].pk, "due_date": "2025-07-15"}
    for who in ("staff_a", "staff_b"):  # they do not see the visit
        client.force_login(cascade[who].user)
        assert _post(client, url, body).status_code == 404
    client.force_login(cascade["head_a"].user)
    outside = _post(client, url, {**body, "owner_id": cascade["staff_b"].pk})
    assert outside.status_code == 422
    assert outside.json()["detail"][0]["loc"] == ["body", "owner_id"]
    early = _post(client, url, {**body, "due_date": "2025-06-19"})
    assert early.status_code == 422
    assert "trước ngày đi cơ sở" in early.json()["detail"][0]["msg"]
    assert not visit.follow_up_tasks.exists()
    created = _post(client, url, body)
    assert created.status_code == 201, created.content
    assert created.json()["owner_id"] == cascade["staff_a"].pk
    detail = client.get(f"{API}/field-visits/{visit.pk}").json()
    assert [t["title"] for t in detail["tasks"]] == ["Báo cáo số hoá"]


def test_a_good_practice_seen_on_a_visit_is_proposed_once(cascade, visit, client):
    url = f"{API}/field-visits/{visit.pk}/practices"
    body = {"text": "Số hoá hồ sơ ngay khi tiếp nhận"}
    client.force_login(cascade["staff_a"].user)
    assert _post(client, url, body).status_code == 404
    client.force_login(cascade["head_a"].user)
    created = _post(client, url, body)
    assert created.status_code == 201, created.content
    assert created.json()["unit_id"] == cascade["sec_a"].pk  # the unit visited
    again = _post(client, url, body)
    assert again.status_code == 422
    assert "đã được đề xuất" in again.json()["detail"][0]["msg"]
    assert GoodPractice.objects.count() == 1
