# ruff: noqa: F811 (fixtures of the recent-flows walk, imported)
"""The dashboard's Party panel and the two paged lists, walked in a real browser on the demo
ministry loaded today (it follows the calendar), each by the role that uses them. Each person
signs in on the login page and from there follows only the links they are shown; every link
the walk clicks answers 200 for that person, the panels' and pagers' other links too, no
request answers 403, 404 or a server error, and no page shows a raw code (the scanner of
tests/core/test_no_raw_codes.py, and the cycle kinds' keys and the confidence codes).

1. "Bảng điều hành của Bộ", its cycle-time panel's Party part ("Đợt quán triệt của Đảng"):
   the Party committee office (vanphongdanguy) reads the Party bodies under the Đảng bộ, by
   name, and the slowest lists, each campaign once, with how many members it stands for; the
   bodies' figures add up to the month's. The campaign's link opens its page. A cell's
   secretary (bithu) reads her cell alone. The minister (botruong, a state role) and a member
   of staff (canbo) have no Party part.
2. The assistant (/assistant/): a member of staff with more questions than a page holds reads
   the newest 20, "Cũ hơn" the older ones, "Mới hơn" back; never another person's question.
   "Cập nhật tiến độ cần xác nhận" (/goals/check-ins/to-verify/): the unit head (truongdonvi),
   with more goals waiting than a page holds (the demo's and those added here), reads the
   longest waiting first, page 2 the rest; each goal's link opens its page.

The demo's questions and check-ins are added through the ORM and the goals' services before
the walk (the live server shares the test database). The pages are read in Vietnamese, so
the catalogue must be compiled.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urljoin

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from thidua.assistant.choices import AnswerMode
from thidua.assistant.constants import HISTORY_SHOWN
from thidua.assistant.models import Exchange
from thidua.core.actors import SYSTEM
from thidua.goals.choices import Confidence, GoalStatus
from thidua.goals.cycle_time import SLOWEST, kinds
from thidua.goals.models import CheckIn, Goal
from thidua.goals.selectors import checkins_awaiting_verification
from thidua.goals.services import checkin_create, goal_create
from thidua.goals.views.goals import VERIFY_PAGE_SIZE
from thidua.org.models import PartyOrganization
from thidua.party.demo import BODY_CODE, _bithu
from thidua.party.models import Campaign

from .test_flows_this_week_browser import Visit, visit  # noqa: F401
from .test_walk_recent_flows_browser import (  # noqa: F401
    DEMO_PASSWORD,
    _code_patterns,
    demo,
    done,
    follow,
    my_work,
    seen,
    signed_in,
)

pytestmark = pytest.mark.e2e

PARTY_PANEL = "section[id='cycle-partyacknowledgement']"
PARTY_KIND = "Đợt quán triệt của Đảng (gửi → đảng viên xác nhận)"
# Codes the scanner's patterns do not all catch: a cycle kind's key ("party.acknowledgement",
# "goals.task") and the check-ins' confidence codes, as words.
CODES = re.compile(
    r"(?<![\w/.-])(?:"
    + "|".join(re.escape(c) for c in [*(k.key for k in kinds()), *Confidence.values])
    + r")(?![\w-])"
)


def words(v: Visit) -> str:
    """The page now open shows no raw code: its visible text."""
    text = seen(v)
    assert not CODES.search(text), f"{v.page.url}: {CODES.findall(text)}"
    return text


def click(v: Visit, link) -> str:
    """Clicks `link` (a locator): the page it opens answers 200 and shows words only."""
    expect(link).to_be_visible()
    with v.page.expect_navigation() as navigation:
        link.click()
    answer = navigation.value
    assert answer is not None and answer.status == 200, f"{v.page.url} → {answer and answer.status}"
    return words(v)


def links_answer(v: Visit, within: str) -> None:
    """Every link shown in `within` answers 200 for this person (not only "not broken")."""
    hrefs = (
        v.page.locator(within)
        .locator("a[href]")
        .evaluate_all("els => els.map(e => e.getAttribute('href'))")
    )
    for href in dict.fromkeys(h for h in hrefs if not h.startswith("#")):
        status = v.page.request.get(urljoin(v.page.url, href)).status
        assert status == 200, f"{within} of {v.page.url}: {href} → {status}"


def dashboard(v: Visit) -> str:
    """The menu's "Mục tiêu", then "Bảng điều hành của Bộ": the cycle-time panel shows."""
    follow(v, "Mục tiêu", within="nav#mainnav")
    text = click(
        v,
        v.page.locator("nav#mainnav ul.nav-links").get_by_role(
            "link", name="Bảng điều hành của Bộ"
        ),
    )
    expect(v.page.locator("section#cycle-time h2")).to_have_text(
        "Tốc độ xử lý công việc (thời gian hoàn thành)"
    )
    return text


