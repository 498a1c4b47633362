"""Issue 12: a Vietnamese person on a Chromium set to English sees and types days dd/mm/yyyy.

A native <input type="date"> shows 7 December 2026 as 12/07/2026 in such a browser; the day
fields are text inputs in the page language's format, with a calendar button beside them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import AccessToken

from .test_browser import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def english_page(browser):
    """A page in English (US), the language of most agency machines' browsers."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    refused: list[str] = []
    page.on("console", lambda m: m.type == "error" and refused.append(m.text))
    page.refused = refused  # type: ignore[attr-defined]
    yield page
    context.close()


def _a_day_that_reads_differently_mm_dd(after: date) -> date:
    """A day whose day of month could be a month (≤ 12) and differs from its month: read as
    mm/dd it would be another day, so a swap would show."""
    day = after
    while not (day.day <= 12 and day.day != day.month):
        day += timedelta(days=1)
    return day


def test_a_day_is_shown_typed_and_saved_dd_mm_yyyy_in_an_english_browser(
    transactional_db, org, live_server, english_page
):
    page = english_page
    assert page.evaluate("navigator.language") == "en-US"
    # What this browser would show in a native date field: month first.
    assert page.evaluate("new Intl.DateTimeFormat().format(new Date(2026, 11, 7))") == "12/7/2026"

    log_in(page, live_server, "hoa", "mật-khẩu-thử-123")
    page.goto(live_server.url + reverse("accounts:tokens"))
    field = page.get_by_label("Hết hạn ngày")
    today = timezone.localdate()
    assert field.get_attribute("type") == "text"
    assert field.input_value() == f"{today + timedelta(days=90):%d/%m/%Y}"
    assert field.get_attribute("placeholder") == "ngày/tháng/năm"

    # The calendar button beside it: picking a day there writes it back dd/mm/yyyy.
    button = page.get_by_role("button", name="Chọn ngày trên lịch")
    assert button.is_visible()
    button.click()
    page.keyboard.press("Escape")
    picked = _a_day_that_reads_differently_mm_dd(today + timedelta(days=20))
    page.locator("span.day-input input[type=date]").evaluate(
        "(el, iso) => { el.value = iso; el.dispatchEvent(new Event('change')); }",
        picked.isoformat(),
    )
    assert field.input_value() == f"{picked:%d/%m/%Y}"

    # Typed by hand, dd/mm/yyyy, and saved as that day (not the mm/dd reading of it).
    typed = _a_day_that_reads_differently_mm_dd(today + timedelta(days=40))
    field.fill(f"{typed:%d/%m/%Y}")
    page.locator("input[name=name]").fill("Báo cáo tuần")
    page.locator("input[name=scopes]").first.check()
    page.get_by_role("button", name="Tạo mã").click()
    page.locator("#new-token").wait_for()
    token = AccessToken.objects.get(user=org["staff_a"].user, name="Báo cáo tuần")
    assert timezone.localtime(token.expires_at).date() == typed
    assert f"{typed:%d/%m/%Y}" in page.locator("#main").inner_text()

    # A filter in the address: the organisation tree on a day typed dd/mm/yyyy.
    earlier = _a_day_that_reads_differently_mm_dd(today - timedelta(days=60))
    page.goto(live_server.url + reverse("org:tree"))
    page.get_by_label("Tính đến ngày").fill(f"{earlier:%d/%m/%Y}")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(f"**on={earlier:%d}%2F{earlier:%m}%2F{earlier:%Y}")
    assert page.get_by_label("Tính đến ngày").input_value() == f"{earlier:%d/%m/%Y}"
    assert f"{earlier:%d/%m/%Y}" in page.locator("#main").inner_text()
    assert page.refused == []  # type: ignore[attr-defined]  # no script refused by the CSP
