"""Excel import of units and people (nhập đơn vị và cán bộ từ Excel).

The file is the downloadable template: a "Đơn vị" sheet and a "Cán bộ" sheet with fixed
Vietnamese headers. Sheet names, headers and the accepted value labels are the file format,
so they stay the same whatever the interface language; messages about the file go through
gettext.

Every row is checked before anything is written, and every problem is reported as
(sheet, row, column, message); if there is any, nothing is written. The write is one
transaction of bulk inserts and updates: existing units, positions and people are loaded
into dicts in a handful of queries, never one query per row. Rows equal to what is stored
are skipped, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, changes_between, jsonable
from thidua.core.jobs import job_start
from thidua.core.models import AuditEvent, Job

from .choices import Gender, PostKind, StaffCategory, UnitChangeKind, UnitKind
from .models import Person, PersonPosition, Position, Unit, UnitChange, UnitName
from .rules import is_org_administrator
from .services import tree_rebuild_paths

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "org.import_people"
JOB_KIND = "org.import_people"
TASK_NAME = "thidua.org.tasks.people_import_run"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "mau-nhap-don-vi-can-bo.xlsx"
UPLOAD_DIR = "imports"

UNITS_SHEET = "Đơn vị"
PEOPLE_SHEET = "Cán bộ"
GUIDE_SHEET = "Hướng dẫn"

MAX_ROWS_PER_SHEET = 50_000
MAX_GRADE = 99
PROGRESS_EVERY = 200
LOOKUP_CHUNK = 5_000
JOB_RESULT_MAX_ERRORS = 1_000
# Excel and LibreOffice run a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")
ZIP_SIGNATURE = b"PK\x03\x04"


class Column(NamedTuple):
    key: str
    name: str  # the header, and the column named in error messages
    hint: str = ""  # shown after the name in the template header: "Ngày sinh (dd/mm/yyyy)"

    @property
    def header(self) -> str:
        return f"{self.name} ({self.hint})" if self.hint else self.name


UNIT_COLUMNS = (
    Column("code", "Mã đơn vị"),
    Column("name", "Tên đơn vị"),
    Column("short_name", "Tên viết tắt"),
    Column("kind", "Loại đơn vị"),
    Column("parent", "Mã đơn vị cấp trên"),
    Column("valid_from", "Hiệu lực từ", "dd/mm/yyyy"),
)
PEOPLE_COLUMNS = (
    Column("employee_code", "Mã cán bộ"),
    Column("full_name", "Họ và tên"),
    Column("date_of_birth", "Ngày sinh", "dd/mm/yyyy"),
    Column("gender", "Giới tính"),
    Column("category", "Loại cán bộ"),
    Column("rank", "Ngạch"),
    Column("grade", "Bậc"),
    Column("email", "Email"),
    Column("phone", "Điện thoại"),
    Column("unit", "Mã đơn vị"),
    Column("position", "Mã chức vụ"),
    Column("post_from", "Từ ngày", "dd/mm/yyyy"),
)
COLUMNS = {UNITS_SHEET: UNIT_COLUMNS, PEOPLE_SHEET: PEOPLE_COLUMNS}

# Vietnamese labels accepted in a cell (the first is the one the template offers); the
# codes of choices.py and the interface labels in either language are accepted too.
UNIT_KIND_LABELS = {
    UnitKind.MINISTRY: ("Bộ",),
    UnitKind.DEPARTMENT: ("Cục",),
    UnitKind.OFFICE: ("Văn phòng", "Thanh tra", "Văn phòng / Thanh tra"),
    UnitKind.DIVISION: ("Vụ",),
    UnitKind.INSTITUTE: ("Viện",),
    UnitKind.PUBLIC_SERVICE: ("Đơn vị sự nghiệp",),
    UnitKind.SECTION: ("Phòng",),
    UnitKind.CENTER: ("Trung tâm",),
}
GENDER_LABELS = {Gender.MALE: ("Nam",), Gender.FEMALE: ("Nữ",), Gender.OTHER: ("Khác",)}
CATEGORY_LABELS = {
    StaffCategory.CADRE: ("Cán bộ",),
    StaffCategory.CIVIL_SERVANT: ("Công chức",),
    StaffCategory.PUBLIC_EMPLOYEE: ("Viên chức",),
    StaffCategory.WORKER: ("Người lao động",),
}

_DATE_RE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_PHONE_SEPARATORS_RE = re.compile(r"[\s.\-()]")
_PHONE_RE = re.compile(r"0\d{9}")
_SPACES_RE = re.compile(r"\s+")
_HINT_RE = re.compile(r"\s*\(.*\)\s*$")


class RowError(NamedTuple):
    """One problem: the sheet, the Excel row number (None for the whole file), the column."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    units: Counts = field(default_factory=Counts)
    people: Counts = field(default_factory=Counts)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self, *, max_errors: int = JOB_RESULT_MAX_ERRORS) -> dict[str, Any]:
        """A JSON-able summary for a job's result (the first `max_errors` problems)."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "units": asdict(self.units),
            "people": asdict(self.people),
            "error_count": len(self.errors),
            "errors": [e._asdict() for e in self.errors[:max_errors]],
        }


class ImportRejected(ValidationError):
    """The upload was refused before it was stored (too large, not an Excel file)."""

    def __init__(self, errors: list[RowError]):
        super().__init__([e.message for e in errors])
        self.row_errors = errors


# --- cells ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _key(text: str) -> str:
    return _norm(text).casefold()


def _header_key(text: Any) -> str:
    return _key(_HINT_RE.sub("", str(text))) if text is not None else ""


def excel_safe(value: Any) -> Any:
    """A value to write into a sheet: text that a spreadsheet would run as a formula is
    prefixed with an apostrophe so it stays text."""
    if isinstance(value, str) and value.lstrip()[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return _norm(str(value))


def parse_date(value: Any) -> date:
    """A date cell, or text dd/mm/yyyy; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATE_RE.fullmatch(value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)  # ValueError for 31/02/2020
    raise ValueError(value)


