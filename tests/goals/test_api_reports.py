# ruff: noqa: F811 (the review page tests' fixtures, imported)
"""The ministry dashboard and the monthly review through the API (issue 15, point 2): the
same readers and scope as their pages — what a head reads, what another unit's staff reads,
the .xlsx and .docx the page's buttons give, and query values the page refuses answered 422
in Vietnamese, never a 500."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.goals.dashboard import ministry_dashboard
from thidua.goals.review import monthly_review
from thidua.goals.review_export import XLSX_CONTENT_TYPE
from thidua.goals.services import goal_assign

from ..factories import UnitFactory
from .test_review import JUNE, frozen_today, june  # noqa: F401 (fixtures of the page's tests)

API = "/api/v1/goals"


def _as(client, person):
    client.force_login(person.user)
    return client


def _p8(data):
    return next(p for p in data["programmes"] if p["code"] == "P8")


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(BytesIO(content))
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in workbook}


def _invalid(response, name: str) -> str:
    assert response.status_code == 422, response.content
    [item] = response.json()["detail"]
    assert item["loc"] == ["query", name]
    return item["msg"]


# ---------------------------------------------------------------- the review
def test_the_review_is_the_pages_content_for_the_month(june, client):
    data = _as(client, june["head_a"]).get(f"{API}/review", {"month": "2025-06"}).json()
    review = monthly_review(viewer=june["head_a"].user, **JUNE)
    assert (data["month"], data["start"], data["end"]) == ("2025-06", "2025-06-01", "2025-06-30")
    assert data["unit_id"] is None
    assert data["subject"] == "Kết quả thực hiện chiến lược tháng 06/2025"
    assert data["issuer"]["name"] == review.issuer.name
    assert data["at_risk_total"] == review.at_risk_total
    assert data["overdue_total"] == review.overdue_total == 4
    programme = _p8(data)
    at_risk = {g["title"]: g for g in programme["at_risk_goals"]}
    assert at_risk["Số hoá hồ sơ"]["owner"] == "Trần Thị Hoa"
    assert "behind_schedule" in at_risk["Số hoá hồ sơ"]["reasons"]
    assert "Tiến độ chậm hơn thời gian đã trôi qua" in at_risk["Số hoá hồ sơ"]["reason_labels"]
    behind = [i["name"] for i in programme["indicators"] if i["is_behind"]]
    assert behind == ["Dịch vụ công trực tuyến toàn trình", "Tỷ lệ hồ sơ giấy"]
    latest = next(i for i in programme["indicators"] if i["name"] == behind[0])
    assert (Decimal(latest["value"]), latest["measured_on"]) == (Decimal("1234.5"), "2025-06-10")
    overdue = {(c["title"], c["last_checkin_on"]) for c in programme["overdue_checkins"]}
    assert ("Hồ sơ số hoá", "2025-04-15") in overdue
    assert programme["month_end_taken_on"] == "2025-06-30"
    assert [u["id"] for u in data["units"]] == [u.pk for u in review_units_of(june)]


def review_units_of(june):
    return [june[k] for k in ("root", "dept_a", "sec_a", "dept_b", "sec_b")]


def test_a_units_review_ranks_its_sub_units_and_keeps_its_goals(june, client):
    unit = june["dept_a"]
    response = _as(client, june["head_a"]).get(
        f"{API}/review", {"month": "2025-06", "unit_id": unit.pk}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["unit_id"] == unit.pk
    programme = _p8(data)
    assert [u["name"] for u in programme["ranking"]] == ["Phòng A1"]
    assert {g["title"] for g in programme["at_risk_goals"]} == {
        "Dịch vụ công trực tuyến",
        "Số hoá hồ sơ",
    }


def test_another_units_staff_reads_only_the_goals_they_may_see(june, client):
    goal_assign(
        actor=june["head_a"].user,
        parent=june["dept"],
        title="Hướng dẫn người dân",
        owner_person=june["colleague_a"],
        key_results=[{"title": "Lượt hướng dẫn", "baseline": 0, "target": 500}],
    )
    params = {"month": "2025-06", "unit_id": june["sec_a"].pk}
    as_head = _p8(_as(client, june["head_a"]).get(f"{API}/review", params).json())
    as_other = _p8(_as(client, june["staff_b"]).get(f"{API}/review", params).json())
    assert (as_head["goal_count"], as_other["goal_count"]) == (2, 1)


def test_the_month_defaults_to_the_last_one_in_a_months_first_days(june, client):
    data = _as(client, june["staff_b"]).get(f"{API}/review").json()  # on 01/07/2025
    assert data["month"] == "2025-06"


def test_the_review_needs_a_sign_in(client):
    assert client.get(f"{API}/review").status_code == 401
    assert client.get(f"{API}/review/export").status_code == 401
    assert client.get(f"{API}/dashboard").status_code == 401


@pytest.mark.parametrize("path", ["review", "review/export"])
@pytest.mark.parametrize(
    ("params", "name", "said"),
    [
        ({"month": "2026-13"}, "month", "phải là một tháng"),
        ({"month": "2026-00"}, "month", "phải là một tháng"),
        ({"month": "06/2025"}, "month", "phải là một tháng"),
        ({"month": "２０２５-06"}, "month", "phải là một tháng"),
        ({"month": "1999-12"}, "month", "Năm phải từ 2000 đến 2100"),
        ({"month": "2025-006"}, "month", "Tối đa 7 ký tự"),
        ({"unit_id": "99999999999999999999"}, "unit_id", ""),
        ({"unit_id": "abc"}, "unit_id", ""),
        ({"unit_id": "0"}, "unit_id", ""),
        ({"unit_id": "999999"}, "unit_id", "Không có đơn vị này"),
    ],
)
def test_bad_query_values_are_a_422_naming_them(june, client, path, params, name, said):
    response = _as(client, june["head_a"]).get(f"{API}/{path}", params)
    assert said in _invalid(response, name)


def test_a_unit_too_deep_to_scope_a_review_is_refused(june, client):
    deep = UnitFactory(code="CA-P1-T1", name="Tổ 1", parent=june["sec_a"])
    response = _as(client, june["head_a"]).get(f"{API}/review", {"unit_id": deep.pk})
    assert "Không có đơn vị này" in _invalid(response, "unit_id")


# ---------------------------------------------------------------- the files
def test_the_xlsx_is_the_pages_download(june, client):
    _as(client, june["head_a"])
    response = client.get(f"{API}/review/export", {"month": "2025-06", "format": "xlsx"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-giao-ban-2025-06.xlsx"'
    # the API's whole ministry by default; the page's is the viewer's unit, `unit=` the ministry
    page = client.get(reverse("goals:review_xlsx"), {"year": "2025", "month": "6", "unit": ""})
    ours, theirs = _sheets(response.content), _sheets(page.content)
    assert ours == theirs
    risk = [row[1] for row in ours["Mục tiêu có nguy cơ"][1:]]
    assert "Số hoá hồ sơ" in risk


def test_xlsx_is_the_default_and_a_units_file_is_named_for_it(june, client):
    _as(client, june["head_a"])
    unit = june["sec_a"]
    response = client.get(f"{API}/review/export", {"month": "2025-06", "unit_id": unit.pk})
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-giao-ban-2025-06-ca-p1.xlsx"'
    )
    page = client.get(reverse("goals:review_xlsx"), {"year": 2025, "month": 6, "unit": unit.pk})
    assert _sheets(response.content) == _sheets(page.content)


def test_the_docx_is_the_pages_download(june, client):
    _as(client, june["head_a"])
    response = client.get(f"{API}/review/export", {"month": "2025-06", "format": "docx"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-giao-ban-2025-06.docx"'
    # the API's whole ministry by default; the page's is the viewer's unit, `unit=` the ministry
    page = client.get(reverse("goals:review_docx"), {"year": "2025", "month": "6", "unit": ""})

    def text(content):
        document = Document(BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return [p.text for p in document.paragraphs] + cells

    assert text(response.content) == text(page.content)
    assert "Trần Thị Hoa" in " ".join(text(response.content))


def test_an_unknown_format_is_a_422(june, client):
    response = _as(client, june["head_a"]).get(f"{API}/review/export", {"format": "pdf"})
    assert "xlsx" in _invalid(response, "format")


# ---------------------------------------------------------------- the dashboard
def test_the_dashboard_gives_the_pages_figures(june, client):
    response = _as(client, june["head_a"]).get(f"{API}/dashboard")
    assert response.status_code == 200, response.content
    data = response.json()
    page = ministry_dashboard(viewer=june["head_a"].user, today=date(2025, 7, 1))
    assert data["on"] == "2025-07-01"
    [card] = page.cards
    programme = _p8(data)
    assert programme["program_id"] == card.program.pk
    assert (programme["goal_count"], programme["top_goals"], programme["at_risk_goals"]) == (
        card.goal_count,
        card.top_goals,
        card.at_risk_goals,
    )
    assert programme["at_risk_goals"] > 0
    assert Decimal(programme["progress"]) == card.progress
    by_unit = {u["unit_name"]: u for u in data["at_risk_by_unit"]}
    assert by_unit["Cục A"]["unit_id"] == june["dept_a"].pk
    assert by_unit["Cục A"]["at_risk"] >= 1
    assert [(r.label, r.value, r.total) for r in page.at_risk_chart.rows] == [
        (u["unit_name"], u["at_risk"], u["active"]) for u in data["at_risk_by_unit"]
    ]
    assert len(data["checkins_per_week"]) == len(page.activity_chart.columns)
    assert sum(w["checkins"] for w in data["checkins_per_week"]) >= 2  # April is too old
    [line] = data["progress_over_time"]
    assert line["program_id"] == card.program.pk
    assert line["points"][0]["on"] == "2025-06-30"  # the month-end snapshot
    cycle = data["cycle_time"]
    assert cycle["month"] == "2025-07"
    assert cycle["months"][0] == "2025-07" and len(cycle["months"]) == 12


def test_the_dashboard_on_an_earlier_day_counts_the_goals_of_that_day(june, client):
    data = _as(client, june["head_a"]).get(f"{API}/dashboard", {"on": "2024-06-30"}).json()
    assert data["on"] == "2024-06-30"
    assert all(p["goal_count"] == 0 for p in data["programmes"])  # the goals start in 2025


def test_the_cycle_time_panel_follows_the_pages_choices(june, client):
    _as(client, june["head_a"])
    data = client.get(
        f"{API}/dashboard", {"cycle_month": "2025-05", "cycle_unit_id": june["dept_a"].pk}
    ).json()
    assert data["cycle_time"]["month"] == "2025-05"
    assert data["cycle_time"]["unit_name"] == str(june["dept_a"])


@pytest.mark.parametrize(
    ("params", "name", "said"),
    [
        ({"on": "2025-02-30"}, "on", "ngày hợp lệ"),
        ({"on": "1999-12-31"}, "on", "Năm phải từ 2000 đến 2100"),
        ({"on": "0001-01-01"}, "on", "Năm phải từ 2000 đến 2100"),
        ({"on": "9999-12-31"}, "on", "Năm phải từ 2000 đến 2100"),
        ({"on": "01/07/2025"}, "on", "ngày hợp lệ"),
        ({"cycle_month": "2025-13"}, "cycle_month", "phải là một tháng"),
        ({"cycle_month": "2023-01"}, "cycle_month", "08/2024 đến 07/2025"),
        ({"cycle_month": "2025-08"}, "cycle_month", "08/2024 đến 07/2025"),
        ({"cycle_unit_id": "99999999999999999999"}, "cycle_unit_id", ""),
        ({"cycle_unit_id": "999999"}, "cycle_unit_id", "đơn vị mình phụ trách"),
    ],
)
def test_bad_dashboard_values_are_a_422_naming_them(june, client, params, name, said):
    response = _as(client, june["head_a"]).get(f"{API}/dashboard", params)
    assert said in _invalid(response, name)


def test_a_cycle_unit_the_caller_does_not_cover_is_refused_as_on_the_page(june, client):
    response = _as(client, june["staff_b"]).get(
        f"{API}/dashboard", {"cycle_unit_id": june["dept_a"].pk}
    )
    assert "đơn vị mình phụ trách" in _invalid(response, "cycle_unit_id")
    page = client.get(reverse("goals:dashboard"), {"cycle_unit": june["dept_a"].pk})
    assert page.status_code == 400