# ------------------------------------------------------------------ 1: the Party panel
def slowest(panel, kind: str, counted: str) -> list[tuple[str, int, str]]:
    """A slowest list ("closed" or "open") of the panel: (campaign, members, line) a line;
    each campaign once, each line saying how many members `counted`."""
    lines = []
    for item in panel.locator(f"ol.slowest-{kind} > li").all():
        line = " ".join(item.inner_text().split())
        members = re.search(rf"· (\d+) đảng viên {counted}$", line)
        assert members, line
        lines.append((item.get_by_role("link").inner_text().strip(), int(members[1]), line))
    titles = [title for title, _n, _line in lines]
    assert len(titles) == len(set(titles)), titles
    return lines


def party_panel(v: Visit, bodies: list[str]) -> list[tuple[str, int, str]]:
    """The Party part of v's dashboard, in Vietnamese: its Party bodies table lists `bodies`,
    the month's items add up; its slowest lists name sent campaigns, each once. Every link
    of the part answers 200. The lines of both lists."""
    panel = v.page.locator(PARTY_PANEL)
    expect(panel.get_by_role("heading", level=3)).to_have_text(PARTY_KIND)
    table = panel.locator("table.cycle-units")
    expect(table.locator("caption")).to_have_text("Theo tổ chức đảng, trong tháng")
    expect(table.locator("thead th").first).to_have_text("Tổ chức đảng")
    assert sorted(table.locator("tbody th").all_inner_texts()) == sorted(bodies)
    items = int(panel.get_attribute("data-items") or 0)
    ended = table.locator("tbody td:nth-child(4)").all_inner_texts()
    assert sum(int(n) for n in ended) == items  # the bodies' items are the month's
    text = " ".join(panel.inner_text().split())
    campaigns = [str(c) for c in Campaign.objects.filter(sent_at__isnull=False)]
    if items:
        assert f"{items} việc đã xong" in text
        expect(panel.locator("h4", has_text="Xong chậm nhất trong tháng")).to_be_visible()
        closed = slowest(panel, "closed", "đã quán triệt trong tháng")
        if len(campaigns) <= SLOWEST:  # every campaign listed: their members are the month's
            assert sum(n for _title, n, _line in closed) == items
    else:  # (the demo's acknowledgements fall in last month on the month's first days)
        assert "Chưa có việc nào xong trong tháng." in text
        closed = []
    expect(panel.locator("h4", has_text="Mở lâu nhất")).to_be_visible()
    still_open = slowest(panel, "open", "chưa quán triệt")
    assert still_open, text
    assert {title for title, _n, _line in closed + still_open} <= set(campaigns)
    links_answer(v, PARTY_PANEL)
    return closed + still_open


def opens_the_campaign(v: Visit, title: str) -> str:
    """Clicks the campaign `title` in the Party part: its page (200) names its resolution."""
    link = v.page.locator(PARTY_PANEL).get_by_role("link", name=title).first
    text = click(v, link)
    campaign = next(c for c in Campaign.objects.all() if str(c) == title)
    expect(v.page.get_by_role("heading", level=1)).to_have_text(
        f"Đợt quán triệt: {campaign.digest.resolution}"
    )
    return text


