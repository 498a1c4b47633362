"""The monthly review (báo cáo giao ban tháng): what a leader reads in it, and its files."""

import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.factories import PersonFactory, UnitFactory
from thidua.core.actors import SYSTEM
from thidua.core.documents import MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Indicator, IndicatorValue
from thidua.goals.review import (
    DOCUMENT_KIND,
    is_behind_trajectory,
    monthly_review,
    trajectory_value,
)
from thidua.goals.review_export import OTHER_GOALS, review_docx, review_xlsx
from thidua.goals.services import (
    checkin_create,
    goal_assign,
    goal_create,
    goals_refresh_risk,
    snapshots_take,
)

TODAY = date(2025, 7, 1)
JUNE = {"year": 2025, "month": 6}
YEAR_2025 = {
    "period_kind": "year",
    "period_start": date(2025, 1, 1),
    "period_end": date(2025, 12, 31),
}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def kr(goal, title):
    return goal.key_results.get(title=title)


def indicator(program, name, *, baseline, target, direction, values, start=date(2020, 1, 1)):
    ind = Indicator.objects.create(
        program=program,
        name=name,
        baseline_value=Decimal(baseline),
        baseline_on=start,
        target_value=Decimal(target),
        target_on=date(2025, 12, 31),
        direction=direction,
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=ind, measured_on=on, value=Decimal(value)) for on, value in values
    )
    return ind


