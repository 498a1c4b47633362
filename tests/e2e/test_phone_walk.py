"""A phone walk (issue 12, point 6: "tested at 390 px in the browser test"): every demo login,
on a 390 × 844 screen, opens its home page and every page of its menu (each section, then the
pages the menu lists under it), and on each one the menu is folded behind its button (the menu
collapses below 720 px) and the document never scrolls sideways: a wide table scrolls inside
its own container or folds into cards. One browser context a login, each page opened once
(about 210 pages on the demo ministry)."""

from __future__ import annotations

import io
import time
from urllib.parse import urljoin

import pytest
from django.core.management import call_command

from .test_browser import log_in
from .test_navigation import DEMO_LOGINS, MENU_LINKS, PASSWORD, _hrefs, _same_origin

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# Sub-pixel rounding may make the document one pixel wider than the screen.
WIDEST = PHONE["width"] + 1
# Django's own admin site has its own layout, without the app's menu: only its width is checked.
OWN_LAYOUT = ("/admin/",)
# In one call: whether the menu button shows and the menu is folded, the document's width and,
# when it is wider than the phone, the outermost elements reaching past its right edge (tag, id,
# classes; not what scrolls inside a container of its own), to say what to fix.
MEASURE = """(widest) => {
  const shown = (el) => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  const width = document.documentElement.scrollWidth;
  const culprits = [];
  const visit = (parent) => {
    for (const el of parent.children) {
      if (culprits.length >= 5) return;
      const box = el.getBoundingClientRect();
      if (box.width && box.right > widest) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
          + [...el.classList].map((c) => "." + c).join("") + " " + Math.round(box.right) + "px");
      } else if (getComputedStyle(el).overflowX === "visible") {
        visit(el);  // a scroller keeps what is wider than itself inside
      }
    }
  };
  if (width > widest) visit(document.body);
  return {
    button: shown(document.querySelector("label.nav-button")),
    menu: shown(document.querySelector("nav#mainnav")),
    width: width,
    culprits: culprits,
  };
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("demo", people=300, stdout=io.StringIO())


def _problems(tab, path: str) -> str:
    """What is wrong with the page open in tab on a phone; empty if nothing."""
    seen = tab.evaluate(MEASURE, WIDEST)
    problems = []
    if not path.startswith(OWN_LAYOUT):
        if not seen["button"]:
            problems.append("no menu button")
        if seen["menu"]:
            problems.append("menu not folded")
    if seen["width"] > WIDEST:
        problems.append(f"{seen['width']} px wide: {', '.join(seen['culprits'])}")
    return "; ".join(problems)


def _menu(tab, base: str) -> list[str]:
    return [p for p in (_same_origin(base, h) for h in _hrefs(tab, MENU_LINKS)) if p]


def test_every_demo_login_walks_its_menu_on_a_390_px_phone(demo, live_server, browser):
    report: dict[str, dict[str, str]] = {}
    seconds: dict[str, float] = {}
    for username in DEMO_LOGINS:
        started = time.monotonic()
        context = browser.new_context(locale="vi-VN", viewport=PHONE)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        log_in(tab, live_server, username, PASSWORD)
        tab.get_by_role("heading", name="Xin chào", exact=False).first.wait_for()
        base = f"{live_server.url}/"

        # The home page (where the login lands), then each section of its menu; each section's
        # page lists the section's pages in the menu.
        pages = {"/": _problems(tab, "/")}
        links: dict[str, None] = {}
        for path in _menu(tab, base):
            links.setdefault(path)
        for section in list(links):
            if section in pages:
                continue
            response = tab.goto(urljoin(base, section))
            if response is None or not response.ok:
                pages[section] = f"answered {response.status if response else 'nothing'}"
                continue
            pages[section] = _problems(tab, section)
            for path in _menu(tab, base):
                links.setdefault(path)
        for path in links:
            if path not in pages:
                response = tab.goto(urljoin(base, path))
                ok = response is not None and response.ok
                pages[path] = _problems(tab, path) if ok else f"answered {response.status}"

        if username == next(iter(DEMO_LOGINS)):
            # The check sees a page wider than the phone, and names what reaches past its edge.
            tab.evaluate(
                "() => { const d = document.createElement('div'); d.id = 'too-wide';"
                " d.style.width = '600px';"
                " d.style.height = '1em'; document.body.append(d); }"
            )
            assert "px wide: div#too-wide" in _problems(tab, "/"), _problems(tab, "/")
        report[username] = pages
        seconds[username] = time.monotonic() - started
        context.close()

    print("\nlogin             role                         pages  wrong  seconds")
    for username, pages in report.items():
        wrong = {path: problem for path, problem in pages.items() if problem}
        print(
            f"{username:<17} {DEMO_LOGINS[username]:<28} {len(pages):>5}  {len(wrong):>5}"
            f"  {seconds[username]:>7.1f}"
        )
        for path, problem in wrong.items():
            print(f"    {path}: {problem}")
    failures = {
        username: {path: problem for path, problem in pages.items() if problem}
        for username, pages in report.items()
        if any(pages.values())
    }
    assert failures == {}, f"pages that do not fit a 390 px phone: {failures}"
    # Each login walked its home page, its menu's sections and their pages.
    walked = {username: len(pages) for username, pages in report.items()}
    assert min(walked.values()) > 10, walked
