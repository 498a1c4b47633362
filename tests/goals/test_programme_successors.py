"""Programmes that go on: a 2020–2025 programme continued by its 2026–2030 successor. The
monthly review (page, .xlsx, .docx), the dashboard and the unit goal tree group the goals by
the same programme line on any date, and a successor overlapping its predecessor is refused."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.dashboard import ministry_dashboard
from thidua.goals.models import Program
from thidua.goals.programmes import programme_lines
from thidua.goals.review import monthly_review
from thidua.goals.review_export import OTHER_GOALS, programme_label, review_docx, review_xlsx
from thidua.goals.services import goal_create, program_create

DATES = [date(2024, 5, 15), date(2025, 5, 15), date(2026, 5, 15)]


def year_goal(title, program, year, **owner):
    return goal_create(
        actor=SYSTEM,
        title=title,
        program=program,
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        key_results=[{"title": f"Chỉ số: {title}", "baseline": 0, "target": 100}],
        **owner,
    )


@pytest.fixture
def lines(org, program):
    """P8 (2020–2025) goes on as P8-2030 (2026–2030, illustrative); P4 (2020–2025) does not.
    Goals of 2024 and 2025 serve P8 and P4; those of 2026 serve P8's successor."""
    successor = program_create(
        code="P8-2030",
        number=8,
        name="Chuyển đổi số quốc gia (giai đoạn 2026–2030)",
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
        predecessor=program,
        is_illustrative=True,
    )
    egov = program_create(
        code="P4",
        number=4,
        name="Chính phủ điện tử → Chính phủ số",
        period_start=date(2020, 1, 1),
        period_end=date(2025, 12, 31),
    )
    goals = {}
    for year in (2024, 2025):
        top = year_goal(f"Kinh tế số {year}", program, year, owner_unit=org["root"])
        goals[year] = [
            top,
            year_goal(f"Cục A {year}", None, year, owner_unit=org["dept_a"], parent=top),
            year_goal(f"Số hoá {year}", egov, year, owner_person=org["staff_b"]),
        ]
    top = year_goal("Kinh tế số 2026", successor, 2026, owner_unit=org["root"])
    goals[2026] = [
        top,
        year_goal("Cục A 2026", None, 2026, owner_unit=org["dept_a"], parent=top),
        year_goal("Hoa 2026", None, 2026, owner_person=org["staff_a"], parent=top),
    ]
    return {"p8": program, "next": successor, "p4": egov, "goals": goals, **org}


def expected_grouping(world, day):
    """What every page must show on the day: line (its member in force) → goals."""
    if day.year < 2026:
        p8, p4 = world["p8"], world["p4"]
        return {p8.pk: 2, p4.pk: 1}
    return {world["next"].pk: 3, world["p4"].pk: 0}


@pytest.mark.parametrize("day", DATES, ids=lambda d: str(d.year))
def test_review_and_dashboard_group_the_same_goals_under_the_same_line(lines, day):
    viewer = lines["head_a"].user
    review = monthly_review(viewer=viewer, year=day.year, month=day.month)
    dashboard = ministry_dashboard(viewer=viewer, today=day)

    in_review = {p.program_id: p.goal_count for p in review.programmes}
    on_dashboard = {c.program.pk: c.goal_count for c in dashboard.cards}
    assert in_review == on_dashboard == expected_grouping(lines, day)
    # No goal of a programme that goes on falls "outside the programmes".
    assert None not in in_review
    # Both name the same programme, in the same order.
    assert [p.name for p in review.programmes] == [c.program.name for c in dashboard.cards]
    # Every goal of the month sits under the line of its own programme on both pages.
    grouping = programme_lines(on=day)
    for goal in lines["goals"][day.year]:
        key = grouping.key_of(goal.program_id)
        assert key in in_review and key in on_dashboard


def test_the_successors_line_is_marked_illustrative_and_names_what_it_continues(lines):
    review = monthly_review(viewer=lines["head_a"].user, year=2026, month=3)
    line = next(p for p in review.programmes if p.program_id == lines["next"].pk)
    assert line.is_illustrative and line.continues == (lines["p8"].name,)
    assert programme_label(line) == f"8. {lines['next'].name} (minh hoạ)"
    card = next(
        c
        for c in ministry_dashboard(viewer=lines["head_a"].user, today=date(2026, 3, 1)).cards
        if c.program.pk == lines["next"].pk
    )
    assert [p.pk for p in card.line.earlier] == [lines["p8"].pk]