@pytest.fixture
def june(cascade, program):
    """The cascade of conftest with a second department, check-ins, indicators and a
    month-end snapshot, as the platform would hold them on 1 July 2025."""
    org = cascade
    infra = goal_create(
        actor=SYSTEM,
        title="Hạ tầng số",
        owner_unit=org["dept_b"],
        parent=org["ministry"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Trạm 5G mới", "baseline": 0, "target": 100}],
        **YEAR_2025,
    )
    checkin_create(
        actor=SYSTEM,
        key_result=kr(org["personal"], "Hồ sơ số hoá"),
        value="250",
        confidence="on_track",
        checked_on=date(2025, 4, 15),
    )
    checkin_create(
        actor=SYSTEM,
        key_result=kr(infra, "Trạm 5G mới"),
        value="80",
        confidence="on_track",
        checked_on=date(2025, 6, 20),
    )
    goals_refresh_risk(today=TODAY)
    snapshots_take(on=date(2025, 6, 30))
    # Reported the day after the month closed: moves progress now, not the month-end figure.
    checkin_create(
        actor=SYSTEM,
        key_result=kr(infra, "Trạm 5G mới"),
        value="90",
        confidence="on_track",
        checked_on=date(2025, 7, 1),
    )
    indicators = {
        "up_behind": indicator(
            program,
            "Dịch vụ công trực tuyến toàn trình",
            baseline=0,
            target=5000,
            direction="up",
            # The July value is after the month: June is judged on 10 June's.
            values=[(date(2025, 6, 10), "1234.5"), (date(2025, 7, 1), "5000")],
        ),
        "up_on_track": indicator(
            program,
            "Doanh nghiệp công nghệ số",
            baseline=50000,
            target=100000,
            direction="up",
            values=[(date(2025, 5, 31), "98000")],
        ),
        "down_behind": indicator(
            program,
            "Tỷ lệ hồ sơ giấy",
            baseline=80,
            target=10,
            direction="down",
            values=[(date(2025, 6, 1), "60")],
        ),
        "down_on_track": indicator(
            program,
            "Thời gian xử lý hồ sơ (ngày)",
            baseline=100,
            target=20,
            direction="down",
            values=[(date(2025, 6, 30), "15")],
        ),
    }
    return {**org, "infra": infra, "indicators": indicators}


def p8(review):
    return next(p for p in review.programmes if p.code == "P8")


def leader(june):
    return june["head_a"].user


# ---------------------------------------------------------------- the trajectory rule
def test_trajectory_is_the_straight_line_held_at_both_ends():
    line = {
        "baseline_on": date(2020, 1, 1),
        "baseline_value": Decimal(0),
        "target_on": date(2020, 1, 11),
        "target_value": Decimal(100),
    }
    assert trajectory_value(on=date(2020, 1, 6), **line) == 50
    assert trajectory_value(on=date(2019, 6, 1), **line) == 0
    assert trajectory_value(on=date(2021, 6, 1), **line) == 100


@pytest.mark.parametrize(
    ("direction", "value", "behind"),
    [("up", "49", True), ("up", "50", False), ("down", "51", True), ("down", "50", False)],
)
def test_a_value_on_the_wrong_side_of_the_line_is_behind(direction, value, behind):
    baseline, target = (0, 100) if direction == "up" else (100, 0)
    assert (
        is_behind_trajectory(
            value=Decimal(value),
            on=date(2020, 1, 6),
            baseline_on=date(2020, 1, 1),
            baseline_value=Decimal(baseline),
            target_on=date(2020, 1, 11),
            target_value=Decimal(target),
            direction=direction,
        )
        is behind
    )


# ---------------------------------------------------------------- what the leader reads
def test_indicators_behind_trajectory_are_flagged_in_both_directions(june):
    programme = p8(monthly_review(viewer=leader(june), **JUNE))
    behind = {i.indicator_id for i in programme.indicators_behind}
    ind = june["indicators"]
    assert behind == {ind["up_behind"].pk, ind["down_behind"].pk}
    latest = next(i for i in programme.indicators if i.indicator_id == ind["up_behind"].pk)
    assert (latest.value, latest.measured_on) == (Decimal("1234.5"), date(2025, 6, 10))


def test_at_risk_goals_are_listed_with_their_owners(june):
    programme = p8(monthly_review(viewer=leader(june), **JUNE))
    at_risk = {g.title: g for g in programme.at_risk_goals}
    assert at_risk["Số hoá hồ sơ"].owner == "Trần Thị Hoa"
    assert at_risk["Số hoá hồ sơ"].owner_unit == "Phòng A1"
    assert at_risk["Dịch vụ công trực tuyến"].owner == "Cục A"
    assert "behind_schedule" in at_risk["Số hoá hồ sơ"].reasons
    assert "Hạ tầng số" not in at_risk  # 90% in July: on track
    assert programme.at_risk_count == len(programme.at_risk_goals)


def test_progress_now_is_stored_and_month_end_comes_from_the_snapshot(june, program):
    programme = p8(monthly_review(viewer=leader(june), **JUNE))
    program.refresh_from_db()
    snapshot = program.snapshots.get(taken_on=date(2025, 6, 30))
    assert programme.progress == program.progress
    assert (programme.progress_month_end, programme.month_end_taken_on) == (
        snapshot.progress,
        date(2025, 6, 30),
    )
    assert programme.progress_month_end < programme.progress  # the July check-in


def test_overdue_check_ins_are_listed_with_their_owners(june):
    programme = p8(monthly_review(viewer=leader(june), **JUNE))
    overdue = {(c.title, c.owner, c.last_checkin_on) for c in programme.overdue_checkins}
    assert overdue == {
        ("Hồ sơ số hoá", "Trần Thị Hoa", date(2025, 4, 15)),
        ("Quy trình mới ban hành", "Trần Thị Hoa", None),
        ("Số dịch vụ công toàn trình", "Cục A", None),
        ("Tỷ trọng kinh tế số", "Bộ Thử nghiệm", None),
    }  # "Trạm 5G mới" was checked in on 20 June
    assert programme.overdue_checkins[-1].days_since == (date(2025, 6, 30) - date(2025, 4, 15)).days


def test_a_check_in_after_the_month_does_not_clear_an_overdue_one(june):
    checkin_create(
        actor=SYSTEM,
        key_result=kr(june["dept"], "Số dịch vụ công toàn trình"),
        value="10",
        confidence="on_track",
        checked_on=date(2025, 7, 1),
    )
    june_titles = {
        c.title for c in p8(monthly_review(viewer=leader(june), **JUNE)).overdue_checkins
    }
    july_titles = {
        c.title
        for c in p8(monthly_review(viewer=leader(june), year=2025, month=7)).overdue_checkins
    }
    assert "Số dịch vụ công toàn trình" in june_titles
    assert "Số dịch vụ công toàn trình" not in july_titles


def test_units_are_ranked_by_the_weighted_progress_of_their_top_goals(org, program):
    """Six departments in one programme: the three best lead, the three weakest lag, weakest
    first; a cascaded sub-goal is not counted twice, weights count."""
    units = {"A": org["dept_a"], "B": org["dept_b"]}
    for letter in "CDEF":
        units[letter] = UnitFactory(code=f"C{letter}", name=f"Cục {letter}", parent=org["root"])

    def unit_goal(letter, value, *, weight=1, parent=None):
        goal = goal_create(
            actor=SYSTEM,
            title=f"Mục tiêu {letter} {value}",
            owner_unit=units[letter] if parent is None else None,
            owner_person=parent and PersonFactory(unit=org["sec_a"]),
            parent=parent,
            program=program,
            weight=weight,
            status=GoalStatus.ACTIVE,
            key_results=[{"title": "Kết quả", "baseline": 0, "target": 100}],
            **YEAR_2025,
        )
        checkin_create(
            actor=SYSTEM,
            key_result=goal.key_results.get(),
            value=str(value),
            confidence="on_track",
            checked_on=date(2025, 6, 25),
        )
        return goal

    a_goal = unit_goal("A", 10)
    unit_goal("A", 100, parent=a_goal)  # raises A's goal to (10% + 100%) / 2 = 55%
    for letter, value in (("B", 90), ("D", 70), ("F", 65), ("E", 30)):
        unit_goal(letter, value)
    unit_goal("C", 90, weight=1)
    unit_goal("C", 50, weight=3)  # C: (90 + 3 × 50) / 4 = 60%

    programme = p8(monthly_review(viewer=org["head_a"].user, **JUNE))

    assert [u.name for u in programme.leading] == ["Cục B", "Cục D", "Cục F"]
    assert [u.name for u in programme.lagging] == ["Cục E", "Cục A", "Cục C"]
    standings = {u.name: u for u in programme.ranking}
    assert standings["Cục C"].progress == Decimal("0.6")
    assert standings["Cục A"].progress == Decimal("0.55")
    assert standings["Cục A"].goal_count == 2


def test_a_unit_scope_keeps_only_that_units_goals(june):
    review = monthly_review(viewer=leader(june), unit=june["dept_b"], **JUNE)
    programme = p8(review)
    june["infra"].refresh_from_db()
    assert programme.goal_count == 1
    assert programme.progress == june["infra"].progress  # its only top goal
    assert programme.progress_month_end is None  # snapshots are for the whole programme
    assert programme.at_risk_goals == []
    assert programme.overdue_checkins == []


def test_a_unit_scope_ranks_its_direct_sub_units(june):
    programme = p8(monthly_review(viewer=leader(june), unit=june["dept_a"], **JUNE))
    june["dept"].refresh_from_db()
    assert programme.progress == june["dept"].progress  # the personal goal is under it
    assert [u.name for u in programme.ranking] == ["Phòng A1"]
    assert {g.title for g in programme.at_risk_goals} == {"Dịch vụ công trực tuyến", "Số hoá hồ sơ"}


def test_another_units_staff_does_not_see_unpublished_goals_in_the_report(june):
    goal_assign(
        actor=june["head_a"].user,
        parent=june["dept"],
        title="Hướng dẫn người dân",
        owner_person=june["colleague_a"],
        key_results=[{"title": "Lượt hướng dẫn", "baseline": 0, "target": 500}],
    )
    as_head = p8(monthly_review(viewer=leader(june), unit=june["sec_a"], **JUNE))
    as_other = p8(monthly_review(viewer=june["staff_b"].user, unit=june["sec_a"], **JUNE))
    june["personal"].refresh_from_db()

    assert as_head.goal_count == 2
    assert as_head.progress == june["personal"].progress / 2  # the new goal is still at 0
    assert as_other.goal_count == 1
    assert as_other.progress == june["personal"].progress


def test_goals_outside_the_programmes_are_reviewed_apart(june):
    goal_create(
        actor=SYSTEM,
        title="Tự học tiếng Anh",
        owner_person=june["staff_b"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Bài học", "baseline": 0, "target": 50}],
        **YEAR_2025,
    )
    goals_refresh_risk(today=TODAY)
    review = monthly_review(viewer=leader(june), **JUNE)
    other = review.programmes[-1]
    assert (other.program_id, other.goal_count) == (None, 1)
    assert [g.title for g in other.at_risk_goals] == ["Tự học tiếng Anh"]
    assert "Tự học tiếng Anh" not in {g.title for g in p8(review).at_risk_goals}
    document = Document(BytesIO(review_docx(review)))
    assert OTHER_GOALS in _all_text(document)


def test_the_report_has_a_bounded_number_of_queries(june, django_assert_max_num_queries):
    def grow(count):
        for n in range(count):
            goal = goal_create(
                actor=SYSTEM,
                title=f"Việc {n}",
                owner_person=PersonFactory(unit=june["sec_b"]),
                parent=june["infra"],
                status=GoalStatus.ACTIVE,
                key_results=[{"title": f"Kết quả {n}", "baseline": 0, "target": 10}],
                **YEAR_2025,
            )
            checkin_create(
                actor=SYSTEM,
                key_result=goal.key_results.get(),
                value="1",
                confidence="off_track",
                checked_on=date(2025, 3, 1),
            )
        goals_refresh_risk(today=TODAY)

    viewer = june["staff_b"].user
    grow(3)
    with django_assert_max_num_queries(14):
        small = monthly_review(viewer=viewer, **JUNE)
    grow(12)
    with django_assert_max_num_queries(14):
        large = monthly_review(viewer=viewer, **JUNE)
    assert len(p8(large).overdue_checkins) == len(p8(small).overdue_checkins) + 12


# ---------------------------------------------------------------- the page
def test_the_page_shows_the_review_in_vietnamese_formats(june, client):
    client.force_login(june["head_a"].user)
    response = client.get(reverse("goals:review"), {"year": "2025", "month": "6"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả thực hiện chiến lược tháng 06/2025" in body
    assert "Chuyển đổi số quốc gia" in body
    assert "Trần Thị Hoa" in body
    assert "12,5%" in body  # the personal goal: (25% + 0) / 2
    assert "1.234,5" in body  # the indicator behind its trajectory
    assert "15/04/2025" in body  # last check-in of an overdue key result
    assert f"{reverse('goals:review_xlsx')}?year=2025&amp;month=6" in body
    assert f"{reverse('goals:review_docx')}?year=2025&amp;month=6" in body


def test_the_page_with_a_unit_links_downloads_for_that_unit(june, client):
    client.force_login(june["head_a"].user)
    unit = june["dept_a"]
    body = client.get(
        reverse("goals:review"), {"year": "2025", "month": "6", "unit": unit.pk}
    ).content.decode()
    assert f"year=2025&amp;month=6&amp;unit={unit.pk}" in body
    assert f'<option value="{unit.pk}" selected>' in body
    assert "Hạ tầng số" not in body


def test_an_htmx_request_gets_only_the_review(june, client):
    client.force_login(june["head_a"].user)
    body = client.get(reverse("goals:review"), JUNE, headers={"HX-Request": "true"}).content
    assert b"<html" not in body
    assert "Chuyển đổi số quốc gia".encode() in body


@pytest.mark.parametrize("name", ["goals:review", "goals:review_xlsx", "goals:review_docx"])
@pytest.mark.parametrize(
    "params",
    [
        {"year": "2025", "month": "13"},
        {"year": "abc", "month": "6"},
        {"year": "2025", "month": "-1"},
        {"year": "99999999999999999999999", "month": "6"},
        {"year": "2025", "month": "6", "unit": "999999"},
        {"year": "2025", "month": "6", "unit": "x"},
    ],
)
def test_bad_parameters_are_a_400_with_a_message(june, client, name, params):
    client.force_login(june["head_a"].user)
    response = client.get(reverse(name), params)
    assert response.status_code == 400
    assert response.content.strip()


def test_the_review_needs_a_login(client):
    response = client.get(reverse("goals:review"))
    assert response.status_code == 302


def test_the_page_queries_are_bounded(june, client, django_assert_max_num_queries):
    client.force_login(june["head_a"].user)
    with django_assert_max_num_queries(20):
        client.get(reverse("goals:review"), JUNE)


# ---------------------------------------------------------------- .xlsx
def test_xlsx_keeps_numbers_as_numbers_and_dates_as_dates(june, client):
    client.force_login(june["head_a"].user)
    response = client.get(reverse("goals:review_xlsx"), {**JUNE, "unit": ""})  # whole ministry
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-giao-ban-2025-06.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        "Thông tin chung",
        "Tổng hợp",
        "Chỉ tiêu chậm lộ trình",
        "Mục tiêu có nguy cơ",
        "Đơn vị dẫn đầu - chậm",
        "Chậm cập nhật tiến độ",
    ]
    summary = workbook["Tổng hợp"]
    assert [c.value for c in summary[1]][:3] == ["STT", "Chương trình", "Tiến độ hiện tại"]
    progress, month_end, taken_on = summary["C2"], summary["D2"], summary["E2"]
    june["ministry"].program.refresh_from_db()
    assert progress.value == pytest.approx(float(june["ministry"].program.progress))
    assert progress.number_format == "0.0%"
    assert isinstance(month_end.value, float)
    assert month_end.number_format == "0.0%"
    assert taken_on.value == datetime(2025, 6, 30)
    assert taken_on.number_format == "dd/mm/yyyy"

    overdue = workbook["Chậm cập nhật tiến độ"]
    rows = {row[1].value: row for row in overdue.iter_rows(min_row=2)}
    last = rows["Hồ sơ số hoá"][5]
    assert (last.value, last.number_format) == (datetime(2025, 4, 15), "dd/mm/yyyy")
    assert rows["Hồ sơ số hoá"][6].value == 76

    risk = {row[1].value: row for row in workbook["Mục tiêu có nguy cơ"].iter_rows(min_row=2)}
    assert risk["Số hoá hồ sơ"][2].value == "Trần Thị Hoa"
    assert risk["Số hoá hồ sơ"][4].number_format == "0.0%"
    assert risk["Số hoá hồ sơ"][4].value == pytest.approx(0.125)

    behind = [row[1].value for row in workbook["Chỉ tiêu chậm lộ trình"].iter_rows(min_row=2)]
    assert behind == ["Dịch vụ công trực tuyến toàn trình", "Tỷ lệ hồ sơ giấy"]


def test_xlsx_never_writes_text_as_a_formula(june):
    evil = ['=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-2+3", "@cmd"]
    for title in evil:
        goal_create(
            actor=SYSTEM,
            title=title,
            owner_person=june["staff_b"],
            program=june["ministry"].program,
            status=GoalStatus.ACTIVE,
            key_results=[{"title": title, "baseline": 0, "target": 10}],
            **YEAR_2025,
        )
    goals_refresh_risk(today=TODAY)
    content = review_xlsx(monthly_review(viewer=leader(june), **JUNE))

    workbook = load_workbook(BytesIO(content))
    cells = {
        c.value: c
        for sheet in ("Mục tiêu có nguy cơ", "Chậm cập nhật tiến độ")
        for row in workbook[sheet].iter_rows(min_row=2)
        for c in row[1:3]
    }
    for title in evil:
        assert cells[title].data_type == "s"
        assert cells[title].quotePrefix
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)


# ---------------------------------------------------------------- .docx
def _cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def _all_text(document):
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


def test_docx_follows_the_decree_30_layout(june, client):
    client.force_login(june["head_a"].user)
    unit = june["dept_a"]
    response = client.get(reverse("goals:review_docx"), {**JUNE, "unit": unit.pk})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="bao-cao-giao-ban-2025-06-ca.docx"'
    )
    document = Document(BytesIO(response.content))

    left, right = document.tables[0].rows[0].cells
    governing, issuer, _line, number = _cell_paragraphs(left)
    assert governing.text == "BỘ THỬ NGHIỆM"
    assert issuer.text == "CỤC A"
    assert all(run.bold for run in issuer.runs)
    assert number.text.startswith("Số:")
    assert number.text.endswith("/BC-CA")
    assert not any(ch.isdigit() for ch in number.text)  # the register gives the number

    national, motto, place = _cell_paragraphs(right)
    assert national.text == NATIONAL_TITLE == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(run.bold for run in national.runs)
    assert motto.text == MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert all(run.bold and run.underline for run in motto.runs)
    assert place.text.startswith("Hà Nội, ngày")
    assert all(run.italic for run in place.runs)

    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title_index = next(i for i, p in enumerate(paragraphs) if p.text == DOCUMENT_KIND)
    title, subject = paragraphs[title_index], paragraphs[title_index + 1]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    assert subject.text == "Kết quả thực hiện chiến lược tháng 06/2025"
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER

    text = _all_text(document)
    assert "8. Chuyển đổi số quốc gia" in text
    assert "1.234,5" in text  # the indicator behind, in Vietnamese format
    assert "12,5%" in text  # Hoa's goal
    assert "Trần Thị Hoa" in text
    assert "Hạ tầng số" not in text  # another unit's goal

    recipients_cell, signer_cell = document.tables[-1].rows[0].cells
    recipients = _cell_paragraphs(recipients_cell)[0]
    assert recipients.text == RECIPIENTS_LABEL
    assert all(run.bold and run.italic for run in recipients.runs)
    assert recipients.runs[0].font.size.pt <= 12
    assert _cell_paragraphs(signer_cell)[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_docx_page_and_font(june):
    document = Document(BytesIO(review_docx(monthly_review(viewer=leader(june), **JUNE))))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}
    # The whole ministry: the top of the tree issues it, with no governing body above.
    left = document.tables[0].rows[0].cells[0]
    assert _cell_paragraphs(left)[0].text == "BỘ THỬ NGHIỆM"
    assert _cell_paragraphs(left)[-1].text.endswith("/BC-BTN")  # "Bộ Thử nghiệm"'s initials


def test_a_month_under_way_counts_silence_until_today_not_until_its_end(june, monkeypatch):
    checkin_create(
        actor=SYSTEM,
        key_result=kr(june["personal"], "Hồ sơ số hoá"),
        value="300",
        confidence="on_track",
        checked_on=date(2025, 6, 25),
    )
    july = {"year": 2025, "month": 7}
    # on 7 July, checked in twelve days ago: not silent (at July's end it would be)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 7, 7))
    review = p8(monthly_review(viewer=leader(june), **july))
    assert "Hồ sơ số hoá" not in {c.title for c in review.overdue_checkins}

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 8, 3))
    review = p8(monthly_review(viewer=leader(june), **july))
    silent = next(c for c in review.overdue_checkins if c.title == "Hồ sơ số hoá")
    assert silent.days_since == (date(2025, 7, 31) - date(2025, 6, 25)).days  # July is over
