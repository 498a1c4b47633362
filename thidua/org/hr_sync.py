"""People kept in sync with the HR system's export (đồng bộ cán bộ từ hệ thống nhân sự).

The HR system drops its export — CSV (UTF-8, a header row) or JSON (a list of objects) —
where settings.THIDUA_HR_SYNC_PATH points (a file, or a folder: its newest .csv/.json).
The columns are the Excel import's people sheet ("Cán bộ", same names and the same checks,
importing.Cells) plus "Trạng thái" (the employment status) and "Ngày hiệu lực" (the day a
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

The HR system is the source of truth for the person's fields it carries
(hr_sync_file.hr_managed_fields): a person the sync has written (`Person.hr_synced_at`: it
created them, changed them or first found them in the export) cannot have those fields
changed in Thi Đua (services/people.py refuses, the administration shows them read-only).
A value changed in Thi Đua before that, and replaced now, is named in the report's line
("local_edits") and counted in the run's message — never overwritten without a word.

Nobody is removed because they are missing from the file: active people absent from the
export are listed in the run as "not in the file" for an administrator to look at; leaving
the staff takes an explicit status. Each person changed gets an audit event
("org.person.hr_synced", before → after), and the run one ("org.hr_synced").

Reading the file is hr_sync_file.py, checking the rows and planning the writes
hr_sync_plan.py; this module writes, and runs the sync (nightly, "Sync now"). The cell checks,
labels and lookups come from the import package (thidua/org/importing), public there: the
same checks and messages as the Excel import.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.actors import SYSTEM, account_of, acting_as_system
from thidua.core.audit import audit_record, changes_between, jsonable
from thidua.core.choices import JobStatus
from thidua.core.jobs import job_start
from thidua.core.models import AuditEvent, Job

from .choices import (
    EmploymentStatus,
    HrChangeKind,
    HrSyncStatus,
    HrSyncTrigger,
    OrgAudit,
    PostKind,
)
from .hr_sync_file import (
    LEAVING,
    PEOPLE_SOURCES,
    SYNC_COLUMNS,
    PeopleSourceUnreadable,
    file_error,
    full_export,
    hr_sync_configured,
    hr_sync_locate,
    hr_sync_source,
    read_export,
)
from .hr_sync_lock import hr_sync_lock, hr_sync_lock_held
from .hr_sync_plan import Change, Check, Plan, SyncRow
from .importing import LOOKUP_CHUNK, RowError, chunks
from .models import HrSyncRun, Person, PersonPosition, Position, Unit
from .rules import is_org_administrator

logger = logging.getLogger(__name__)

JOB_KIND = "org.hr_sync"
TASK_NAME = "thidua.org.tasks.hr_sync_job_run"
# What a run keeps of its lists (the counts are always whole).
MAX_CHANGES_KEPT = 20_000
MAX_ERRORS_KEPT = 1_000
MAX_ABSENT_KEPT = 5_000

_PERSON_FIELDS: tuple[str, ...] = ("full_name", "date_of_birth", "gender", "category", "rank")
_PERSON_FIELDS += ("grade", "email", "phone")


class HrSyncRefused(ValidationError):
    """A sync cannot start now (another is running)."""


def busy_message() -> str:
    return _(
        "Another HR sync is running now (the nightly one or one started by an administrator). "
        "Wait until it finishes, then start the sync again."
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


def _write(plan: Plan, check: Check, *, actor, file_name: str) -> list[dict]:
    """All the writes, in bulk; returns the report's lines. Runs in the caller's transaction."""
    audit = _PersonAudit(actor=actor, file_name=file_name, check=check)
    now = timezone.now()
    _create_people(plan, check=check, audit=audit, now=now)
    _update_people(plan, audit=audit, now=now)
    for chunk in chunks(plan.first_seen, LOOKUP_CHUNK):  # from now on the HR system's people
        Person.objects.filter(pk__in=chunk).update(hr_synced_at=now)
    _write_posts(plan, check=check)
    audit.save()
    return _report_lines(plan, check=check)


class _PersonAudit:
    """One audit event per person the sync creates or changes (the change's kind and day,
    before → after), written in bulk with the sync."""

    def __init__(self, *, actor, file_name: str, check: Check):
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_name = self.actor.get_username()[:150] if self.actor is not None else ""
        self.file_name = file_name
        self.units_by_id, self.positions_by_id = check.units_by_id, check.positions_by_id
        self.events: list[AuditEvent] = []

    def state(self, person: Person) -> dict:
        return _state(person, self.units_by_id, self.positions_by_id)

    def add(self, person: Person, *, before: dict, kind: str, on: date | None) -> None:
        data = {
            "file": self.file_name,
            "code": person.employee_code,
            "change": kind,
            "effective_on": on,
            "changes": changes_between(before, self.state(person)),
        }
        self.events.append(
            AuditEvent(
                actor=self.actor,
                actor_name=self.actor_name,
                action=OrgAudit.PERSON_HR_SYNCED,
                target_type=person._meta.label_lower,
                target_id=str(person.pk),
                data=jsonable(data),
            )
        )

    def save(self) -> None:
        AuditEvent.objects.bulk_create(self.events, batch_size=1000)


def _create_people(plan: Plan, *, check: Check, audit: _PersonAudit, now: datetime) -> None:
    """The new employee codes: their people, on the staff from their row's day."""
    new = [c for c in plan.changes if c.kind == HrChangeKind.NEW]
    created = [
        Person(
            employee_code=c.row.person.employee_code,
            unit_id=check.units[c.row.person.unit].pk,
            position_id=check.positions[c.row.person.position].pk,
            status=EmploymentStatus.WORKING,
            status_since=c.row.effective_on,
            hr_synced_at=now,
            **c.row.person.details(),
        )
        for c in new
    ]
    Person.objects.bulk_create(created, batch_size=1000)
    for change, person in zip(new, created, strict=True):
        change.person = person
        audit.add(person, before={}, kind=change.kind, on=change.on)


