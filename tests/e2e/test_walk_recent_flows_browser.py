# ruff: noqa: F811 (fixtures of the awards, goals and meetings tests, imported)
"""Issues 11–13's recent flows walked end to end in a real browser, on today's date, each
step by the role that does it and then by the next role who must see it. Each person signs
in on the login page and from there follows only the links and buttons they are shown; no
page or request answers 403, 404 or a server error, and no page shows a raw code (the
scanner of tests/core/test_no_raw_codes.py).

1. A returned proposal: the emulation office returns it to its unit with a note; the unit's
   head finds it in "Việc của tôi", completes it and sends it again; the office finds it back.
2. Decision authority: over proposals the council approved, the office drafts the Minister's
   decision, then the submissions (Tờ trình) for the Prime Minister's and the President's
   awards, and downloads each document (.docx, 200, its content type, its words).
3. Giao ban: the ministry's office (Văn phòng Bộ) plans the ministry's meeting for the
   minister; the minister records a conclusion with an assignment; the assignee finds the
   task in their work (on a 390 px phone).
4. Goal closing: a unit head closes an ended goal with a note from "Mục tiêu cần đóng"; its
   page reads closed; a check-in sent from a page opened before is refused in Vietnamese.

The world is the factory's small ministry (tests/conftest.py's org and the apps' fixtures), on
today's date; flow 4 is walked again by the demo's unit head (truongdonvi) on the demo loaded
today (its goals of 2025 wait to be closed). A proposal returned to the minister who sent it
does not reach him yet (xfail, with the reason). The pages are read in Vietnamese, so the
catalogue must be compiled.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from tests.core import test_no_raw_codes as scan
from thidua.awards.services import council as award_services
from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_for
from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.goals.models import Goal
from thidua.meetings import services as meeting_services
from thidua.meetings.models import BriefingMeeting
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..awards.conftest import histories  # noqa: F401
from ..awards.test_council_services import council  # noqa: F401
from ..awards.test_decision_authority import approved
from ..emulation.conftest import council_member  # noqa: F401
from ..factories import PersonFactory, UserFactory
from ..goals.conftest import cascade, program  # noqa: F401
from ..meetings.test_office_prepares import SINCE, office  # noqa: F401
from .test_flows_this_week_browser import PASSWORD, Visit, visit  # noqa: F401

pytestmark = pytest.mark.e2e

WHY = "Thiếu bản tóm tắt thành tích năm 2025 có xác nhận của đơn vị"
DEMO_PASSWORD = "ThiDua@2026"  # README, "Demo logins"
COMPLETED = "Hoàn thành xuất sắc nhiệm vụ; chủ trì đề tài cấp Bộ về số hoá hồ sơ năm 2025."


@pytest.fixture(scope="module", autouse=True)
def _code_patterns():
    """The scanner's patterns: the project's stored codes, action names, demo logins."""
    scan.CODE_SET.clear()
    scan.CODE_SET.update(scan.stored_codes())
    scan.PATTERNS[:] = scan._patterns()


def seen(v: Visit) -> str:
    """The page now open in v's tab, once loaded: it shows no raw code; its visible text."""
    v.page.wait_for_load_state("load")
    text = scan.visible_text(v.page.content())
    found = [f"{kind} {match!r}: …{context}…" for kind, match, context in scan.raw_codes(text)]
    assert not found, f"{v.page.url}: " + "; ".join(found)
    return text


def follow(v: Visit, name: str | re.Pattern, *, within: str = "body") -> str:
    """Clicks the first link named `name` shown in `within`, then reads the page it opens."""
    link = v.page.locator(within).get_by_role("link", name=name).first
    expect(link).to_be_visible()
    with v.page.expect_navigation():
        link.click()
    return seen(v)


def press(v: Visit, name: str | re.Pattern, *, within: str = "main") -> str:
    """Presses the button named `name` (a form's POST), then reads the page it leads to."""
    button = v.page.locator(within).get_by_role("button", name=name).first
    with v.page.expect_navigation():
        button.click()
    return seen(v)


# A busy test machine (CI runs the suite in parallel) may take longer than Visit's 15 s.
PATIENCE_MS = 30_000