def normalise_phone(value: Any) -> str:
    """A Vietnamese phone number as 10 digits starting with 0; ValueError otherwise.

    Accepts +84 instead of the leading 0, spaces, dots and dashes, and a number cell that
    lost its leading 0."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        digits = str(int(value))
        if len(digits) == 9:
            digits = "0" + digits
        elif len(digits) == 11 and digits.startswith("84"):
            digits = "0" + digits[2:]
    else:
        digits = _PHONE_SEPARATORS_RE.sub("", str(value))
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
    if not _PHONE_RE.fullmatch(digits):
        raise ValueError(value)
    return digits


def _choice_lookup(labels: dict[str, tuple[str, ...]], choices) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, names in labels.items():
        lookup[_key(code)] = code
        for name in names:
            lookup[_key(name)] = code
        for language in ("vi", "en"):
            with translation.override(language):
                lookup.setdefault(_key(str(choices(code).label)), code)
    return lookup


def _allowed(labels: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(names[0] for names in labels.values())


class _Cells:
    """Cleans the cells of one row, recording at most one problem per cell."""

    def __init__(self, sheet: str, row: int, values: dict[str, Any], columns, errors):
        self.sheet, self.row, self.values, self.errors = sheet, row, values, errors
        self.names = {c.key: c.name for c in columns}
        self.bad: set[str] = set()
        for key, value in values.items():
            if isinstance(value, str) and value.strip()[:1] in FORMULA_PREFIXES:
                if key == "phone" and _is_phone(value):
                    continue  # "+84 912 345 678" is a phone number, stored as 0912345678
                self.error(key, _("Cell contains a formula"))

    @property
    def ok(self) -> bool:
        return not self.bad

    def error(self, key: str, message: str) -> None:
        if key not in self.bad:
            self.bad.add(key)
            self.errors.append(RowError(self.sheet, self.row, self.names[key], message))

    def _raw(self, key: str, required: bool) -> Any:
        if key in self.bad:
            return None
        value = self.values.get(key)
        if _is_blank(value):
            if required:
                self.error(key, _("This cell is required."))
            return None
        return value

    def text(self, key: str, *, max_length: int, required: bool = False) -> str:
        value = self._raw(key, required)
        if value is None:
            return ""
        text = _as_text(value)
        if len(text) > max_length:
            self.error(key, _("Too long: at most %(max)s characters.") % {"max": max_length})
            return ""
        return text

    def date(self, key: str, *, required: bool = False, birth: bool = False) -> date | None:
        value = self._raw(key, required)
        if value is None:
            return None
        try:
            parsed = parse_date(value)
        except ValueError:
            self.error(key, _("Invalid date: use the form dd/mm/yyyy"))
            return None
        if parsed.year < 1900 or parsed.year > 2100:
            self.error(key, _("The year must be between 1900 and 2100."))
            return None
        if birth and parsed > timezone.localdate():
            self.error(key, _("The date of birth cannot be in the future."))
            return None
        return parsed

    def choice(self, key: str, *, lookup: dict[str, str], allowed: str, required=False) -> str:
        value = self._raw(key, required)
        if value is None:
            return ""
        code = lookup.get(_key(_as_text(value)))
        if code is None:
            self.error(
                key,
                _("Unknown value “%(value)s”; allowed: %(allowed)s.")
                % {"value": _as_text(value), "allowed": allowed},
            )
            return ""
        return code

    def grade(self, key: str) -> int | None:
        value = self._raw(key, False)
        if value is None:
            return None
        try:
            number = None if isinstance(value, bool) else float(str(value).strip())
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not 1 <= number <= MAX_GRADE:
            self.error(
                key, _("Grade must be a whole number from 1 to %(max)s.") % {"max": MAX_GRADE}
            )
            return None
        return int(number)

    def email(self, key: str) -> str:
        text = self.text(key, max_length=254)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.error(key, _("Invalid e-mail address."))
                return ""
        return text

    def phone(self, key: str) -> str:
        value = self._raw(key, False)
        if value is None:
            return ""
        try:
            return normalise_phone(value)
        except ValueError:
            self.error(key, _("Invalid phone number: use 10 digits starting with 0 (or +84)."))
            return ""


def _is_phone(value: Any) -> bool:
    try:
        normalise_phone(value)
    except ValueError:
        return False
    return True


# --- reading the file ----------------------------------------------------------------


@dataclass
class _Sheet:
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


def _read_workbook(file: IO[bytes], errors: list[RowError], report: _Progress) -> dict[str, _Sheet]:
    from openpyxl import load_workbook

    # data_only=False: a formula comes back as its text ("=..."), so it can be refused.
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except Exception:  # any failure to open it means it is not a usable .xlsx
        logger.info("Import: not a readable workbook", exc_info=True)
        errors.append(_not_excel())
        return {}
    try:
        by_key = {_key(name): name for name in workbook.sheetnames}
        found = {
            name: workbook[by_key[_key(name)]]
            for name in COLUMNS
            if _key(name) in by_key and hasattr(workbook[by_key[_key(name)]], "iter_rows")
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


def _read_sheet(worksheet, sheet_name: str, columns, errors, report: _Progress) -> _Sheet | None:
    worksheet.reset_dimensions()  # read every row, whatever size the file claims
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {_header_key(cell): i for i, cell in reversed(list(enumerate(header)))}
    data: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if all(_is_blank(v) for v in values):
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
    missing = [c for c in columns if _header_key(c.name) not in positions]
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
        return _Sheet(sheet_name, [])
    index = {c.key: positions[_header_key(c.name)] for c in columns}
    return _Sheet(
        sheet_name,
        [
            (number, {k: values[i] if i < len(values) else None for k, i in index.items()})
            for number, values in data
        ],
    )


# --- checking rows -------------------------------------------------------------------


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    short_name: str
    kind: str
    parent: str
    valid_from: date | None


@dataclass
class PersonRow:
    row: int
    employee_code: str
    full_name: str
    date_of_birth: date | None
    gender: str
    category: str
    rank: str
    grade: int | None
    email: str
    phone: str
    unit: str
    position: str
    post_from: date | None

    def details(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth,
            "gender": self.gender,
            "category": self.category,
            "rank": self.rank,
            "grade": self.grade,
            "email": self.email,
            "phone": self.phone,
        }


@dataclass
class _UnitChange:
    unit: Unit
    row: UnitRow
    old_name: str
    old_short_name: str
    renamed: bool
    moved: bool


@dataclass
class _PersonChange:
    person: Person
    row: PersonRow
    close: PersonPosition | None  # the primary post the new one replaces
    new_post: bool


@dataclass
class _Plan:
    new_units: list[UnitRow] = field(default_factory=list)
    changed_units: list[_UnitChange] = field(default_factory=list)
    new_people: list[PersonRow] = field(default_factory=list)
    changed_people: list[_PersonChange] = field(default_factory=list)


class _Progress:
    """Reports to the job every PROGRESS_EVERY rows (or to nobody)."""

    def __init__(self, report: Callable[..., None] | None):
        self.report, self.total, self.done = report, 0, 0

    def __call__(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        if self.report is not None:
            self.report(done, total, stage)

    def tick(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self(self.done, self.total)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Check:
    """Checks every row, against the others and against what is stored, and plans the
    writes. Reads: the units, the positions, then the file's people and their open primary
    posts in chunks; nothing per row."""

    def __init__(self, sheets: dict[str, _Sheet], errors: list[RowError], tick: Callable):
        self.sheets, self.errors, self.tick = sheets, errors, tick
        self.today = timezone.localdate()
        fields = ("id", "code", "name", "short_name", "kind", "parent_id", "valid_from")
        self.units = {u.code: u for u in Unit.objects.only(*fields, "valid_to").order_by()}
        self.unit_codes_by_id = {u.pk: u.code for u in self.units.values()}
        self.positions = {p.code: p for p in Position.objects.only("id", "code")}
        self.plan = _Plan()
        self.result = ImportResult()

    def run(self) -> tuple[_Plan, ImportResult]:
        unit_rows = self._unit_rows()
        self._plan_units(unit_rows)
        self._plan_people(self._person_rows({r.code for r in unit_rows if r.code}))
        return self.plan, self.result

    # units

    def _unit_rows(self) -> list[UnitRow]:
        sheet = self.sheets.get(UNITS_SHEET)
        if sheet is None:
            return []
        kinds = _choice_lookup(UNIT_KIND_LABELS, UnitKind)
        rows = []
        for number, values in sheet.rows:
            cells = _Cells(UNITS_SHEET, number, values, UNIT_COLUMNS, self.errors)
            row = UnitRow(
                row=number,
                code=cells.text("code", max_length=32, required=True),
                name=cells.text("name", max_length=255, required=True),
                short_name=cells.text("short_name", max_length=64),
                kind=cells.choice(
                    "kind", lookup=kinds, allowed=_allowed(UNIT_KIND_LABELS), required=True
                ),
                parent=cells.text("parent", max_length=32),
                valid_from=cells.date("valid_from"),
            )
            existing = self.units.get(row.code)
            if row.code and existing is None and row.valid_from is None:
                cells.error("valid_from", _("This cell is required for a new unit."))
            if existing is not None and existing.valid_to is not None:
                cells.error("code", self._closed(existing))
            rows.append(row)
            self.tick()
        self._duplicates(rows, "code", UNITS_SHEET, _unit_code_twice)
        in_file = {r.code for r in rows if r.code}
        for row in rows:
            if row.parent and row.parent not in in_file:
                problem = self._unit_problem(row.parent)
                if problem:
                    self.errors.append(RowError(UNITS_SHEET, row.row, _PARENT, problem))
        self._cycles(rows, in_file)
        return rows

    def _closed(self, unit: Unit) -> str:
        return _("Unit %(code)s was closed on %(date)s.") % {
            "code": unit.code,
            "date": unit.valid_to.strftime("%d/%m/%Y"),
        }

    def _unit_problem(self, code: str) -> str:
        """Why a unit code that is not in the file cannot be used, or ""."""
        unit = self.units.get(code)
        if unit is None:
            return _("Unknown unit code %(code)s: it is neither in the file nor in the system.") % {
                "code": code
            }
        return self._closed(unit) if unit.valid_to is not None else ""

    def _duplicates(self, rows, attr: str, sheet: str, message: Callable[[str, str], str]):
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            if getattr(row, attr):
                seen[getattr(row, attr)].append(row.row)
        column = _CODE_COLUMN[sheet]
        for code, numbers in seen.items():
            if len(numbers) > 1:
                listed = ", ".join(str(n) for n in numbers)
                self.errors.extend(
                    RowError(sheet, number, column, message(code, listed)) for number in numbers
                )

    def _cycles(self, rows: list[UnitRow], in_file: set[str]) -> None:
        """Refuse parent links that put a unit under itself in the tree as it will be after
        the import (stored links, overridden by the file's)."""
        parent_of = {
            code: self.unit_codes_by_id.get(u.parent_id, "") for code, u in self.units.items()
        }
        for row in rows:
            if row.code:
                known = row.parent in in_file or row.parent in self.units
                parent_of[row.code] = row.parent if known else ""
        state: dict[str, int] = {}  # 1: on the current walk, 2: settled
        on_cycle: set[str] = set()
        for start in sorted(in_file):
            walk, code = [], start
            while code and code not in state:
                state[code] = 1
                walk.append(code)
                code = parent_of.get(code, "")
            if code and state.get(code) == 1:
                on_cycle.update(walk[walk.index(code) :])
            for visited in walk:
                state[visited] = 2
        message = _("A unit cannot be placed under itself or one of its sub-units.")
        self.errors.extend(
            RowError(UNITS_SHEET, row.row, _PARENT, message) for row in rows if row.code in on_cycle
        )

    def _plan_units(self, rows: list[UnitRow]) -> None:
        for row in rows:
            unit = self.units.get(row.code)
            if unit is None:
                self.plan.new_units.append(row)
                continue
            moved = row.parent != self.unit_codes_by_id.get(unit.parent_id, "")
            renamed = (row.name, row.short_name) != (unit.name, unit.short_name)
            if moved or renamed or row.kind != unit.kind:
                self.plan.changed_units.append(
                    _UnitChange(unit, row, unit.name, unit.short_name, renamed, moved)
                )
            else:
                self.result.units.unchanged += 1
        self.result.units.created = len(self.plan.new_units)
        self.result.units.updated = len(self.plan.changed_units)

    # people

    def _person_rows(self, units_in_file: set[str]) -> list[PersonRow]:
        sheet = self.sheets.get(PEOPLE_SHEET)
        if sheet is None:
            return []
        genders = _choice_lookup(GENDER_LABELS, Gender)
        categories = _choice_lookup(CATEGORY_LABELS, StaffCategory)
        rows = []
        for number, values in sheet.rows:
            cells = _Cells(PEOPLE_SHEET, number, values, PEOPLE_COLUMNS, self.errors)
            row = PersonRow(
                row=number,
                employee_code=cells.text("employee_code", max_length=32, required=True),
                full_name=cells.text("full_name", max_length=120, required=True),
                date_of_birth=cells.date("date_of_birth", birth=True),
                gender=cells.choice("gender", lookup=genders, allowed=_allowed(GENDER_LABELS)),
                category=cells.choice(
                    "category", lookup=categories, allowed=_allowed(CATEGORY_LABELS), required=True
                ),
                rank=cells.text("rank", max_length=120),
                grade=cells.grade("grade"),
                email=cells.email("email"),
                phone=cells.phone("phone"),
                unit=cells.text("unit", max_length=32, required=True),
                position=cells.text("position", max_length=32, required=True),
                post_from=cells.date("post_from", required=True),
            )
            if row.unit and row.unit not in units_in_file:
                problem = self._unit_problem(row.unit)
                if problem:
                    cells.error("unit", problem)
            if row.position and row.position not in self.positions:
                cells.error(
                    "position",
                    _("Unknown position code %(code)s: see the list in the “%(sheet)s” sheet.")
                    % {"code": row.position, "sheet": GUIDE_SHEET},
                )
            rows.append(row)
            self.tick()
        self._duplicates(rows, "employee_code", PEOPLE_SHEET, _employee_code_twice)
        return rows

    def _plan_people(self, rows: list[PersonRow]) -> None:
        codes = [r.employee_code for r in rows if r.employee_code]
        people: dict[str, Person] = {}
        for chunk in _chunks(codes, LOOKUP_CHUNK):
            people.update(
                (p.employee_code, p)
                for p in Person.objects.filter(employee_code__in=chunk).order_by()
            )
        open_posts: dict[int, PersonPosition] = {}
        for chunk in _chunks([p.pk for p in people.values()], LOOKUP_CHUNK):
            posts = PersonPosition.objects.filter(
                person_id__in=chunk, kind=PostKind.PRIMARY, valid_to__isnull=True
            ).order_by()
            open_posts.update((p.person_id, p) for p in posts)
        new_unit_codes = {r.code for r in self.plan.new_units}
        for row in rows:
            person = people.get(row.employee_code)
            if person is None:
                self.plan.new_people.append(row)
                continue
            unit = None if row.unit in new_unit_codes else self.units.get(row.unit)
            position = self.positions.get(row.position)
            target = (unit.pk if unit else None, position.pk if position else None)
            post = open_posts.get(person.pk)
            new_post = post is None or (post.unit_id, post.position_id) != target
            if new_post and post is not None and row.post_from and row.post_from <= post.valid_from:
                self.errors.append(
                    RowError(
                        PEOPLE_SHEET,
                        row.row,
                        _POST_FROM,
                        _("A new post must start after the current one, which started on %(date)s.")
                        % {"date": post.valid_from.strftime("%d/%m/%Y")},
                    )
                )
            changed = new_post or (person.unit_id, person.position_id) != target
            changed = changed or any(
                getattr(person, name) != value for name, value in row.details().items()
            )
            if changed:
                self.plan.changed_people.append(
                    _PersonChange(person, row, post if new_post else None, new_post)
                )
            else:
                self.result.people.unchanged += 1
        self.result.people.created = len(self.plan.new_people)
        self.result.people.updated = len(self.plan.changed_people)


_PARENT = "Mã đơn vị cấp trên"
_POST_FROM = "Từ ngày"
_CODE_COLUMN = {UNITS_SHEET: "Mã đơn vị", PEOPLE_SHEET: "Mã cán bộ"}


def _unit_code_twice(code: str, rows: str) -> str:
    return _("Unit code %(code)s appears more than once in the file (rows %(rows)s).") % {
        "code": code,
        "rows": rows,
    }


def _employee_code_twice(code: str, rows: str) -> str:
    return _("Employee code %(code)s appears more than once in the file (rows %(rows)s).") % {
        "code": code,
        "rows": rows,
    }


# --- writing -------------------------------------------------------------------------


def _write(plan: _Plan, check: _Check, *, actor, filename: str) -> None:
    """All the writes, in bulk. Runs inside the caller's transaction."""
    now, today = timezone.now(), check.today
    units, positions = check.units, check.positions

    created_units = [
        Unit(
            code=r.code,
            name=r.name,
            short_name=r.short_name,
            kind=r.kind,
            parent_id=units[r.parent].pk if r.parent in units else None,
            valid_from=r.valid_from,
        )
        for r in plan.new_units
    ]
    Unit.objects.bulk_create(created_units, batch_size=500)
    unit_ids = {code: u.pk for code, u in units.items()} | {u.code: u.pk for u in created_units}
    # new units whose parent is also new in this file learn its id now
    reparented = []
    for unit, row in zip(created_units, plan.new_units, strict=True):
        if row.parent and row.parent not in units:
            unit.parent_id = unit_ids[row.parent]
            reparented.append(unit)
    Unit.objects.bulk_update(reparented, ["parent"], batch_size=500)
    codes_by_id = {pk: code for code, pk in unit_ids.items()}
    rows_audit = _RowAudit(actor, filename)
    for unit in created_units:
        rows_audit.add("org.unit.imported", unit, {}, _unit_state(unit, codes_by_id))
    for change in plan.changed_units:
        unit, row = change.unit, change.row
        before = _unit_state(unit, codes_by_id)
        unit.name, unit.short_name, unit.kind = row.name, row.short_name, row.kind
        unit.parent_id = unit_ids[row.parent] if row.parent else None
        unit.updated_at = now
        rows_audit.add("org.unit.imported", unit, before, _unit_state(unit, codes_by_id))
    Unit.objects.bulk_update(
        [c.unit for c in plan.changed_units],
        ["name", "short_name", "kind", "parent", "updated_at"],
        batch_size=500,
    )
    moved = [c.unit.code for c in plan.changed_units if c.moved]
    if created_units or moved:
        tree_rebuild_paths(model=Unit)
    UnitName.objects.bulk_create(
        UnitName(unit=u, name=u.name, short_name=u.short_name, valid_from=u.valid_from)
        for u in created_units
    )
    renamed = _rename_units([c for c in plan.changed_units if c.renamed], today=today)
    _record_unit_changes(UnitChangeKind.ESTABLISH, [(u, u.valid_from) for u in created_units])
    _record_unit_changes(UnitChangeKind.RENAME, [(u, today) for u in renamed])

    new_people = [
        Person(
            employee_code=r.employee_code,
            unit_id=unit_ids[r.unit],
            position_id=positions[r.position].pk,
            **r.details(),
        )
        for r in plan.new_people
    ]
    Person.objects.bulk_create(new_people, batch_size=1000)
    position_codes = {p.pk: code for code, p in positions.items()}
    for person in new_people:
        rows_audit.add(
            "org.person.imported", person, {}, _person_state(person, codes_by_id, position_codes)
        )
    posts = [
        PersonPosition(
            person_id=p.pk, unit_id=p.unit_id, position_id=p.position_id, valid_from=r.post_from
        )
        for p, r in zip(new_people, plan.new_people, strict=True)
    ]
    closing: dict[date, list[int]] = defaultdict(list)
    # Django's bulk_update writes a CASE per field, so update only the fields that changed,
    # in groups of people with the same changed fields (a move changes unit and position).
    by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for change in plan.changed_people:
        person, row = change.person, change.row
        wanted = row.details() | {
            "unit_id": unit_ids[row.unit],
            "position_id": positions[row.position].pk,
        }
        changed = tuple(name for name, value in wanted.items() if getattr(person, name) != value)
        before = _person_state(person, codes_by_id, position_codes)
        for name in changed:
            setattr(person, name, wanted[name])
        rows_audit.add(
            "org.person.imported",
            person,
            before,
            _person_state(person, codes_by_id, position_codes),
        )
        person.updated_at = now
        by_fields[changed].append(person)
        if change.close is not None:
            # end exclusive, as in person_assign_post
            closing[row.post_from].append(change.close.pk)
        if change.new_post:
            posts.append(
                PersonPosition(
                    person_id=person.pk,
                    unit_id=person.unit_id,
                    position_id=person.position_id,
                    valid_from=row.post_from,
                )
            )
    for changed, group in by_fields.items():
        fields = [name.removesuffix("_id") for name in changed] + ["updated_at"]
        Person.objects.bulk_update(group, fields, batch_size=500)
    # close before opening: one open primary post per person is a database constraint
    for valid_to, post_ids in closing.items():
        for chunk in _chunks(post_ids, LOOKUP_CHUNK):
            PersonPosition.objects.filter(pk__in=chunk).update(valid_to=valid_to)
    PersonPosition.objects.bulk_create(posts, batch_size=1000)
    rows_audit.save()

    audit_record(
        actor=actor,
        action="org.imported",
        file=filename,
        units=asdict(check.result.units),
        people=asdict(check.result.people),
        posts_opened=len(posts),
        units_renamed=[u.code for u in renamed],
        units_moved=moved,
    )


def _unit_state(unit: Unit, codes_by_id: dict[int, str]) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": codes_by_id.get(unit.parent_id) if unit.parent_id else None,
    }