def test_the_party_panel_shows_each_party_role_their_bodies_and_no_state_role(visit, demo):
    assert Campaign.objects.filter(sent_at__isnull=False).exists()  # the demo sent one
    top = PartyOrganization.objects.get(code=BODY_CODE, valid_to__isnull=True)
    bodies = list(top.children.filter(valid_to__isnull=True).values_list("name", flat=True))

    office = signed_in(visit, "vanphongdanguy", DEMO_PASSWORD)
    dashboard(office)
    lines = party_panel(office, bodies)
    opens_the_campaign(office, lines[0][0])
    done(office)

    _user, cell = _bithu()
    secretary = signed_in(visit, "bithu", DEMO_PASSWORD)
    dashboard(secretary)
    lines = party_panel(secretary, [cell.name])
    text = " ".join(secretary.page.locator(PARTY_PANEL).inner_text().split())
    for other in bodies:  # no other body of the Đảng bộ
        assert other == cell.name or other not in text, other
    for _title, _n, line in lines:
        assert f"— {cell.name} (" in line, line  # all its members in her cell
    text = opens_the_campaign(secretary, lines[0][0])
    assert "Chỉ tính đảng viên của các tổ chức đảng do đồng chí phụ trách." in text
    done(secretary)

    for username in "botruong", "canbo":  # a state role, a member of staff
        person = signed_in(visit, username, DEMO_PASSWORD)
        text = dashboard(person)
        expect(person.page.locator("section#cycle-time section.cycle-kind").first).to_be_visible()
        expect(person.page.locator(PARTY_PANEL)).to_have_count(0)
        assert "Đợt quán triệt của Đảng" not in text and "Tổ chức đảng" not in text
        done(person)


# ------------------------------------------------------------------ 2: paged lists
ASKED = HISTORY_SHOWN + 5


def questions(username: str, words_of: str, count: int) -> list[str]:
    """`count` questions of `username`, asked an hour apart, the last an hour ago."""
    asker = get_user_model().objects.get(username=username)
    asked = [f"{words_of} số {n:02d}?" for n in range(1, count + 1)]
    rows = Exchange.objects.bulk_create(
        Exchange(asker=asker, question=q, mode=AnswerMode.NOT_FOUND) for q in asked
    )
    now = timezone.now()
    for n, row in enumerate(rows):
        Exchange.objects.filter(pk=row.pk).update(created_at=now - timedelta(hours=count - n))
    return asked


def shown(v: Visit, asked: list[str]) -> list[str]:
    """The questions of `asked` the assistant's page shows, in its order."""
    texts = v.page.locator("#exchanges li.exchange p.question").all_inner_texts()
    found = [next((q for q in asked if q in t), None) for t in texts]
    return [q for q in found if q is not None]


def pager(v: Visit, position: str) -> None:
    expect(v.page.locator("nav.pager span")).to_have_text(position)
    links_answer(v, "nav.pager")


