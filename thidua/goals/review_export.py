"""The monthly review as files: an .xlsx (one sheet per section) and a .docx in the layout of
Decree 30/2020/NĐ-CP on administrative documents.

Both are documents of a Vietnamese agency, so their sheet names, headers and headings are
fixed Vietnamese text (the file format, like the people import's template) whatever the
interface language; risk reasons and numbers are rendered in Vietnamese too. Numbers in the
.xlsx stay numbers (percent and date formats), text that a spreadsheet would run as a
formula is stored as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.text import slugify
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua.core.documents import (
    RECIPIENTS_LABEL,
    SIGNER_HINT,
    SIGNER_TITLE,
    TITLE_SIZE,
    add_body_line,
    add_data_table,
    add_paragraph,
    date_line,
    letterhead,
    no_borders,
    page_setup,
    set_widths,
)
from thidua.core.templatetags.formatting import number, percent
from thidua.core.text import nfc

from .choices import Direction, RiskReason
from .review import (
    DOCUMENT_KIND,
    MonthlyReview,
    ProgrammeReview,
    number_line,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel and LibreOffice run a cell typed with one of these first as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "dd/mm/yyyy"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0###"

# Document text (Vietnamese, fixed).
OTHER_GOALS = "Mục tiêu ngoài các chương trình trọng tâm"
DIRECTION_LABELS = {Direction.UP: "Tăng là tốt", Direction.DOWN: "Giảm là tốt"}
LEADING, LAGGING = "Dẫn đầu", "Chậm"
NOTHING = "Không có."
TOO_FEW_UNITS = "Chưa đủ đơn vị có mục tiêu để so sánh."
DOCX_LIST_LIMIT = 50  # rows per list in the .docx; the .xlsx has them all


def export_filename(review: MonthlyReview, extension: str) -> str:
    """An ASCII file name: bao-cao-giao-ban-2025-06[-ca].xlsx"""
    name = f"bao-cao-giao-ban-{review.year}-{review.month:02d}"
    if review.unit is not None:
        name += f"-{slugify(review.unit.code)}"
    return f"{name}.{extension}"


def programme_label(programme: ProgrammeReview) -> str:
    if programme.program_id is None:
        return OTHER_GOALS
    label = f"{programme.number}. {programme.name}" if programme.number else programme.name
    return f"{label} (minh hoạ)" if programme.is_illustrative else label


def scope_name(review: MonthlyReview) -> str:
    return review.issuer.unit_name


def _risk_labels(codes: Iterable[str]) -> str:
    labels = dict(RiskReason.choices)
    return "; ".join(str(labels.get(code, code)) for code in codes)


# ---------------------------------------------------------------- .xlsx
def _write(ws, row: int, column: int, value: Any, number_format: str | None = None):
    """Write one cell: numbers and dates as such, text never as a formula."""
    if isinstance(value, Decimal):
        value = float(value)
    value = nfc(value)  # one form of each Vietnamese letter (thidua.core.text)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format is not None and value is not None:
        cell.number_format = number_format
    return cell


def _quantity_format(value: Decimal | None) -> str:
    if value is None or value == value.to_integral_value():
        return INTEGER_FORMAT
    return DECIMAL_FORMAT


def _sheet(workbook, title: str, headers: list[tuple[str, int]], rows: Iterable[list]):
    """A sheet with a bold header row, frozen, filterable; rows are (value, format) pairs or
    plain values."""
    ws = workbook.create_sheet(title)
    for column, (header, width) in enumerate(headers, start=1):
        cell = _write(ws, 1, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(column)].width = width
    row_number = 1
    for row_number, row in enumerate(rows, start=2):
        for column, item in enumerate(row, start=1):
            value, number_format = item if isinstance(item, tuple) else (item, None)
            _write(ws, row_number, column, value, number_format)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(row_number, 1)}"
    return ws


def review_xlsx(review: MonthlyReview) -> bytes:
    """The review as a workbook: general information, then one sheet per section."""
    with translation.override("vi"):
        return _review_xlsx(review)


def _review_xlsx(review: MonthlyReview) -> bytes:
    workbook = Workbook()
    _info_sheet(workbook, review)
    for add_sheet in (
        _summary_sheet,
        _indicators_sheet,
        _risk_sheet,
        _units_sheet,
        _overdue_sheet,
    ):
        add_sheet(workbook, review.programmes)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _info_sheet(workbook, review: MonthlyReview) -> None:
    """General information: what, for which scope, which days, made when."""
    info = workbook.active
    info.title = "Thông tin chung"
    for row, (label, value, fmt) in enumerate(
        [
            ("Báo cáo", review.subject, None),
            ("Phạm vi", scope_name(review), None),
            ("Từ ngày", review.start, DATE_FORMAT),
            ("Đến ngày", review.end, DATE_FORMAT),
            ("Ngày lập", review.generated_on, DATE_FORMAT),
        ],
        start=1,
    ):
        _write(info, row, 1, label).font = Font(bold=True)
        _write(info, row, 2, value, fmt)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 60


def _summary_sheet(workbook, programmes: list[ProgrammeReview]) -> None:
    """One row a programme: progress now and at the month's end, counts of each list."""
    _sheet(
        workbook,
        "Tổng hợp",
        [
            ("STT", 6),
            ("Chương trình", 50),
            ("Tiến độ hiện tại", 14),
            ("Tiến độ cuối tháng", 14),
            ("Ngày chốt số liệu", 14),
            ("Số mục tiêu", 10),
            ("Mục tiêu có nguy cơ", 12),
            ("Chỉ tiêu chậm lộ trình", 12),
            ("Chậm cập nhật tiến độ", 12),
        ],
        (
            [
                index,
                programme_label(p),
                (p.progress, PERCENT_FORMAT),
                (p.progress_month_end, PERCENT_FORMAT),
                (p.month_end_taken_on, DATE_FORMAT),
                p.goal_count,
                len(p.at_risk_goals),
                len(p.indicators_behind),
                len(p.overdue_checkins),
            ]
            for index, p in enumerate(programmes, start=1)
        ),
    )


