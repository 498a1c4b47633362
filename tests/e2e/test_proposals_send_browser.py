"""Sending several drafts at once in a real browser at 390 px (walk-through of 06/12/2026,
F6b): the unit head ticks "Chọn tất cả" (a static script, no inline code: no policy
violation), the list does not make the page scroll sideways, and one button sends them."""

import pytest
from playwright.sync_api import expect

from thidua.awards.choices import ProposalStatus
from thidua.awards.models import Proposal
from thidua.awards.services import council as services

from .test_browser import log_in
from .test_csp_browser import PASSWORD, violations  # noqa: F401

pytestmark = pytest.mark.e2e


def test_the_head_selects_all_drafts_and_sends_them_on_a_phone(
    transactional_db,
    org,
    live_server,
    page,
    violations,  # noqa: F811
):
    made = [
        services.proposal_create(actor=org["head_a"].user, code="LDTT", year=2025, person=p)
        for p in (org["staff_a"], org["colleague_a"])
    ]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "huy", PASSWORD)
    page.get_by_role("heading", name="Xin chào, Phạm Quốc Huy").wait_for()
    page.goto(f"{live_server.url}/awards/proposals/?status=draft")
    select_all = page.get_by_label("Chọn tất cả")
    expect(select_all).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    select_all.check()
    boxes = page.locator('input[name="proposals"]')
    expect(boxes).to_have_count(2)
    for i in range(2):
        expect(boxes.nth(i)).to_be_checked()
    boxes.nth(0).uncheck()
    assert page.evaluate("document.querySelector('[data-select-all]').indeterminate")
    select_all.check()
    page.get_by_role("button", name="Gửi các đề nghị đã chọn").click()
    expect(page.get_by_text("2 đề nghị đã được gửi bộ phận thi đua – khen thưởng")).to_be_visible()
    statuses = Proposal.objects.filter(pk__in=[p.pk for p in made]).values_list("status", flat=True)
    assert set(statuses) == {ProposalStatus.SUBMITTED}
    assert not violations