_PERSON_AUDITED = (
    "full_name",
    "date_of_birth",
    "gender",
    "category",
    "rank",
    "grade",
    "email",
    "phone",
)


def _person_state(
    person: Person, codes_by_id: dict[int, str], position_codes: dict[int, str]
) -> dict[str, Any]:
    state = {name: getattr(person, name) for name in _PERSON_AUDITED}
    state["unit"] = codes_by_id.get(person.unit_id)
    state["position"] = position_codes.get(person.position_id)
    return state


class _RowAudit:
    """One audit event per unit or person the import creates or changes (who, which row,
    before → after as `changes`, like `audit_change`), written in bulk with the import."""

    def __init__(self, actor, filename: str):
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_name = self.actor.get_username()[:150] if self.actor is not None else ""
        self.filename = filename
        self.events: list[AuditEvent] = []

    def add(self, action: str, target, before: dict, after: dict) -> None:
        self.events.append(
            AuditEvent(
                actor=self.actor,
                actor_name=self.actor_name,
                action=action,
                target_type=target._meta.label_lower,
                target_id=str(target.pk),
                data=jsonable(
                    {
                        "file": self.filename,
                        "code": getattr(target, "employee_code", None) or target.code,
                        "changes": changes_between(before, after),
                    }
                ),
            )
        )

    def save(self) -> None:
        AuditEvent.objects.bulk_create(self.events, batch_size=1000)


