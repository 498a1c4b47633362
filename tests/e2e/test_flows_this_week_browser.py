# ruff: noqa: F811 (fixtures of the Party and emulation tests, imported)
"""This week's fixes walked in a real browser, each by the person who does it, on today's date:
what they see, and that every link they are shown opens for them (no 403, 404 or error, the
page's own htmx requests included).

1. A Party cell secretary opens a campaign's page: their cell's counts only, with the note.
2. A member opens the personal link of a Party digest (from the e-mail), presses "Đã đọc và
   quán triệt": the swap says when, in Vietnamese; reloading keeps it.
3. The ministry's leader plans giao ban meetings of the two "Văn phòng Cục": the list tells
   them apart by their parent.
4. The emulation office edits a draft movement from its page, saves, sees the change; once
   launched, the page offers no edit link.
5. The office opens the year's commendation round; the unit head whose person has no final
   rating finds it under the bell and in "Việc của tôi", and its link opens the rating sheet.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from thidua.core.actors import SYSTEM
from thidua.emulation.choices import RatingLevel
from thidua.emulation.services.movements import movement_create
from thidua.messaging import services as messaging_services
from thidua.messaging.models import Delivery
from thidua.org.choices import Role
from thidua.org.services import role_grant
from thidua.party import services as party_services

from ..awards.conftest import rate
from ..emulation.conftest import minister  # noqa: F401
from ..factories import PersonFactory, UnitFactory, UserFactory
from ..party.conftest import party, resolution_text  # noqa: F401
from ..party.test_campaigns import _campaign, _digest
from .test_navigation import _is_broken, _same_origin

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-thử-123"  # every factory user's


class Visit:
    """One person's browser (its own cookies), every same-origin answer it got recorded."""

    def __init__(self, browser, live_server):
        self.base = f"{live_server.url}/"
        self.context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.failed: list[str] = []
        self.checked: set[str] = set()
        self.page.on("response", self._record)

    def _record(self, response) -> None:
        url = urlsplit(response.url)
        if f"{url.scheme}://{url.netloc}/" == self.base and _is_broken(response.status):
            self.failed.append(f"{response.request.method} {url.path} → {response.status}")

    def log_in(self, username: str, *, at: str = "/") -> None:
        """Open `at` (the login form comes first) and sign in: the page lands on `at`."""
        self.page.goto(urljoin(self.base, at))
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_url(re.compile(re.escape(urljoin(self.base, at).rstrip("/")) + "/?$"))

    def broken_links(self) -> list[str]:
        """Every same-origin link on the page (menu, bell and content) not yet followed,
        fetched with this person's session: those answering 403, 404 or a server error."""
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        paths = {_same_origin(self.page.url, h) for h in hrefs} - {None} - self.checked
        broken = []
        for path in sorted(paths):
            self.checked.add(path)
            status = self.page.request.get(urljoin(self.base, path)).status
            if _is_broken(status):
                broken.append(f"{path} → {status}")
        return broken


@pytest.fixture
def visit(transactional_db, browser, live_server):
    """visit() → a new person's browser on the live server; closed at the end."""
    opened: list[Visit] = []

    def _open() -> Visit:
        opened.append(Visit(browser, live_server))
        return opened[-1]

    yield _open
    for v in opened:
        v.context.close()


def _today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


# ------------------------------------------------------------------ 1, 2: a Party campaign
@pytest.fixture
def sent_campaign(party, resolution_text):
    """The committee office sends the approved digest to the whole Đảng bộ, in the app and by
    e-mail (four members, eight deliveries), today; the member of cell A acknowledges it in
    the app."""
    campaign = _campaign(party, _digest(party, resolution_text), channels=("in_app", "email"))
    campaign = party_services.campaign_send(actor=party["office"].user, campaign=campaign)
    campaign.refresh_from_db()
    assert Delivery.objects.filter(dispatch=campaign.dispatch).count() == 8
    return campaign


def _counts(section) -> dict[str, str]:
    return {
        dd.get_attribute("data-count"): dd.inner_text().strip()
        for dd in section.locator("dd[data-count]").all()
    }


def test_a_cell_secretary_sees_their_cells_counts_only_and_every_link_opens(
    visit, party, sent_campaign
):
    in_app = Delivery.objects.get(
        dispatch=sent_campaign.dispatch, person=party["member_a"], channel="in_app"
    )
    messaging_services.delivery_acknowledge(token=in_app.token, viewer=party["member_a"].user)
    url = f"/party/campaigns/{sent_campaign.pk}/"

    secretary = visit()
    secretary.log_in("bithu-a", at=url)
    page = secretary.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đợt quán triệt:")
    progress = page.locator("section[data-scope='own-bodies']")
    expect(progress).to_contain_text("Tiến độ gửi")
    expect(progress).to_contain_text(
        "Chỉ tính đảng viên của các tổ chức đảng do đồng chí phụ trách."
    )
    # cell A: the secretary and the member, two channels each; the member's acknowledgement
    counts = _counts(progress)
    assert (counts["created"], counts["sent"], counts["acknowledged"]) == ("4", "4", "1")
    assert [r.get_attribute("data-cell") for r in page.locator("tr[data-cell]").all()] == ["CB-A"]
    assert "Chi bộ B" not in page.locator("main").inner_text()
    page.wait_for_load_state("networkidle")  # the bell's count and any polling answered
    assert secretary.broken_links() == []
    assert secretary.failed == []

    # The office that sent it follows the whole Đảng bộ on the same page.
    office = visit()
    office.log_in("vanphong-du", at=url)
    expect(office.page.locator("section[data-scope='own-bodies']")).to_have_count(0)
    expect(office.page.locator("dd[data-count='created']")).to_have_text("8")


