"""The downloadable template: the empty workbook and its guide sheet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ..models import Position, Unit
from .format import (
    CATEGORY_LABELS,
    COLUMNS,
    GENDER_LABELS,
    GUIDE_SHEET,
    MAX_GRADE,
    MAX_ROWS_PER_SHEET,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    UNIT_COLUMNS,
    UNIT_KIND_LABELS,
    UNITS_SHEET,
    Column,
    excel_safe,
    require_import_permission,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# --- the template --------------------------------------------------------------------

# typed as text, so Excel keeps 05/03/1990 and the leading 0 of a phone
_TEXT_COLUMNS = {"code", "parent", "valid_from", "employee_code", "date_of_birth"}
_TEXT_COLUMNS |= {"phone", "unit", "position", "post_from"}
_DROPDOWNS: dict[str, Mapping[Any, tuple[str, ...]]] = {
    "kind": UNIT_KIND_LABELS,
    "gender": GENDER_LABELS,
    "category": CATEGORY_LABELS,
}


def import_template(*, actor) -> bytes:
    """The empty workbook to fill in, with a guide sheet: columns, allowed values, the
    position codes and the units already in the system."""
    require_import_permission(actor)
    from openpyxl import Workbook

    workbook = Workbook()
    for index, (sheet_name, columns) in enumerate(COLUMNS.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        _fill_data_sheet(sheet, title=sheet_name, columns=columns)
    _fill_guide(workbook.create_sheet(GUIDE_SHEET))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_data_sheet(sheet: Worksheet, *, title: str, columns: tuple[Column, ...]) -> None:
    """A sheet to fill in: its header row (bold, shaded, frozen), text columns typed as
    text, and a drop-down of the allowed values where there is a list."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE7E9")
    sheet.title = title
    sheet.append([c.header for c in columns])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        sheet[f"{letter}1"].font = bold
        sheet[f"{letter}1"].fill = fill
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.key in _DROPDOWNS:
            values = ",".join(names[0] for names in _DROPDOWNS[column.key].values())
            validation = DataValidation(
                type="list", formula1=f'"{values}"', allow_blank=True, showErrorMessage=False
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS_PER_SHEET + 1}")
            sheet.add_data_validation(validation)


def _fill_guide(guide: Worksheet) -> None:
    """The guide sheet: how to fill in the workbook, every column, the allowed values, the
    positions and the units already in the system."""
    from openpyxl.styles import Alignment, Font

    for letter, width in (("A", 22), ("B", 28), ("C", 14), ("D", 90)):
        guide.column_dimensions[letter].width = width
    guide.append([_("How to fill in this workbook")])
    guide["A1"].font = Font(bold=True, size=14)
    for line in _guide_instructions():
        guide.append([line])
    yes = _("yes")
    _guide_heading(guide, _("Columns"))
    notes = _column_notes()
    _guide_table(
        guide,
        header=[_("Sheet"), _("Column"), _("Required"), _("Notes")],
        rows=(
            [sheet_name, c.header, yes if c.key in _REQUIRED[sheet_name] else "", notes[c.key]]
            for sheet_name, columns in COLUMNS.items()
            for c in columns
        ),
    )
    for title, labels in (
        (UNIT_COLUMNS[3].name, UNIT_KIND_LABELS),
        (PEOPLE_COLUMNS[3].name, GENDER_LABELS),
        (PEOPLE_COLUMNS[4].name, CATEGORY_LABELS),
    ):
        _guide_heading(guide, _("Allowed values: %(column)s") % {"column": title})
        values = ((" / ".join(names), code) for code, names in labels.items())
        _guide_table(guide, header=[_("Value"), _("Code")], rows=values)
    _guide_heading(guide, _("Positions (%(column)s)") % {"column": PEOPLE_COLUMNS[10].name})
    positions = Position.objects.order_by("-level", "name").values_list("code", "name")
    _guide_table(guide, header=[_("Code"), _("Name")], rows=positions)
    _guide_heading(
        guide, _("Units in the system (%(column)s)") % {"column": PEOPLE_COLUMNS[9].name}
    )
    units = Unit.objects.filter(valid_to__isnull=True).order_by("path")
    _guide_table(guide, header=[_("Code"), _("Name")], rows=units.values_list("code", "name"))
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _guide_instructions() -> list[str]:
    return [
        _("Fill in the “%(units)s” sheet, the “%(people)s” sheet or both; keep the header row.")
        % {"units": UNITS_SHEET, "people": PEOPLE_SHEET},
        _("Dates are dd/mm/yyyy. Cells must not start with =, +, - or @ (formulas are refused)."),
        _("Every row is checked first: if any row has a problem, nothing is saved."),
        _(
            "Importing the same file again changes nothing; a changed row updates the unit or person with that code."
        ),
        _(
            "A person kept in sync with the HR system: the fields it carries, the unit and the position are changed there; a row changing them is refused."
        ),
    ]


def _guide_heading(guide: Worksheet, text: str) -> None:
    from openpyxl.styles import Font

    guide.append([])
    guide.append([text])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True, size=12)


def _guide_table(guide: Worksheet, *, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    from openpyxl.styles import Font

    guide.append(header)
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        guide.append([excel_safe(v) for v in row])


_REQUIRED = {
    UNITS_SHEET: {"code", "name", "kind"},
    PEOPLE_SHEET: {"employee_code", "full_name", "category", "unit", "position", "post_from"},
}


def _column_notes() -> dict[str, str]:
    see_values = _("See the allowed values below.")
    return {
        "code": _("Unique; a code already in the system updates that unit."),
        "name": _(
            "A new name for an existing unit takes effect on the day of the import; the old name stays on earlier records."
        ),
        "short_name": "",
        "kind": see_values,
        "parent": _(
            "Code of the parent unit, in this sheet or already in the system; empty for the top unit."
        ),
        "valid_from": _("Required for a new unit; not used for an existing one."),
        "employee_code": _("Unique; a code already in the system updates that person."),
        "full_name": "",
        "date_of_birth": "",
        "gender": see_values,
        "category": see_values,
        "rank": "",
        "grade": _("A whole number from 1 to %(max)s.") % {"max": MAX_GRADE},
        "email": "",
        "phone": _("10 digits starting with 0, or +84 and 9 digits; spaces and dots are allowed."),
        "unit": _("Code of a unit in the “%(units)s” sheet or already in the system.")
        % {"units": UNITS_SHEET},
        "position": _("A code from the list of positions below."),
        "post_from": _(
            "The day the current post started. When the unit or position changes, the previous post ends on this day, which must be after the previous post started."
        ),
    }
