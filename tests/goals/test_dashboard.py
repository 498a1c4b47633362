"""The ministry dashboard by programme and the programme page, read in Vietnamese."""

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.goals.choices import Direction, GoalStatus
from thidua.goals.models import Indicator, IndicatorValue, Program
from thidua.goals.services import checkin_create, goal_create, snapshots_take

TODAY = date(2025, 7, 1)
YEAR = {"period_kind": "year", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


class Page(HTMLParser):
    """The parts of a page the tests read: tables by id (rows of cell texts) and the
    attributes of every element that has an id."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.attrs: dict[str, dict[str, str]] = {}
        self._table = self._row = self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attrs[attrs["id"]] = attrs
        if tag == "table" and "id" in attrs:
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def make_goal(title, program, **owner):
    return goal_create(
        actor=SYSTEM,
        title=title,
        program=program,
        status=GoalStatus.ACTIVE,
        key_results=[{"title": f"Chỉ số: {title}", "baseline": 0, "target": 100}],
        **YEAR,
        **owner,
    )


def check_in(goal, value, on, confidence="on_track"):
    return checkin_create(
        actor=SYSTEM,
        key_result=goal.key_results.get(),
        value=value,
        confidence=confidence,
        checked_on=on,
    )


@pytest.fixture
def ministry(org, program):
    """Two programmes, goals in Cục A and Cục B, check-ins in June, two nightly snapshots.

    P8: Cục A's goal at 25% (behind schedule: at risk), Cục B's at 0% (at risk) → 12,5%.
    P4: Hoa's goal (Cục A) at 60% on track, Châu's (Cục B) at 80% but off track → 70%.
    """
    egov = Program.objects.create(
        code="P4",
        number=4,
        name="Chính phủ điện tử → Chính phủ số",
        period_start=date(2020, 1, 1),
        period_end=date(2025, 12, 31),
    )
    goals = {
        "a": make_goal("Dịch vụ công toàn trình", program, owner_unit=org["dept_a"]),
        "b": make_goal("Hạ tầng số", program, owner_unit=org["dept_b"]),
        "c": make_goal("Số hoá hồ sơ", egov, owner_person=org["staff_a"]),
        "d": make_goal("Chữ ký số", egov, owner_person=org["staff_b"]),
    }
    snapshots_take(on=date(2025, 6, 1))
    check_in(goals["c"], 30, date(2025, 5, 6))
    check_in(goals["a"], 25, date(2025, 6, 30))
    check_in(goals["c"], 60, date(2025, 6, 24))
    check_in(goals["d"], 80, date(2025, 6, 25), confidence="off_track")
    snapshots_take(on=TODAY)
    return {"p8": program, "p4": egov, **goals, **org}


def get(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return Page(response.content.decode())


# ---------------------------------------------------------------- dashboard
def test_each_programme_card_shows_progress_in_vietnamese_and_its_goal_counts(ministry, client):
    client.force_login(ministry["staff_b"].user)
    body = client.get(reverse("goals:dashboard")).content.decode()
    page = Page(body)
    p8, p4 = page.attrs[f"program-{ministry['p8'].pk}"], page.attrs[f"program-{ministry['p4'].pk}"]
    assert (p8["data-top-goals"], p8["data-at-risk"]) == ("2", "2")
    assert (p4["data-top-goals"], p4["data-at-risk"]) == ("2", "1")
    assert "12,5%" in body and "70%" in body
    assert reverse("goals:program", args=[ministry["p8"].pk]) in body


def test_progress_over_time_has_a_point_per_nightly_snapshot(ministry, client):
    page = get(client, ministry["head_a"].user, "goals:dashboard")
    assert page.tables["table-progress"] == [
        ["Ngày", "4. Chính phủ điện tử → Chính phủ số", "8. Chuyển đổi số quốc gia"],
        ["01/06/2025", "0%", "0%"],
        ["01/07/2025", "70%", "12,5%"],
    ]
    assert "chart-progress-title" in page.attrs  # the SVG's accessible name


def test_goals_at_risk_are_counted_per_unit_most_at_risk_first(ministry, client):
    page = get(client, ministry["staff_a"].user, "goals:dashboard")
    rows = page.tables["table-risk"][1:]
    assert rows == [["Cục B", "2", "2"], ["Cục A", "1", "2"]]


def test_check_ins_are_counted_per_week_with_quiet_weeks_as_zero(ministry, client):
    page = get(client, ministry["staff_a"].user, "goals:dashboard")
    weeks = dict(page.tables["table-activity"][1:])
    assert weeks["05/05/2025"] == "1"
    assert weeks["02/06/2025"] == "0"
    assert weeks["23/06/2025"] == "2"
    assert weeks["30/06/2025"] == "1"
    assert list(weeks)[-1] == "30/06/2025"  # this week, still running
    assert len(weeks) == 12


def test_dashboard_charts_are_inline_svg_without_scripts(ministry, client):
    client.force_login(ministry["staff_a"].user)
    body = client.get(reverse("goals:dashboard")).content.decode()
    assert body.count("<svg viewBox=") == 3
    main = body.split('<main id="main">')[1].split("</main>")[0]
    assert "<script" not in main
    assert 'src="http' not in body and 'href="http' not in body  # nothing from a CDN


def test_chart_coordinates_stay_plain_numbers_in_vietnamese(ministry, client):
    client.force_login(ministry["staff_a"].user)
    page = client.get(reverse("goals:dashboard")).content.decode()
    body = page.split('<main id="main">')[1].split("</main>")[0]  # the charts, not the bell icon
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', body)
    assert coordinates
    assert all(re.fullmatch(r"\d+(\.\d)?", c) for c in coordinates), coordinates
    paths = re.findall(r'<path d="([^"]*)"', body)
    assert paths
    assert all(re.fullmatch(r"M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)*", d) for d in paths), paths


def test_english_readers_get_english_number_formats(ministry, client):
    client.force_login(ministry["staff_a"].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("goals:dashboard")).content.decode()
    assert "12.5%" in body and "12,5%" not in body


def test_dashboard_without_any_data_still_renders(org, client):
    page = get(client, org["staff_a"].user, "goals:dashboard")
    assert "table-progress" not in page.tables
    assert [row[1] for row in page.tables["table-activity"][1:]] == ["0"] * 12


def test_dashboard_queries_do_not_grow_with_goals_and_check_ins(
    ministry, client, django_assert_max_num_queries
):
    client.force_login(ministry["head_a"].user)
    url = reverse("goals:dashboard")
    # 14: 12 today, 4 of them session, user, permissions; + 17 for the cycle-time panel of a
    # head before any nightly summary (5 kinds x trend, slowest ended, oldest open; names)
    # + 1: whether the goals are counted in the stored roll-ups per unit (thidua.goals.rollups)
    with django_assert_max_num_queries(32):
        client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(5):
        goal = make_goal(f"Mục tiêu thêm {i}", ministry["p4"], owner_unit=ministry["sec_b"])
        check_in(goal, 10 * i, date(2025, 6, 2 + i))
    snapshots_take(on=date(2025, 6, 15))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


# ---------------------------------------------------------------- programme page
@pytest.fixture
def indicators(ministry):
    """P8's national indicators over 2021–2022 (730 days: 1 January 2022 is half way)."""
    p8 = ministry["p8"]
    share = Indicator.objects.create(
        program=p8,
        name="Tỷ trọng kinh tế số trong GDP",
        unit_of_measure="%",
        baseline_value=Decimal(10),
        baseline_on=date(2021, 1, 1),
        target_value=Decimal(20),
        target_on=date(2023, 1, 1),
        direction=Direction.UP,
        source="Bài 000",
    )
    rank = Indicator.objects.create(
        program=p8,
        name="Xếp hạng an toàn thông tin",
        unit_of_measure="hạng",
        baseline_value=Decimal(100),
        baseline_on=date(2021, 1, 1),
        target_value=Decimal(50),
        target_on=date(2023, 1, 1),
        direction=Direction.DOWN,
        is_illustrative=True,
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=share, measured_on=date(2021, 7, 1), value=Decimal("12.5")),
            IndicatorValue(indicator=share, measured_on=date(2022, 1, 1), value=Decimal("14.5")),
            IndicatorValue(indicator=rank, measured_on=date(2022, 1, 1), value=Decimal(70)),
        ]
    )
    return {"share": share, "rank": rank}