def _rename_units(changes: list[_UnitChange], *, today: date) -> list[Unit]:
    """unit_rename for many units at once, effective on the day of the import: the current
    name is closed and kept for earlier records. A name that only took effect today is
    corrected in place. Returns the units renamed from today."""
    if not changes:
        return []
    units = [c.unit for c in changes]
    current = {n.unit_id: n for n in UnitName.objects.filter(unit__in=units, valid_to__isnull=True)}
    corrected, closed, opened, renamed = [], [], [], []
    for change in changes:
        unit, name = change.unit, current.get(change.unit.pk)
        if name is not None and name.valid_from >= today:
            name.name, name.short_name = unit.name, unit.short_name
            corrected.append(name)
            continue
        if name is not None:
            name.valid_to = today
            closed.append(name)
        elif unit.valid_from < today:  # no name history yet: the old name covers the past
            opened.append(
                UnitName(
                    unit=unit,
                    name=change.old_name,
                    short_name=change.old_short_name,
                    valid_from=unit.valid_from,
                    valid_to=today,
                )
            )
        new_from = today if name is not None or unit.valid_from < today else unit.valid_from
        opened.append(
            UnitName(unit=unit, name=unit.name, short_name=unit.short_name, valid_from=new_from)
        )
        if new_from == today:
            renamed.append(unit)
    UnitName.objects.bulk_update(corrected, ["name", "short_name"])
    UnitName.objects.bulk_update(closed, ["valid_to"])
    UnitName.objects.bulk_create(opened)
    return renamed