def _update_people(plan: Plan, *, audit: _PersonAudit, now: datetime) -> None:
    """The stored people the plan changes: each gets its change's fields (its status among
    them, for a leave or a return), updated in bulk by the set of fields changed.

    Not through core.transitions.transition(): it saves and audits one row at a time, where
    a sync writes thousands of people in a few bulk queries, with one event per person for
    all its fields; and an employment status has no declared table of moves — the plan
    decides each (a leave, another leaving status or day, a return) with its own checks."""
    by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for change in plan.changes:
        if change.kind == HrChangeKind.NEW or change.person is None:
            continue
        person = change.person
        before = audit.state(person)
        change.before = (person.unit_id, person.position_id)
        for name, value in change.fields.items():
            setattr(person, name, value)
        person.updated_at = person.hr_synced_at = now
        by_fields[tuple(sorted(change.fields))].append(person)
        audit.add(person, before=before, kind=change.kind, on=change.on)
    for names, group in by_fields.items():
        columns = [n.removesuffix("_id") for n in names] + ["updated_at", "hr_synced_at"]
        Person.objects.bulk_update(group, columns, batch_size=500)


def _write_posts(plan: Plan, *, check: Check) -> None:
    """Closes (or reopens) the posts the plan ends, then opens the new primary posts."""
    # close (or reopen) before opening: one open primary post per person is a constraint
    ends: dict[date | None, list[int]] = defaultdict(list)
    for pk, valid_to in plan.post_ends.items():
        ends[valid_to].append(pk)
    for valid_to, pks in sorted(ends.items(), key=lambda item: item[0] is None):
        for chunk in chunks(pks, LOOKUP_CHUNK):
            PersonPosition.objects.filter(pk__in=chunk).update(valid_to=valid_to)
    PersonPosition.objects.bulk_create(
        [
            PersonPosition(
                person_id=c.person.pk,
                unit_id=check.units[c.row.person.unit].pk,
                position_id=check.positions[c.row.person.position].pk,
                valid_from=c.new_post_from,
            )
            for c in plan.changes
            if c.new_post_from is not None and c.person is not None
        ],
        batch_size=1000,
    )


def _report_lines(plan: Plan, *, check: Check) -> list[dict]:
    """The run's report: a line per change, then one per row not added."""
    lines = [jsonable(_change_line(change, check=check)) for change in plan.changes]
    lines += [jsonable(_not_added_line(row)) for row in plan.not_added]
    return lines