def _indicators_sheet(workbook, programmes: list[ProgrammeReview]) -> None:
    """The programmes' indicators behind their trajectory."""
    _sheet(
        workbook,
        "Chỉ tiêu chậm lộ trình",
        [
            ("Chương trình", 40),
            ("Chỉ tiêu", 45),
            ("Đơn vị tính", 12),
            ("Chiều", 12),
            ("Giá trị gốc", 12),
            ("Ngày gốc", 12),
            ("Mục tiêu", 12),
            ("Thời hạn", 12),
            ("Giá trị mới nhất", 14),
            ("Ngày đo", 12),
            ("Theo lộ trình", 14),
            ("Số liệu minh hoạ", 10),
        ],
        (
            [
                programme_label(p),
                i.name,
                i.unit_of_measure,
                DIRECTION_LABELS.get(i.direction, i.direction),
                (i.baseline_value, _quantity_format(i.baseline_value)),
                (i.baseline_on, DATE_FORMAT),
                (i.target_value, _quantity_format(i.target_value)),
                (i.target_on, DATE_FORMAT),
                (i.value, _quantity_format(i.value)),
                (i.measured_on, DATE_FORMAT),
                (i.expected, DECIMAL_FORMAT),
                "Có" if i.is_illustrative else "",
            ]
            for p in programmes
            for i in p.indicators_behind
        ),
    )


def _risk_sheet(workbook, programmes: list[ProgrammeReview]) -> None:
    """Goals at risk with their reasons."""
    _sheet(
        workbook,
        "Mục tiêu có nguy cơ",
        [
            ("Chương trình", 40),
            ("Mục tiêu", 45),
            ("Phụ trách", 25),
            ("Đơn vị", 25),
            ("Tiến độ", 10),
            ("Kết thúc", 12),
            ("Lý do", 50),
        ],
        (
            [
                programme_label(p),
                g.title,
                g.owner,
                g.owner_unit,
                (g.progress, PERCENT_FORMAT),
                (g.period_end, DATE_FORMAT),
                _risk_labels(g.reasons),
            ]
            for p in programmes
            for g in p.at_risk_goals
        ),
    )