def signed_in(visit, username: str, password: str = PASSWORD) -> Visit:
    """A new person's browser, signed in on the login page: their home page."""
    v = visit()
    v.page.set_default_timeout(PATIENCE_MS)
    v.page.goto(v.base)
    v.page.get_by_label("Tên đăng nhập").fill(username)
    v.page.get_by_label("Mật khẩu").fill(password)
    with v.page.expect_navigation():
        v.page.get_by_role("button", name="Đăng nhập").click()
    expect(v.page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    seen(v)
    return v


def my_work(v: Visit, name: str | re.Pattern) -> str:
    """From the home page, the item of "Việc của tôi" named `name`."""
    return follow(v, name, within="#my-work")


def done(*people: Visit) -> None:
    for v in people:
        assert v.failed == [], v.failed


# ------------------------------------------------------------------ 1: a returned proposal
def return_and_resubmit(office: Visit, unit: Visit, proposal) -> None:
    """Both signed in, on their home pages: the office returns `proposal` with a note, the
    unit's head completes and resubmits it, the office finds it back to check."""
    name = proposal.person.full_name
    my_work(office, re.compile("cần thẩm định"))
    follow(office, name, within="main table")
    office.page.get_by_label("Ghi chú hoặc lý do trả lại").fill(WHY)
    text = press(office, "Trả lại đơn vị")
    proposal.refresh_from_db()
    assert proposal.status == "returned"
    assert WHY in text and "Trả lại đơn vị" in text

    follow(unit, "Trang chủ", within="nav#mainnav")  # the head's next visit
    my_work(unit, re.compile("trả lại đơn vị"))
    follow(unit, name, within="main table")
    page = unit.page
    expect(page.locator("main [role=alert]")).to_contain_text(WHY)
    page.get_by_label("Thành tích (tóm tắt)").fill(COMPLETED)
    press(unit, "Lưu thay đổi")
    text = press(unit, "Gửi bộ phận thi đua – khen thưởng")
    assert COMPLETED in text
    proposal.refresh_from_db()
    assert (proposal.status, proposal.achievements) == ("submitted", COMPLETED)
    assert not page.get_by_role("button", name="Lưu thay đổi").count()
    follow(unit, "Trang chủ", within="nav#mainnav")
    expect(unit.page.locator("#my-work")).not_to_contain_text("trả lại đơn vị")

    follow(office, "Trang chủ", within="nav#mainnav")  # the office's next visit
    my_work(office, re.compile("cần thẩm định"))
    text = follow(office, name, within="main table")
    assert COMPLETED in text
    expect(office.page.get_by_role("button", name="Hồ sơ hợp lệ")).to_be_visible()
    done(office, unit)


def test_the_minister_finds_the_proposal_he_sent_returned(visit, org, officer, histories):
    minister = PersonFactory(
        unit=org["root"], full_name="Lê Bộ Trưởng", user=UserFactory(username="bt")
    )
    role_grant(actor=SYSTEM, user=minister.user, role=Role.LEADERSHIP, valid_from=SINCE)
    proposal = award_services.proposal_create(
        actor=minister.user, code="BK_BO", year=2025, person=histories["star"]
    )
    award_services.proposal_submit(actor=minister.user, proposal=proposal)
    return_and_resubmit(signed_in(visit, "tdkt"), signed_in(visit, "bt"), proposal)


def test_a_returned_proposal_goes_back_to_its_unit_and_comes_back(visit, org, officer, histories):
    head = org["head_a"].user
    proposal = award_services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"], achievements="Tốt."
    )
    award_services.proposal_submit(actor=head, proposal=proposal)
    return_and_resubmit(signed_in(visit, "tdkt"), signed_in(visit, "huy"), proposal)


# ------------------------------------------------------------------ 2: decision authority
@pytest.fixture
def approved_set(org, officer, council, histories):
    """Approved by the council: a Bằng khen of the Minister, one of the Prime Minister and
    a Huân chương Lao động of the President."""
    return {
        "minister": approved(officer, histories["steady"], "BK_BO"),
        "prime_minister": approved(officer, histories["star"], "BK_TTG"),
        "president": approved(officer, histories["disciplined"], "HCLD3"),
    }


def docx_text(v: Visit, name: str) -> str:
    """Clicks the download link named `name`: the file answers 200 as a .docx; its text."""
    link = v.page.locator("main").get_by_role("link", name=name, exact=True)
    with (
        v.page.expect_response(lambda r: ".docx" in r.url) as answer,
        v.page.expect_download() as download,
    ):
        link.click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == DOCX_CONTENT_TYPE
    doc = Document(download.value.path())
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([*cells, *(p.text for p in doc.paragraphs)])


def chosen(v: Visit, proposal) -> None:
    """The new decision's page has `proposal`, and it alone, checked."""
    checked = v.page.locator("main input[name=proposals]:checked")
    expect(checked).to_have_count(1)
    assert checked.get_attribute("value") == str(proposal.pk)