def _change_line(change: Change, *, check: Check) -> dict[str, Any]:
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
    if change.local_edits:
        line["local_edits"] = change.local_edits
    if change.new_post_from is not None:
        if change.kind != HrChangeKind.NEW and before_unit is not None:
            line["unit_from"] = check.units_by_id[before_unit].code
            line["position_from"] = (
                check.positions_by_id[before_position].code if before_position else ""
            )
        line["unit_to"], line["position_to"] = r.unit, r.position
    if change.kind in (HrChangeKind.LEAVE, HrChangeKind.RETURN):
        line["status"] = change.row.status
    return line


def _not_added_line(row: SyncRow) -> dict[str, Any]:
    return {
        "row": row.person.row,
        "code": row.person.employee_code,
        "name": row.person.full_name,
        "kind": HrChangeKind.NOT_ADDED,
        "on": row.effective_on,
        "status": row.status,
        "details": [],
    }


# --- the service ---------------------------------------------------------------------


def _require_administrator(actor) -> None:
    """An administrator, or SYSTEM (the nightly task); actor=None is refused."""
    if not acting_as_system(actor) and not is_org_administrator(actor):
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
    run = HrSyncRun(trigger=trigger, actor=account_of(actor))
    if source is None and hr_sync_source() == "directory":
        return _run_directory(run, actor=actor, report=report)
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
    _format, rows = read_export(path.name, data, errors)
    return _apply(run, rows, errors, actor=actor, report=report)


def _run_directory(run: HrSyncRun, *, actor, report: Callable[..., None]) -> HrSyncRun:
    """The people read from the directory's attributes, then the file's checks and writes."""
    report(0, None, _("Reading the directory"))
    reader = PEOPLE_SOURCES.get("directory")
    try:
        if reader is None:  # the directory app is not installed
            raise PeopleSourceUnreadable("thidua.directory is not in INSTALLED_APPS")
        read = reader()
    except PeopleSourceUnreadable as error:
        logger.warning("HR sync: the directory could not be read: %s", error)
        run.status = HrSyncStatus.NO_FILE
        run.message = _("The directory (LDAP) could not be read: %(error)s") % {"error": error}
        return _finish(run)
    run.file_name, run.file_hash = read.name, read.digest
    if HrSyncRun.objects.filter(file_hash=run.file_hash, status=HrSyncStatus.APPLIED).exists():
        run.status = HrSyncStatus.ALREADY_APPLIED
        run.message = _("The directory has not changed since the last sync applied.")
        return _finish(run)
    return _apply(run, read.rows, [], actor=actor, report=report, labels=read.labels)


def _apply(
    run: HrSyncRun,
    rows: list[tuple[int, dict]],
    errors: list[RowError],
    *,
    actor,
    report: Callable[..., None],
    labels: dict[int, str] | None = None,
) -> HrSyncRun:
    """Check every row and, with no problem, write the changes in one transaction. `labels`
    (row number → the directory entry's DN) replaces the row numbers in the report."""
    run.rows = len(rows)
    if not errors and not rows:
        errors.append(file_error(_("The file has no rows.")))
    check = Check(run.file_name, rows, errors)
    report(0, len(rows), _("Checking rows"))
    plan = check.run(full_export=full_export()) if not errors else Plan()
    if errors:
        logger.info("HR sync: %s refused with %s problem(s)", run.file_name, len(errors))
        run.status = HrSyncStatus.REFUSED
        run.error_count = len(errors)
        run.errors = [e._asdict() for e in sorted(errors, key=_error_order)[:MAX_ERRORS_KEPT]]
        _relabel(run.errors, labels)
        run.message = (
            _("Some directory entries have problems: nothing was changed.")
            if labels
            else _("The file has problems: nothing was changed.")
        )
        return _finish(run)
    _count(run, plan)
    report(len(rows), len(rows), _("Saving"))
    with transaction.atomic():
        run.changes = _write(plan, check, actor=actor, file_name=run.file_name)[:MAX_CHANGES_KEPT]
        _relabel(run.changes, labels)
        run.status = HrSyncStatus.APPLIED
        run.message = " ".join(
            filter(None, [_read_as_message(plan), plan.local_edits and _local_edits_message(plan)])
        )
        _finish(run)
        audit_record(
            actor=actor,
            action=OrgAudit.HR_SYNCED,
            target=run,
            file=run.file_name,
            sha256=run.file_hash,
            created=run.created,
            moved=run.moved,
            updated=run.updated,
            departed=run.departed,
            returned=run.returned,
            unchanged=run.unchanged,
            not_in_file=run.not_in_file_count,
            local_edits=plan.local_edits,
        )
    logger.info(
        "HR sync: %s applied (%s new, %s moves, %s leaves)",
        run.file_name,
        run.created,
        run.moved,
        run.departed,
    )
    return run


