"""A council member's day on the demo ministry loaded on today's date (issue 12, point 1):
the home page's "Việc của tôi" lists the open secret ballot of today's council session; the
member follows it, casts the vote, and the item is gone from the home page (and the ballot
keeps the vote apart from the name)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from thidua.awards.models import Ballot, BallotParticipation, BallotVote

from .test_browser import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "ThiDua@2026"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", people=300, stdout=io.StringIO())


def test_the_council_member_casts_the_open_ballot_from_my_work_and_the_item_is_gone(
    demo, live_server, page
):
    ballot = Ballot.objects.select_related("session").get(status="open")
    assert ballot.session.held_on == timezone.localdate()  # today's session, whatever the date

    log_in(page, live_server, "hoidong", PASSWORD)
    work = page.locator("#my-work ul.work")
    item = work.get_by_role("link", name="Bỏ phiếu kín:", exact=False)
    expect(item).to_have_count(1)
    item.click()
    page.wait_for_url(f"**/awards/ballots/{ballot.pk}/")
    page.get_by_role("heading", name="Bỏ phiếu kín", exact=True).wait_for()

    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    expect(page.get_by_text("Phiếu của bạn đã được ghi nhận.")).to_be_visible()
    expect(page.get_by_text("Bạn đã bỏ phiếu.")).to_be_visible()
    assert BallotParticipation.objects.filter(
        ballot=ballot, member__person__user__username="hoidong"
    ).exists()
    assert BallotVote.objects.filter(ballot=ballot, choice="yes").count() == 1

    page.goto(f"{live_server.url}/")
    page.locator("#my-work").wait_for()
    expect(
        page.locator("#my-work").get_by_role("link", name="Bỏ phiếu kín:", exact=False)
    ).to_have_count(0)
    # ... and its link now says the vote is cast, with no form to vote again
    page.goto(f"{live_server.url}/awards/ballots/{ballot.pk}/")
    expect(page.get_by_text("Bạn đã bỏ phiếu.")).to_be_visible()
    expect(page.get_by_role("button", name="Bỏ phiếu", exact=True)).to_have_count(0)