def test_a_member_acknowledges_the_digest_from_their_personal_link_and_it_stays(
    visit, party, sent_campaign
):
    # The link as the member received it by e-mail (absolute to the site's address).
    [message] = [m for m in mail.outbox if party["member_a"].email in m.to]
    link = re.search(r"https?://[^/\s]+(/messages/m/[^\s/]+)", message.body).group(1)

    member = visit()
    member.log_in("dangvien-a", at=link)  # opened while signed out: the login form first
    page = member.page
    expect(page.get_by_role("heading", level=1)).to_have_text(sent_campaign.dispatch.subject)
    button = page.get_by_role("button", name="Đã đọc và quán triệt")
    expect(button).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    button.click()

    done = page.locator("#acknowledge")
    expect(done).to_contain_text("Đã đọc và quán triệt lúc")
    when = re.search(r"lúc (\d\d/\d\d/\d{4}) \d\d:\d\d\.", done.inner_text())
    assert when is not None, done.inner_text()
    assert when.group(1) == _today()
    assert page.evaluate("window.__sameDocument === true")  # swapped in place, no reload
    expect(button).to_have_count(0)

    page.reload()
    expect(page.locator("#acknowledge")).to_contain_text(f"Đã đọc và quán triệt lúc {_today()}")
    expect(page.get_by_role("button", name="Đã đọc và quán triệt")).to_have_count(0)
    assert member.broken_links() == []
    assert member.failed == []


# ------------------------------------------------------------------ 3: giao ban
def test_the_leader_plans_giao_ban_of_two_namesake_offices_and_the_list_tells_them_apart(
    visit, org, minister
):
    for dept, code in ((org["dept_a"], "CA-VP"), (org["dept_b"], "CB-VP")):
        UnitFactory(code=code, name="Văn phòng Cục", parent=dept, kind="section")
    month = timezone.localdate().strftime("%m/%Y")

    leader = visit()
    leader.log_in("bt")
    page = leader.page
    nav = page.locator("nav#mainnav")
    nav.get_by_role("link", name="Mục tiêu", exact=True).click()
    nav.get_by_role("link", name="Họp giao ban", exact=True).click()
    expect(page.get_by_role("heading", name="Họp giao ban", level=1)).to_be_visible()
    scope = page.get_by_label("Cuộc họp của")
    options = [o.strip() for o in scope.locator("option").all_inner_texts()]
    assert {"Văn phòng Cục — Cục A", "Văn phòng Cục — Cục B"} <= set(options)
    assert "Văn phòng Cục" not in options  # never the bare, ambiguous name

    for office in ("Văn phòng Cục — Cục A", "Văn phòng Cục — Cục B"):
        scope.select_option(label=office)
        page.get_by_role("button", name="Lên lịch").click()  # this month, held today
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Giao ban {month} — {office}")
        expect(page.get_by_text("Đã lên lịch cuộc họp")).to_be_visible()
        assert leader.broken_links() == []
        nav.get_by_role("link", name="Mục tiêu", exact=True).click()
        nav.get_by_role("link", name="Họp giao ban", exact=True).click()

    rows = page.locator("section[aria-labelledby='held'] tbody tr")
    expect(rows).to_have_count(2)
    held = sorted(r.locator("td").nth(1).inner_text().strip() for r in rows.all())
    assert held == ["Văn phòng Cục — Cục A", "Văn phòng Cục — Cục B"]
    assert {r.locator("td").nth(3).inner_text().strip() for r in rows.all()} == {_today()}
    assert leader.broken_links() == []
    assert leader.failed == []


