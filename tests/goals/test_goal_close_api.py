"""Closing goals whose period has ended through the API (issue 13): the page's service and
rules — the head closes (one, several, or all of their list), staff and another unit's head
may not (403), a closed goal answers 409, a running one 422, each in Vietnamese — and the
If-Match of the other goal actions."""

from thidua.core.audit import audit_for
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal

API = "/api/v1/goals"


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", **headers)


def _status(goal) -> str:
    return Goal.objects.get(pk=goal.pk).status


def test_the_head_closes_a_goal_and_the_others_are_refused(client, cascade, head_b, running):
    goal = cascade["dept"]
    url = f"{API}/goals/{goal.pk}/close"
    client.force_login(cascade["staff_a"].user)
    refused = _post(client, url)
    assert refused.status_code == 403
    assert "không có quyền đóng" in refused.json()["detail"]
    client.force_login(head_b.user)
    assert _post(client, url).status_code == 403
    assert _status(goal) == GoalStatus.ACTIVE

    client.force_login(cascade["head_a"].user)
    stale = _post(client, url, HTTP_IF_MATCH='"cu"')
    assert stale.status_code == 412
    etag = client.get(f"{API}/goals/{goal.pk}")["ETag"]
    response = _post(client, url, {"note": "Hết năm 2025"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["is_at_risk"] is False
    (event,) = audit_for(goal).filter(action="goal.closed")
    assert event.data["note"] == "Hết năm 2025"

    again = _post(client, url)
    assert again.status_code == 409
    assert "đã được đóng" in again.json()["detail"]
    early = _post(client, f"{API}/goals/{running.pk}/close")
    assert early.status_code == 422
    assert "chỉ được đóng sau khi hết kỳ" in early.json()["detail"][0]["msg"]
    assert _post(client, f"{API}/goals/999999/close").status_code == 404


def test_the_list_and_the_bulk_close_are_the_pages(client, cascade, running):
    client.force_login(cascade["head_a"].user)
    listed = client.get(f"{API}/to-close").json()
    assert {g["id"] for g in listed} == {cascade["dept"].pk, cascade["personal"].pk}
    assert all(g["waits_for_me"] for g in listed)

    # all or none: the running goal makes the whole call fail
    named = [cascade["dept"].pk, running.pk]
    assert _post(client, f"{API}/to-close", {"goal_ids": named}).status_code == 422
    assert _status(cascade["dept"]) == GoalStatus.ACTIVE

    closed = _post(client, f"{API}/to-close", {"goal_ids": [cascade["dept"].pk]})
    assert [g["id"] for g in closed.json()] == [cascade["dept"].pk]
    every = _post(client, f"{API}/to-close", {"note": "Cuối kỳ"})
    assert [g["id"] for g in every.json()] == [cascade["personal"].pk]
    assert client.get(f"{API}/to-close").json() == []
    assert _status(running) == GoalStatus.ACTIVE


def test_staff_may_not_close_many(client, cascade):
    client.force_login(cascade["staff_a"].user)
    assert client.get(f"{API}/to-close").json() == []
    assert _post(client, f"{API}/to-close").status_code == 403
    named = _post(client, f"{API}/to-close", {"goal_ids": [cascade["dept"].pk]})
    assert named.status_code == 403
    assert _status(cascade["dept"]) == GoalStatus.ACTIVE