def test_the_assistant_history_and_the_check_ins_to_verify_are_paged(visit, demo):
    mine = questions("canbo", "Câu hỏi thử của cán bộ", ASKED)
    theirs = questions("truongdonvi", "Câu hỏi riêng của trưởng đơn vị", 3)
    waiting = more_waiting("truongdonvi", VERIFY_PAGE_SIZE + 3)

    staff = signed_in(visit, "canbo", DEMO_PASSWORD)
    follow(staff, "Trợ lý", within="nav#mainnav")
    expect(staff.page.get_by_role("heading", level=1)).to_have_text("Trợ lý")
    assert shown(staff, mine) == mine[-HISTORY_SHOWN:]  # the newest 20, oldest first
    pager(staff, "1 / 2")
    expect(staff.page.locator("nav.pager").get_by_role("link", name="Mới hơn")).to_have_count(0)
    text = click(staff, staff.page.locator("nav.pager").get_by_role("link", name="Cũ hơn"))
    assert staff.page.url.endswith("/assistant/?page=2")
    assert shown(staff, mine) == mine[:-HISTORY_SHOWN]
    assert not any(q in text for q in theirs)
    pager(staff, "2 / 2")
    expect(staff.page.locator("nav.pager").get_by_role("link", name="Cũ hơn")).to_have_count(0)
    text = click(staff, staff.page.locator("nav.pager").get_by_role("link", name="Mới hơn"))
    assert shown(staff, mine) == mine[-HISTORY_SHOWN:]
    assert not any(q in text for q in theirs)
    done(staff)

    head = signed_in(visit, "truongdonvi", DEMO_PASSWORD)
    follow(head, "Trợ lý", within="nav#mainnav")
    assert shown(head, theirs) == theirs and not shown(head, mine)
    expect(head.page.locator("nav.pager")).to_have_count(0)

    follow(head, "Trang chủ", within="nav#mainnav")
    my_work(head, re.compile(rf"cần xác nhận trên {len(waiting)} mục tiêu"))
    expect(head.page.get_by_role("heading", level=1)).to_have_text("Cập nhật tiến độ cần xác nhận")
    first = queue_page(head)
    pager(head, "1 / 2")
    click(head, head.page.locator("nav.pager").get_by_role("link", name="Sau"))
    second = queue_page(head)
    pager(head, "2 / 2")
    assert [goal for goal, _day in first] == waiting[:VERIFY_PAGE_SIZE]
    assert [goal for goal, _day in second] == waiting[VERIFY_PAGE_SIZE:]
    days = [day for _goal, day in first + second]
    assert days == sorted(days)  # the longest waiting first, on both pages
    text = click(head, head.page.locator("nav.pager").get_by_role("link", name="Trước"))
    assert queue_page(head) == first
    goal = Goal.objects.get(pk=second[-1][0])
    click(head, head.page.locator("nav.pager").get_by_role("link", name="Sau"))
    click(head, head.page.locator("main table").get_by_role("link", name=goal.title).first)
    expect(head.page.get_by_role("heading", level=1)).to_contain_text(goal.title)
    done(head)


def more_waiting(username: str, at_least: int) -> list[int]:
    """The goals waiting for `username`'s verification, the longest waiting first: the
    demo's, and enough goals of a person whose goal already waits for them — each with a
    check-in recorded 1 to `at_least` weeks ago — to make `at_least`."""
    head = get_user_model().objects.get(username=username)
    works = checkins_awaiting_verification(viewer=head)
    person = (
        Goal.objects.filter(pk__in=[w.goal_id for w in works], owner_person__user__isnull=False)
        .first()
        .owner_person
    )
    today = timezone.localdate()
    year = date(today.year, 1, 1), date(today.year, 12, 31)
    for n in range(1, at_least - len(works) + 1):
        goal = goal_create(
            actor=SYSTEM,
            title=f"Số hoá hồ sơ lưu trữ đợt {n:02d}",
            owner_person=person,
            status=GoalStatus.ACTIVE,
            period_kind="year",
            period_start=year[0],
            period_end=year[1],
            key_results=[
                {"title": "Hồ sơ số hoá", "baseline": 0, "target": 100, "due_date": year[1]}
            ],
        )
        checkin = checkin_create(
            actor=person.user,
            key_result=goal.key_results.get(),
            value=10,
            confidence=Confidence.ON_TRACK,
            checked_on=max(today - timedelta(weeks=n), year[0]),
        )
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=timezone.now() - timedelta(weeks=n))
    works = checkins_awaiting_verification(viewer=head)
    assert len(works) > VERIFY_PAGE_SIZE
    return [w.goal_id for w in works]


def queue_page(v: Visit) -> list[tuple[int, date]]:
    """The goals the open page of "Cập nhật tiến độ cần xác nhận" lists, with the day each
    waits since, as shown; every link of its table answers 200."""
    rows = []
    for row in v.page.locator("main table tbody tr").all():
        href = row.get_by_role("link").get_attribute("href") or ""
        goal = re.search(r"/goals/(\d+)/$", href)
        since = re.search(r"chờ từ (\d\d)/(\d\d)/(\d{4})", row.inner_text())
        assert goal and since, row.inner_text()
        rows.append((int(goal[1]), date(int(since[3]), int(since[2]), int(since[1]))))
    links_answer(v, "main table")
    return rows