# ------------------------------------------------------------------ 4: a draft movement
def test_the_office_edits_a_draft_movement_from_its_page_and_a_launched_one_has_no_edit_link(
    visit, org, officer
):
    year = timezone.localdate().year
    movement = movement_create(
        actor=officer.user,
        name=f"Thi đua chuyển đổi số {year}",
        kind="regular",
        objectives="Hoàn thành chuyển đổi số các dịch vụ công",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        launched_by=org["root"],
        scope_units=[org["root"]],
        clusters=[],
        criteria=[
            {"name": "Hoàn thành nhiệm vụ", "weight": 2, "max_points": 50},
            {"name": "Sáng kiến", "weight": 1, "max_points": 50},
        ],
    )

    office = visit()
    office.log_in("tdkt")
    page = office.page
    nav = page.locator("nav#mainnav")
    nav.get_by_role("link", name="Thi đua", exact=True).click()
    nav.get_by_role("link", name="Phong trào thi đua", exact=True).click()
    page.get_by_role("link", name=movement.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(movement.name)
    assert office.broken_links() == []

    page.get_by_role("link", name="Sửa bản nháp", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa bản nháp phong trào")
    expect(page.locator("#crit-0-name")).to_have_value("Hoàn thành nhiệm vụ")
    expect(page.locator("#crit-1-name")).to_have_value("Sáng kiến")
    assert office.broken_links() == []
    page.locator("#id_name").fill(f"Thi đua số hoá và cải cách hành chính {year}")
    page.locator("#crit-1-max_points").fill("30")
    page.locator("#crit-2-name").fill("Cải cách hành chính")
    page.locator("#crit-2-max_points").fill("20")
    page.get_by_role("button", name="Lưu bản nháp").click()

    page.wait_for_url(f"**/emulation/movements/{movement.pk}/")
    expect(page.get_by_text("Đã lưu phong trào. Phong trào vẫn là bản nháp.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Thi đua số hoá và cải cách hành chính {year}"
    )
    criteria = page.locator("section.card", has=page.get_by_role("heading", name="Tiêu chí"))
    rows = [
        [c.strip() for c in r.locator("td").all_inner_texts()[:4]]
        for r in criteria.locator("tbody tr").all()
    ]
    assert [r[1] for r in rows] == ["Hoàn thành nhiệm vụ", "Sáng kiến", "Cải cách hành chính"]
    assert [r[3] for r in rows] == ["50", "30", "20"]
    assert office.broken_links() == []

    # Launched from its page: no more editing, and the edit address sends the office back.
    page.get_by_role("button", name=re.compile(r"^Chuyển sang: ")).click()
    expect(page.get_by_role("link", name="Sửa bản nháp")).to_have_count(0)
    edit_url = f"/emulation/movements/{movement.pk}/edit/"
    assert page.locator(f"a[href='{edit_url}']").count() == 0
    page.goto(urljoin(office.base, edit_url))
    page.wait_for_url(f"**/emulation/movements/{movement.pk}/")
    expect(page.locator("ul.messages")).to_contain_text("Chỉ sửa được phong trào")
    assert office.broken_links() == []
    assert office.failed == []


# ------------------------------------------------------------------ 5: the commendation round
def test_opening_the_round_tells_the_unit_head_whose_person_lacks_a_rating_and_links_the_sheet(
    visit, org, officer
):
    head_b = PersonFactory(
        unit=org["dept_b"], full_name="Đinh Công Bằng", user=UserFactory(username="bang")
    )
    role_grant(
        actor=SYSTEM,
        user=head_b.user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )

    office = visit()
    office.log_in("tdkt")
    page = office.page
    nav = page.locator("nav#mainnav")
    nav.get_by_role("link", name="Khen thưởng", exact=True).click()
    nav.get_by_role("link", name="Đợt xét khen thưởng", exact=True).click()
    expect(page.get_by_role("heading", name="Đợt xét khen thưởng", level=1)).to_be_visible()
    # The year the form proposes today: everyone rated for it but Trần Thị Hoa (Cục A).
    year = int(page.locator("input[name=year]").input_value())
    for person in (org["colleague_a"], org["staff_b"], head_b, org["head_a"]):
        rate(person, {year: RatingLevel.HTT})
    page.get_by_role("button", name="Mở đợt xét").click()
    page.wait_for_url(f"**/awards/rounds/{year}/")
    assert office.broken_links() == []
    assert office.failed == []

    title = f"Đợt xét khen thưởng năm {year} đã bắt đầu: 1 người của Cục A chưa có kết quả"
    head = visit()
    head.log_in("huy")
    page = head.page
    work = page.locator("#my-work")
    item = work.locator("li", has_text=title)
    expect(item).to_have_count(1)
    expect(item.locator(".count")).to_have_text("1")
    expect(page.locator("header a.bell .bell-count")).to_have_text(re.compile(r"^[1-9]"))
    assert head.broken_links() == []  # the home page's work item and menu among them

    page.locator("header a.bell").click()
    expect(page.get_by_role("heading", name="Thông báo", exact=True)).to_be_visible()
    page.locator("ul.work").get_by_role("link", name=re.compile(re.escape(title))).click()
    page.wait_for_url(f"**/{org['dept_a'].pk}/{year}/")
    response = page.request.get(page.url)
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("Trần Thị Hoa")
    assert head.broken_links() == []
    assert head.failed == []

    # Cục B's head, whose people are all rated, is told nothing.
    other = visit()
    other.log_in("bang")
    expect(other.page.locator("#my-work")).not_to_contain_text("chưa có kết quả")
