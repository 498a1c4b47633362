"""Writes to the awards registry: record an award as decided, revoke one, import history.

Decision numbers, dates and issuers are copied from the agency's document register (văn
thư) exactly as entered; the platform never invents them (CLARIFICATIONS)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.awards.choices import REGISTRY_EARLIEST_YEAR, AwardCode, AwardKind
from thidua.awards.models import Award
from thidua.core.audit import audit_record, changes_between, jsonable, snapshot
from thidua.core.models import AuditEvent
from thidua.org.models import Person, Unit

from ..choices import AwardsAudit
from ..rules import require_office

EARLIEST_YEAR = REGISTRY_EARLIEST_YEAR
# Titles only a collective receives, and those only a person receives (docs/eligibility.md).
COLLECTIVE_ONLY = frozenset({AwardCode.TLDTT, AwardCode.TLDXS, AwardCode.CO_BO, AwardCode.CO_CP})
INDIVIDUAL_ONLY = frozenset(
    {AwardCode.LDTT, AwardCode.CSTDCS, AwardCode.CSTD_BO, AwardCode.CSTD_TQ}
)
CSV_COLUMNS = (
    "employee_code",
    "unit_code",
    "code",
    "kind",
    "year",
    "decision_number",
    "decision_date",
    "issuer",
)
CSV_REQUIRED = ("code", "year", "decision_number", "decision_date", "issuer")
CSV_MAX_ROWS = 200_000


def _problems(
    *,
    person: Person | None,
    unit: Unit | None,
    code: str,
    kind: str,
    year: int | None,
    decision_number: str,
    decision_date: date | None,
    issuer: str,
) -> dict[str, str]:
    """What is wrong with an award's fields, by field, in Vietnamese (empty when fine)."""
    errors: dict[str, str] = {}
    if (person is None) == (unit is None):
        errors["recipient"] = "Chọn đúng một người nhận: một cá nhân hoặc một tập thể"
    if code not in AwardCode.values:
        errors["code"] = f"Danh hiệu, hình thức “{code}” không có trong danh mục"
    elif person is not None and code in COLLECTIVE_ONLY:
        errors["code"] = "Danh hiệu này chỉ tặng cho tập thể"
    elif unit is not None and code in INDIVIDUAL_ONLY:
        errors["code"] = "Danh hiệu này chỉ tặng cho cá nhân"
    if kind not in AwardKind.values:
        errors["kind"] = f"Loại khen thưởng “{kind}” không hợp lệ"
    today = timezone.localdate()
    if year is None or not EARLIEST_YEAR <= year <= today.year:
        errors["year"] = f"Năm thành tích phải từ {EARLIEST_YEAR} đến {today.year}"
    if not decision_number:
        errors["decision_number"] = "Thiếu số quyết định (ghi đúng như trong sổ văn thư)"
    if decision_date is None:
        errors["decision_date"] = "Thiếu ngày quyết định"
    elif decision_date > today:
        errors["decision_date"] = "Ngày quyết định không được sau hôm nay"
    elif year is not None and decision_date.year < year:
        errors["decision_date"] = "Ngày quyết định trước năm thành tích"
    if not issuer:
        errors["issuer"] = "Thiếu cấp, cơ quan ra quyết định"
    return errors


@transaction.atomic
def award_record(
    *,
    actor,
    code: str,
    year: int,
    decision_number: str,
    decision_date: date,
    issuer: str,
    person: Person | None = None,
    unit: Unit | None = None,
    kind: str = AwardKind.MERIT,
) -> Award:
    """Enter an award into the registry as its decision says (the emulation office only)."""
    require_office(actor)
    decision_number = (decision_number or "").strip()
    issuer = (issuer or "").strip()
    errors = _problems(
        person=person,
        unit=unit,
        code=code,
        kind=kind,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
    )
    if errors:
        raise ValidationError(errors)
    award = Award.objects.create(
        person=person,
        unit=unit,
        code=code,
        kind=kind,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
    )
    audit_record(
        actor=actor,
        action=AwardsAudit.AWARD_RECORDED,
        target=award,
        code=code,
        year=year,
        decision_number=decision_number,
        person_id=person.pk if person else None,
        unit_id=unit.pk if unit else None,
    )
    return award


