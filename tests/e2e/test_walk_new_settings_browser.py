# ruff: noqa: F811 (fixtures of the awards and recent-flows tests, imported)
"""The last session's new pages and options walked in a real browser, each by the role that
uses them, on today's date. Each person signs in on the login page and from there follows only
the links and buttons they are shown (a typed address only to check a refusal); no page or
request answers 403, 404 or a server error, and no page shows a raw code (the scanner of
tests/core/test_no_raw_codes.py).

1. Agency settings ("Thiết lập của cơ quan"): the emulation office reaches the page from the
   menu; the granting-authority setting and the giao ban office setting read in Vietnamese,
   with their legal basis, the law's default and how sure the reading is, in words (no F/M
   mark, no setting key, no award or authority code); the office chooses another unit by its
   name to prepare the leadership's giao ban and saves: the page shows the unit in force, by
   its name, with who changed it and why. When that unit later merges into another, the page
   still names it, with the day it closed (it showed the unit's code: fixed in
   thidua/meetings/settings.py). A unit head and a plain member of staff have no link to the
   page and, typing its address, are refused in Vietnamese.
2. A Tờ trình's number: the office drafts the submission of a Prime Minister's award from the
   decisions list; the submission's number ("1/TTr-…", the year's sequence) shows on its page
   and in the list. The proposals list's "Cấp có thẩm quyền quyết định" filter, chosen and
   shown: the list narrows to that authority's proposals, the choice kept in words.
3. "Mục tiêu của tôi" by year, on the demo loaded today: its member of staff (canbo), with
   goals of 2025 and 2026, chooses 2025 and reads that year's goals, then the current period
   again, with the goal of 2025 that ended and waits to be closed apart; walked again on a
   390 px phone. On the same demo the emulation office (thiduakhenthuong) finds the units
   offered by name (a "Văn phòng Cục" with its Cục) and names the Cục An toàn thông tin to
   prepare the ministry's giao ban: the office no longer schedules it, the Cục's head
   (truongdonvi) does, for the minister; he and canbo are refused the settings page.

The world of 1 and 2 is the factory's small ministry (tests/conftest.py's org and officer);
3 is the demo. The pages are read in Vietnamese, so the catalogue must be compiled.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.awards.models import Decision
from thidua.awards.services.decisions import SUBMISSION_KIND
from thidua.core import agency_settings
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import CONFIDENCE_WORDS
from thidua.goals.models import Goal
from thidua.meetings.settings import LEADERSHIP_OFFICE_UNIT, leadership_office_code
from thidua.org.models import Person, Unit
from thidua.org.services import unit_merge

from ..awards.conftest import histories  # noqa: F401
from ..awards.test_council_services import council  # noqa: F401
from ..emulation.conftest import council_member  # noqa: F401
from .test_flows_this_week_browser import Visit, visit  # noqa: F401
from .test_walk_recent_flows_browser import (  # noqa: F401
    DEMO_PASSWORD,
    _code_patterns,
    approved_set,
    chosen,
    demo,
    done,
    follow,
    press,
    seen,
    signed_in,
)

pytestmark = pytest.mark.e2e

GRANTING = "awards.granting_authority"
SETTINGS_PATH = "settings/agency/"
REFUSED = "Không có quyền truy cập"
# What must never show where words belong on these pages: a setting's key, an authority's or
# an award's code, a year or a sequence written as a number with a thousands separator.
AUTHORITY_CODES = re.compile(r"\b(?:unit_head|minister|prime_minister|president)\b")
AWARD_CODE = re.compile(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b")
YEAR_AS_AMOUNT = re.compile(r"\b2\.0[0-9]{2}\b")


def links_open(v: Visit) -> None:
    """Every link the page shows (menu, bell, content) not yet checked opens for this person."""
    broken = v.broken_links()
    assert not broken, f"{v.page.url}: {broken}"


def section(v: Visit, key: str):
    """The settings page's card of the setting `key`."""
    return v.page.locator(f"section[id='{key}']")


def words_only(text: str, *keys: str) -> None:
    """`text` (a card of the settings page) names no setting key, authority or award code,
    and no confidence mark."""
    for key in keys:
        assert key not in text, f"the key {key} shows: {text[:300]}"
    assert not AUTHORITY_CODES.search(text), text
    assert not AWARD_CODE.search(text), text
    assert not re.search(r"(?<![\w./-])[FUM](?![\w./-])", text), text


def settings_page(v: Visit) -> str:
    """From any page: the menu's "Quản trị", then "Thiết lập của cơ quan" when the section
    lists more than one page."""
    text = follow(v, "Quản trị", within="nav#mainnav")
    sub = v.page.locator("nav#mainnav ul.nav-links").get_by_role(
        "link", name="Thiết lập của cơ quan"
    )
    if sub.count() and sub.get_attribute("aria-current") != "page":
        text = follow(v, "Thiết lập của cơ quan", within="nav#mainnav ul.nav-links")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Thiết lập của cơ quan")
    links_open(v)
    return text


