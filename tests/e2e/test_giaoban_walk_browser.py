"""The giao ban walked in a real browser on today's date (walk-through of 07/12/2026, flow 2):
the next meeting opens with last month's assignments, and on a phone (390 px) each one's
status stays in sight (the table scrolled sideways and hid the status column); the chair's
conclusion box is a full-width text box, not a 20-column one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thidua.goals.choices import TaskStatus
from thidua.goals.services import task_set_status
from thidua.meetings import services

from .test_browser import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-thử-123"  # every factory user's


def _month_before(day):
    first = day.replace(day=1)
    return first - timedelta(days=1)


@pytest.fixture
def meetings(transactional_db, org):
    """Last month's giao ban of Cục A, closed with two assignments (one done), and this
    month's, planned for today."""
    huy = org["head_a"]
    today = timezone.localdate()
    last = _month_before(today)
    previous = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=last.year, month=last.month,
        held_on=last.replace(day=1), chair=huy,
    )  # fmt: skip
    services.conclusion_add(
        actor=huy.user, meeting=previous, assignee=org["staff_a"],
        text="Rà soát toàn bộ quy trình tiếp nhận hồ sơ trực tuyến của Cục và báo cáo kết quả",
        deadline=today + timedelta(days=20),
    )  # fmt: skip
    done = services.conclusion_add(
        actor=huy.user, meeting=previous, assignee=org["head_a"],
        text="Tổng hợp kinh nghiệm hay của phòng dẫn đầu", deadline=today + timedelta(days=5),
    )  # fmt: skip
    services.meeting_close(actor=huy.user, meeting=previous, send=False)
    task_set_status(actor=huy.user, task=done.task, status=TaskStatus.DONE)
    current = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=today.year, month=today.month,
        held_on=today, chair=huy,
    )  # fmt: skip
    return {"previous": previous, "current": current}


def test_on_a_phone_last_months_assignments_show_their_status(meetings, live_server, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, "huy", PASSWORD)
        page.get_by_role("heading", name="Xin chào, Phạm Quốc Huy").wait_for()
        page.goto(f"{live_server.url}/meetings/{meetings['current'].pk}/")
        rows = page.locator("table.carried tbody tr")
        assert rows.count() == 2
        for label in ("Chưa làm", "Xong"):
            cell = page.locator("table.carried td", has_text=label).first
            box = cell.bounding_box()
            assert box is not None and cell.is_visible()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (label, box)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        context.close()


def test_the_chairs_conclusion_box_spans_the_form(meetings, live_server, page):
    log_in(page, live_server, "huy", PASSWORD)
    page.get_by_role("heading", name="Xin chào, Phạm Quốc Huy").wait_for()
    page.goto(f"{live_server.url}/meetings/{meetings['current'].pk}/")
    box = page.locator("textarea[name=text]").bounding_box()
    form = page.locator("#conclusions").locator("xpath=..").bounding_box()
    assert box is not None and form is not None
    assert box["width"] >= 0.8 * form["width"] - 40, (box, form)