def _units_sheet(workbook, programmes: list[ProgrammeReview]) -> None:
    """Leading and lagging units per programme."""
    _sheet(
        workbook,
        "Đơn vị dẫn đầu - chậm",
        [
            ("Chương trình", 40),
            ("Nhóm", 10),
            ("Thứ tự", 8),
            ("Đơn vị", 35),
            ("Tiến độ", 10),
            ("Số mục tiêu", 10),
            ("Mục tiêu có nguy cơ", 12),
        ],
        (
            [
                programme_label(p),
                group,
                order,
                u.name,
                (u.progress, PERCENT_FORMAT),
                u.goal_count,
                u.at_risk_count,
            ]
            for p in programmes
            for group, units in ((LEADING, p.leading), (LAGGING, p.lagging))
            for order, u in enumerate(units, start=1)
        ),
    )


def _overdue_sheet(workbook, programmes: list[ProgrammeReview]) -> None:
    """Key results whose check-in is overdue."""
    _sheet(
        workbook,
        "Chậm cập nhật tiến độ",
        [
            ("Chương trình", 40),
            ("Kết quả then chốt", 45),
            ("Mục tiêu", 40),
            ("Phụ trách", 25),
            ("Đơn vị", 25),
            ("Cập nhật lần cuối", 14),
            ("Số ngày", 10),
        ],
        (
            [
                programme_label(p),
                c.title,
                c.goal_title,
                c.owner,
                c.owner_unit,
                (c.last_checkin_on, DATE_FORMAT),
                c.days_since,
            ]
            for p in programmes
            for c in p.overdue_checkins
        ),
    )


# ---------------------------------------------------------------- .docx
def _vi_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _letterhead(document, review: MonthlyReview) -> None:
    """Issuing body and number on the left; Quốc hiệu, Tiêu ngữ, place and date on the right."""
    issuer = review.issuer
    letterhead(
        document,
        governing=issuer.governing_name,
        issuer=issuer.name,
        number=number_line(short=issuer.short),
        dated=date_line(),  # the register dates it
    )


def _more_line(document, rows: list) -> None:
    if len(rows) > DOCX_LIST_LIMIT:
        add_body_line(
            document,
            f"… và {len(rows) - DOCX_LIST_LIMIT} mục khác (xem tệp .xlsx).",
            italic=True,
        )


def _programme_section(document, programme: ProgrammeReview) -> None:
    add_paragraph(document, programme_label(programme), bold=True, before=9, after=3)

    progress = f"a) Tiến độ hiện tại: {percent(programme.progress)}"
    if programme.month_end_taken_on is not None:
        progress += (
            f"; cuối tháng (số liệu ngày {_vi_date(programme.month_end_taken_on)}): "
            f"{percent(programme.progress_month_end)}"
        )
    progress += (
        f". Số mục tiêu: {number(programme.goal_count)}, "
        f"trong đó có nguy cơ không đạt: {number(programme.at_risk_count)}."
    )
    add_body_line(document, progress)

    add_body_line(document, "b) Chỉ tiêu chậm so với lộ trình:")
    behind = programme.indicators_behind
    for ind in behind:
        uom = f" {ind.unit_of_measure}" if ind.unit_of_measure else ""
        add_body_line(
            document,
            f"- {ind.name}: {number(ind.value)}{uom} (ngày {_vi_date(ind.measured_on)}), "
            f"theo lộ trình {number(ind.expected)}{uom}; "
            f"mục tiêu {number(ind.target_value)}{uom} vào {_vi_date(ind.target_on)}.",
        )
    if not behind:
        add_body_line(document, NOTHING)

    add_body_line(document, "c) Mục tiêu có nguy cơ không đạt:")
    goals = programme.at_risk_goals
    if goals:
        add_data_table(
            document,
            ["TT", "Mục tiêu", "Phụ trách", "Tiến độ", "Lý do"],
            [
                [str(n), g.title, g.owner, percent(g.progress), _risk_labels(g.reasons)]
                for n, g in enumerate(goals[:DOCX_LIST_LIMIT], start=1)
            ],
            [10, 55, 35, 20, 45],
            centred=(0, 3),
        )
        _more_line(document, goals)
    else:
        add_body_line(document, NOTHING)

    add_body_line(document, "d) Đơn vị dẫn đầu, đơn vị chậm:")
    for label, units in ((LEADING, programme.leading), (LAGGING, programme.lagging)):
        if units:
            names = ", ".join(f"{u.name} ({percent(u.progress)})" for u in units)
            add_body_line(document, f"- {label}: {names}.")
    if not programme.leading:
        add_body_line(document, TOO_FEW_UNITS)

    add_body_line(document, "đ) Chậm cập nhật tiến độ (quá 30 ngày):")
    overdue = programme.overdue_checkins
    if overdue:
        add_data_table(
            document,
            ["TT", "Kết quả then chốt", "Phụ trách", "Cập nhật lần cuối"],
            [
                [
                    str(n),
                    f"{c.title} ({c.goal_title})",
                    c.owner,
                    _vi_date(c.last_checkin_on) if c.last_checkin_on else "Chưa cập nhật",
                ]
                for n, c in enumerate(overdue[:DOCX_LIST_LIMIT], start=1)
            ],
            [10, 80, 40, 35],
            centred=(0, 3),
        )
        _more_line(document, overdue)
    else:
        add_body_line(document, NOTHING)