@transaction.atomic
def award_revoke(*, actor, award: Award, reason: str) -> Award:
    """Revoke an award (thu hồi) with a written reason; the row stays in the registry."""
    require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do thu hồi"})
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.revoked_on is not None:
        raise ValidationError({"reason": "Khen thưởng này đã bị thu hồi"})
    award.revoked_on = timezone.localdate()
    award.revoke_reason = reason[:500]
    award.save(update_fields=["revoked_on", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor, action=AwardsAudit.AWARD_REVOKED, target=award, reason=award.revoke_reason
    )
    return award


# ---------------------------------------------------------------- CSV import
@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file; the header is line 1
    column: str
    message: str


class AwardImportError(ValidationError):
    """Every problem in the file at once; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__([f"Dòng {e.row}, cột {e.column}: {e.message}" for e in errors])


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int


def _parse_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AwardImportError([RowError(1, "", "Tệp phải là CSV mã hoá UTF-8")]) from None


def _key(person_id, unit_id, code, kind, year, number, day) -> tuple:
    return (person_id, unit_id, code, kind, year, number, day)


IMPORTED_FIELDS = (
    "person_id",
    "unit_id",
    "code",
    "kind",
    "year",
    "decision_number",
    "decision_date",
    "issuer",
)


def _audit_imported(*, actor, awards: list[Award]) -> None:
    """One audit event per award the import added (who, which award, its values), in bulk."""
    name = actor.get_username()[:150] if getattr(actor, "is_authenticated", False) else ""
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=actor if name else None,
                actor_name=name,
                action=AwardsAudit.AWARD_IMPORTED,
                target_type=award._meta.label_lower,
                target_id=str(award.pk),
                data=jsonable({"changes": changes_between({}, snapshot(award, IMPORTED_FIELDS))}),
            )
            for award in awards
        ),
        batch_size=1000,
    )


@transaction.atomic
def awards_import_csv(*, actor, data: bytes | str) -> ImportResult:
    """Import award history from our documented CSV (docs: columns CSV_COLUMNS; decision_date
    dd/mm/yyyy). All or nothing: any problem → AwardImportError listing (row, column,
    message) for every one. Rows already in the registry are left as they are, so importing
    the same file again changes nothing."""
    require_office(actor)
    rows = _csv_rows(_decode(data))
    people = dict(
        Person.objects.filter(
            employee_code__in={c["employee_code"] for _l, c in rows if c["employee_code"]}
        ).values_list("employee_code", "pk")
    )
    units = dict(
        Unit.objects.filter(
            code__in={c["unit_code"] for _l, c in rows if c["unit_code"]}
        ).values_list("code", "pk")
    )
    errors: list[RowError] = []
    parsed: list[tuple[int, tuple, str]] = []
    seen: dict[tuple, int] = {}
    for line, cells in rows:
        key, row_errors = _csv_row(line=line, cells=cells, people=people, units=units)
        if row_errors:
            errors.extend(row_errors)
            continue
        if key in seen:
            errors.append(RowError(line, "", f"Trùng với dòng {seen[key]}"))
            continue
        seen[key] = line
        parsed.append((line, key, cells["issuer"]))
    if errors:
        raise AwardImportError(errors)
    new = _new_awards(parsed)
    Award.objects.bulk_create(new, batch_size=2000)
    _audit_imported(actor=actor, awards=new)
    return ImportResult(created=len(new), unchanged=len(parsed) - len(new))


def _csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The file's non-empty rows as (line, cells); the header checked, the size limited."""
    sample = text.split("\n", 1)[0]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if "employee_code" not in header and "unit_code" not in header:
        missing.append("employee_code/unit_code")
    if missing:
        raise AwardImportError([RowError(1, c, "Thiếu cột") for c in missing])
    reader.fieldnames = header
    rows = []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > CSV_MAX_ROWS:
            raise AwardImportError([RowError(line, "", f"Tệp quá {CSV_MAX_ROWS} dòng")])
        cells = {k: (raw.get(k) or "").strip() for k in CSV_COLUMNS}
        if any(cells.values()):
            rows.append((line, cells))
    return rows


def _csv_subject(
    *, line: int, c: dict[str, str], people: dict, units: dict
) -> tuple[int | None, int | None, list[RowError]]:
    """Whose award the row is: a person by employee code or a unit by its code, not both."""
    if c["employee_code"] and c["unit_code"]:
        message = "Chỉ ghi mã cán bộ hoặc mã đơn vị, không ghi cả hai"
        return None, None, [RowError(line, "unit_code", message)]
    if c["employee_code"]:
        person_id = people.get(c["employee_code"])
        if person_id is None:
            message = f"Không có cán bộ mã “{c['employee_code']}”"
            return None, None, [RowError(line, "employee_code", message)]
        return person_id, None, []
    if c["unit_code"]:
        unit_id = units.get(c["unit_code"])
        if unit_id is None:
            return (
                None,
                None,
                [RowError(line, "unit_code", f"Không có đơn vị mã “{c['unit_code']}”")],
            )
        return None, unit_id, []
    return None, None, [RowError(line, "employee_code", "Thiếu mã cán bộ hoặc mã đơn vị")]


def _csv_row(
    *, line: int, cells: dict[str, str], people: dict, units: dict
) -> tuple[tuple, list[RowError]]:
    """One row checked as the registry's form checks an award: its key, or its problems."""
    c = cells
    person_id, unit_id, row_errors = _csv_subject(line=line, c=c, people=people, units=units)
    year = int(c["year"]) if c["year"].isascii() and c["year"].isdigit() else None
    day = _parse_date(c["decision_date"])
    kind = c["kind"] or AwardKind.MERIT
    problems = _problems(
        person=None if unit_id or c["unit_code"] else Person(),
        unit=Unit() if unit_id or c["unit_code"] else None,
        code=c["code"],
        kind=kind,
        year=year,
        decision_number=c["decision_number"],
        decision_date=day,
        issuer=c["issuer"],
    )
    if c["decision_date"] and day is None:
        problems["decision_date"] = "Ngày quyết định phải theo dạng dd/mm/yyyy"
    for field, message in problems.items():
        row_errors.append(RowError(line, field, message))
    return _key(person_id, unit_id, c["code"], kind, year, c["decision_number"], day), row_errors


def _new_awards(parsed: list[tuple[int, tuple, str]]) -> list[Award]:
    """The rows' awards not yet in the registry (imported before): one query."""
    existing = set()
    if parsed:
        years = {key[4] for _l, key, _i in parsed}
        existing = {
            _key(*values)
            for values in Award.objects.filter(year__in=years, imported=True).values_list(
                "person_id", "unit_id", "code", "kind", "year", "decision_number", "decision_date"
            )
        }
    return [
        Award(
            person_id=key[0],
            unit_id=key[1],
            code=key[2],
            kind=key[3],
            year=key[4],
            decision_number=key[5],
            decision_date=key[6],
            issuer=issuer,
            imported=True,
        )
        for _line, key, issuer in parsed
        if key not in existing
    ]
