"""Reading the workbook: size and signature checks, then each sheet's rows by column key."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from .format import (
    COLUMNS,
    MAX_ROWS_PER_SHEET,
    ZIP_SIGNATURE,
    Progress,
    RowError,
    header_key,
    is_blank,
    label_key,
)

logger = logging.getLogger(__name__)


# --- reading the file ----------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, dict[str, Any]]]  # (Excel row number, {column key: cell value})


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def check_upload(file: IO[bytes]) -> list[RowError]:
    """The cheap checks, before a file is stored or parsed: its size and that it is a zip
    (every .xlsx is). A CSV or a text file renamed .xlsx fails here."""
    limit = settings.THIDUA_MAX_UPLOAD_BYTES
    if _file_size(file) > limit:
        return [too_large_error()]
    file.seek(0)
    head = file.read(len(ZIP_SIGNATURE))
    file.seek(0)
    if head != ZIP_SIGNATURE:
        return [_not_excel()]
    return []


def too_large_error() -> RowError:
    limit_mb = settings.THIDUA_MAX_UPLOAD_BYTES / (1024 * 1024)
    return RowError(
        "", None, "", _("The file is larger than %(limit)s MB.") % {"limit": f"{limit_mb:g}"}
    )


def _not_excel() -> RowError:
    return RowError("", None, "", _("The file is not an Excel file (.xlsx)."))


def read_workbook(file: IO[bytes], errors: list[RowError], report: Progress) -> dict[str, Sheet]:
    from openpyxl import load_workbook

    # data_only=False: a formula comes back as its text ("=..."), so it can be refused.
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except Exception:  # any failure to open it means it is not a usable .xlsx
        logger.info("Import: not a readable workbook", exc_info=True)
        errors.append(_not_excel())
        return {}
    try:
        by_key = {label_key(name): name for name in workbook.sheetnames}
        found = {
            name: workbook[by_key[label_key(name)]]
            for name in COLUMNS
            if label_key(name) in by_key and hasattr(workbook[by_key[label_key(name)]], "iter_rows")
        }
        # the file's own row count is only an estimate for the progress bar
        report.total = sum(max(0, (sheet.max_row or 1) - 1) for sheet in found.values())
        sheets = {}
        for name, worksheet in found.items():
            sheet = _read_sheet(worksheet, name, COLUMNS[name], errors, report)
            if sheet is not None:
                sheets[name] = sheet
        return sheets
    except Exception:  # a broken part inside the zip
        logger.info("Import: a part of the workbook cannot be read", exc_info=True)
        errors.append(_not_excel())
        return {}
    finally:
        workbook.close()


def _read_sheet(worksheet, sheet_name: str, columns, errors, report: Progress) -> Sheet | None:
    worksheet.reset_dimensions()  # read every row, whatever size the file claims
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {header_key(cell): i for i, cell in reversed(list(enumerate(header)))}
    data: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if all(is_blank(v) for v in values):
            continue
        if number > MAX_ROWS_PER_SHEET + 1:
            errors.append(
                RowError(
                    sheet_name,
                    None,
                    "",
                    _("The sheet has more than %(max)s rows; split the file.")
                    % {"max": MAX_ROWS_PER_SHEET},
                )
            )
            break
        data.append((number, values))
        report.tick()
    if not data:
        return None
    missing = [c for c in columns if header_key(c.name) not in positions]
    for column in missing:
        errors.append(
            RowError(
                sheet_name,
                1,
                column.name,
                _("Missing column “%(column)s”.") % {"column": column.name},
            )
        )
    if missing:
        return Sheet(sheet_name, [])
    index = {c.key: positions[header_key(c.name)] for c in columns}
    return Sheet(
        sheet_name,
        [
            (number, {k: values[i] if i < len(values) else None for k, i in index.items()})
            for number, values in data
        ],
    )