def _record_unit_changes(kind: str, items: list[tuple[Unit, date]]) -> None:
    """One dated UnitChange per unit, as unit_create and unit_rename record them."""
    if not items:
        return
    changes = UnitChange.objects.bulk_create(
        [UnitChange(kind=kind, effective_on=on) for _unit, on in items], batch_size=500
    )
    pairs = [(c.pk, u.pk) for c, (u, _on) in zip(changes, items, strict=True)]
    relations = [UnitChange.targets]
    if kind == UnitChangeKind.RENAME:
        relations.append(UnitChange.sources)
    for relation in relations:
        through = relation.through
        through.objects.bulk_create(
            [through(unitchange_id=c, unit_id=u) for c, u in pairs], batch_size=1000
        )


# --- the service ---------------------------------------------------------------------


def _require_import_permission(actor) -> None:
    """actor None is the system (the management command)."""
    if actor is not None and not actor.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("Only an administrator may import units and people."))


def people_import(
    *,
    actor,
    file: IO[bytes] | bytes,
    dry_run: bool = False,
    progress: Callable[..., None] | None = None,
    filename: str = "",
) -> ImportResult:
    """Check a workbook and, when every row is right and it is not a dry run, write it all
    in one transaction with one "org.imported" audit event (none when nothing changed).

    `progress(done, total, stage)` is called as rows are checked, outside the transaction
    that writes, so a page polling the job sees it."""
    _require_import_permission(actor)
    if isinstance(file, bytes | bytearray):
        file = BytesIO(file)
    filename = filename or str(getattr(file, "name", "") or "")
    report = _Progress(progress)
    report(0, None, _("Reading the file"))
    errors = check_upload(file)
    sheets = _read_workbook(file, errors, report) if not errors else {}
    if not errors and not any(s.rows for s in sheets.values()):
        errors.append(
            RowError(
                "",
                None,
                "",
                _("The file has no rows to import: fill in the “%(units)s” or “%(people)s” sheet.")
                % {"units": UNITS_SHEET, "people": PEOPLE_SHEET},
            )
        )
    if errors:
        report(report.done, None, _("Problems found; nothing was saved"))
        return ImportResult(errors=errors, dry_run=dry_run)

    report.total, report.done = sum(len(s.rows) for s in sheets.values()), 0
    report(0, report.total, _("Checking rows"))
    check = _Check(sheets, errors, report.tick)
    plan, result = check.run()
    result.dry_run = dry_run
    report(report.total, report.total)
    if errors:
        report(report.total, report.total, _("Problems found; nothing was saved"))
        result.errors = sorted(errors, key=_error_order)
        return result
    if not dry_run and (result.units.changed or result.people.changed):
        report(report.total, report.total, _("Saving"))
        with transaction.atomic():
            _write(plan, check, actor=actor, filename=filename)
    report(report.total, report.total, _("Done"))
    return result