def _closing(document, review: MonthlyReview) -> None:
    """Nơi nhận at the bottom left, the signer's block at the right."""
    add_paragraph(document, "", after=6)
    table = document.add_table(rows=1, cols=2)
    set_widths(table, [85, 80])
    no_borders(table)
    left, right = table.rows[0].cells
    add_paragraph(left, RECIPIENTS_LABEL, size=Pt(12), bold=True, italic=True, reuse_first=True)
    short = review.issuer.short
    for line in ("- Lãnh đạo Bộ (để báo cáo);", f"- Lưu: VT{', ' + short if short else ''}."):
        add_paragraph(left, line, size=Pt(11))
    centre = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(right, SIGNER_TITLE, align=centre, bold=True, reuse_first=True)
    add_paragraph(right, SIGNER_HINT, align=centre, italic=True)


def review_docx(review: MonthlyReview) -> bytes:
    """The review as an administrative report in the Decree 30/2020 layout."""
    with translation.override("vi"):
        return _review_docx(review)


def _review_docx(review: MonthlyReview) -> bytes:
    document = Document()
    page_setup(document)
    _letterhead(document, review)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(document, DOCUMENT_KIND, align=centre, size=TITLE_SIZE, bold=True, before=18)
    add_paragraph(document, review.subject, align=centre, size=TITLE_SIZE, bold=True)
    add_paragraph(document, "_______", align=centre, after=12)

    add_body_line(
        document,
        f"Báo cáo tổng hợp từ nền tảng Thi Đua ngày {_vi_date(review.generated_on)} "
        f"cho tháng {review.month:02d}/{review.year}, phạm vi: {scope_name(review)}.",
    )

    add_paragraph(document, "I. TỔNG HỢP TIẾN ĐỘ", bold=True, before=9, after=3)
    add_data_table(
        document,
        ["TT", "Chương trình", "Tiến độ", "Mục tiêu có nguy cơ", "Chỉ tiêu chậm"],
        [
            [
                str(n),
                programme_label(p),
                percent(p.progress),
                number(len(p.at_risk_goals)),
                number(len(p.indicators_behind)),
            ]
            for n, p in enumerate(review.programmes, start=1)
        ],
        [10, 75, 25, 30, 25],
        centred=(0, 2, 3, 4),
    )
    if not review.programmes:
        add_body_line(document, NOTHING)

    add_paragraph(document, "II. KẾT QUẢ TỪNG CHƯƠNG TRÌNH", bold=True, before=9, after=3)
    for programme in review.programmes:
        _programme_section(document, programme)

    _closing(document, review)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