def reads_in_words(v: Visit) -> None:
    """The two new settings' cards: description, legal basis with the confidence in words,
    the law's default and the value in force, in Vietnamese."""
    for key, title in (
        (GRANTING, "Thẩm quyền quyết định khen thưởng"),
        (LEADERSHIP_OFFICE_UNIT, "Đơn vị chuẩn bị họp giao ban của Bộ"),
    ):
        card = section(v, key)
        expect(card).to_be_visible()
        expect(card.get_by_role("heading", level=3)).to_contain_text(title)
        text = card.inner_text()
        spec = agency_settings.spec_of(key)
        for label in ("Căn cứ pháp lý", "Mặc định theo quy định", "Giá trị đang áp dụng"):
            assert label in text, f"{key}: no “{label}”"
        assert spec.basis in text
        assert CONFIDENCE_WORDS[spec.confidence] in text
        words_only(text, key)
    granting = section(v, GRANTING).inner_text()
    for authority in ("Thủ trưởng đơn vị", "Bộ trưởng", "Thủ tướng Chính phủ", "Chủ tịch nước"):
        assert f"{authority}:" in granting  # the law's split, by authority, in words
    assert "Văn phòng Bộ" in section(v, LEADERSHIP_OFFICE_UNIT).inner_text()


def offered(v: Visit) -> list[str]:
    """The units the giao ban office card offers, as their options read (folded or not)."""
    options = section(v, LEADERSHIP_OFFICE_UNIT).locator("select[name=value] option")
    return options.evaluate_all("els => els.map(e => e.textContent.trim())")


def choose_office(v: Visit, unit_words: str, reason: str) -> str:
    """In the giao ban office card: "Thay đổi thiết lập này", the unit chosen by the words
    the list shows, a reason, "Lưu"; the page it returns to."""
    card = section(v, LEADERSHIP_OFFICE_UNIT)
    card.locator("summary", has_text="Thay đổi thiết lập này").click()
    words_only("\n".join(offered(v)), LEADERSHIP_OFFICE_UNIT)
    card.get_by_label("Giá trị mới").select_option(label=unit_words)
    card.get_by_label("Lý do thay đổi").fill(reason)
    return press(v, "Lưu", within=f"section[id='{LEADERSHIP_OFFICE_UNIT}']")


def changed_to(v: Visit, unit: Unit, unit_words: str, reason: str, by: str) -> None:
    """The page after saving: the message, and the card reads the unit in force by its
    words, changed today, by whom and why; the stored value is the unit's code, not shown."""
    expect(v.page.locator("body")).to_contain_text("Đã thay đổi thiết lập “Đơn vị chuẩn bị họp")
    card = section(v, LEADERSHIP_OFFICE_UNIT)
    in_force = card.locator("dt:has-text('Giá trị đang áp dụng') + dd")
    expect(in_force).to_contain_text(unit_words)
    expect(in_force).to_contain_text("(đã thay đổi)")
    card.locator("summary", has_text="Các thay đổi gần đây").click()
    history = card.locator("details.history table tbody tr").first
    expect(history).to_contain_text(unit_words)
    expect(history).to_contain_text(reason)
    expect(history).to_contain_text(by)
    text = card.inner_text()
    words_only(text, LEADERSHIP_OFFICE_UNIT)
    assert not re.search(rf"(?<![\w-]){re.escape(unit.code)}(?![\w-])", text), text
    assert leadership_office_code() == unit.code
    links_open(v)


def refused(v: Visit) -> None:
    """Signed in, on their home page: no link to the settings page in the menu or anywhere
    on the page; typing its address gets the refusal page in Vietnamese (its 403 expected,
    not a failure of the walk)."""
    expect(v.page.locator("nav#mainnav").get_by_role("link", name="Quản trị")).to_have_count(0)
    expect(v.page.locator(f"a[href$='/{SETTINGS_PATH}']")).to_have_count(0)
    links_open(v)
    answer = v.page.goto(v.base + SETTINGS_PATH)
    assert answer is not None and answer.status == 403
    text = seen(v)
    assert REFUSED in text and "Bạn không có quyền xem trang này." in text
    assert "Thiết lập của cơ quan" not in v.page.locator("main").inner_text()
    v.failed[:] = [f for f in v.failed if f != f"GET /{SETTINGS_PATH} → 403"]


# ------------------------------------------------------------------ 1: agency settings
REASON = "Quy chế làm việc mới: Cục B chuẩn bị họp giao ban của lãnh đạo Bộ"