def test_the_office_drafts_the_ministers_decision_and_the_submissions_above(
    visit, officer, approved_set, histories
):
    office = signed_in(visit, "tdkt")
    text = my_work(office, re.compile("cần đưa vào quyết định"))
    page = office.page
    for person in histories["steady"], histories["star"], histories["disciplined"]:
        assert person.full_name in text
    # one decision per authority: the Minister's is drafted here, the others are offered
    for higher in "Thủ tướng Chính phủ", "Chủ tịch nước":
        expect(page.locator("main").get_by_role("link", name=re.compile(higher))).to_have_count(1)
    chosen(office, approved_set["minister"])
    text = press(office, "Tạo dự thảo")
    assert "Ghi nhận ký ban hành" in text and "Ghi nhận quyết định của" not in text
    signed = docx_text(office, "Tải về (.docx)")
    assert "QUYẾT ĐỊNH:" in signed and "TỜ TRÌNH" not in signed
    assert histories["steady"].full_name in signed

    for higher, key, award in (
        ("Thủ tướng Chính phủ", "prime_minister", "Bằng khen"),
        ("Chủ tịch nước", "president", "Huân chương Lao động hạng Ba"),
    ):
        follow(office, "Quyết định khen thưởng", within="main")
        follow(office, "Quyết định mới", within="main")
        if page.locator("main").get_by_role("link", name=re.compile(higher)).count():
            follow(office, re.compile(higher), within="main")
        chosen(office, approved_set[key])
        text = press(office, "Tạo dự thảo")
        assert f"Ghi nhận quyết định của {higher}" in text, text[-2000:]
        submission = docx_text(office, "Tải tờ trình (.docx)")
        assert "TỜ TRÌNH" in submission and "Kính gửi: Thủ tướng Chính phủ." in submission
        assert "QUYẾT ĐỊNH:" not in submission and award in submission
        assert approved_set[key].person.full_name in submission
    done(office)


# ------------------------------------------------------------------ 3: giao ban
@pytest.fixture
def last_month(org, office):
    """Last month's giao ban of the ministry, planned by the office for the minister, held
    and closed: "Việc của tôi" asks the office to prepare this month's."""
    today = timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)
    meeting = meeting_services.meeting_create(
        actor=office["officer"].user, unit=org["root"], year=last.year, month=last.month,
        held_on=last.replace(day=5), chair=office["minister"],
    )  # fmt: skip
    meeting_services.conclusion_add(
        actor=office["officer"].user, meeting=meeting, assignee=org["head_a"],
        text="Rà soát hồ sơ thủ tục hành chính còn tồn đọng", deadline=today + timedelta(days=20),
    )  # fmt: skip
    meeting_services.meeting_close(actor=office["minister"].user, meeting=meeting, send=False)
    return meeting


ASSIGNMENT = "Hoàn thành số hoá hồ sơ lưu trữ của Phòng A1 và báo cáo Bộ trưởng"


def test_the_office_prepares_the_ministrys_giao_ban_and_the_assignee_finds_the_task(
    visit, browser, live_server, org, office, last_month
):
    prepares = signed_in(visit, "td")  # Phòng Thi đua - Khen thưởng of the Văn phòng Bộ
    text = my_work(prepares, re.compile("Chuẩn bị giao ban tháng"))
    page = prepares.page
    today = timezone.localdate()
    page.get_by_label("Chủ trì").select_option(label="Nguyễn Mạnh Bộ (Bộ trưởng)")
    text = press(prepares, "Lên lịch")
    meeting = BriefingMeeting.objects.get(year=today.year, month=today.month)
    assert (meeting.unit, meeting.chair, meeting.created_by) == (
        org["root"], office["minister"], office["officer"].user
    )  # fmt: skip
    assert "Nguyễn Mạnh Bộ" in text and last_month.conclusions.get().text in text  # carried

    chair = signed_in(visit, "bt")
    follow(chair, "Mục tiêu", within="nav#mainnav")
    follow(chair, "Họp giao ban", within="nav#mainnav")
    follow(chair, f"{today:%m/%Y}", within="main table")
    chair.page.get_by_role("textbox", name="Kết luận").fill(ASSIGNMENT)
    chair.page.get_by_label("Giao cho").select_option(label="Trần Thị Hoa (Phòng A1)")
    chair.page.get_by_label("Hạn hoàn thành").fill(f"{today + timedelta(days=10):%Y-%m-%d}")
    text = press(chair, "Ghi kết luận")
    conclusion = meeting.conclusions.get()
    assert conclusion.assignee == org["staff_a"] and conclusion.task is not None
    assert "Đã ghi kết luận." in text and ASSIGNMENT in text
    # the assignments go out with the notice of conclusions, when the meeting closes
    text = press(chair, "Kết thúc cuộc họp và gửi thông báo kết luận")
    assert "thông báo kết luận đã gửi tới những người được giao việc" in text

    # the assignee, on a 390 px phone
    assignee = signed_in(visit, "hoa")
    assignee.page.set_viewport_size({"width": 390, "height": 844})
    text = my_work(assignee, f"Giao ban {today:%m/%Y} giao anh/chị: {ASSIGNMENT}")
    expect(assignee.page.locator("main")).to_contain_text(ASSIGNMENT)
    expect(assignee.page.get_by_role("button", name="Xong").first).to_be_visible()
    notice = docx_text(assignee, "Thông báo kết luận (.docx)")
    assert ASSIGNMENT in notice and org["staff_a"].full_name in notice
    overflow = assignee.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{assignee.page.url} is {overflow} px wider than the phone"
    done(prepares, chair, assignee)


