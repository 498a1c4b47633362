"""The giao ban form's key result follows the goal chosen, in a browser (issue 13, point 1):
choosing a goal offers only its key results; a key result chosen first chooses its goal; the
assignment recorded is on that key result."""

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
        "select[name='key_result'] option[data-goal]",
        "os => os.filter(o => !o.hidden).map(o => o.textContent)",
    )


def test_the_key_result_follows_the_goal(planned, live_server, page, org):
    meeting, (goal_a, goal_a1) = planned
    log_in(page, live_server, "huy", PASSWORD)
    page.get_by_role("heading", name="Xin chào, Phạm Quốc Huy").wait_for()
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    assert sorted(_offered(page)) == ["Hệ thống đã rà soát", "Hồ sơ số hoá", "Sự cố xử lý"]
    page.select_option("select[name='goal']", str(goal_a1.pk))
    assert _offered(page) == ["Hồ sơ số hoá"]
    page.select_option("select[name='goal']", "")
    # a key result chosen first chooses its goal
    second = goal_a.key_results.order_by("id")[1]
    page.select_option("select[name='key_result']", str(second.pk))
    assert page.input_value("select[name='goal']") == str(goal_a.pk)
    assert sorted(_offered(page)) == ["Hệ thống đã rà soát", "Sự cố xử lý"]
    # another goal now: the key result of the first is cleared
    page.select_option("select[name='goal']", str(goal_a1.pk))
    assert page.input_value("select[name='key_result']") == ""
    page.select_option("select[name='goal']", str(goal_a.pk))
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
