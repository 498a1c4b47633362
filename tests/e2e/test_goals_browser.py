"""A staff member checks in on a key result in a real browser and sees the goal move."""

from datetime import date

import pytest
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.services import goal_create

from .test_browser import log_in

pytestmark = pytest.mark.e2e


def test_staff_checks_in_and_sees_progress_in_vietnamese(transactional_db, org, live_server, page):
    year = timezone.localdate().year
    goal_create(
        actor=SYSTEM,
        title="Số hoá hồ sơ lưu trữ",
        owner_person=org["staff_a"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        key_results=[{"title": "Hồ sơ đã số hoá", "target": 2000, "unit_of_measure": "hồ sơ"}],
    )
    log_in(page, live_server, "hoa", "mật-khẩu-thử-123")
    page.get_by_role("navigation").get_by_role("link", name="Mục tiêu", exact=True).click()
    page.get_by_role("link", name="Số hoá hồ sơ lưu trữ").click()
    page.get_by_text("Cập nhật tiến độ", exact=True).click()
    page.get_by_label("Giá trị").fill("1.500")
    page.get_by_role("button", name="Ghi nhận").click()
    page.get_by_text("Đã ghi nhận cập nhật tiến độ.").wait_for()
    assert "75%" in page.locator("#main").inner_text()
    assert "1.500" in page.locator("#main").inner_text()
