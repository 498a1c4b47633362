"""The HR system's export, read (hr_sync.py applies it): where it is, its columns and accepted
values, and its rows as {column key: value} for the Excel import's cell checks."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .choices import EmploymentStatus
from .importing import (
    MAX_ROWS_PER_SHEET,
    PEOPLE_COLUMNS,
    Column,
    RowError,
    header_key,
    is_blank,
)

SYNC_SUFFIXES = (".csv", ".json")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Labels = dict[str, tuple[str, ...]]
STATUS_LABELS: Labels = {
    EmploymentStatus.WORKING: ("Đang công tác", "Đang làm việc"),
    EmploymentStatus.LEFT: ("Nghỉ việc", "Thôi việc"),
    EmploymentStatus.RETIRED: ("Nghỉ hưu",),
    EmploymentStatus.TRANSFERRED: ("Chuyển công tác",),
}
LEAVING = frozenset(STATUS_LABELS) - {EmploymentStatus.WORKING}

SYNC_COLUMNS = (
    *PEOPLE_COLUMNS,
    Column("status", "Trạng thái"),
    Column("effective_on", "Ngày hiệu lực", "dd/mm/yyyy"),
)
OPTIONAL_COLUMNS = frozenset({"status", "effective_on"})  # a file without them: all working
_DATE_KEYS = frozenset({"date_of_birth", "post_from", "effective_on"})
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def hr_sync_path_configured() -> str:
    return str(getattr(settings, "THIDUA_HR_SYNC_PATH", "") or "")


@dataclass
class PeopleRead:
    """People read from another source than a file, as the export's rows."""

    name: str  # shown as the run's "file"
    digest: str  # SHA-256 of what was read: the same twice is not applied again
    rows: list[tuple[int, dict]] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # row number → how the report names it


class PeopleSourceUnreadable(Exception):
    """The source could not be read (a directory down, a refused bind)."""


# Other sources of people, registered by the apps that provide them (the directory app
# registers "directory" in its ready()): org, below them, never imports them.
PEOPLE_SOURCES: dict[str, Callable[[], PeopleRead]] = {}
# The column keys each of those sources fills (a directory holds only the attributes mapped)
PEOPLE_SOURCE_COLUMNS: dict[str, Callable[[], frozenset[str]]] = {}

# A person's own fields an export carries (the people columns besides the code, the unit,
# the position and its day): the HR system's, not changed in Thi Đua for its people.
HR_PERSON_FIELDS = ("full_name", "date_of_birth", "gender", "category", "rank", "grade")
HR_PERSON_FIELDS += ("email", "phone")


def people_source_register(
    name: str,
    reader: Callable[[], PeopleRead],
    *,
    columns: Callable[[], frozenset[str]] | None = None,
) -> None:
    PEOPLE_SOURCES[name] = reader
    if columns is not None:
        PEOPLE_SOURCE_COLUMNS[name] = columns


def hr_sync_source() -> str:
    """Where the people come from: "file" (the export, THIDUA_HR_SYNC_PATH) or "directory"
    (the directory's attributes, thidua/directory/hr_source.py)."""
    return "directory" if getattr(settings, "THIDUA_HR_SYNC_SOURCE", "") == "directory" else "file"


def hr_sync_configured() -> bool:
    """Is there something for the nightly sync to read?"""
    if hr_sync_source() == "directory":
        return bool(getattr(settings, "AUTH_LDAP_SERVER_URI", ""))
    return bool(hr_sync_path_configured())


def hr_managed_fields() -> tuple[str, ...]:
    """The person's own fields the configured source carries, so the HR system's for the
    people it holds: every one for the export file (its columns are all required; a blank
    cell clears the value), the columns mapped to an attribute or given a default for the
    directory. The sync changes only these; Thi Đua lets administrators change the others."""
    source = hr_sync_source()
    columns = PEOPLE_SOURCE_COLUMNS.get(source) if source != "file" else None
    if columns is None:
        return HR_PERSON_FIELDS
    carried = columns()
    return tuple(name for name in HR_PERSON_FIELDS if name in carried)