def test_a_predecessors_goal_still_shows_under_its_line_in_the_month_the_successor_starts(
    org, client
):
    """A programme ending mid-month: its goals of that month count under the line, shown as
    the successor in force at month end, on the review and on its files."""
    first = program_create(
        code="Q1",
        number=1,
        name="Bưu chính số",
        period_start=date(2021, 1, 1),
        period_end=date(2026, 6, 15),
    )
    following = program_create(
        code="Q1-2",
        number=1,
        name="Bưu chính số (giai đoạn 2)",
        period_start=date(2026, 6, 16),
        period_end=date(2030, 12, 31),
        predecessor=first,
    )
    goal_create(
        actor=SYSTEM,
        title="Bưu gửi đến hết 15/6",
        owner_unit=org["root"],
        program=first,
        status=GoalStatus.ACTIVE,
        period_kind="program",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 15),
        key_results=[{"title": "Bưu gửi", "baseline": 0, "target": 10}],
    )
    review = monthly_review(viewer=org["head_a"].user, year=2026, month=6)
    assert [(p.program_id, p.goal_count) for p in review.programmes] == [(following.pk, 1)]

    text = "\n".join(p.text for p in Document(BytesIO(review_docx(review))).paragraphs)
    assert "1. Bưu chính số (giai đoạn 2)" in text and OTHER_GOALS not in text
    cells = [
        str(cell.value)
        for sheet in load_workbook(BytesIO(review_xlsx(review))).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert "1. Bưu chính số (giai đoạn 2)" in cells and OTHER_GOALS not in cells


@pytest.mark.parametrize("day", DATES, ids=lambda d: str(d.year))
def test_the_dashboard_and_review_pages_agree_for_a_member_of_staff(
    lines, client, monkeypatch, day
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    client.force_login(lines["staff_b"].user)
    dashboard = client.get(reverse("goals:dashboard")).content.decode()
    review = client.get(reverse("goals:review"), {"year": day.year, "month": day.month})
    assert review.status_code == 200
    body = review.content.decode()

    cards = re.findall(r'id="program-(\d+)"[^>]*?\s+data-goals="(\d+)"', dashboard)
    sections = re.findall(r'data-program-id="(\d*)" data-goals="(\d+)"', body)
    assert {int(pk): int(n) for pk, n in cards} == expected_grouping(lines, day)
    assert {int(pk): int(n) for pk, n in sections} == expected_grouping(lines, day)
    if day.year == 2026:
        assert lines["next"].name in dashboard and lines["next"].name in body
        assert "Mục tiêu ngoài các chương trình" not in body


def test_the_unit_goal_tree_groups_its_goals_under_the_line_in_force(lines, client):
    client.force_login(lines["head_a"].user)
    url = reverse("goals:unit_tree", args=[lines["root"].pk])
    for day, line in ((date(2025, 5, 15), lines["p8"]), (date(2026, 5, 15), lines["next"])):
        body = client.get(url, {"on": day.isoformat()}).content.decode()
        section = re.search(rf'data-program-id="{line.pk}">(.*?)</section>', body, re.S)
        assert section is not None and f"Kinh tế số {day.year}" in section.group(1)


def test_a_successor_overlapping_its_predecessor_is_refused_in_vietnamese(lines):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        program_create(
            code="P4-2030",
            number=4,
            name="Chính phủ số 2025–2030",
            period_start=date(2025, 7, 1),
            period_end=date(2030, 12, 31),
            predecessor=lines["p4"],
        )
    message = refused.value.message_dict["predecessor"][0]
    assert "chồng lên giai đoạn" in message and "01/07/2025" in message
    assert "31/12/2025" in message
    assert not Program.objects.filter(code="P4-2030").exists()


def test_a_programme_has_one_successor_and_a_new_periods_goal_is_sent_to_it(lines):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        program_create(
            code="P8-B",
            number=8,
            name="Một nhánh khác",
            period_start=date(2026, 1, 1),
            period_end=date(2030, 12, 31),
            predecessor=lines["p8"],
        )
    assert "đã có chương trình kế tiếp" in refused.value.message_dict["predecessor"][0]
    with translation.override("vi"), pytest.raises(ValidationError) as outside:
        year_goal("Gắn nhầm chương trình cũ", lines["p8"], 2027, owner_unit=lines["root"])
    assert lines["next"].name in outside.value.message_dict["program"][0]


def test_the_programme_page_shows_its_successor_and_predecessor(lines, client):
    client.force_login(lines["staff_a"].user)
    old = client.get(reverse("goals:program", args=[lines["p8"].pk])).content.decode()
    successor_url = reverse("goals:program", args=[lines["next"].pk])
    assert re.search(rf'id="program-successor">[^<]*<a href="{successor_url}"', old)
    new = client.get(successor_url).content.decode()
    predecessor_url = reverse("goals:program", args=[lines["p8"].pk])
    assert re.search(rf'id="program-predecessor">[^<]*<a href="{predecessor_url}"', new)
    assert "minh hoạ" in new
