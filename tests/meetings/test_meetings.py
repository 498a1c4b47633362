"""Giao ban as a meeting (issue 13, point 1): agenda from the month's facts, the chair's
conclusions, assignments as tasks, the notice of conclusions, carried to the next meeting."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from thidua.core.nextsteps import work_for
from thidua.goals.choices import TaskStatus
from thidua.goals.models import Task
from thidua.goals.services import task_create, task_set_status
from thidua.meetings import selectors, services
from thidua.meetings.choices import MeetingStatus

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


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


def test_a_head_holds_the_giao_ban_of_their_unit_and_no_one_else_does(org):
    huy, hoa = org["head_a"], org["staff_a"]
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=hoa.user, unit=org["sec_a"], year=2026, month=11,
            held_on=date(2026, 12, 3), chair=hoa,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # another department
        services.meeting_create(
            actor=huy.user, unit=org["dept_b"], year=2026, month=11,
            held_on=date(2026, 12, 3), chair=huy,
        )  # fmt: skip


def test_an_assignment_becomes_the_assignees_task_and_waits_in_their_work(org, meeting, client):
    huy, hoa = org["head_a"], org["staff_a"]
    conclusion = services.conclusion_add(
        actor=huy.user,
        meeting=meeting,
        text="Hoàn thành báo cáo an toàn hệ thống",
        assignee=hoa,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    task = conclusion.task
    assert task.owner == hoa and task.due_date == timezone.localdate() + timedelta(days=30)
    assert task.status == TaskStatus.TODO
    services.meeting_close(actor=huy.user, meeting=meeting, send=False)

    items = [s for s in work_for(hoa.user) if s.key == f"meetings.assignment:{conclusion.pk}"]
    assert len(items) == 1
    client.force_login(hoa.user)
    page = client.get(items[0].url)
    assert page.status_code == 200 and "Hoàn thành báo cáo an toàn hệ thống" in page.text

    task_set_status(actor=hoa.user, task=task, status=TaskStatus.DONE)
    assert not [s for s in work_for(hoa.user) if s.key.startswith("meetings.")]


def test_an_assignment_due_soon_or_overdue_waits_once_in_the_assignees_work(org):
    huy, hoa = org["head_a"], org["staff_a"]
    today = timezone.localdate()
    held = today - timedelta(days=30)
    meeting = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=held.year, month=held.month,
        held_on=held, chair=huy,
    )  # fmt: skip
    soon, late, later = (
        services.conclusion_add(
            actor=huy.user, meeting=meeting, text=text, assignee=hoa, deadline=deadline
        )
        for text, deadline in (
            ("Báo cáo trong tuần", today + timedelta(days=2)),
            ("Báo cáo đã quá hạn", today - timedelta(days=10)),
            ("Báo cáo tháng sau", today + timedelta(days=40)),
        )
    )
    services.meeting_close(actor=huy.user, meeting=meeting, send=False)

    keys = [s.key for s in work_for(hoa.user)]
    for c in (soon, late):  # the goals app lists the task as due; the meeting does not repeat it
        assert keys.count(f"goals.task:{c.task.pk}") == 1
        assert f"meetings.assignment:{c.pk}" not in keys
    assert f"meetings.assignment:{later.pk}" in keys
    assert f"goals.task:{later.task.pk}" not in keys


def test_bad_input_is_refused_with_a_reason(org, meeting):
    huy = org["head_a"]
    outsider = org["staff_b"]  # Cục B: outside the meeting and the chair's scope
    with pytest.raises(ValidationError) as error:
        services.conclusion_add(
            actor=huy.user, meeting=meeting, text="Việc", assignee=outsider,
            deadline=date(2026, 12, 20),
        )  # fmt: skip
    assert "đơn vị" in str(error.value) or "units" in str(error.value)
    with pytest.raises(ValidationError):  # a deadline before the meeting
        services.conclusion_add(
            actor=huy.user, meeting=meeting, text="Việc", assignee=org["staff_a"],
            deadline=date(2026, 12, 1),
        )  # fmt: skip
    with pytest.raises(ValidationError):  # closing with nothing concluded
        services.meeting_close(actor=huy.user, meeting=meeting, send=False)
    services.conclusion_add(actor=huy.user, meeting=meeting, text="Giữ vững tiến độ")
    services.meeting_close(actor=huy.user, meeting=meeting, send=False)
    with pytest.raises(ValidationError):  # closed twice
        services.meeting_close(actor=huy.user, meeting=meeting, send=False)
    with pytest.raises(ValidationError):  # nothing added once closed
        services.conclusion_add(actor=huy.user, meeting=meeting, text="Thêm")
    assert Task.objects.count() == 0  # none of the refused assignments left a task


def test_the_next_meeting_opens_with_last_months_assignments_and_the_facts(
    org, meeting, monkeypatch
):
    huy, hoa = org["head_a"], org["staff_a"]
    done = services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Việc đã xong", assignee=hoa,
        deadline=date(2026, 12, 10),
    )  # fmt: skip
    services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Việc còn dở", assignee=org["colleague_a"],
        deadline=date(2026, 12, 10),
    )  # fmt: skip
    services.meeting_close(actor=huy.user, meeting=meeting, send=False)
    task_set_status(actor=hoa.user, task=done.task, status=TaskStatus.DONE)
    task_create(actor=hoa.user, title="Việc quá hạn", owner=hoa, due_date=date(2026, 12, 2))

    following = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=12,
        held_on=date(2027, 1, 5), chair=huy,
    )  # fmt: skip
    # The day after it was held: overdue is due before the meeting (before today while it is
    # still ahead, issue 13 B2).
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2027, 1, 6))
    agenda = selectors.meeting_agenda(viewer=huy.user, meeting=following)
    carried = {c.text: c for c in agenda.carried}
    assert carried["Việc đã xong"].status == TaskStatus.DONE
    assert carried["Việc còn dở"].status == TaskStatus.TODO and carried["Việc còn dở"].is_overdue
    assert agenda.carried_open == 1
    assert "Việc quá hạn" in [t.title for t in agenda.overdue_tasks]


def test_the_notice_of_conclusions_is_a_decree_30_document(org, meeting, client):
    huy, hoa = org["head_a"], org["staff_a"]
    services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Đẩy nhanh chuyển đổi số", assignee=hoa,
        deadline=date(2026, 12, 31),
    )  # fmt: skip
    client.force_login(huy.user)
    response = client.get(reverse("meetings:notice", args=[meeting.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    cells = "\n".join(
        c.text for t in Document(BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "THÔNG BÁO" in text and "Đẩy nhanh chuyển đổi số" in text
    assert "Trần Thị Hoa" in text and "31/12/2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "/TB-" in cells
    issuer = meeting.unit.name  # named as it is (a proper noun), not "Cục a"
    assert f"{issuer} thông báo để các đơn vị" in text and issuer.upper() in cells
    assert "TL. THỦ TRƯỞNG ĐƠN VỊ" in cells  # no one holds the head's post of Cục A yet


def test_the_notice_is_signed_for_the_head_of_the_issuing_unit(org, meeting, client):
    from thidua.org.models import Person

    from ..factories import PositionFactory

    director = PositionFactory(code="CT", name="Cục trưởng", is_head=True, level=3)
    Person.objects.filter(pk=org["head_a"].pk).update(position=director)
    services.conclusion_add(actor=org["head_a"].user, meeting=meeting, text="Rà soát quy trình")
    client.force_login(org["head_a"].user)
    response = client.get(reverse("meetings:notice", args=[meeting.pk]))
    document = Document(BytesIO(response.content))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "TL. CỤC TRƯỞNG" in cells and "THỦ TRƯỞNG ĐƠN VỊ" not in cells


def test_closing_sends_the_notice_to_those_assigned(
    org, meeting, django_capture_on_commit_callbacks
):
    from thidua.messaging.models import Delivery

    huy, hoa = org["head_a"], org["staff_a"]
    services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Rà soát quy trình", assignee=hoa,
        deadline=date(2026, 12, 31),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_close(actor=huy.user, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    recipients = set(Delivery.objects.values_list("person_id", flat=True))
    assert recipients == {hoa.pk}


def test_pages_as_the_chair_a_member_and_an_outsider(org, meeting, client):
    huy = org["head_a"]
    client.force_login(huy.user)
    response = client.post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"text": "Kết luận qua trang", "assignee": org["staff_a"].pk, "deadline": "2026-12-15"},
    )
    assert response.status_code == 302
    assert "Kết luận qua trang" in client.get(reverse("meetings:detail", args=[meeting.pk])).text
    response = client.post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"text": "Sai hạn", "assignee": org["staff_a"].pk, "deadline": "2026-11-01"},
    )
    assert response.status_code == 200 and "trước ngày họp" in response.text

    outsider = org["staff_b"]
    client.force_login(outsider.user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code in (403, 404)
    assert client.post(reverse("meetings:close", args=[meeting.pk])).status_code in (403, 404)
    member = PersonFactory(unit=org["sec_a"], user=UserFactory())
    client.force_login(member.user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert meeting.pk in [m.pk for m in selectors.meetings_visible(viewer=member.user)]
    assert meeting.pk not in [m.pk for m in selectors.meetings_visible(viewer=outsider.user)]


def test_the_giao_ban_page_does_not_speak_of_a_party_meeting(org, client):
    client.force_login(org["head_a"].user)
    page = client.get(reverse("meetings:list"))
    assert page.status_code == 200 and page.context["form"] is not None
    assert "sinh hoạt" not in page.text  # "Plan a meeting" is the Party cell's wording