def test_the_office_chooses_the_giao_ban_office_by_name_and_others_are_refused(visit, org, officer):
    office = signed_in(visit, "tdkt")
    settings_page(office)
    reads_in_words(office)
    choose_office(office, "Cục B", REASON)
    changed_to(office, org["dept_b"], "Cục B", REASON, by=officer.full_name)

    # Cục B merges into Cục A today (the administrator's act, arranged here): on the office's
    # next visit the setting still names the unit, with the day it closed — not its code —
    # and says the Văn phòng Bộ prepares the meetings until another unit is chosen
    today = timezone.localdate()
    unit_merge(actor=SYSTEM, sources=[org["dept_b"]], target=org["dept_a"], effective_on=today)
    settings_page(office)
    card = section(office, LEADERSHIP_OFFICE_UNIT)
    expect(card.locator("dt:has-text('Giá trị đang áp dụng') + dd")).to_contain_text(
        f"Cục B (đã thôi hoạt động từ ngày {today:%d/%m/%Y}; Văn phòng Bộ chuẩn bị họp giao"
        " ban của lãnh đạo cho đến khi chọn đơn vị khác)"
    )
    text = card.inner_text()
    words_only(text, LEADERSHIP_OFFICE_UNIT)
    assert not re.search(r"(?<![\w-])CB(?![\w-])", text), text
    options = offered(office)
    assert "Cục B" not in options and "Cục A" in options
    done(office)

    for username in "huy", "hoa":  # a unit head, a member of staff
        person = signed_in(visit, username)
        refused(person)
        done(person)


# ------------------------------------------------------------------ 2: a Tờ trình's number
def test_the_office_reads_the_submissions_number_and_filters_proposals_by_authority(
    visit, officer, approved_set, histories
):
    office = signed_in(visit, "tdkt")
    follow(office, "Khen thưởng", within="nav#mainnav")
    follow(office, "Quyết định khen thưởng", within="nav#mainnav ul.nav-links")
    follow(office, "Quyết định mới", within="main")
    page = office.page
    higher = page.locator("main").get_by_role("link", name=re.compile("Thủ tướng Chính phủ"))
    if higher.count():
        follow(office, re.compile("Thủ tướng Chính phủ"), within="main")
    chosen(office, approved_set["prime_minister"])
    text = press(office, "Tạo dự thảo")
    decision = Decision.objects.get(proposals=approved_set["prime_minister"])
    number = decision.submission_number
    assert re.fullmatch(rf"1/{SUBMISSION_KIND}(-\S+)?", number), number
    assert f"Số Tờ trình của Bộ: {number}" in " ".join(text.split()), text[:1500]
    assert not YEAR_AS_AMOUNT.search(text)
    links_open(office)

    text = follow(office, "Quyết định khen thưởng", within="main")  # "← Quyết định khen thưởng"
    row = page.locator("main table tbody tr", has_text=decision.summary)
    expect(row).to_contain_text(f"Tờ trình số {number}")
    expect(row).to_contain_text("Thủ tướng Chính phủ")
    assert not YEAR_AS_AMOUNT.search(text)
    links_open(office)
    text = follow(office, decision.summary, within="main table")
    assert f"Số Tờ trình của Bộ: {number}" in " ".join(text.split())

    # the proposals list, by granting authority
    follow(office, "Đề nghị khen thưởng", within="nav#mainnav ul.nav-links")
    rows = page.locator("main table tbody tr")
    everyone = rows.count()
    for person in histories["steady"], histories["star"], histories["disciplined"]:
        expect(page.locator("main table")).to_contain_text(person.full_name)
    page.get_by_label("Cấp có thẩm quyền quyết định").select_option(
        label="Trình Thủ tướng Chính phủ"
    )
    text = press(office, "Xem", within="main form.filters")
    assert "authority=prime_minister" in page.url
    assert rows.count() < everyone
    expect(page.locator("main table")).to_contain_text(histories["star"].full_name)
    for person in histories["steady"], histories["disciplined"]:
        expect(page.locator("main table")).not_to_contain_text(person.full_name)
    for cell in page.locator("main table tbody tr td:nth-child(3)").all_inner_texts():
        assert cell.strip() == "Trình Thủ tướng Chính phủ", cell
    picked = page.get_by_label("Cấp có thẩm quyền quyết định").locator("option:checked")
    expect(picked).to_have_text("Trình Thủ tướng Chính phủ")
    assert not AUTHORITY_CODES.search(page.locator("main").inner_text())
    links_open(office)
    done(office)


# ------------------------------------------------------------------ 3: on the demo
PHONE = {"width": 390, "height": 844}


