"""Navigation from permissions (issue 12, points 1, 2 and 6) in a real browser, on the demo
ministry loaded on today's date: every demo login follows every link of its menu (each section
and the pages listed under it) and of its home page, and none answers 403, 404 or a server
error; each role's "Việc của tôi" holds the kinds of work waiting for it (a ballot for the
council, ratings to self-assess and a digest to acknowledge for staff, proposals to check for
the office …) and each item's link opens for that person; each app's root address opens a
page; staff are not shown the council's and the office's pages; on a 390 px phone the menu
folds behind a button that opens it."""

from __future__ import annotations

import io
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from thidua.core.nextsteps import kind_of, work_for

from .test_browser import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "ThiDua@2026"
# Every demo login (README, "Demo logins"), with what it stands for.
DEMO_LOGINS = {
    "quantri": "administrator",
    "canbo": "staff",
    "truongdonvi": "unit head",
    "botruong": "leadership (whole ministry)",
    "thutruong": "leadership (one block)",
    "thiduakhenthuong": "emulation office",
    "hoidong": "council member",
    "bithu": "Party secretary",
    "vanphongdanguy": "Party committee office",
}
# The kinds of work (nextsteps keys up to ":") each login finds waiting on the demo loaded on
# any date: the demo opens them relative to today (awards/demo_today.py,
# emulation/demo_today.py, party/demo.py's campaign).
EXPECTED_WORK = {
    "quantri": set(),  # the office's queues wait for its officer, not the administrator
    "canbo": {"emulation.self_assess", "messaging.acknowledge", "goals.accept"},
    "truongdonvi": {"awards.ballot", "emulation.propose", "goals.verify"},
    "botruong": {"awards.ballot"},  # his own: not the office's proposals to check
    # the block's units with a head of their own send their sheets to that head, not to her
    "thutruong": {"awards.ballot", "goals.verify"},
    "thiduakhenthuong": {"awards.check", "awards.decide"},
    "hoidong": {"awards.ballot"},
    "bithu": {"emulation.self_assess", "messaging.acknowledge", "party.meeting"},
    "vanphongdanguy": {"party.inspection"},
}
APP_ROOTS = (
    "/goals/",
    "/emulation/",
    "/awards/",
    "/party/",
    "/org/",
    "/meetings/",
    "/assistant/",
    "/messages/",
)
# The menu's sections and the current section's pages; the home page's own links.
MENU_LINKS = "nav#mainnav a[href]"
HOME_LINKS = "main a[href]"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", people=300, stdout=io.StringIO())


