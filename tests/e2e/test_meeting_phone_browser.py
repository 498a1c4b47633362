"""The meeting page on a phone, measured (issues 12/13): at 390×844 the demo's ministry giao
ban was some 5,400 px long. With the agenda's long lists folded (<details>) and the viewer's
own assignments first, a meeting with full lists stays short; opening every fold shows all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.goals.services import task_create
from thidua.meetings import services

from .test_browser import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-thử-123"  # every factory user's
SHORT_ENOUGH = 2200  # px at 390 px wide (the walk-through's page: 5,411 px)


@pytest.fixture
def crowded(transactional_db, org):
    """This month's giao ban of Cục A, held today, with 15 overdue and 15 later tasks on its
    agenda and two recorded conclusions (one for the chair himself)."""
    huy, hoa = org["head_a"], org["staff_a"]
    today = timezone.localdate()
    for i in range(15):
        task_create(
            actor=SYSTEM,
            title=f"Nhiệm vụ quá hạn số {i} về rà soát hồ sơ trực tuyến",
            owner=hoa,
            due_date=today - timedelta(days=i + 1),
        )
        task_create(
            actor=SYSTEM,
            title=f"Nhiệm vụ đến hạn sau số {i} về báo cáo chuyển đổi số",
            owner=hoa,
            due_date=today + timedelta(days=1 + i % 3),
        )
    meeting = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=today.year, month=today.month,
        held_on=today, chair=huy,
    )  # fmt: skip
    for who in (huy, hoa):
        services.conclusion_add(
            actor=huy.user, meeting=meeting, assignee=who, text=f"Việc giao cho {who.full_name}",
            deadline=today + timedelta(days=20),
        )  # fmt: skip
    return meeting


def test_on_a_phone_the_meeting_page_is_short_and_opens_whole(crowded, live_server, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, "huy", PASSWORD)
        page.get_by_role("heading", name="Xin chào, Phạm Quốc Huy").wait_for()
        page.goto(f"{live_server.url}/meetings/{crowded.pk}/")
        folded = page.evaluate("document.documentElement.scrollHeight")
        assert folded <= SHORT_ENOUGH, folded
        mine = page.locator("#mine").bounding_box()
        agenda = page.locator("#agenda").bounding_box()
        assert mine is not None and agenda is not None and mine["y"] < agenda["y"]
        assert page.locator("#mine").is_visible()
        assert not page.get_by_text("Nhiệm vụ quá hạn số 3 về", exact=False).is_visible()
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.get_by_text("Nhiệm vụ quá hạn số 3 về", exact=False).is_visible()
        opened = page.evaluate("document.documentElement.scrollHeight")
        assert opened > folded + 800, (folded, opened)
        print(f"meeting page at 390 px: {folded} px folded, {opened} px opened")
    finally:
        context.close()
