# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Emulation API, what the pages offered and the API lacked: drafting a movement, the work-item
catalogue, a person's month (work, general points, the score) and period scores, the head's
sheet with its HTXS caps, preparing a unit's ratings, a rating's task group, what waits for
the approver, and the office's unit ratings — each with the role allowed (and what it
changes), a role refused with nothing changed, bad input (422), and a stale ETag (412)."""

from datetime import date

import pytest

from thidua.emulation.choices import MovementStatus
from thidua.emulation.models import (
    AnnualRating,
    Movement,
    PeriodScore,
    UnitRating,
    WorkAssignment,
    WorkItemType,
)
from thidua.emulation.services import ratings as rating_services

from .conftest import council_member, minister  # noqa: F401
from .test_api_steps import _bearer, _json
from .test_movements_services import clusters  # noqa: F401
from .test_ratings_services import drafting, head_b, score_month  # noqa: F401

TODAY = date(2026, 12, 10)
API = "/api/v1/emulation"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


# ---- drafting a movement -----------------------------------------------------------------


def _movement_body(org, clusters, **overrides) -> dict:
    return {
        "name": "Thi đua số hoá 2027",
        "kind": "regular",
        "objectives": "Số hoá hồ sơ",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "launched_by_id": org["root"].pk,
        "scope_unit_ids": [org["dept_a"].pk, org["dept_b"].pk],
        "cluster_ids": [c.pk for c in clusters.values()],
        "criteria": [
            {"name": "Hoàn thành nhiệm vụ", "weight": "2", "max_points": "60"},
            {"name": "Tiến độ", "max_points": 40, "source": "kr_progress"},
        ],
        **overrides,
    }


def test_the_office_drafts_a_movement_and_no_one_else_can(officer, org, clusters, client):
    body = _movement_body(org, clusters)
    client.force_login(org["head_a"].user)
    refused = _json(client, "POST", f"{API}/movements", body)
    assert refused.status_code == 403
    assert refused.json()["detail"]
    assert not Movement.objects.exists()
    client.force_login(officer.user)
    created = _json(client, "POST", f"{API}/movements", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["status"], data["registration_count"]) == (MovementStatus.DRAFT, 0)
    movement = Movement.objects.get(pk=data["id"])
    assert sorted(u.pk for u in movement.scope_units.all()) == sorted(body["scope_unit_ids"])
    assert [c.name for c in movement.criteria.order_by("order")] == [
        "Hoàn thành nhiệm vụ",
        "Tiến độ",
    ]
    listed = client.get(f"{API}/movements/{movement.pk}/criteria").json()["items"]
    assert [c["source"] for c in listed] == ["manual", "kr_progress"]


@pytest.mark.parametrize(
    "change",
    [
        {"period_end": "2026-01-01"},  # ends before it starts (the service)
        {"scope_unit_ids": [999_999]},  # not a current unit
        {"cluster_ids": [999_999]},
        {"criteria": []},
        {"criteria": [{"name": "X", "max_points": "0"}]},
        {"kind": "nope"},
    ],
)
def test_a_movement_with_bad_input_is_refused_with_a_message(
    officer, org, clusters, client, change
):
    client.force_login(officer.user)
    answer = _json(client, "POST", f"{API}/movements", _movement_body(org, clusters, **change))
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"][0]["msg"]
    assert not Movement.objects.exists()


# ---- the catalogue and a person's month --------------------------------------------------


def test_the_head_adds_to_the_catalogue_staff_read_it(org, drafting, client):
    url = f"{API}/units/{org['dept_a'].pk}/work-items"
    body = {"code": "TD", "name": "Thẩm định", "conversion_factor": "1.5"}
    client.force_login(org["staff_a"].user)
    assert [i["code"] for i in client.get(url).json()["items"]] == ["VB"]
    assert _json(client, "POST", url, body).status_code == 403
    assert WorkItemType.objects.count() == 1
    client.force_login(org["head_a"].user)
    added = _json(client, "POST", url, body)
    assert added.status_code == 201, added.content
    assert added.json()["conversion_factor"] == "1.500"
    twice = _json(client, "POST", url, body)
    assert twice.status_code == 422 and twice.json()["detail"][0]["msg"]
    bad = _json(client, "POST", url, {**body, "code": "X2", "conversion_factor": "0"})
    assert bad.status_code == 422
    assert WorkItemType.objects.count() == 2


def test_the_head_records_a_months_work_and_scores_it_the_person_reads_it(
    org, drafting, head_b, client
):
    staff = org["staff_a"]
    url = f"{API}/people/{staff.pk}/months/2026/3"
    work = {"item_type_id": drafting.pk, "assigned": 10, "completed": 8, "late": 2}
    for outsider in (staff, head_b):  # herself, and the head of another department
        client.force_login(outsider.user)
        assert _json(client, "POST", f"{url}/work", work).status_code == 403
        assert _json(client, "POST", f"{url}/score", {"general_points": 25}).status_code == 403
    client.force_login(head_b.user)
    assert client.get(url).status_code == 403
    assert not WorkAssignment.objects.exists() and not PeriodScore.objects.exists()

    client.force_login(org["head_a"].user)
    recorded = _json(client, "POST", f"{url}/work", work)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["item_name"] == "Soạn thảo văn bản"
    too_late = _json(client, "POST", f"{url}/work", {**work, "completed": 1, "late": 3})
    assert too_late.status_code == 422
    assert "hoàn thành" in too_late.json()["detail"][0]["msg"]
    other_unit_item = WorkItemType.objects.create(
        unit=org["dept_b"], code="B", name="Của Cục B", conversion_factor=1
    )
    foreign = _json(client, "POST", f"{url}/work", {**work, "item_type_id": other_unit_item.pk})
    assert foreign.status_code == 422
    assert _json(client, "POST", f"{url}/score", {"general_points": 31}).status_code == 422
    scored = _json(client, "POST", f"{url}/score", {"general_points": 25})
    assert scored.status_code == 200, scored.content
    stored = PeriodScore.objects.get(person=staff, year=2026, number=3)
    assert (scored.json()["total"], scored.json()["general_points"]) == (str(stored.total), "25.00")
    assert scored.json()["explanation"] == stored.explanation

    client.force_login(staff.user)
    month = client.get(url).json()
    assert month["may_score"] is False
    assert [a["completed"] for a in month["assignments"]] == ["8.00"]
    assert month["score"]["id"] == scored.json()["id"]
    scores = client.get(f"{API}/people/{staff.pk}/scores?year=2026").json()["items"]
    assert [(s["period"], s["number"]) for s in scores] == [("month", 3)]
    client.force_login(head_b.user)
    assert client.get(f"{API}/people/{staff.pk}/scores?year=2026").status_code == 403

    assignment = WorkAssignment.objects.get()
    delete_url = f"{url}/work/{assignment.pk}"
    client.force_login(staff.user)
    assert client.delete(delete_url).status_code == 403
    client.force_login(org["head_a"].user)
    assert (
        client.delete(f"{API}/people/{staff.pk}/months/2026/4/work/{assignment.pk}").status_code
        == 404
    )
    assert client.delete(delete_url).status_code == 204
    assert not WorkAssignment.objects.exists()


# ---- the head's sheet, caps, task groups -------------------------------------------------


@pytest.fixture
def rated(org, drafting):
    """Two people of Phòng A1 scored in March and their 2026 ratings prepared by the head."""
    for person in (org["staff_a"], org["colleague_a"]):
        score_month(actor=org["head_a"], person=person, item=drafting, month=3)
    return {
        key: rating_services.annual_rating_prepare(
            actor=org["head_a"].user, person=org[key], year=2026
        )
        for key in ("staff_a", "colleague_a")
    }


def test_the_heads_sheet_shows_months_ratings_and_caps_to_the_head_only(org, rated, head_b, client):
    url = f"{API}/units/{org['dept_a'].pk}/rating-sheet?year=2026"
    client.force_login(head_b.user)
    assert client.get(url).status_code == 403
    client.force_login(org["staff_a"].user)
    assert client.get(url).status_code == 403
    client.force_login(org["head_a"].user)
    sheet = client.get(url)
    assert sheet.status_code == 200, sheet.content
    rows = {r["person_id"]: r for r in sheet.json()["rows"]}
    staff, colleague = org["staff_a"].pk, org["colleague_a"].pk
    assert rows[staff]["months"][2] is not None and rows[staff]["months"][0] is None
    assert rows[staff]["rating"]["id"] == rated["staff_a"].pk
    # a person without an account is proposed from the draft; one with an account after
    # her self-assessment
    assert (rows[colleague]["may_propose"], rows[staff]["may_propose"]) == (True, False)
    assert rows[org["head_a"].pk]["may_score"] is False  # never oneself
    assert [c["unit_name"] for c in sheet.json()["caps"]] == [org["sec_a"].name]

    caps_url = f"{API}/units/{org['dept_a'].pk}/rating-caps"
    choice = {"year": 2026, "levels": [{"rating_id": rated["colleague_a"].pk, "level": "HTXS"}]}
    preview = _json(client, "POST", caps_url, choice)
    assert preview.status_code == 200, preview.content
    assert preview.json()["caps"][0]["proposed"] == 1
    assert AnnualRating.objects.get(pk=rated["colleague_a"].pk).proposed_level == ""
    bad = _json(client, "POST", caps_url, {**choice, "levels": [{"rating_id": 1, "level": "X"}]})
    assert bad.status_code == 422
    client.force_login(head_b.user)
    assert _json(client, "POST", caps_url, choice).status_code == 403


def test_the_head_prepares_the_units_ratings_others_cannot(org, drafting, head_b, client):
    score_month(actor=org["head_a"], person=org["staff_a"], item=drafting, month=3)
    url = f"{API}/units/{org['dept_a'].pk}/ratings/2026/prepare"
    client.force_login(head_b.user)
    assert _json(client, "POST", url).status_code == 403
    assert not AnnualRating.objects.exists()
    client.force_login(org["head_a"].user)
    prepared = _json(client, "POST", url)
    assert prepared.status_code == 200, prepared.content
    assert prepared.json()["prepared"] == AnnualRating.objects.count() >= 1


def test_the_head_sets_a_task_group_with_if_match(org, rated, head_b, client):
    rating = rated["colleague_a"]
    url = f"{API}/ratings/{rating.pk}"
    client.force_login(org["head_a"].user)
    etag = client.get(url)["ETag"]
    assert _json(client, "POST", f"{url}/task-group", {"task_group": "Pháp chế"}).status_code == 428
    client.force_login(head_b.user)
    refused = _json(client, "POST", f"{url}/task-group", {"task_group": "X"}, HTTP_IF_MATCH="*")
    assert refused.status_code in (403, 404)
    client.force_login(org["head_a"].user)
    saved = _json(
        client, "POST", f"{url}/task-group", {"task_group": "Pháp chế"}, HTTP_IF_MATCH=etag
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["task_group"] == "Pháp chế"
    stale = _json(client, "POST", f"{url}/task-group", {"task_group": "Khác"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert AnnualRating.objects.get(pk=rating.pk).task_group == "Pháp chế"
    blank = _json(client, "POST", f"{url}/task-group", {"task_group": "x" * 500}, HTTP_IF_MATCH="*")
    assert blank.status_code == 422


# ---- what waits for the approver ---------------------------------------------------------


def test_the_approver_sees_the_proposal_waiting_the_proposer_and_staff_do_not(
    org, rated, minister, client
):
    rating = rated["colleague_a"]
    rating_services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")
    url = f"{API}/rating-approvals?year=2026"
    client.force_login(minister.user)
    waiting = client.get(url)
    assert waiting.status_code == 200, waiting.content
    assert [r["id"] for r in waiting.json()["proposed"]] == [rating.pk]
    assert waiting.json()["proposed"][0]["person_name"] == org["colleague_a"].full_name
    for other in (org["head_a"], org["staff_a"]):  # the proposer, and a person with no scope
        client.force_login(other.user)
        assert client.get(url).json()["proposed"] == []
    client.force_login(minister.user)
    assert client.get(f"{API}/rating-approvals?year=1999").status_code == 422


# ---- the office's unit ratings -----------------------------------------------------------


def test_the_office_computes_and_confirms_a_units_level_with_if_match(officer, org, client):
    body = {
        "unit_id": org["dept_a"].pk,
        "year": 2026,
        "score": "92",
        "tasks_total": 10,
        "tasks_done": 10,
        "tasks_on_time": 10,
        "tasks_exceeding": 2,
    }
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{API}/unit-ratings", body).status_code == 403
    assert client.get(f"{API}/units/{org['root'].pk}/unit-ratings?year=2026").status_code == 403
    assert not UnitRating.objects.exists()
    client.force_login(officer.user)
    root = _json(client, "POST", f"{API}/unit-ratings", {**body, "unit_id": org["root"].pk})
    assert root.status_code == 422  # the ministry is under no unit
    assert (
        _json(client, "POST", f"{API}/unit-ratings", {**body, "tasks_done": -1}).status_code == 422
    )
    computed = _json(client, "POST", f"{API}/unit-ratings", body)
    assert computed.status_code == 200, computed.content
    level = computed.json()["level"]
    assert level
    listed = client.get(f"{API}/units/{org['root'].pk}/unit-ratings?year=2026").json()
    rows = {r["unit_id"]: r for r in listed["rows"]}
    assert rows[org["dept_a"].pk]["rating"]["id"] == computed.json()["id"]
    assert rows[org["dept_b"].pk]["rating"] is None

    url = f"{API}/unit-ratings/{computed.json()['id']}"
    etag = client.get(url)["ETag"]
    client.force_login(org["head_a"].user)
    assert client.get(url).status_code == 403
    assert _json(client, "POST", f"{url}/confirm", {"level": level}).status_code == 403
    client.force_login(officer.user)
    confirmed = _json(client, "POST", f"{url}/confirm", {"level": level}, HTTP_IF_MATCH=etag)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "approved"
    stale = _json(client, "POST", f"{url}/confirm", {"level": level}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    read_only = _json(
        client, "POST", f"{url}/confirm", {"level": level}, **_bearer(officer, "emulation:read")
    )
    assert read_only.status_code == 403
