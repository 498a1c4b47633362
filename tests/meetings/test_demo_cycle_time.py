"""The demo's giao ban assignments take time, as real ones do (issue 13, points 5 and 7): each
assignment's task starts on the day of the meeting that gave it, not on the day the demo was
loaded, so the dashboard's cycle time of giao ban assignments (concluded → done) counts the
days from the meeting to the day the work was done — not zero days for every one."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.goals import cycle_time
from thidua.goals.choices import TaskStatus
from thidua.meetings.cycle_time import KIND
from thidua.meetings.demo import demo_loader
from thidua.meetings.models import Conclusion
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
