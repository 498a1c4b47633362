"""The giao ban walked through on 08/12/2026 as each role: a month's meeting planned once for a
unit (a second plan would leave the next month's carry-over reading the empty one), held in
its month or the month after, closed and its notice sent only from its day; a reader below the
units told the conclusions assign them nothing (not "none recorded"); the office's officer,
who chairs nothing, asked to choose the chair; an assignee outside the units refused with
why; the notice's items ended before "Giao:"; no notice of a meeting without conclusions."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from tests.factories import PersonFactory, UserFactory
from thidua.meetings import services
from thidua.meetings.choices import MeetingStatus
from thidua.meetings.forms import MeetingForm
from thidua.meetings.models import BriefingMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = {"value": date(2026, 12, 8)}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day["value"])
    return day


def _plan(org, *, month=12, held_on=date(2026, 12, 10), unit="dept_a", year=2026):
    huy = org["head_a"]
    return services.meeting_create(
        actor=huy.user, unit=org[unit], year=year, month=month, held_on=held_on, chair=huy
    )


def test_a_month_is_planned_once_for_a_unit(org, today):
    first = _plan(org)
    with pytest.raises(ValidationError) as refused:
        _plan(org, held_on=date(2026, 12, 15))
    said = " ".join(refused.value.messages)
    assert "Cuộc giao ban tháng 12/2026 của Cục A đã được lên kế hoạch (ngày 10/12/2026)" in said
    # the next month, and the same month of a section below, are other meetings
    assert _plan(org, year=2027, month=1, held_on=date(2027, 1, 5)).pk != first.pk
    assert _plan(org, unit="sec_a").pk != first.pk


def test_a_second_plan_on_the_page_says_so_and_plans_nothing(org, today, client):
    _plan(org)
    client.force_login(org["head_a"].user)
    page = client.post(
        reverse("meetings:list"),
        {"scope": f"u{org['dept_a'].pk}", "year": 2026, "month": 12, "held_on": "15/12/2026"},
    )
    assert page.status_code == 200
    assert "đã được lên kế hoạch" in page.text
    assert BriefingMeeting.objects.filter(unit=org["dept_a"]).count() == 1


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [
        (date(2026, 11, 30), False),  # before its month
        (date(2026, 12, 1), True),
        (date(2027, 1, 31), True),  # the month after: the usual day to review a month
        (date(2027, 2, 1), False),
        (date(2027, 3, 15), False),  # what the walk-through planned
    ],
)
def test_a_meeting_is_held_in_its_month_or_the_month_after(org, today, held_on, allowed):
    if allowed:
        assert _plan(org, held_on=held_on).held_on == held_on
        return
    with pytest.raises(ValidationError) as refused:
        _plan(org, held_on=held_on)
    assert "họp trong khoảng từ 01/12/2026 đến 31/01/2027" in " ".join(refused.value.messages)


def test_a_meeting_is_closed_and_its_notice_sent_only_from_its_day(org, today):
    meeting = _plan(org, held_on=date(2026, 12, 10))
    services.conclusion_add(actor=org["head_a"].user, meeting=meeting, text="Đẩy nhanh tiến độ")
    with pytest.raises(ValidationError) as refused:
        services.meeting_close(actor=org["head_a"].user, meeting=meeting)
    assert "Cuộc họp diễn ra ngày 10/12/2026" in " ".join(refused.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    today["value"] = date(2026, 12, 10)
    closed = services.meeting_close(actor=org["head_a"].user, meeting=meeting)
    assert closed.status == MeetingStatus.CLOSED


def test_a_reader_below_the_units_is_told_the_conclusions_assign_them_nothing(org, today, client):
    meeting = _plan(org, held_on=date(2026, 12, 8))
    services.conclusion_add(
        actor=org["head_a"].user,
        meeting=meeting,
        text="Hoàn thành báo cáo quý",
        assignee=org["staff_a"],
        deadline=date(2026, 12, 20),
    )
    services.meeting_close(actor=org["head_a"].user, meeting=meeting)
    reader = PersonFactory(unit=org["sec_a"], full_name="Ngô Thị Lan", user=UserFactory())
    client.force_login(reader.user)
    text = client.get(reverse("meetings:detail", args=[meeting.pk])).text
    assert "Các kết luận của cuộc họp không giao việc cho anh/chị." in text
    assert "Chưa ghi kết luận nào" not in text and "Hoàn thành báo cáo quý" not in text


def test_an_officer_who_chairs_nothing_must_choose_the_chair(org):
    chairs = type(org["head_a"]).objects.filter(pk=org["head_a"].pk)
    units = [org["dept_a"]]
    officer_form = MeetingForm(
        {"scope": f"u{org['dept_a'].pk}", "year": 2026, "month": 12, "held_on": "10/12/2026"},
        units=units,
        groups=[],
        chairs=chairs,
        may_chair=False,
    )
    assert not officer_form.is_valid()
    assert officer_form.errors["chair"] == ["Hãy chọn người chủ trì cuộc họp."]
    assert "tôi chủ trì" not in str(officer_form["chair"])
    head_form = MeetingForm(
        {"scope": f"u{org['dept_a'].pk}", "year": 2026, "month": 12, "held_on": "10/12/2026"},
        units=units,
        groups=[],
        chairs=chairs,
    )
    assert head_form.is_valid() and head_form.chair_value() is None  # "I chair it"


def test_an_assignee_outside_the_units_is_refused_with_why(org, today, client):
    meeting = _plan(org, held_on=date(2026, 12, 8))
    client.force_login(org["head_a"].user)
    page = client.post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"text": "Rà soát", "assignee": org["staff_b"].pk, "deadline": "20/12/2026"},
    )
    assert "Người được giao phải công tác tại một trong các đơn vị của cuộc họp." in page.text
    assert not meeting.conclusions.exists()


def test_the_notice_ends_the_chairs_sentence_before_the_assignment(org, today, client):
    meeting = _plan(org, held_on=date(2026, 12, 8))
    services.conclusion_add(
        actor=org["head_a"].user,
        meeting=meeting,
        text="Kiểm tra hạn ngoài kỳ mục tiêu",
        assignee=org["staff_a"],
        deadline=date(2026, 12, 20),
    )
    client.force_login(org["head_a"].user)
    data = client.get(reverse("meetings:notice", args=[meeting.pk])).content
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "1. Kiểm tra hạn ngoài kỳ mục tiêu. Giao: Trần Thị Hoa; hạn: 20/12/2026." in text


def test_no_notice_of_a_meeting_without_conclusions(org, today, client):
    meeting = _plan(org, year=2027, month=1, held_on=date(2027, 1, 5))
    client.force_login(org["head_a"].user)
    assert client.get(reverse("meetings:notice", args=[meeting.pk])).status_code == 404
