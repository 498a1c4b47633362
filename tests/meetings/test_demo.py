"""The demo's giao ban on whatever day it is loaded (walk-through of 07/12/2026): the
meetings whose date has passed are held, with conclusions, and only the next one is planned;
a planned meeting whose date then passes asks its chair to record the conclusions."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from thidua.core.nextsteps import work_for
from thidua.meetings.choices import MeetingStatus
from thidua.meetings.demo import demo_loader, demo_months
from thidua.meetings.models import BriefingMeeting
from thidua.org.demo import demo_load


def test_months_held_and_planned_follow_the_day_the_demo_is_loaded():
    held, planned = demo_months(date(2026, 12, 7))
    assert held[0] == (2026, 7) and held[-1] == (2026, 12) and len(held) == 6
    assert planned == (2027, 1)
    held, planned = demo_months(date(2026, 12, 5))  # the meeting's own day: still ahead
    assert held[-1] == (2026, 11) and planned == (2026, 12)
    held, planned = demo_months(date(2027, 1, 3))
    assert held[0] == (2026, 7) and held[-1] == (2026, 12) and planned == (2027, 1)


@pytest.fixture
def today(monkeypatch):
    day = {"value": date(2026, 12, 7)}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day["value"])
    return day


def test_the_demo_holds_every_past_meeting_and_plans_only_the_next(db, today):
    demo_load(people=60)
    demo_loader()
    meetings = list(BriefingMeeting.objects.order_by("held_on"))
    past = [m for m in meetings if m.held_on < today["value"]]
    assert [m.held_on for m in past][-1] == date(2026, 12, 5)
    assert all(m.status == MeetingStatus.CLOSED and m.conclusions.exists() for m in past)
    [planned] = [m for m in meetings if m.status == MeetingStatus.PLANNED]
    assert planned.held_on == date(2027, 1, 5)
    minister = get_user_model().objects.get(username="botruong")
    assert not [s for s in work_for(minister) if s.key.startswith("meetings.conclude")]


def test_a_planned_demo_meeting_whose_day_passes_asks_its_chair_to_conclude(db, today, client):
    today["value"] = date(2026, 12, 3)  # loaded before December's giao ban
    demo_load(people=60)
    demo_loader()
    december = BriefingMeeting.objects.get(status=MeetingStatus.PLANNED)
    assert december.held_on == date(2026, 12, 5)
    minister = get_user_model().objects.get(username="botruong")
    today["value"] = date(2026, 12, 7)  # a walk-through four days later
    [item] = [s for s in work_for(minister) if s.key.startswith("meetings.conclude")]
    assert item.key == f"meetings.conclude:{december.pk}"
    assert item.title == "Ghi kết luận Giao ban 12/2026 (đã họp ngày 05/12/2026)"
    client.force_login(minister)
    page = client.get(item.url)
    assert page.status_code == 200 and 'id="date-passed"' in page.content.decode()


# ------------------------------------------------------------- stale key results (point 2)
def test_the_agenda_calls_a_key_result_stale_by_the_monthly_cadence_not_at_month_end(org, today):
    from thidua.core.actors import SYSTEM
    from thidua.goals.choices import Confidence, GoalStatus
    from thidua.goals.constants import CHECKIN_STALE_DAYS
    from thidua.goals.services import checkin_create, goal_create
    from thidua.meetings import selectors, services

    goal = goal_create(
        actor=SYSTEM,
        title="Chuyển đổi số của Vụ",
        owner_unit=org["dept_a"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        key_results=[
            {"title": "Cập nhật hằng tháng", "baseline": 0, "target": 100},
            {"title": "Im lặng từ tháng 9", "baseline": 0, "target": 100},
        ],
    )
    monthly, silent = goal.key_results.order_by("title")
    for kr, on in ((monthly, date(2026, 11, 25)), (silent, date(2026, 9, 25))):
        checkin_create(
            actor=SYSTEM, key_result=kr, value=40, confidence=Confidence.ON_TRACK, checked_on=on
        )
    huy = org["head_a"]
    december = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=12,
        held_on=date(2026, 12, 5), chair=huy,
    )  # fmt: skip
    agenda = selectors.meeting_agenda(viewer=huy.user, meeting=december)
    stale = {c.title: c for c in agenda.overdue_checkins}
    # checked in on the 25th as the monthly cadence asks: not stale ten or twelve days later
    assert "Cập nhật hằng tháng" not in stale
    assert stale["Im lặng từ tháng 9"].days_since == (date(2026, 12, 5) - date(2026, 9, 25)).days
    assert agenda.overdue_checkins_total == 1
    # a month and more without a check-in on the meeting's day: stale
    january = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2027, month=1,
        held_on=date(2027, 1, 5), chair=huy,
    )  # fmt: skip
    today["value"] = date(2027, 1, 6)
    later = selectors.meeting_agenda(viewer=huy.user, meeting=january)  # December's facts
    assert (later.facts_year, later.facts_month) == (2026, 12)
    # by December's end, 36 days since 25/11 with no December check-in: stale
    assert (date(2026, 12, 31) - date(2026, 11, 25)).days > CHECKIN_STALE_DAYS
    assert {c.title for c in later.overdue_checkins} == {
        "Cập nhật hằng tháng",
        "Im lặng từ tháng 9",
    }