def test_programme_page_shows_name_period_progress_and_its_goals(ministry, indicators, client):
    client.force_login(ministry["staff_b"].user)
    body = client.get(reverse("goals:program", args=[ministry["p8"].pk])).content.decode()
    assert "8. Chuyển đổi số quốc gia" in body
    assert "01/01/2020–31/12/2025" in body
    assert "12,5%" in body
    goals = body.split('id="program-goals"')[1].split("</ul>")[0]
    assert reverse("goals:detail", args=[ministry["a"].pk]) in goals
    assert reverse("goals:detail", args=[ministry["b"].pk]) in goals
    assert "Cục A" in goals and "Cục B" in goals
    assert goals.count('class="badge risk"') == 2
    assert "Số hoá hồ sơ" not in goals  # a goal of the other programme


def test_indicator_shows_baseline_target_latest_value_and_trajectory(ministry, indicators, client):
    client.force_login(ministry["staff_a"].user)
    body = client.get(reverse("goals:program", args=[ministry["p8"].pk])).content.decode()
    page = Page(body)
    share = indicators["share"]
    section = body.split(f'id="indicator-{share.pk}"')[1].split("</section>")[0]
    assert "10 %" in section and "01/01/2021" in section  # baseline
    assert "20 %" in section and "01/01/2023" in section  # target and deadline
    assert "<strong>14,5</strong>" in section  # the latest value, in Vietnamese format
    assert "Bài 000" in section
    assert page.tables[f"table-indicator-{share.pk}"][1:] == [
        ["01/07/2021", "12,5", "12,48"],  # 181 of 730 days along the line from 10 to 20
        ["01/01/2022", "14,5", "15"],
    ]
    rank = body.split(f'id="indicator-{indicators["rank"].pk}"')[1].split("</section>")[0]
    assert 'class="badge illustrative"' in rank
    assert 'class="badge illustrative"' not in section


