"""People kept in sync with the HR system's export (đồng bộ cán bộ từ hệ thống nhân sự).

The HR system drops its export — CSV (UTF-8, a header row) or JSON (a list of objects) —
where settings.THIDUA_HR_SYNC_PATH points (a file, or a folder: its newest .csv/.json).
The columns are the Excel import's people sheet ("Cán bộ", same names and the same checks,
importing._Cells) plus "Trạng thái" (the employment status) and "Ngày hiệu lực" (the day a
leave or retirement takes effect). docs/HR_SYNC.md is the format's documentation.

Every row is checked, against the others and against what is stored, before anything is
written; a file with any problem changes nothing and its run lists each problem as (file,
row, column, message). A clean file is applied in one transaction of bulk writes:

- a new employee code → a new person with their primary post from "Từ ngày";
- another unit or position → a move dated "Từ ngày": the open primary post closes that day
  and the new one opens that day (end exclusive, as everywhere in org); the person's
  `unit`/`position` mirror follows on that day (now if it has come, else the nightly run);
- a leaving status (nghỉ việc, nghỉ hưu, chuyển công tác) → every open post closes on
  "Ngày hiệu lực", the person's status and its date are stored, and `is_active` turns off on
  that day (now if it has come, else the nightly run) — so before the day the person still
  counts in their unit and after it they do not;
- "đang công tác" for someone who had left → back on the staff with a new post from
  "Từ ngày" (a leave whose day has not come yet is cancelled: its posts reopen);
- other columns that differ → the details are updated; rows equal to what is stored are
  skipped, so the same data twice changes nothing (the same file twice is not even read
  again: its SHA-256 is kept).

Nobody is removed because they are missing from the file: active people absent from the
export are listed in the run as "not in the file" for an administrator to look at; leaving
the staff takes an explicit status. Each person changed gets an audit event
("org.person.hr_synced", before → after), and the run one ("org.hr_synced").

Private helpers of importing.py are imported on purpose (the same checks and messages);
issue 16 splits that module and can make them public.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, changes_between, jsonable
from thidua.core.choices import JobStatus
from thidua.core.jobs import job_start
from thidua.core.models import AuditEvent, Job

from .choices import (
    EmploymentStatus,
    Gender,
    HrChangeKind,
    HrSyncStatus,
    HrSyncTrigger,
    PostKind,
    StaffCategory,
)
from .importing import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    LOOKUP_CHUNK,
    MAX_ROWS_PER_SHEET,
    PEOPLE_COLUMNS,
    Column,
    PersonRow,
    RowError,
    _allowed,
    _Cells,
    _choice_lookup,
    _chunks,
    _employee_code_twice,
    _header_key,
    _is_blank,
)
from .models import HrSyncRun, Person, PersonPosition, Position, Unit
from .rules import is_org_administrator

logger = logging.getLogger(__name__)

JOB_KIND = "org.hr_sync"
TASK_NAME = "thidua.org.tasks.hr_sync_job_run"
SYNC_SUFFIXES = (".csv", ".json")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# What a run keeps of its lists (the counts are always whole).
MAX_CHANGES_KEPT = 20_000
MAX_ERRORS_KEPT = 1_000
MAX_ABSENT_KEPT = 5_000
AUDIT_PERSON = "org.person.hr_synced"
AUDIT_RUN = "org.hr_synced"

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
_PERSON_FIELDS: tuple[str, ...] = ("full_name", "date_of_birth", "gender", "category", "rank")
_PERSON_FIELDS += ("grade", "email", "phone")


class HrSyncRefused(ValidationError):
    """A sync cannot start now (another is running)."""


# --- the file --------------------------------------------------------------------------


def hr_sync_path_configured() -> str:
    return str(getattr(settings, "THIDUA_HR_SYNC_PATH", "") or "")


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


def _file_error(message: str) -> RowError:
    return RowError("", None, "", message)


def _column_keys() -> dict[str, str]:
    """Header (without its hint) or JSON key → column key; both spellings are accepted."""
    keys = {_header_key(c.name): c.key for c in SYNC_COLUMNS}
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
        errors.append(_file_error(_("The file is not UTF-8 text.")))
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None) or []
    keys = _column_keys()
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = keys.get(_header_key(cell)) or keys.get(cell.strip())
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
        if all(_is_blank(v) for v in values):
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
        errors.append(_file_error(_("The file is not valid JSON.")))
        return []
    if not isinstance(records, list):
        errors.append(_file_error(_("The JSON file must be a list of objects, one per person.")))
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
            key = keys.get(_header_key(raw_key)) or keys.get(str(raw_key).strip())
            if key and key not in values:
                values[key] = _clean_value(key, value)
        rows.append((number, values))
    return rows


def _too_many_rows() -> RowError:
    return _file_error(
        _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS_PER_SHEET}
    )


def _read(name: str, data: bytes, errors: list[RowError]) -> tuple[str, list[tuple[int, dict]]]:
    """The format and the rows (row number, {column key: value}) of an export."""
    if len(data) > _max_bytes():
        limit_mb = _max_bytes() / (1024 * 1024)
        errors.append(
            _file_error(_("The file is larger than %(limit)s MB.") % {"limit": f"{limit_mb:g}"})
        )
        return "", []
    suffix = Path(name).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and data.lstrip()[:1] in (b"[", b"{"))
    if is_json:
        return "json", _read_json(name, data, errors)
    return "csv", _read_csv(name, data, errors)


# --- checking and planning --------------------------------------------------------------


@dataclass
class SyncRow:
    person: PersonRow
    status: str
    effective_on: date | None


@dataclass
class _Change:
    """What the sync does to one person: the fields it sets and the posts it touches."""

    row: SyncRow
    kind: str
    person: Person | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    new_post_from: date | None = None  # a primary post opened on this day
    on: date | None = None  # the day the change takes effect (shown in the report)
    changed_details: list[str] = field(default_factory=list)
    before: tuple[int | None, int | None] = (None, None)  # unit and position ids, for the report


@dataclass
class _Plan:
    changes: list[_Change] = field(default_factory=list)
    post_ends: dict[int, date | None] = field(default_factory=dict)  # post pk → its valid_to
    unchanged: int = 0
    not_added: list[SyncRow] = field(default_factory=list)
    not_in_file: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


class _Check:
    """Checks the rows and plans the writes: units, positions, the file's people and their
    posts are read in a handful of queries (chunks of LOOKUP_CHUNK codes), none per row."""

    def __init__(self, name: str, rows: list[tuple[int, dict]], errors: list[RowError]):
        self.name, self.raw, self.errors = name, rows, errors
        self.today = timezone.localdate()
        self.units = {
            u.code: u for u in Unit.objects.only("id", "code", "valid_to", "name").order_by()
        }
        self.units_by_id = {u.pk: u for u in self.units.values()}
        self.positions = {p.code: p for p in Position.objects.only("id", "code", "name")}
        self.positions_by_id = {p.pk: p for p in self.positions.values()}
        self.plan = _Plan()

    def rows(self) -> list[SyncRow]:
        gender_labels: Labels = {str(k): tuple(v) for k, v in GENDER_LABELS.items()}
        category_labels: Labels = {str(k): tuple(v) for k, v in CATEGORY_LABELS.items()}
        genders = _choice_lookup(gender_labels, Gender)
        categories = _choice_lookup(category_labels, StaffCategory)
        statuses = _choice_lookup(STATUS_LABELS, EmploymentStatus)
        rows = []
        for number, values in self.raw:
            cells = _Cells(self.name, number, values, SYNC_COLUMNS, self.errors)
            for key, value in values.items():
                if isinstance(value, dict | list):
                    cells.error(key, _("Must be a single value, not a list or an object."))
            person = PersonRow(
                row=number,
                employee_code=cells.text("employee_code", max_length=32, required=True),
                full_name=cells.text("full_name", max_length=120, required=True),
                date_of_birth=cells.date("date_of_birth", birth=True),
                gender=cells.choice("gender", lookup=genders, allowed=_allowed(gender_labels)),
                category=cells.choice(
                    "category", lookup=categories, allowed=_allowed(category_labels), required=True
                ),
                rank=cells.text("rank", max_length=120),
                grade=cells.grade("grade"),
                email=cells.email("email"),
                phone=cells.phone("phone"),
                unit=cells.text("unit", max_length=32, required=True),
                position=cells.text("position", max_length=32, required=True),
                post_from=cells.date("post_from", required=True),
            )
            status = cells.choice("status", lookup=statuses, allowed=_allowed(STATUS_LABELS))
            status = status or EmploymentStatus.WORKING
            effective_on = cells.date("effective_on")
            if status in LEAVING and effective_on is None:
                cells.error(
                    "effective_on",
                    _("Required when the status is “%(status)s”: the day it takes effect.")
                    % {"status": STATUS_LABELS[EmploymentStatus(status)][0]},
                )
            unit = self.units.get(person.unit) if person.unit else None
            if person.unit and unit is None:
                cells.error(
                    "unit",
                    _("Unknown unit code %(code)s: there is no such unit in the system.")
                    % {"code": person.unit},
                )
            elif unit is not None and unit.valid_to is not None and status not in LEAVING:
                cells.error(
                    "unit",
                    _("Unit %(code)s was closed on %(date)s.")
                    % {"code": unit.code, "date": unit.valid_to.strftime("%d/%m/%Y")},
                )
            if person.position and person.position not in self.positions:
                cells.error(
                    "position",
                    _("Unknown position code %(code)s: there is no such position in the system.")
                    % {"code": person.position},
                )
            rows.append(SyncRow(person, status, effective_on))
        self._duplicates(rows)
        return rows

    def _duplicates(self, rows: list[SyncRow]) -> None:
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            if row.person.employee_code:
                seen[row.person.employee_code].append(row.person.row)
        column = PEOPLE_COLUMNS[0].name
        for code, numbers in seen.items():
            if len(numbers) > 1:
                listed = ", ".join(str(n) for n in numbers)
                self.errors.extend(
                    RowError(self.name, n, column, _employee_code_twice(code, listed))
                    for n in numbers
                )

    def _error(self, row: SyncRow, key: str, message: str) -> None:
        name = next(c.name for c in SYNC_COLUMNS if c.key == key)
        self.errors.append(RowError(self.name, row.person.row, name, message))

    def run(self, *, full_export: bool) -> _Plan:
        rows = self.rows()
        codes = [r.person.employee_code for r in rows if r.person.employee_code]
        people: dict[str, Person] = {}
        for chunk in _chunks(codes, LOOKUP_CHUNK):
            people.update(
                (p.employee_code, p)
                for p in Person.objects.filter(employee_code__in=chunk).order_by()
            )
        open_posts: dict[int, list[PersonPosition]] = defaultdict(list)
        ids = [p.pk for p in people.values()]
        for chunk in _chunks(ids, LOOKUP_CHUNK):
            for post in PersonPosition.objects.filter(
                person_id__in=chunk, valid_to__isnull=True
            ).order_by():
                open_posts[post.person_id].append(post)
        # posts closed by a stored leave: reopened when it is cancelled, re-dated when corrected
        left = [p.pk for p in people.values() if p.status in LEAVING and p.status_since]
        ended_by_leave: dict[int, list[PersonPosition]] = defaultdict(list)
        for chunk in _chunks(left, LOOKUP_CHUNK):
            for post in PersonPosition.objects.filter(person_id__in=chunk).order_by():
                ended_by_leave[post.person_id].append(post)
        for row in rows:
            person = people.get(row.person.employee_code)
            if person is None:
                self._plan_new(row)
            else:
                self._plan_known(
                    row, person, open_posts[person.pk], ended_by_leave.get(person.pk, [])
                )
        if full_export:
            self._absent(set(codes))
        return self.plan

    def _plan_new(self, row: SyncRow) -> None:
        if row.status in LEAVING:
            self.plan.not_added.append(row)
            return
        self.plan.changes.append(
            _Change(
                row, HrChangeKind.NEW, on=row.person.post_from, new_post_from=row.person.post_from
            )
        )

    def _plan_known(
        self,
        row: SyncRow,
        person: Person,
        open_posts: list[PersonPosition],
        history: list[PersonPosition],
    ) -> None:
        r = row.person
        change = _Change(row, HrChangeKind.UPDATE, person=person)
        details = r.details()
        change.changed_details = [n for n, v in details.items() if getattr(person, n) != v]
        change.fields.update({n: details[n] for n in change.changed_details})
        primary = next((p for p in open_posts if p.kind == PostKind.PRIMARY), None)
        unit, position = self.units.get(r.unit), self.positions.get(r.position)
        stored_leaving = person.status in LEAVING
        if row.status in LEAVING:
            if not stored_leaving:
                self._plan_leave(row, change, open_posts)
            elif (person.status, person.status_since) != (row.status, row.effective_on):
                self._plan_leave_corrected(row, change, history)
        else:
            if stored_leaving:
                primary = self._plan_return(row, change, history)
            target = (unit.pk if unit else None, position.pk if position else None)
            current = (primary.unit_id, primary.position_id) if primary else None
            if unit and position and r.post_from and current != target:
                self._plan_move(row, change, primary, unit, position)
        if change.kind == HrChangeKind.UPDATE and not change.fields and not change.new_post_from:
            self.plan.unchanged += 1
            return
        self.plan.changes.append(change)

    def _plan_leave(self, row: SyncRow, change: _Change, open_posts: list[PersonPosition]) -> None:
        on = row.effective_on
        assert on is not None
        started = max((p.valid_from for p in open_posts), default=None)
        if started is not None and on <= started:
            self._error(
                row,
                "effective_on",
                _(
                    "The person's current post started on %(date)s: the status cannot take effect before that."
                )
                % {"date": started.strftime("%d/%m/%Y")},
            )
            return
        change.kind, change.on = HrChangeKind.LEAVE, on
        change.fields.update(status=row.status, status_since=on)
        if on <= self.today:
            change.fields["is_active"] = False
        for post in open_posts:
            self.plan.post_ends[post.pk] = on

    def _plan_leave_corrected(
        self, row: SyncRow, change: _Change, history: list[PersonPosition]
    ) -> None:
        """Another leaving status, or another day, for someone who has left: the status is
        corrected and the posts that ended on the old day end on the new one."""
        person, on = change.person, row.effective_on
        assert person is not None and on is not None
        ended = [p for p in history if p.valid_to == person.status_since]
        started = max((p.valid_from for p in ended), default=None)
        if started is not None and on <= started:
            self._error(
                row,
                "effective_on",
                _(
                    "The person's current post started on %(date)s: the status cannot take effect before that."
                )
                % {"date": started.strftime("%d/%m/%Y")},
            )
            return
        change.kind, change.on = HrChangeKind.LEAVE, on
        change.fields.update(status=row.status, status_since=on, is_active=on > self.today)
        if change.fields["is_active"] == person.is_active:
            del change.fields["is_active"]
        for post in ended:
            self.plan.post_ends[post.pk] = on

    def _plan_return(
        self, row: SyncRow, change: _Change, history: list[PersonPosition]
    ) -> PersonPosition | None:
        """Back on the staff. A leave whose day has not come is cancelled (its posts reopen:
        returns the primary one); after it, a new post starts on "Từ ngày"."""
        person, r = change.person, row.person
        assert person is not None
        since = person.status_since
        change.kind = HrChangeKind.RETURN
        change.fields.update(status=EmploymentStatus.WORKING, is_active=True)
        if since is not None and since > self.today:
            change.on = self.today
            change.fields["status_since"] = row.effective_on
            ended = [p for p in history if p.valid_to == since]
            for post in ended:
                self.plan.post_ends[post.pk] = None
            return next((p for p in ended if p.kind == PostKind.PRIMARY), None)
        change.fields["status_since"] = row.effective_on or r.post_from
        if since is not None and r.post_from is not None and r.post_from < since:
            self._error(
                row,
                "post_from",
                _("The person left on %(date)s: a new post cannot start before that.")
                % {"date": since.strftime("%d/%m/%Y")},
            )
        return None

    def _plan_move(
        self,
        row: SyncRow,
        change: _Change,
        primary: PersonPosition | None,
        unit: Unit,
        position: Position,
    ) -> None:
        on = row.person.post_from
        assert on is not None
        if primary is not None and on <= primary.valid_from:
            self._error(
                row,
                "post_from",
                _("A new post must start after the current one, which started on %(date)s.")
                % {"date": primary.valid_from.strftime("%d/%m/%Y")},
            )
            return
        if change.kind == HrChangeKind.UPDATE:
            change.kind = HrChangeKind.MOVE
        change.on = change.on or on
        change.new_post_from = on
        if primary is not None:
            self.plan.post_ends[primary.pk] = on
        person = change.person
        assert person is not None
        if on <= self.today or change.kind == HrChangeKind.RETURN:
            if person.unit_id != unit.pk:
                change.fields["unit_id"] = unit.pk
            if person.position_id != position.pk:
                change.fields["position_id"] = position.pk

    def _absent(self, codes_in_file: set[str]) -> None:
        """Active people the export does not mention (a full export lists everyone)."""
        stored = Person.objects.filter(is_active=True, status=EmploymentStatus.WORKING)
        self.plan.not_in_file = sorted(
            (code, name)
            for code, name in stored.values_list("employee_code", "full_name").order_by()
            if code not in codes_in_file
        )


# --- writing --------------------------------------------------------------------------


def _state(person: Person, units: dict[int, Unit], positions: dict[int, Position]) -> dict:
    state: dict[str, Any] = {name: getattr(person, name) for name in _PERSON_FIELDS}
    state["unit"] = units[person.unit_id].code if person.unit_id in units else None
    state["position"] = (
        positions[person.position_id].code if person.position_id in positions else None
    )
    state.update(status=person.status, status_since=person.status_since, active=person.is_active)
    return state


def _write(plan: _Plan, check: _Check, *, actor, file_name: str) -> list[dict]:
    """All the writes, in bulk; returns the report's lines. Runs in the caller's transaction."""
    now = timezone.now()
    units, positions = check.units, check.positions
    units_by_id, positions_by_id = check.units_by_id, check.positions_by_id
    audit_actor = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = audit_actor.get_username()[:150] if audit_actor is not None else ""
    events: list[AuditEvent] = []
    lines: list[dict] = []

    def audit(person: Person, before: dict, kind: str, on: date | None) -> None:
        events.append(
            AuditEvent(
                actor=audit_actor,
                actor_name=actor_name,
                action=AUDIT_PERSON,
                target_type=person._meta.label_lower,
                target_id=str(person.pk),
                data=jsonable(
                    {
                        "file": file_name,
                        "code": person.employee_code,
                        "change": kind,
                        "effective_on": on,
                        "changes": changes_between(
                            before, _state(person, units_by_id, positions_by_id)
                        ),
                    }
                ),
            )
        )

    new = [c for c in plan.changes if c.kind == HrChangeKind.NEW]
    created = [
        Person(
            employee_code=c.row.person.employee_code,
            unit_id=units[c.row.person.unit].pk,
            position_id=positions[c.row.person.position].pk,
            status=EmploymentStatus.WORKING,
            status_since=c.row.effective_on,
            **c.row.person.details(),
        )
        for c in new
    ]
    Person.objects.bulk_create(created, batch_size=1000)
    for change, person in zip(new, created, strict=True):
        change.person = person
        audit(person, {}, change.kind, change.on)

    by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for change in plan.changes:
        if change.kind == HrChangeKind.NEW or change.person is None:
            continue
        person = change.person
        before = _state(person, units_by_id, positions_by_id)
        change.before = (person.unit_id, person.position_id)
        for name, value in change.fields.items():
            setattr(person, name, value)
        person.updated_at = now
        if change.fields:
            by_fields[tuple(sorted(change.fields))].append(person)
        audit(person, before, change.kind, change.on)
    for names, group in by_fields.items():
        columns = [n.removesuffix("_id") for n in names] + ["updated_at"]
        Person.objects.bulk_update(group, columns, batch_size=500)

    # close (or reopen) before opening: one open primary post per person is a constraint
    ends: dict[date | None, list[int]] = defaultdict(list)
    for pk, valid_to in plan.post_ends.items():
        ends[valid_to].append(pk)
    for valid_to, pks in sorted(ends.items(), key=lambda item: item[0] is None):
        for chunk in _chunks(pks, LOOKUP_CHUNK):
            PersonPosition.objects.filter(pk__in=chunk).update(valid_to=valid_to)
    PersonPosition.objects.bulk_create(
        [
            PersonPosition(
                person_id=c.person.pk,
                unit_id=units[c.row.person.unit].pk,
                position_id=positions[c.row.person.position].pk,
                valid_from=c.new_post_from,
            )
            for c in plan.changes
            if c.new_post_from is not None and c.person is not None
        ],
        batch_size=1000,
    )
    AuditEvent.objects.bulk_create(events, batch_size=1000)

    for change in plan.changes:
        before_unit, before_position = change.before
        r = change.row.person
        line: dict[str, Any] = {
            "row": r.row,
            "code": r.employee_code,
            "name": r.full_name,
            "kind": change.kind,
            "on": change.on,
            "details": change.changed_details,
        }
        if change.new_post_from is not None:
            if change.kind != HrChangeKind.NEW and before_unit is not None:
                line["unit_from"] = units_by_id[before_unit].code
                line["position_from"] = (
                    positions_by_id[before_position].code if before_position else ""
                )
            line["unit_to"], line["position_to"] = r.unit, r.position
        if change.kind in (HrChangeKind.LEAVE, HrChangeKind.RETURN):
            line["status"] = change.row.status
        lines.append(jsonable(line))
    for row in plan.not_added:
        lines.append(
            jsonable(
                {
                    "row": row.person.row,
                    "code": row.person.employee_code,
                    "name": row.person.full_name,
                    "kind": HrChangeKind.NOT_ADDED,
                    "on": row.effective_on,
                    "status": row.status,
                    "details": [],
                }
            )
        )
    return lines


# --- the service ---------------------------------------------------------------------


def _require_administrator(actor) -> None:
    """actor None is the system (the nightly task)."""
    if actor is not None and not is_org_administrator(actor):
        raise PermissionDenied(_("Only an administrator may sync people with the HR system."))


def hr_sync_run(
    *,
    actor,
    source: str | Path | None = None,
    trigger: str = HrSyncTrigger.SCHEDULED,
    progress: Callable[..., None] | None = None,
) -> HrSyncRun:
    """Read the HR export (`source`, else settings.THIDUA_HR_SYNC_PATH), check every row and,
    if there is no problem, apply the differences in one transaction. Always returns the
    stored run (applied, refused with its problems, already applied, or no file)."""
    _require_administrator(actor)
    report = progress or (lambda *args, **kwargs: None)
    run = HrSyncRun(trigger=trigger, actor=actor)
    path = hr_sync_locate(source)
    if path is None:
        run.status = HrSyncStatus.NO_FILE
        run.message = _("No export file was found where the HR system drops it.")
        return _finish(run)
    report(0, None, _("Reading the file"))
    try:
        data = path.read_bytes()
    except OSError:
        logger.warning("HR sync: cannot read %s", path, exc_info=True)
        run.status = HrSyncStatus.NO_FILE
        run.message = _("The export file could not be read.")
        return _finish(run)
    run.file_name = path.name[:255]
    run.file_hash = hashlib.sha256(data).hexdigest()
    if HrSyncRun.objects.filter(file_hash=run.file_hash, status=HrSyncStatus.APPLIED).exists():
        run.status = HrSyncStatus.ALREADY_APPLIED
        run.message = _("This file was already applied; nothing was read again.")
        return _finish(run)

    errors: list[RowError] = []
    _format, rows = _read(path.name, data, errors)
    run.rows = len(rows)
    if not errors and not rows:
        errors.append(_file_error(_("The file has no rows.")))
    check = _Check(path.name, rows, errors)
    report(0, len(rows), _("Checking rows"))
    plan = check.run(full_export=full_export()) if not errors else _Plan()
    if errors:
        logger.info("HR sync: %s refused with %s problem(s)", path.name, len(errors))
        run.status = HrSyncStatus.REFUSED
        run.error_count = len(errors)
        run.errors = [e._asdict() for e in sorted(errors, key=_error_order)[:MAX_ERRORS_KEPT]]
        run.message = _("The file has problems: nothing was changed.")
        return _finish(run)
    _count(run, plan)
    report(len(rows), len(rows), _("Saving"))
    with transaction.atomic():
        run.changes = _write(plan, check, actor=actor, file_name=path.name)[:MAX_CHANGES_KEPT]
        run.status = HrSyncStatus.APPLIED
        _finish(run)
        audit_record(
            actor=actor,
            action=AUDIT_RUN,
            target=run,
            file=path.name,
            sha256=run.file_hash,
            created=run.created,
            moved=run.moved,
            updated=run.updated,
            departed=run.departed,
            returned=run.returned,
            unchanged=run.unchanged,
            not_in_file=run.not_in_file_count,
        )
    logger.info(
        "HR sync: %s applied (%s new, %s moves, %s leaves)",
        path.name,
        run.created,
        run.moved,
        run.departed,
    )
    return run


_COLUMN_ORDER = {c.name: i for i, c in enumerate(SYNC_COLUMNS)}


def _error_order(error: RowError) -> tuple:
    return (error.row or 0, _COLUMN_ORDER.get(error.column, -1))


def _count(run: HrSyncRun, plan: _Plan) -> None:
    kinds: dict[str, int] = defaultdict(int)
    for change in plan.changes:
        kinds[change.kind] += 1
    run.created = kinds[HrChangeKind.NEW]
    run.moved = kinds[HrChangeKind.MOVE]
    run.updated = kinds[HrChangeKind.UPDATE]
    run.departed = kinds[HrChangeKind.LEAVE]
    run.returned = kinds[HrChangeKind.RETURN]
    run.unchanged = plan.unchanged + len(plan.not_added)
    run.not_in_file_count = len(plan.not_in_file)
    run.not_in_file = [list(item) for item in plan.not_in_file[:MAX_ABSENT_KEPT]]


def _finish(run: HrSyncRun) -> HrSyncRun:
    run.finished_at = timezone.now()
    run.save()
    return run


def hr_changes_due(*, today: date | None = None) -> dict[str, int]:
    """Apply the dated changes whose day has come (the nightly task runs this first): a
    leave or retirement turns `is_active` off, a move's new post becomes the person's
    `unit`/`position`. Two queries and two updates when nothing is due."""
    today = today or timezone.localdate()
    leaving = Person.objects.filter(
        is_active=True, status__in=LEAVING, status_since__lte=today
    ).order_by()
    left_ids = list(leaving.values_list("pk", flat=True))
    if left_ids:
        Person.objects.filter(pk__in=left_ids).update(is_active=False, updated_at=timezone.now())
    moved = list(
        PersonPosition.objects.filter(
            kind=PostKind.PRIMARY, valid_to__isnull=True, valid_from__lte=today
        )
        .exclude(unit_id=F("person__unit_id"), position_id=F("person__position_id"))
        .values_list("person_id", "unit_id", "position_id")
        .order_by()
    )
    people = []
    for person_id, unit_id, position_id in moved:
        people.append(Person(pk=person_id, unit_id=unit_id, position_id=position_id))
    Person.objects.bulk_update(people, ["unit", "position"], batch_size=500)
    if left_ids or people:
        audit_record(
            actor=None,
            action="org.hr_changes_due",
            on=today,
            left=len(left_ids),
            moved=len(people),
        )
    return {"left": len(left_ids), "moved": len(people)}


def hr_sync_nightly(*, source: str | Path | None = None) -> HrSyncRun | None:
    """The beat task's work: the changes whose day has come, then the export (none when no
    location is configured), in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        hr_changes_due()
        if source is None and not hr_sync_path_configured():
            logger.info("HR sync: THIDUA_HR_SYNC_PATH is not set; nothing to read")
            return None
        return hr_sync_run(actor=None, source=source, trigger=HrSyncTrigger.SCHEDULED)


