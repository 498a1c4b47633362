"""Official documents in the layout of Decree 30/2020/NĐ-CP on administrative documents
(Phụ lục I), shared by every app that prints one: the monthly review (goals), the council's
minutes and decisions (awards), the giao ban notice (meetings).

Here: the fixed legal formulas (Quốc hiệu, Tiêu ngữ, the blank left for the register's
number), the number line ("Số: ……/BC-CA") and the place-and-date line ("Hà Nội, ngày …"),
the letterhead (thể thức: issuing body and number on the left; Quốc hiệu, Tiêu ngữ, place
and date on the right), the page (A4, margins, Times New Roman 13–14 pt, page numbers from
the second page), and python-docx helpers for paragraphs, borderless layout tables and
bordered data tables. Each document keeps its own issuer, wording and sections. The legal
formulas are Vietnamese, as printed, whatever the interface language.
"""

from __future__ import annotations

from datetime import date

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from thidua.core.text import nfc

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Fixed legal formulas of Decree 30/2020/NĐ-CP (Phụ lục I): never translated.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu, as the decree spells it
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ
RECIPIENTS_LABEL = "Nơi nhận:"
PLACE = "Hà Nội"
# Blanks the document register fills in: the platform never invents numbers or signing dates.
NUMBER_BLANK = "……"
DATE_BLANK = f"{PLACE}, ngày {NUMBER_BLANK} tháng {NUMBER_BLANK} năm {NUMBER_BLANK}"
# The signature block of a unit's document.
SIGNER_TITLE = "THỦ TRƯỞNG ĐƠN VỊ"
SIGNER_HINT = "(Ký, ghi rõ họ tên)"

# Decree 30/2020 (Phụ lục I): A4, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm,
# Times New Roman 13–14 pt.
FONT_NAME = "Times New Roman"
FONT_SIZE = Pt(13)
TITLE_SIZE = Pt(14)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}


def set_run_font(run, *, size=None, bold=None, italic=None, underline=None) -> None:
    """The document font on a run (also for East Asian text), with the given size and style."""
    run.font.name = FONT_NAME
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAME)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline


def add_paragraph(
    container,
    text: str = "",
    *,
    align=None,
    size=None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    before: int = 0,
    after: int = 0,
    first_line_mm: float | None = None,
    reuse_first: bool = False,
):
    """A paragraph with one run; in a table cell, `reuse_first` fills its empty first one."""
    paragraph = container.paragraphs[0] if reuse_first else container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_line_mm is not None:
        fmt.first_line_indent = Mm(first_line_mm)
    if text:
        set_run_font(
            paragraph.add_run(nfc(text)), size=size, bold=bold, italic=italic, underline=underline
        )
    return paragraph


# Children of w:tblPr that must come after w:tblBorders (the schema's order; Word checks it).
_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def number_line(*, kind_code: str, short: str, number: str = "") -> str:
    """The số and ký hiệu (Decree 30, Phụ lục I): "Số: 125/QĐ-BTTTT" when the register gave
    the number (`number` holds both, as entered), else "Số: ……/BC-CA", the number left blank
    for the register; just "Số: ……" when the issuer has no abbreviation (a ký hiệu is never
    "BC-" alone)."""
    if number:
        return f"Số: {number}"
    return f"Số: {NUMBER_BLANK}/{kind_code}-{short}" if short else f"Số: {NUMBER_BLANK}"


def date_line(day: date | None = None) -> str:
    """The place and date of issue: "Hà Nội, ngày 05 tháng 03 năm 2026" (the day below 10
    with its 0, as Decree 30 asks), or the blanks the register fills in when undated."""
    if day is None:
        return DATE_BLANK
    # the month keeps two digits, as every document has printed it; the decree asks the 0
    # only before months 1 and 2 ("tháng 3" would do from March on)
    return f"{PLACE}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def no_borders(table) -> None:
    """A table without borders: for the letterhead and signature layouts."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr = table._tbl.tblPr
    successor = next((c for c in tbl_pr if c.tag in {qn(t) for t in _AFTER_BORDERS}), None)
    if successor is None:
        tbl_pr.append(borders)
    else:
        successor.addprevious(borders)


def set_widths(table, widths_mm: list[int]) -> None:
    """Column widths for Word (cell widths) and LibreOffice (the table grid)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def letterhead(document, *, issuer: str, number: str, dated: str, governing: str = ""):
    """The head of a document (Decree 30, Phụ lục I, ô 1–4): on the left the governing body
    (cơ quan chủ quản, capitals, 12 pt, when there is one), the issuing body (capitals, 12 pt,
    bold), a short rule and the number line (`number`, from number_line); on the right the
    Quốc hiệu (capitals, 12 pt, bold), the Tiêu ngữ (bold, underlined) and the place and date
    (`dated`, from date_line, italic). A borderless two-column table; returned."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, [65, 100])
    no_borders(table)
    left, right = table.rows[0].cells
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if governing:
        add_paragraph(left, governing, align=centre, size=Pt(12), reuse_first=True)
    add_paragraph(left, issuer, align=centre, size=Pt(12), bold=True, reuse_first=not governing)
    add_paragraph(left, "_______", align=centre, size=Pt(12))
    add_paragraph(left, number, align=centre, before=6)
    add_paragraph(right, NATIONAL_TITLE, align=centre, size=Pt(12), bold=True, reuse_first=True)
    add_paragraph(right, MOTTO, align=centre, bold=True, underline=True)
    add_paragraph(right, dated, align=centre, italic=True, before=12)
    return table


def page_number_header(section) -> None:
    """Page numbers centred at the top from the second page on (Decree 30, Phụ lục I)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_setup(document) -> None:
    """A4 portrait, the decree's margins and font, page numbers from the second page on."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = FONT_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAME)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    page_number_header(section)


def add_data_table(
    document,
    headers: list[str],
    rows: list[list[str]],
    widths_mm: list[int],
    *,
    centred: tuple[int, ...] = (0,),
):
    """A bordered table; the columns in `centred` (numbers, percentages) are centred."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        add_paragraph(cell, header, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, reuse_first=True)
    for row in rows:
        for column, (cell, value) in enumerate(zip(table.add_row().cells, row, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if column in centred else None
            add_paragraph(cell, value, align=align, reuse_first=True)
    set_widths(table, widths_mm)
    return table


def add_body_line(document, text: str, **kwargs):
    """A justified body paragraph, its first line indented 10 mm."""
    return add_paragraph(
        document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=3, first_line_mm=10, **kwargs
    )
