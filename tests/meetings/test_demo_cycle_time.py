"""The demo's giao ban assignments take time, as real ones do (issue 13, points 5 and 7): each
assignment's task starts on the day of the meeting that gave it, not on the day the demo was
loaded, so the dashboard's cycle time of giao ban assignments (concluded → done) counts the
days from the meeting to the day the work was done — not zero days for every one."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from docx import Document

from thidua.goals import cycle_time
from thidua.goals.choices import TaskStatus
from thidua.meetings.cycle_time import KIND
from thidua.meetings.demo import demo_loader
from thidua.meetings.documents import notice_docx
from thidua.meetings.models import BriefingMeeting, Conclusion
from thidua.org.demo import demo_load

TODAY = date(2026, 12, 7)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    demo_load(people=60)
    demo_loader()


def test_an_assignment_starts_on_the_day_of_its_meeting(demo):
    assignments = list(
        Conclusion.objects.filter(task__isnull=False).select_related("meeting", "task")
    )
    assert assignments
    for c in assignments:
        assert timezone.localtime(c.task.created_at).date() == c.meeting.held_on
        assert timezone.localtime(c.created_at).date() == c.meeting.held_on
        if c.task.status == TaskStatus.DONE:
            assert c.task.done_on > c.meeting.held_on


def test_the_ministrys_dashboard_counts_days_from_meeting_to_done(demo):
    minister = get_user_model().objects.get(username="botruong")
    panel = cycle_time.cycle_panel(viewer=minister, month=date(2026, 11, 1), today=TODAY)
    assignments = next(k for k in panel.kinds if k.key == KIND)
    done = [f for f in assignments.trend if f.items]
    assert done, "some demo assignments are done"
    assert all(f.median is not None and f.median >= 20 for f in done)  # deadlines of 20-30 days
    # Assignments still open have waited since their meeting: December's, given on 05/12,
    # two days; older ones left undone, since their own month's meeting.
    december = cycle_time.cycle_panel(viewer=minister, today=TODAY)
    still_open = next(k for k in december.kinds if k.key == KIND).slowest_open
    since_meeting = {(TODAY - date(2026, month, 5)).days for month in range(7, 13)}
    assert still_open and {int(item.days) for item in still_open} <= since_meeting
    assert 2 in {int(item.days) for item in still_open}


def test_each_held_meetings_notice_is_dated_the_day_it_was_held(demo, monkeypatch):
    """The demo's July meeting's Thông báo kết luận read 'ngày 07 tháng 12 năm 2026' — the day
    of loading — because every meeting was closed then; each is closed on its own day now."""
    monkeypatch.undo()  # the notice reads the local day of closed_at (the fixture fixed "today")
    held = list(BriefingMeeting.objects.filter(closed_at__isnull=False).order_by("held_on"))
    assert len(held) >= 2
    for meeting in held:
        assert timezone.localtime(meeting.closed_at).date() == meeting.held_on
    first = held[0]
    document = Document(
        io.BytesIO(notice_docx(meeting=first, conclusions=list(first.conclusions.all())))
    )
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    day = first.held_on
    assert f"ngày {day:%d} tháng {day:%m} năm {day:%Y}" in text