# --- the manual sync (a background job) and the report pages' reads -------------------


def hr_sync_running() -> Job | None:
    return (
        Job.objects.filter(kind=JOB_KIND, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def hr_sync_start(*, actor) -> Job:
    """ "Sync now": the same sync as the nightly one, as a background job."""
    if actor is None:
        raise PermissionDenied
    _require_administrator(actor)
    if hr_sync_running() is not None:
        raise HrSyncRefused(_("A sync is already running; wait for it to finish."))
    return job_start(
        kind=JOB_KIND,
        task_name=TASK_NAME,
        params={"language": translation.get_language() or settings.LANGUAGE_CODE},
        actor=actor,
    )


def hr_sync_job(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The job's work (tasks.hr_sync_job_run), as the administrator who started it."""
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        hr_changes_due()
        run = hr_sync_run(actor=job.created_by, trigger=HrSyncTrigger.MANUAL, progress=progress)
    ok = run.status in (HrSyncStatus.APPLIED, HrSyncStatus.ALREADY_APPLIED)
    return {"ok": ok, "run": run.pk, "status": run.status}


def hr_sync_runs(*, viewer):
    """The runs, newest first, for an administrator."""
    if not is_org_administrator(viewer):
        raise PermissionDenied
    return HrSyncRun.objects.defer("changes", "errors", "not_in_file")


def hr_sync_run_get(*, viewer, pk: int) -> HrSyncRun:
    if not is_org_administrator(viewer):
        raise PermissionDenied
    return HrSyncRun.objects.get(pk=pk)