_SHEET_ORDER = {"": 0, UNITS_SHEET: 1, PEOPLE_SHEET: 2}
_COLUMN_ORDER = {
    (sheet, c.name): i for sheet, columns in COLUMNS.items() for i, c in enumerate(columns)
}


def _error_order(error: RowError) -> tuple:
    return (
        _SHEET_ORDER.get(error.sheet, 0),
        error.row or 0,
        _COLUMN_ORDER.get((error.sheet, error.column), 0),
    )


@transaction.atomic
def people_import_start(*, actor, file: IO[bytes], filename: str, dry_run: bool = False) -> Job:
    """Refuse a file that is too large or not an Excel file, store it where a worker can
    read it, and start the import as a background job."""
    _require_import_permission(actor)
    errors = check_upload(file)
    if errors:
        raise ImportRejected(errors)
    stored = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", file)
    return job_start(
        kind=JOB_KIND,
        task_name=TASK_NAME,
        params={
            "file": stored,
            "filename": filename[:200],
            "dry_run": dry_run,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
        actor=actor,
    )


def people_import_job(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The job's work (see tasks.people_import_run): import the stored file as the person who
    uploaded it, in their language, then delete the file."""
    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        try:
            with default_storage.open(params["file"], "rb") as stored:
                result = people_import(
                    actor=job.created_by,
                    file=stored,
                    dry_run=params.get("dry_run", False),
                    progress=progress,
                    filename=params.get("filename", ""),
                )
        finally:
            default_storage.delete(params["file"])
    return result.as_dict()


def import_job_get(*, viewer, pk: int) -> Job:
    """An import job, for the person who started it or an administrator."""
    job = Job.objects.get(pk=pk, kind=JOB_KIND)
    if not viewer.is_authenticated or not (
        job.created_by_id == viewer.pk or is_org_administrator(viewer)
    ):
        raise PermissionDenied
    return job


# --- the template --------------------------------------------------------------------


def import_template(*, actor) -> bytes:
    """The empty workbook to fill in, with a guide sheet: columns, allowed values, the
    position codes and the units already in the system."""
    _require_import_permission(actor)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE7E9")
    workbook = Workbook()
    text_columns = {"code", "parent", "valid_from", "employee_code", "date_of_birth"}
    text_columns |= {"phone", "unit", "position", "post_from"}
    dropdowns = {
        "kind": UNIT_KIND_LABELS,
        "gender": GENDER_LABELS,
        "category": CATEGORY_LABELS,
    }
    for index, (sheet_name, columns) in enumerate(COLUMNS.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = sheet_name
        sheet.append([c.header for c in columns])
        sheet.freeze_panes = "A2"
        for number, column in enumerate(columns, start=1):
            letter = get_column_letter(number)
            sheet[f"{letter}1"].font = bold
            sheet[f"{letter}1"].fill = fill
            sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
            if column.key in text_columns:
                # typed as text, so Excel keeps 05/03/1990 and the leading 0 of a phone
                sheet.column_dimensions[letter].number_format = "@"
            if column.key in dropdowns:
                values = ",".join(names[0] for names in dropdowns[column.key].values())
                validation = DataValidation(
                    type="list", formula1=f'"{values}"', allow_blank=True, showErrorMessage=False
                )
                validation.add(f"{letter}2:{letter}{MAX_ROWS_PER_SHEET + 1}")
                sheet.add_data_validation(validation)

    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 28
    guide.column_dimensions["C"].width = 14
    guide.column_dimensions["D"].width = 90

    def heading(text: str) -> None:
        guide.append([])
        guide.append([text])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True, size=12)

    def table(header: list[str], rows: Iterable[Iterable[Any]]) -> None:
        guide.append(header)
        for cell in guide[guide.max_row]:
            cell.font = bold
        for row in rows:
            guide.append([excel_safe(v) for v in row])

    guide.append([_("How to fill in this workbook")])
    guide["A1"].font = Font(bold=True, size=14)
    for line in (
        _("Fill in the “%(units)s” sheet, the “%(people)s” sheet or both; keep the header row.")
        % {"units": UNITS_SHEET, "people": PEOPLE_SHEET},
        _("Dates are dd/mm/yyyy. Cells must not start with =, +, - or @ (formulas are refused)."),
        _("Every row is checked first: if any row has a problem, nothing is saved."),
        _(
            "Importing the same file again changes nothing; a changed row updates the unit or person with that code."
        ),
    ):
        guide.append([line])
    yes = _("yes")
    heading(_("Columns"))
    notes = _column_notes()
    table(
        [_("Sheet"), _("Column"), _("Required"), _("Notes")],
        (
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
        heading(_("Allowed values: %(column)s") % {"column": title})
        table(
            [_("Value"), _("Code")], ((" / ".join(names), code) for code, names in labels.items())
        )
    heading(_("Positions (%(column)s)") % {"column": PEOPLE_COLUMNS[10].name})
    table(
        [_("Code"), _("Name")],
        Position.objects.order_by("-level", "name").values_list("code", "name"),
    )
    heading(_("Units in the system (%(column)s)") % {"column": PEOPLE_COLUMNS[9].name})
    table(
        [_("Code"), _("Name")],
        Unit.objects.filter(valid_to__isnull=True).order_by("path").values_list("code", "name"),
    )
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