def my_goals(v: Visit, *, phone: bool) -> str:
    """The menu's "Mục tiêu" ("Mục tiêu của tôi"); on a phone the menu opens from its button."""
    if phone:
        v.page.locator("label.nav-button").click()
    text = follow(v, "Mục tiêu", within="nav#mainnav")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Mục tiêu của tôi")
    return text


def fits(v: Visit) -> None:
    overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{v.page.url} is {overflow} px wider than the phone"


def walk_my_years(v: Visit, plans: dict[int, str], *, phone: bool) -> None:
    """ "Mục tiêu của tôi": the current period (this year's plan, last year's apart as ended,
    waiting to be closed), then last year from the year choice, then the current period
    again. `plans`: the person's plan by year."""
    year = timezone.localdate().year - 1
    this, last = plans[year + 1], plans[year]
    text = my_goals(v, phone=phone)
    years = v.page.locator("nav.period-choice")
    expect(years.locator("[aria-current=page]")).to_have_text("Kỳ hiện tại")
    expect(years.get_by_role("link", name=str(year), exact=True)).to_be_visible()
    ended = v.page.locator("#ended")
    expect(ended).to_have_text("Đã hết kỳ, chờ đóng")
    assert this in text and last in text
    assert text.index(last) > text.index("Đã hết kỳ, chờ đóng") > text.index(this)
    if phone:
        fits(v)
    links_open(v)

    text = follow(v, str(year), within="nav.period-choice")
    assert v.page.url.endswith(f"?year={year}")
    expect(years.locator("[aria-current=page]")).to_have_text(str(year))
    expect(v.page.get_by_role("heading", name=f"Mục tiêu của tôi năm {year}")).to_be_visible()
    assert last in text and this not in text
    assert not YEAR_AS_AMOUNT.search(text)
    assert not v.page.locator("#ended").count()
    if phone:
        fits(v)
    links_open(v)

    text = follow(v, "Kỳ hiện tại", within="nav.period-choice")
    expect(years.locator("[aria-current=page]")).to_have_text("Kỳ hiện tại")
    assert this in text and "Đã hết kỳ, chờ đóng" in text
    if phone:
        fits(v)
    links_open(v)


def test_on_the_demo_a_person_reads_last_years_goals_and_the_office_sets_the_giao_ban_office(
    visit, demo
):
    staff = signed_in(visit, "canbo", DEMO_PASSWORD)
    plans = {
        g.period_start.year: g.title
        for g in Goal.objects.filter(
            owner_person__user__username="canbo", title__startswith="Kế hoạch công tác năm"
        )
    }
    this_year = timezone.localdate().year
    assert {this_year - 1, this_year} <= set(plans), plans  # the demo's 2025 and 2026
    walk_my_years(staff, plans, phone=False)
    phone = signed_in(visit, "canbo", DEMO_PASSWORD)
    phone.page.set_viewport_size(PHONE)
    walk_my_years(phone, plans, phone=True)
    done(staff, phone)

    office = signed_in(visit, "thiduakhenthuong", DEMO_PASSWORD)
    settings_page(office)
    reads_in_words(office)
    # the units are offered by name, a "Văn phòng Cục" with its Cục
    assert "Văn phòng Cục — Cục An toàn thông tin" in offered(office)
    unit = Unit.objects.get(name="Cục An toàn thông tin", valid_to__isnull=True)
    reason = "Quy chế làm việc sửa đổi: Cục An toàn thông tin chuẩn bị giao ban của Bộ"
    choose_office(office, unit.name, reason)
    name = Person.objects.get(user__username="thiduakhenthuong").full_name
    changed_to(office, unit, unit.name, reason, by=name)
    # the Văn phòng Bộ's officer no longer schedules the ministry's giao ban …
    giao_ban(office)
    expect(office.page.get_by_role("heading", name="Lên lịch họp giao ban")).to_have_count(0)
    done(office)

    ministry = Unit.objects.get(depth=0, valid_to__isnull=True).name
    for username in "truongdonvi", "canbo":
        person = signed_in(visit, username, DEMO_PASSWORD)
        refused(person)
        if username == "truongdonvi":  # … the head of the unit chosen does, for the minister
            giao_ban(person)
            meeting_of = person.page.get_by_label("Cuộc họp của").locator("option")
            assert ministry in meeting_of.evaluate_all("els => els.map(e => e.textContent.trim())")
            expect(person.page.get_by_label("Chủ trì")).to_be_visible()
        done(person)


def giao_ban(v: Visit) -> str:
    """The menu's "Mục tiêu", then its "Họp giao ban"."""
    follow(v, "Mục tiêu", within="nav#mainnav")
    return follow(v, "Họp giao ban", within="nav#mainnav ul.nav-links")