# ------------------------------------------------------------------ 4: closing a goal
NOTE = "Kết thúc kỳ 2025: đã số hoá 400 hồ sơ, phần còn lại chuyển sang mục tiêu năm 2026"


def another_tab(v: Visit) -> Visit:
    """A second tab of the same person (same cookies), its answers recorded with the first's."""
    tab = copy.copy(v)
    tab.page = v.context.new_page()
    tab.page.set_default_timeout(PATIENCE_MS)
    tab.page.on("response", v._record)
    tab.page.goto(v.base)
    seen(tab)
    return tab


def close_with_a_note(head: Visit, goal, others: int) -> None:
    """The head's walk: a tab left on `goal`'s page with its check-in form open; in another,
    "Việc của tôi" → "Mục tiêu cần đóng" (`goal` and `others` more), a note, the row's
    "Đóng": the goal alone is closed, with the note, and its page reads closed; then the
    check-in sent from the first tab is refused in Vietnamese, nothing recorded."""
    stale = another_tab(head)
    my_work(stale, re.compile("cần đóng"))
    follow(stale, goal.title, within="main table")
    kr = goal.key_results.order_by("pk").first()
    form = stale.page.locator(f"form[action$='/key-results/{kr.pk}/check-in/']")
    form.locator("xpath=ancestor::details[1]/summary").click()

    closed = Goal.objects.filter(status="closed").count()
    my_work(head, re.compile("cần đóng"))
    expect(head.page.locator("main table tbody tr")).to_have_count(1 + others)
    head.page.get_by_label("Ghi chú (không bắt buộc)").fill(NOTE)
    text = press(head, "Đóng", within=f"main tr:has-text('{goal.title}')")
    goal.refresh_from_db()
    assert goal.is_closed
    assert Goal.objects.filter(status="closed").count() == closed + 1  # that one only
    expect(head.page.locator("#goal-closed")).to_contain_text("Đã đóng")
    assert "Đã đóng mục tiêu; tiến độ cuối kỳ được giữ nguyên." in text
    (event,) = audit_for(goal).filter(action="goal.closed")
    assert event.data["note"] == NOTE
    assert not head.page.locator(f"form[action$='/key-results/{kr.pk}/check-in/']").count()

    checkins = kr.checkins.count()
    form.locator("input[name=value]").fill(str(kr.target))
    form.locator("input[name=checked_on]").fill(f"{goal.period_end:%d/%m/%Y}")
    with stale.page.expect_navigation():
        form.get_by_role("button", name="Ghi nhận").click()
    text = seen(stale)
    assert "Mục tiêu này đã đóng, không nhận cập nhật tiến độ nữa." in text
    assert kr.checkins.count() == checkins
    done(head)


def test_the_head_closes_an_ended_goal_and_a_late_check_in_is_refused(visit, cascade):
    close_with_a_note(signed_in(visit, "huy"), cascade["personal"], others=1)


@pytest.fixture
def demo(transactional_db):
    """The demo ministry, loaded today (a small one: its goals, giao ban and awards work)."""
    call_command("demo", people=60, stdout=io.StringIO())


# ------------------------------------------------------------------ 4 on the demo
def test_on_the_demo_the_unit_head_closes_a_plan_of_2025(visit, demo):
    """The demo's unit head (truongdonvi) on the demo loaded today: the goals of 2025 wait
    to be closed; one person's plan is closed with a note, as above."""
    head = signed_in(visit, "truongdonvi", DEMO_PASSWORD)
    my_work(head, re.compile("mục tiêu đã hết kỳ cần đóng"))
    rows = head.page.locator("main table tbody tr")
    listed = rows.count()
    title = rows.last.locator("td").first.inner_text().strip()  # a person's plan for 2025
    goal = Goal.objects.get(title=title)
    assert goal.period_end < timezone.localdate()
    follow(head, "Trang chủ", within="nav#mainnav")
    close_with_a_note(head, goal, others=listed - 1)
