"""Cursor pagination of the API's lists: every item once, in order, across pages; an
insertion between pages neither repeats nor skips; a forged cursor is a 422."""

import base64
from datetime import date

import pytest

from thidua.goals.services import task_create

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _all_pages(client, url, limit):
    seen, cursor, pages = [], None, 0
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url + query).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages


def test_tasks_come_once_each_in_order_across_pages(cascade, client):
    staff = cascade["staff_a"]
    made = [task_create(actor=staff.user, title=f"Việc {i}", owner=staff).pk for i in range(7)]
    client.force_login(staff.user)
    seen, pages = _all_pages(client, "/api/v1/goals/tasks", limit=3)
    assert seen == made
    assert pages == 3


def test_a_task_added_between_pages_is_neither_repeated_nor_skipped(cascade, client):
    staff = cascade["staff_a"]
    made = [task_create(actor=staff.user, title=f"Việc {i}", owner=staff).pk for i in range(4)]
    client.force_login(staff.user)
    first = client.get("/api/v1/goals/tasks?limit=2").json()
    late = task_create(actor=staff.user, title="Việc mới", owner=staff).pk
    second = client.get(f"/api/v1/goals/tasks?limit=10&cursor={first['next_cursor']}").json()
    assert [t["id"] for t in first["items"] + second["items"]] == [*made, late]


def test_goals_are_paged_by_their_tree_order_and_filtered(cascade, client):
    client.force_login(cascade["head_a"].user)
    seen, _pages = _all_pages(client, "/api/v1/goals/goals", limit=1)
    whole = client.get("/api/v1/goals/goals?limit=200").json()["items"]
    assert seen == [g["id"] for g in whole]
    assert cascade["personal"].pk in seen
    mine = client.get(f"/api/v1/goals/goals?person_id={cascade['staff_a'].pk}").json()
    assert [g["id"] for g in mine["items"]] == [cascade["personal"].pk]


@pytest.mark.parametrize(
    "cursor",
    [
        "bm90LWpzb24",  # "not-json"
        base64.urlsafe_b64encode(b'["a","b","c"]').decode().rstrip("="),  # wrong length
        base64.urlsafe_b64encode(b"[99999999999999999999999]").decode().rstrip("="),
        base64.urlsafe_b64encode(b'["x"]').decode().rstrip("="),  # not an id
    ],
)
def test_a_forged_cursor_is_refused_with_422(cascade, client, cursor):
    client.force_login(cascade["staff_a"].user)
    response = client.get(f"/api/v1/goals/tasks?cursor={cursor}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_a_limit_out_of_range_is_refused(cascade, client):
    client.force_login(cascade["staff_a"].user)
    assert client.get("/api/v1/goals/tasks?limit=0").status_code == 422
    assert client.get("/api/v1/goals/tasks?limit=201").status_code == 422