def test_behind_trajectory_flag_for_both_directions(ministry, indicators, client):
    page = get(client, ministry["staff_a"].user, "goals:program", ministry["p8"].pk)
    # Higher is better: 14,5 on 1/1/2022 against 15 on the line → behind.
    assert page.attrs[f"indicator-{indicators['share'].pk}"]["data-behind"] == "true"
    # Lower is better: rank 70 against 75 on the line → ahead.
    assert page.attrs[f"indicator-{indicators['rank'].pk}"]["data-behind"] == "false"


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "value", "behind"),
    [
        (Direction.UP, 100, 200, 160, "false"),
        (Direction.UP, 100, 200, 140, "true"),
        (Direction.DOWN, 50, 10, 25, "false"),
        (Direction.DOWN, 50, 10, 35, "true"),
    ],
    ids=["up-ahead", "up-behind", "down-ahead", "down-behind"],
)
def test_latest_value_decides_the_flag(
    ministry, client, direction, baseline, target, value, behind
):
    indicator = Indicator.objects.create(
        program=ministry["p4"],
        name="Chỉ tiêu thử",
        baseline_value=baseline,
        baseline_on=date(2021, 1, 1),
        target_value=target,
        target_on=date(2023, 1, 1),
        direction=direction,
    )
    IndicatorValue.objects.create(
        indicator=indicator, measured_on=date(2021, 6, 1), value=baseline
    )  # on track once; only the latest counts
    IndicatorValue.objects.create(indicator=indicator, measured_on=date(2022, 1, 1), value=value)
    page = get(client, ministry["staff_a"].user, "goals:program", ministry["p4"].pk)
    assert page.attrs[f"indicator-{indicator.pk}"]["data-behind"] == behind


def test_an_indicator_never_measured_is_neither_behind_nor_on_track(ministry, client):
    indicator = Indicator.objects.create(
        program=ministry["p4"],
        name="Chưa đo",
        baseline_value=0,
        baseline_on=date(2021, 1, 1),
        target_value=10,
        target_on=date(2023, 1, 1),
    )
    page = get(client, ministry["staff_a"].user, "goals:program", ministry["p4"].pk)
    assert page.attrs[f"indicator-{indicator.pk}"]["data-behind"] == "unknown"
    assert page.tables[f"table-indicator-{indicator.pk}"][1:] == []


def test_another_units_draft_goal_is_not_listed_on_the_programme_page(ministry, client):
    goal_create(
        actor=ministry["staff_a"].user,
        title="Ý tưởng riêng",
        owner_person=ministry["staff_a"],
        program=ministry["p8"],
        **YEAR,
    )
    url = reverse("goals:program", args=[ministry["p8"].pk])
    client.force_login(ministry["staff_b"].user)
    assert "Ý tưởng riêng" not in client.get(url).content.decode()
    client.force_login(ministry["staff_a"].user)
    assert "Ý tưởng riêng" in client.get(url).content.decode()


def test_unknown_programme_is_404(org, client):
    client.force_login(org["staff_a"].user)
    assert client.get(reverse("goals:program", args=[999])).status_code == 404


def test_programme_page_queries_do_not_grow_with_goals_and_values(
    ministry, indicators, client, django_assert_max_num_queries
):
    client.force_login(ministry["staff_a"].user)
    url = reverse("goals:program", args=[ministry["p8"].pk])
    with django_assert_max_num_queries(14):  # 12 today, 4 of them session, user, permissions
        client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(4):
        make_goal(f"Mục tiêu thêm {i}", ministry["p8"], owner_unit=ministry["sec_a"])
        IndicatorValue.objects.create(
            indicator=indicators["rank"], measured_on=date(2022, 2, 1 + i), value=69 - i
        )
    snapshots_take(on=date(2025, 6, 15))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


# ---------------------------------------------------------------- access
@pytest.mark.parametrize("name", ["goals:dashboard", "goals:program"])
def test_pages_send_anonymous_visitors_to_log_in(ministry, client, name):
    args = [ministry["p8"].pk] if name == "goals:program" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