def full_export() -> bool:
    """Whether the export lists everyone (then the people missing from it are reported)."""
    return bool(getattr(settings, "THIDUA_HR_SYNC_FULL_EXPORT", True))


def _max_bytes() -> int:
    return int(getattr(settings, "THIDUA_HR_SYNC_MAX_BYTES", DEFAULT_MAX_BYTES))


def hr_sync_locate(source: str | Path | None = None) -> Path | None:
    """The file to read: `source` (or the setting) when it is a file, the newest .csv or
    .json in it when it is a folder; None when there is none."""
    configured = source if source is not None else hr_sync_path_configured()
    if not configured:
        return None
    path = Path(configured)
    if path.is_file():
        return path
    if path.is_dir():
        files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SYNC_SUFFIXES]
        if files:
            return max(files, key=lambda p: (p.stat().st_mtime, p.name))
    return None


def file_error(message: str) -> RowError:
    return RowError("", None, "", message)


def _column_keys() -> dict[str, str]:
    """Header (without its hint) or JSON key → column key; both spellings are accepted."""
    keys = {header_key(c.name): c.key for c in SYNC_COLUMNS}
    keys.update({c.key: c.key for c in SYNC_COLUMNS})
    return keys


def _clean_value(key: str, value: Any) -> Any:
    """A JSON or CSV value as the Excel checks expect it: ISO dates (2027-01-01) are taken
    as dates too; anything else is left for the checks."""
    if key in _DATE_KEYS and isinstance(value, str) and _ISO_DATE_RE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def _read_csv(name: str, data: bytes, errors: list[RowError]) -> list[tuple[int, dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.append(file_error(_("The file is not UTF-8 text.")))
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None) or []
    keys = _column_keys()
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = keys.get(header_key(cell)) or keys.get(cell.strip())
        if key and key not in positions:
            positions[key] = index
    missing = [c for c in SYNC_COLUMNS if c.key not in positions and c.key not in OPTIONAL_COLUMNS]
    for column in missing:
        errors.append(
            RowError(
                name, 1, column.name, _("Missing column “%(column)s”.") % {"column": column.name}
            )
        )
    if missing:
        return []
    rows: list[tuple[int, dict]] = []
    for number, values in enumerate(reader, start=2):
        if all(is_blank(v) for v in values):
            continue
        if len(rows) >= MAX_ROWS_PER_SHEET:
            errors.append(_too_many_rows())
            break
        rows.append(
            (
                number,
                {
                    k: _clean_value(k, values[i]) if i < len(values) else None
                    for k, i in positions.items()
                },
            )
        )
    return rows


def _read_json(name: str, data: bytes, errors: list[RowError]) -> list[tuple[int, dict]]:
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        errors.append(file_error(_("The file is not valid JSON.")))
        return []
    if not isinstance(records, list):
        errors.append(file_error(_("The JSON file must be a list of objects, one per person.")))
        return []
    if len(records) > MAX_ROWS_PER_SHEET:
        errors.append(_too_many_rows())
        return []
    keys = _column_keys()
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            errors.append(RowError(name, number, "", _("This record is not an object.")))
            continue
        values: dict[str, Any] = {}
        for raw_key, value in record.items():
            key = keys.get(header_key(raw_key)) or keys.get(str(raw_key).strip())
            if key and key not in values:
                values[key] = _clean_value(key, value)
        rows.append((number, values))
    return rows


def _too_many_rows() -> RowError:
    return file_error(
        _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS_PER_SHEET}
    )


def read_export(
    name: str, data: bytes, errors: list[RowError]
) -> tuple[str, list[tuple[int, dict]]]:
    """The format and the rows (row number, {column key: value}) of an export."""
    if len(data) > _max_bytes():
        limit_mb = _max_bytes() / (1024 * 1024)
        errors.append(
            file_error(_("The file is larger than %(limit)s MB.") % {"limit": f"{limit_mb:g}"})
        )
        return "", []
    suffix = Path(name).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and data.lstrip()[:1] in (b"[", b"{"))
    if is_json:
        return "json", _read_json(name, data, errors)
    return "csv", _read_csv(name, data, errors)
