"""The workbook's format: sheets, columns, the accepted value labels, and the cell values
(dates, phone numbers, labels) as the file writes them. Shared with the HR sync."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system

from ..choices import Gender, StaffCategory, UnitKind

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


def norm_text(text: str) -> str:
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def label_key(text: str) -> str:
    return norm_text(text).casefold()


def header_key(text: Any) -> str:
    return label_key(_HINT_RE.sub("", str(text))) if text is not None else ""


def excel_safe(value: Any) -> Any:
    """A value to write into a sheet: text that a spreadsheet would run as a formula is
    prefixed with an apostrophe so it stays text."""
    if isinstance(value, str) and value.lstrip()[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return norm_text(str(value))


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


def choice_lookup(labels: dict[str, tuple[str, ...]], choices) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, names in labels.items():
        lookup[label_key(code)] = code
        for name in names:
            lookup[label_key(name)] = code
        for language in ("vi", "en"):
            with translation.override(language):
                lookup.setdefault(label_key(str(choices(code).label)), code)
    return lookup


def allowed_labels(labels: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(names[0] for names in labels.values())


class Progress:
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


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def require_import_permission(actor) -> None:
    """An administrator, or SYSTEM (the management command); actor=None is refused."""
    if not acting_as_system(actor) and not actor.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("Only an administrator may import units and people."))