_COLUMN_ORDER = {c.name: i for i, c in enumerate(SYNC_COLUMNS)}


def _read_as_message(plan: Plan) -> str:
    """Rows that named a unit merged in Thi Đua, read as the unit it was merged into."""
    return " ".join(
        ngettext(
            "%(count)s row named unit %(old)s, merged into %(new)s on %(date)s: read as %(new)s.",
            "%(count)s rows named unit %(old)s, merged into %(new)s on %(date)s: read as %(new)s.",
            rows,
        )
        % {"count": rows, "old": old, "new": unit.code, "date": on.strftime("%d/%m/%Y")}
        for old, (unit, on, rows) in sorted(plan.read_as.items())
    )


def _local_edits_message(plan: Plan) -> str:
    people = sum(1 for c in plan.changes if c.local_edits)
    return ngettext(
        "For %(count)s person, the HR system's values replaced details changed in Thi Đua "
        "since the last sync (marked in the list below).",
        "For %(count)s people, the HR system's values replaced details changed in Thi Đua "
        "since the last sync (marked in the list below).",
        people,
    ) % {"count": people}


def _relabel(lines: list[dict], labels: dict[int, str] | None) -> None:
    """A directory's rows are its entries: the report shows each one's DN."""
    if labels:
        for line in lines:
            line["row"] = labels.get(line.get("row") or 0, line.get("row"))


def _error_order(error: RowError) -> tuple:
    return (error.row or 0, _COLUMN_ORDER.get(error.column, -1))


def _count(run: HrSyncRun, plan: Plan) -> None:
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
            actor=SYSTEM,
            action=OrgAudit.HR_CHANGES_DUE,
            on=today,
            left=len(left_ids),
            moved=len(people),
        )
    return {"left": len(left_ids), "moved": len(people)}


def hr_sync_nightly(*, source: str | Path | None = None) -> HrSyncRun | None:
    """The beat task's work: the changes whose day has come, then the export (none when no
    location is configured), in the site's language. Skipped, with a log line, while another
    sync ("Sync now") holds the lock."""
    with hr_sync_lock() as acquired, translation.override(settings.LANGUAGE_CODE):
        if not acquired:
            logger.warning("HR sync: another sync is running; the scheduled sync is skipped")
            return None
        hr_changes_due()
        if source is None and not hr_sync_configured():
            logger.info("HR sync: THIDUA_HR_SYNC_PATH (or the directory) is not set; nothing read")
            return None
        return hr_sync_run(actor=SYSTEM, source=source, trigger=HrSyncTrigger.SCHEDULED)


# --- the manual sync (a background job) and the report pages' reads -------------------


def hr_sync_running() -> Job | None:
    return (
        Job.objects.filter(kind=JOB_KIND, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def hr_sync_start(*, actor) -> Job:
    """ "Sync now": the same sync as the nightly one, as a background job run as the
    administrator who started it (not the system's: the nightly task is that)."""
    if acting_as_system(actor):
        raise PermissionDenied
    _require_administrator(actor)
    if hr_sync_running() is not None:
        raise HrSyncRefused(_("A sync is already running; wait for it to finish."))
    if hr_sync_lock_held():
        raise HrSyncRefused(busy_message())
    return job_start(
        kind=JOB_KIND,
        task_name=TASK_NAME,
        params={"language": translation.get_language() or settings.LANGUAGE_CODE},
        actor=actor,
    )


def hr_sync_job(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The job's work (tasks.hr_sync_job_run), as the administrator who started it."""
    with (
        hr_sync_lock() as acquired,
        translation.override(job.params.get("language") or settings.LANGUAGE_CODE),
    ):
        if not acquired:
            logger.warning("HR sync: another sync is running; job %s read nothing", job.pk)
            return {"ok": False, "run": None, "status": "busy", "message": busy_message()}
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
