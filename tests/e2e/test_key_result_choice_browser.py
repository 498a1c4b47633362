"""The giao ban form's key result follows the goal chosen, in a browser (issue 13, point 1):
no key result is listed before a goal is chosen; choosing a goal fetches its key results
(htmx), another goal replaces them and clears the one chosen; the assignment recorded is on
that key result."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.services import goal_create
from thidua.meetings import services
from thidua.meetings.models import Conclusion

from .test_browser import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-thử-123"  # every factory user's


@pytest.fixture
def planned(transactional_db, org):
    today = timezone.localdate()
    period = {
        "period_kind": "year",
        "period_start": date(today.year, 1, 1),
        "period_end": date(today.year, 12, 31),
        "status": GoalStatus.ACTIVE,
    }
    goals = [
        goal_create(
            actor=SYSTEM,
            title=title,
            owner_unit=unit,
            key_results=[{"title": kr, "baseline": 0, "target": 10} for kr in krs],
            **period,
        )
        for title, unit, krs in (
            ("An toàn hệ thống Cục A", org["dept_a"], ["Hệ thống đã rà soát", "Sự cố xử lý"]),
            ("Chuyển đổi số Phòng A1", org["sec_a"], ["Hồ sơ số hoá"]),
        )
    ]
    huy = org["head_a"]
    meeting = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=today.year, month=today.month,
        held_on=today, chair=huy,
    )  # fmt: skip
    return meeting, goals


def _offered(page) -> list[str]:
    return page.eval_on_selector_all(
        "select[name='key_result'] option[value]:not([value=''])",
        "os => os.map(o => o.textContent)",
    )


def _choose_goal(page, goal, expected: list[str]) -> None:
    with page.expect_response(lambda r: "/key-results/" in r.url):
        page.select_option("select[name='goal']", str(goal.pk) if goal else "")
    page.wait_for_function(
        "n => document.querySelectorAll(\"select[name='key_result'] option\").length === n",
        arg=len(expected) + 1,
    )
    assert sorted(_offered(page)) == sorted(expected)


def test_the_key_result_follows_the_goal(planned, live_server, page, org):
    meeting, (goal_a, goal_a1) = planned
    log_in(page, live_server, "huy", PASSWORD)
    page.get_by_role("heading", name="Xin chào, Phạm Quốc Huy").wait_for()
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    assert _offered(page) == []  # nothing before a goal is chosen
    _choose_goal(page, goal_a1, ["Hồ sơ số hoá"])
    _choose_goal(page, goal_a, ["Hệ thống đã rà soát", "Sự cố xử lý"])
    second = goal_a.key_results.order_by("id")[1]
    page.select_option("select[name='key_result']", str(second.pk))
    # another goal now: its key results replace the first's, the one chosen is cleared
    _choose_goal(page, goal_a1, ["Hồ sơ số hoá"])
    assert page.input_value("select[name='key_result']") == ""
    _choose_goal(page, None, [])
    _choose_goal(page, goal_a, ["Hệ thống đã rà soát", "Sự cố xử lý"])
    page.select_option("select[name='key_result']", str(second.pk))
    page.fill("textarea[name='text']", "Rà soát hệ thống trước kỳ báo cáo")
    page.select_option("select[name='assignee']", str(org["staff_a"].pk))
    deadline = timezone.localdate() + timedelta(days=10)
    if deadline.year != timezone.localdate().year:
        deadline = date(deadline.year - 1, 12, 31)
    page.fill("input[name='deadline']", deadline.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi kết luận").last.click()
    page.wait_for_load_state()
    c = Conclusion.objects.get(text="Rà soát hệ thống trước kỳ báo cáo")
    assert c.goal == goal_a and c.task.key_result == second
