# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""If-Match on the POSTs that overwrite (issue 15, point 2): a movement's criteria scores, a
task's status and an agency setting. Each GET answers an ETag; a POST sent with a stale one is
refused (412) with nothing written, with the current one it goes through, and without If-Match
it works as before (optional, as the other older POST actions: docs/API.md)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from thidua.core.models import AgencySetting
from thidua.emulation.models import CriterionScore
from thidua.goals.models import Task
from thidua.goals.services import task_create

from ..emulation.test_movements_services import criteria_by_name, running  # noqa: F401

TODAY = date(2025, 7, 1)
STALE = '"0000"'


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _post(client, url, data, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


# ---------------------------------------------------------------- a movement's scores
def _cell(running, name, points, key="dept_a"):
    criterion = criteria_by_name(running["movement"])[name]
    return {"registration_id": running[key].pk, "criterion_id": criterion.pk, "points": points}


def _points(running, name, key="dept_a"):
    criterion = criteria_by_name(running["movement"])[name]
    score = CriterionScore.objects.filter(registration=running[key], criterion=criterion).first()
    return None if score is None else score.points


def test_two_scorers_of_a_movement_cannot_overwrite_each_other(running, officer, client):
    client.force_login(officer.user)
    url = f"/api/v1/emulation/movements/{running['movement'].pk}/scores"
    read = client.get(url)
    assert read.status_code == 200, read.content
    etag = read["ETag"]
    # the same ETag on every page and filter: it is the movement's scores, not the page's
    assert client.get(f"{url}?limit=1&criterion_id=1")["ETag"] == etag

    first = _post(client, url, {"scores": [_cell(running, "Hoàn thành nhiệm vụ", "40")]}, etag)
    assert first.status_code == 200, first.content
    assert first.json() == {"saved": 1}
    second = _post(client, url, {"scores": [_cell(running, "Hoàn thành nhiệm vụ", "30")]}, etag)
    assert second.status_code == 412
    assert "đọc lại" in second.json()["detail"]
    assert _points(running, "Hoàn thành nhiệm vụ") == Decimal(40)

    fresh = client.get(url)["ETag"]
    assert fresh != etag
    again = _post(client, url, {"scores": [_cell(running, "Hoàn thành nhiệm vụ", "30")]}, fresh)
    assert again.status_code == 200, again.content
    assert _points(running, "Hoàn thành nhiệm vụ") == Decimal(30)


def test_scores_without_if_match_are_saved_as_before_and_a_stale_one_writes_nothing(
    running, officer, client
):
    client.force_login(officer.user)
    url = f"/api/v1/emulation/movements/{running['movement'].pk}/scores"
    cells = [_cell(running, "Sáng kiến", "15"), _cell(running, "Sáng kiến", "12", key="dept_b")]
    stale = _post(client, url, {"scores": cells}, STALE)
    assert stale.status_code == 412
    assert not CriterionScore.objects.exists()
    plain = _post(client, url, {"scores": cells})
    assert plain.status_code == 200, plain.content
    assert CriterionScore.objects.count() == 2
    star = _post(client, url, {"scores": [_cell(running, "Sáng kiến", "18")]}, "*")
    assert star.status_code == 200, star.content
    assert _points(running, "Sáng kiến") == Decimal(18)


# ---------------------------------------------------------------- a task's status
@pytest.fixture
def task(org):
    return task_create(actor=org["staff_a"].user, title="Nộp báo cáo quý", owner=org["staff_a"])


def test_a_task_answers_its_etag_and_a_stale_status_change_is_refused(task, org, client):
    client.force_login(org["staff_a"].user)
    url = f"/api/v1/goals/tasks/{task.pk}"
    read = client.get(url)
    assert read.status_code == 200, read.content
    assert read.json()["title"] == "Nộp báo cáo quý"
    etag = read["ETag"]

    done = _post(client, f"{url}/status", {"status": "doing"}, etag)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "doing"
    stale = _post(client, f"{url}/status", {"status": "done"}, etag)
    assert stale.status_code == 412
    task.refresh_from_db()
    assert task.status == "doing" and task.done_on is None

    fresh = client.get(url)["ETag"]
    assert fresh != etag
    assert _post(client, f"{url}/status", {"status": "done"}, fresh).status_code == 200
    # without If-Match, as before
    assert _post(client, f"{url}/status", {"status": "doing"}).status_code == 200
    task.refresh_from_db()
    assert task.status == "doing"


def test_a_task_of_someone_else_is_not_shown(task, org, client):
    client.force_login(org["staff_b"].user)
    assert client.get(f"/api/v1/goals/tasks/{task.pk}").status_code == 403
    missing = client.get(f"/api/v1/goals/tasks/{Task.objects.order_by('pk').last().pk + 1}")
    assert missing.status_code == 404


# ---------------------------------------------------------------- an agency setting
API = "/api/v1/settings/agency"
CAP = "awards.cstdcs_cap_share"


def test_two_offices_cannot_overwrite_each_others_setting_change(officer, client):
    client.force_login(officer.user)
    read = client.get(f"{API}/{CAP}")
    assert read.status_code == 200, read.content
    assert read.json()["value"] == 0.15 and read.json()["changes"] == []
    etag = read["ETag"]
    body = {"value": 0.2, "reason": "Quy chế 2026", "valid_from": "2026-01-01"}

    first = _post(client, f"{API}/{CAP}", body, etag)
    assert first.status_code == 200, first.content
    second = _post(client, f"{API}/{CAP}", {**body, "value": 0.1, "reason": "Khác"}, etag)
    assert second.status_code == 412
    assert AgencySetting.objects.get(key=CAP).value == 0.2

    fresh = client.get(f"{API}/{CAP}")
    assert fresh["ETag"] != etag
    assert [(c["valid_from"], c["value"]) for c in fresh.json()["changes"]] == [("2026-01-01", 0.2)]
    again = _post(client, f"{API}/{CAP}", {**body, "value": 0.1}, fresh["ETag"])
    assert again.status_code == 200, again.content
    assert AgencySetting.objects.get(key=CAP).value == 0.1


def test_a_setting_change_without_if_match_works_and_a_stale_one_writes_nothing(officer, client):
    client.force_login(officer.user)
    body = {"value": 0.2, "reason": "Quy chế 2026", "valid_from": "2026-01-01"}
    assert _post(client, f"{API}/{CAP}", body, STALE).status_code == 412
    assert not AgencySetting.objects.exists()
    assert _post(client, f"{API}/{CAP}", body).status_code == 200
    assert AgencySetting.objects.filter(key=CAP).count() == 1
    # an unknown key: 422 as without If-Match (the GET: 404)
    assert _post(client, f"{API}/no.such_key", body, STALE).status_code == 422
    assert client.get(f"{API}/no.such_key").status_code == 404


def test_one_setting_is_the_offices_only(org, client):
    client.force_login(org["staff_a"].user)
    assert client.get(f"{API}/{CAP}").status_code == 403