def _same_origin(base: str, href: str) -> str | None:
    """The path (and query) of a same-origin link worth following, else None."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    url = urljoin(base, href)
    parts, origin = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _hrefs(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def _is_broken(status: int) -> bool:
    return status in (403, 404) or status >= 500


def test_every_demo_login_follows_its_menu_and_home_links_without_a_refusal_or_an_error(
    demo, live_server, browser, page
):
    report: dict[str, tuple[int, list[str]]] = {}
    for username in DEMO_LOGINS:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        log_in(tab, live_server, username, PASSWORD)
        tab.get_by_role("button", name="Đăng xuất").wait_for()
        base = f"{live_server.url}/"

        # The home page's links and the menu's sections; each section's page adds its own
        # pages (the menu lists them under the sections there).
        links = {_same_origin(base, h) for h in _hrefs(tab, HOME_LINKS)}
        work_items = tab.locator("#my-work ul.work li").count()
        # "Việc của tôi": the kinds of work expected are there, each shown on the home page,
        # and every item's link opens for this person.
        items = work_for(get_user_model().objects.get(username=username))
        kinds = {kind_of(item) for item in items}
        assert EXPECTED_WORK[username] <= kinds, (username, sorted(kinds))
        shown = {_same_origin(base, h) for h in _hrefs(tab, "#my-work ul.work li a")}
        for kind in EXPECTED_WORK[username]:
            # an item may point into its page ("#record"): the link shown is that page's
            assert any(i.url.split("#")[0] in shown for i in items if kind_of(i) == kind), (
                username,
                kind,
            )
        for path in sorted(s for s in shown if s):
            response = tab.request.get(urljoin(base, path.split("#")[0]))
            assert response.status == 200, f"{username}: {path} → {response.status}"
            assert "Traceback" not in response.text(), f"{username}: {path}"
        if work_items:  # the home page raised them: the bell's badge loads and counts them
            expect(tab.locator("header a.bell .bell-count")).to_be_visible()
        # The bell opens the notifications: each one leads to the work's page.
        tab.locator("header a.bell").click()
        tab.get_by_role("heading", name="Thông báo", exact=True).wait_for()
        links |= {_same_origin(base, h) for h in _hrefs(tab, HOME_LINKS)}
        sections = {_same_origin(base, h) for h in _hrefs(tab, MENU_LINKS)}
        for section in sorted(s for s in sections if s):
            response = tab.goto(urljoin(base, section))
            links.add(section)
            if response is not None and response.ok:
                links |= {_same_origin(base, h) for h in _hrefs(tab, MENU_LINKS)}
        links.discard(None)

        broken = []
        for path in sorted(links):
            response = tab.request.get(urljoin(base, path))
            if _is_broken(response.status):
                broken.append(f"{path} → {response.status}")
        for root in APP_ROOTS:
            response = tab.request.get(urljoin(base, root))
            if _is_broken(response.status):
                broken.append(f"app root {root} → {response.status}")
        report[username] = (len(links), broken, work_items, sorted(kinds))
        context.close()

    print("\nlogin             role                         links followed  broken  my work  kinds")
    for username, (followed, broken, work, kinds) in report.items():
        print(
            f"{username:<17} {DEMO_LOGINS[username]:<28} {followed:>14}  {len(broken):>6}  {work:>7}"
            f"  {', '.join(kinds)}"
        )
    failures = {u: broken for u, (_, broken, _, _) in report.items() if broken}
    assert failures == {}
    # Nobody is shown a page reserved to others: the menus differ by role.
    assert report["thiduakhenthuong"][0] > report["canbo"][0]

    # On a wide screen the menu shows without its button; staff see the registry, statistics
    # and proposals, never the council's or the office's pages (which would refuse them).
    log_in(page, live_server, "canbo", PASSWORD)
    page.get_by_role("button", name="Đăng xuất").wait_for()
    expect(page.locator("label.nav-button")).to_be_hidden()
    nav = page.locator("nav#mainnav")
    nav.get_by_role("link", name="Khen thưởng", exact=True).click()
    expect(nav.get_by_role("link", name="Sổ khen thưởng", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Đề nghị khen thưởng", exact=True)).to_be_visible()
    for hidden in ("Phiên họp Hội đồng", "Phiếu của tôi", "Quyết định khen thưởng"):
        expect(page.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    # ... which the check above would have caught: the decisions refuse staff.
    assert page.request.get(f"{live_server.url}/awards/decisions/").status == 403


def test_on_a_390_px_phone_the_menu_folds_behind_a_button_that_opens_it(demo, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "bithu", PASSWORD)
    page.get_by_role("heading", name="Xin chào", exact=False).first.wait_for()

    nav = page.locator("nav#mainnav")
    button = page.locator("label.nav-button")
    logout = page.get_by_role("button", name="Đăng xuất")
    expect(button).to_be_visible()
    expect(nav).to_be_hidden()
    expect(logout).to_be_hidden()  # the language and account links fold with the menu
    # The closed header is one line: brand, the menu button and the tools side by side.
    header = page.locator("header.topbar").bounding_box()
    brand = page.locator("header .brand").bounding_box()
    assert header["height"] < 2.4 * brand["height"] + 24, header
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is wider than the phone by {overflow}px"

    button.click()
    expect(nav).to_be_visible()
    expect(logout).to_be_visible()
    party = nav.get_by_role("link", name="Công tác Đảng", exact=True)
    expect(party).to_be_visible()
    party.click()
    page.get_by_role("heading", name="Nghị quyết").first.wait_for()

    # A new page starts folded; opened, it lists the section's pages, linked nowhere else
    # before (cell meetings, inspections).
    expect(nav).to_be_hidden()
    button.click()
    expect(nav.get_by_role("link", name="Sinh hoạt chi bộ", exact=True)).to_be_visible()
    nav.get_by_role("link", name="Kiểm tra, giám sát", exact=True).click()
    page.wait_for_url("**/party/inspections/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the inspections page is wider than the phone by {overflow}px"
