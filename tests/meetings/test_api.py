"""Giao ban API (issue 15, point 2): the pages' rules through the API — the chair (the head
of Cục A), a member of Cục A and a stranger of Cục B; a conclusion assigned outside the
meeting's units, a deadline before the meeting and a meeting closed twice refused with a
Vietnamese message and nothing written."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

from thidua.accounts.tokens import token_create
from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.goals.models import Task
from thidua.meetings import services
from thidua.meetings.models import BriefingMeeting, Conclusion

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/briefings"


@pytest.fixture
def meeting(org):
    huy = org["head_a"]
    return services.meeting_create(
        actor=huy.user,
        unit=org["dept_a"],
        year=2026,
        month=11,
        held_on=date(2026, 12, 3),
        chair=huy,
    )


def _as(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", **headers)


def _assign(org, meeting, text="Hoàn thành báo cáo", deadline=date(2026, 12, 20)):
    return services.conclusion_add(
        actor=org["head_a"].user,
        meeting=meeting,
        text=text,
        assignee=org["staff_a"],
        deadline=deadline,
    )


def test_the_chair_and_the_units_people_list_the_meeting_a_stranger_does_not(org, meeting):
    for person in (org["head_a"], org["staff_a"]):
        body = _as(person).get(URL).json()
        assert [m["id"] for m in body["items"]] == [meeting.pk]
        assert body["items"][0]["chair_name"] == "Phạm Quốc Huy"
    head = _as(org["head_a"])
    assert head.get(URL, {"month": 11, "unit_id": org["dept_a"].pk}).json()["items"]
    assert head.get(URL, {"month": 10}).json()["items"] == []
    assert head.get(URL, {"month": 13}).status_code == 422
    assert _as(org["staff_b"]).get(URL).json()["items"] == []


def test_an_assignee_reads_conclusions_and_their_assignment_but_only_a_participant_the_agenda(
    org, meeting
):
    conclusion = _assign(org, meeting)
    staff = _as(org["staff_a"])  # Phòng A1, below the Cục: assigned, not taking part
    response = staff.get(f"{URL}/{meeting.pk}")
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["status"] == "planned" and body["scope_name"] == "Cục A"
    [item] = body["conclusions"]
    assert item["id"] == conclusion.pk and item["kind"] == "assignment"
    assert item["assignee_name"] == "Trần Thị Hoa" and item["task_status"] == "todo"
    assert staff.get(f"{URL}/{meeting.pk}/agenda").status_code == 403
    agenda = _as(org["head_a"]).get(f"{URL}/{meeting.pk}/agenda")
    assert agenda.status_code == 200, agenda.content
    assert agenda.json()["month"] == 11 and agenda.json()["carried"] == []
    notice = staff.get(f"{URL}/{meeting.pk}/notice")
    assert notice.status_code == 200 and notice["Content-Type"] == DOCX_CONTENT_TYPE
    text = "\n".join(p.text for p in Document(BytesIO(notice.content)).paragraphs)
    assert "Hoàn thành báo cáo" in text


def test_a_stranger_is_refused_as_on_the_page(org, meeting):
    stranger = _as(org["staff_b"])  # Cục B
    for path in ("", "/agenda", "/notice"):
        assert stranger.get(f"{URL}/{meeting.pk}{path}").status_code == 403, path
    assert stranger.get(f"{URL}/999999").status_code == 404
    assert _post(stranger, f"{URL}/{meeting.pk}/conclusions", {"text": "Việc"}).status_code == 403
    assert _post(stranger, f"{URL}/{meeting.pk}/close").status_code == 403
    assert not Conclusion.objects.exists()


def test_a_head_plans_the_meeting_of_their_unit_and_no_one_else_does(org):
    body = {"unit_id": org["dept_a"].pk, "year": 2026, "month": 11, "held_on": "2026-12-03"}
    created = _post(_as(org["head_a"]), URL, body)
    assert created.status_code == 201, created.content
    assert created.json()["chair_id"] == org["head_a"].pk
    assert _post(_as(org["staff_a"]), URL, body).status_code == 403
    other = {**body, "unit_id": org["dept_b"].pk}
    assert _post(_as(org["head_a"]), URL, other).status_code == 403
    neither = {k: v for k, v in body.items() if k != "unit_id"}
    response = _post(_as(org["head_a"]), URL, neither)
    assert response.status_code == 422
    assert "đơn vị hoặc một khối" in response.json()["detail"][0]["msg"]
    assert _post(_as(org["head_a"]), URL, {**body, "unit_id": 999_999}).status_code == 404
    assert BriefingMeeting.objects.count() == 1


def test_the_chair_records_an_assignment_that_becomes_a_task(org, meeting):
    response = _post(
        _as(org["head_a"]),
        f"{URL}/{meeting.pk}/conclusions",
        {"text": "Rà soát quy trình", "assignee_id": org["staff_a"].pk, "deadline": "2026-12-20"},
    )
    assert response.status_code == 201, response.content
    [item] = response.json()["conclusions"]
    assert item["task_status"] == "todo" and Task.objects.get(pk=item["task_id"]).owner_id == (
        org["staff_a"].pk
    )
    plain = _post(_as(org["head_a"]), f"{URL}/{meeting.pk}/conclusions", {"text": "Giữ tiến độ"})
    assert [c["kind"] for c in plain.json()["conclusions"]] == ["assignment", "conclusion"]


def test_an_assignment_outside_the_meeting_or_too_early_is_refused_and_nothing_written(
    org, meeting
):
    head, url = _as(org["head_a"]), f"{URL}/{meeting.pk}/conclusions"
    outside = _post(
        head, url, {"text": "Việc", "assignee_id": org["staff_b"].pk, "deadline": "2026-12-20"}
    )
    assert outside.status_code == 422
    assert outside.json()["detail"][0]["msg"] == (
        "Người được giao phải công tác tại một trong các đơn vị của cuộc họp."
    )
    early = {"text": "Việc", "assignee_id": org["staff_a"].pk, "deadline": "2026-12-01"}
    assert _post(head, url, early).status_code == 422
    assert _post(head, url, {"text": "   "}).status_code == 422
    assert _post(head, url, {"text": "x" * 2001}).status_code == 422
    assert _post(_as(org["staff_a"]), url, {"text": "Việc"}).status_code == 403  # a member
    assert not Conclusion.objects.exists() and not Task.objects.exists()


def test_the_chair_removes_a_conclusion_and_its_task(org, meeting):
    conclusion = _assign(org, meeting)
    url = f"{URL}/{meeting.pk}/conclusions/{conclusion.pk}"
    assert _as(org["staff_a"]).delete(url).status_code == 403
    assert _as(org["head_a"]).delete(f"{URL}/{meeting.pk}/conclusions/999999").status_code == 404
    response = _as(org["head_a"]).delete(url)
    assert response.status_code == 200 and response.json()["conclusions"] == []
    assert not Task.objects.exists()


def test_the_meeting_is_closed_once_with_if_match_and_a_second_time_is_refused(
    org, meeting, django_capture_on_commit_callbacks
):
    head, url = _as(org["head_a"]), f"{URL}/{meeting.pk}/close"
    empty = _post(head, url)
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["msg"] == (
        "Hãy ghi ít nhất một kết luận trước khi kết thúc cuộc họp."
    )
    etag = head.get(f"{URL}/{meeting.pk}")["ETag"]
    _assign(org, meeting)
    assert _post(head, url, HTTP_IF_MATCH=etag).status_code == 412  # a conclusion since
    etag = head.get(f"{URL}/{meeting.pk}")["ETag"]
    with django_capture_on_commit_callbacks(execute=False):
        closed = _post(head, url, HTTP_IF_MATCH=etag)
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    again = _post(head, url)
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"] == "Cuộc họp đã kết thúc; không thể thay đổi kết luận."
    late = _post(head, f"{URL}/{meeting.pk}/conclusions", {"text": "Thêm"})
    assert late.status_code == 422
    assert Conclusion.objects.count() == 1


def test_a_token_needs_the_meetings_scope(org, meeting):
    def token(scopes):
        secret = token_create(
            actor=org["head_a"].user,
            name="Ứng dụng giao ban",
            scopes=scopes,
            expires_on=timezone.localdate() + timedelta(days=30),
        ).secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    reader = token(["meetings:read"])
    assert reader.get(f"{URL}/{meeting.pk}").status_code == 200
    assert _post(reader, f"{URL}/{meeting.pk}/conclusions", {"text": "Việc"}).status_code == 403
    assert token(["teams:write"]).get(URL).status_code == 403
    writer = token(["meetings:write"])
    assert _post(writer, f"{URL}/{meeting.pk}/conclusions", {"text": "Việc"}).status_code == 201
