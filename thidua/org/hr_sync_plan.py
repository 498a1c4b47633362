"""Checking an HR export's rows and planning what the sync writes (hr_sync.py applies the plan).

Every row goes through the Excel import's cell checks (importing.Cells, same messages),
then is compared with what is stored: units, positions, the file's people and their posts
are read in a handful of queries (chunks of LOOKUP_CHUNK codes), none per row. Only the
person's fields the source carries (hr_managed_fields) are compared and set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.models import AuditEvent

from .choices import (
    EmploymentStatus,
    HrChangeKind,
    OrgAudit,
    PostKind,
    UnitChangeKind,
)
from .hr_sync_file import LEAVING, STATUS_LABELS, SYNC_COLUMNS, hr_managed_fields
from .importing import (
    LOOKUP_CHUNK,
    PEOPLE_COLUMNS,
    Cells,
    PersonRow,
    RowError,
    allowed_labels,
    choice_lookup,
    chunks,
    employee_code_twice,
    person_row,
)
from .models import Person, PersonPosition, Position, Unit, UnitChange


@dataclass
class SyncRow:
    person: PersonRow
    status: str
    effective_on: date | None


@dataclass
class Change:
    """What the sync does to one person: the fields it sets and the posts it touches."""

    row: SyncRow
    kind: str
    person: Person | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    new_post_from: date | None = None  # a primary post opened on this day
    on: date | None = None  # the day the change takes effect (shown in the report)
    changed_details: list[str] = field(default_factory=list)
    before: tuple[int | None, int | None] = (None, None)  # unit and position ids, for the report
    local_edits: list[str] = field(default_factory=list)  # details replaced that Thi Đua changed


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    post_ends: dict[int, date | None] = field(default_factory=dict)  # post pk → its valid_to
    unchanged: int = 0
    not_added: list[SyncRow] = field(default_factory=list)
    not_in_file: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    first_seen: list[int] = field(default_factory=list)  # unchanged people not yet marked as HR's
    # a merged unit's code the export still uses → (the unit it was merged into, the day, rows)
    read_as: dict[str, tuple[Unit, date, int]] = field(default_factory=dict)

    @property
    def local_edits(self) -> int:
        return sum(len(c.local_edits) for c in self.changes)


# Changes of a person's fields made in Thi Đua: the API and pages (person_update), the Excel
# import, the administration (core.admin.AuditedModelAdmin's action for org.Person).
LOCAL_EDITS = (OrgAudit.PERSON_UPDATED, OrgAudit.PERSON_IMPORTED, "org.person.changed_in_admin")


class Check:
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
        self.successors = merge_successors(self.units_by_id)
        self.managed = frozenset(hr_managed_fields())
        self.plan = Plan()

    def rows(self) -> list[SyncRow]:
        statuses = choice_lookup(STATUS_LABELS, EmploymentStatus)
        rows = []
        for number, values in self.raw:
            cells = Cells(self.name, number, values, SYNC_COLUMNS, self.errors)
            for key, value in values.items():
                if isinstance(value, dict | list):
                    cells.error(key, _("Must be a single value, not a list or an object."))
            person = person_row(cells, number)
            status = cells.choice("status", lookup=statuses, allowed=allowed_labels(STATUS_LABELS))
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
                unit = self._read_as_successor(person, unit)
            if unit is not None and unit.valid_to is not None and status not in LEAVING:
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

    def _read_as_successor(self, person: PersonRow, unit: Unit) -> Unit:
        """A unit merged into another in Thi Đua while the HR system still uses its code: the
        row is read as naming the unit it was merged into (the report says so)."""
        found = self.successors.get(unit.code)
        if found is None:
            return unit
        successor, on = found
        old = unit.code
        person.unit = successor.code
        rows_read = self.plan.read_as.get(old, (successor, on, 0))[2]
        self.plan.read_as[old] = (successor, on, rows_read + 1)
        return successor

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
                    RowError(self.name, n, column, employee_code_twice(code, listed))
                    for n in numbers
                )

    def _error(self, row: SyncRow, key: str, message: str) -> None:
        name = next(c.name for c in SYNC_COLUMNS if c.key == key)
        self.errors.append(RowError(self.name, row.person.row, name, message))

    def run(self, *, full_export: bool) -> Plan:
        rows = self.rows()
        codes = [r.person.employee_code for r in rows if r.person.employee_code]
        people: dict[str, Person] = {}
        for chunk in chunks(codes, LOOKUP_CHUNK):
            people.update(
                (p.employee_code, p)
                for p in Person.objects.filter(employee_code__in=chunk).order_by()
            )
        open_posts: dict[int, list[PersonPosition]] = defaultdict(list)
        ids = [p.pk for p in people.values()]
        for chunk in chunks(ids, LOOKUP_CHUNK):
            for post in PersonPosition.objects.filter(
                person_id__in=chunk, valid_to__isnull=True
            ).order_by():
                open_posts[post.person_id].append(post)
        # posts closed by a stored leave: reopened when it is cancelled, re-dated when corrected
        left = [p.pk for p in people.values() if p.status in LEAVING and p.status_since]
        ended_by_leave: dict[int, list[PersonPosition]] = defaultdict(list)
        for chunk in chunks(left, LOOKUP_CHUNK):
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
        self._local_edits()
        return self.plan

    def _local_edits(self) -> None:
        """Marks on each change the details it replaces that were changed in Thi Đua since
        the sync last wrote the person (any time, for a person it never wrote): the report
        says so, as the HR system's value wins. One query per LOOKUP_CHUNK people changed."""
        changed = {str(c.person.pk): c for c in self.plan.changes if c.person and c.changed_details}
        edited: dict[str, set[str]] = defaultdict(set)
        for chunk in chunks(list(changed), LOOKUP_CHUNK):
            events = AuditEvent.objects.filter(
                target_type=Person._meta.label_lower, target_id__in=chunk, action__in=LOCAL_EDITS
            ).values_list("target_id", "created_at", "data")
            for target_id, at, data in events.order_by():
                since = changed[target_id].person.hr_synced_at
                if since is None or at > since:
                    edited[target_id].update(((data or {}).get("changes") or {}).keys())
        for target_id, names in edited.items():
            change = changed[target_id]
            change.local_edits = [n for n in change.changed_details if n in names]

    def _plan_new(self, row: SyncRow) -> None:
        if row.status in LEAVING:
            self.plan.not_added.append(row)
            return
        self.plan.changes.append(
            Change(
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
        change = Change(row, HrChangeKind.UPDATE, person=person)
        details = {n: v for n, v in r.details().items() if n in self.managed}
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
            if person.hr_synced_at is None:
                self.plan.first_seen.append(person.pk)
            return
        self.plan.changes.append(change)

    def _plan_leave(self, row: SyncRow, change: Change, open_posts: list[PersonPosition]) -> None:
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
        self, row: SyncRow, change: Change, history: list[PersonPosition]
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
        self, row: SyncRow, change: Change, history: list[PersonPosition]
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
        change: Change,
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


def merge_successors(units_by_id: dict[int, Unit]) -> dict[str, tuple[Unit, date]]:
    """Each unit closed by a merge → the open unit it ended in (following merges of merges)
    and the day of its own merge. Two queries."""
    step: dict[int, tuple[int, date]] = {}
    merges = UnitChange.objects.filter(kind=UnitChangeKind.MERGE).prefetch_related(
        "sources", "targets"
    )
    for change in merges.order_by("effective_on", "id"):
        targets = [t.pk for t in change.targets.all()]
        if len(targets) != 1:
            continue
        for source in change.sources.all():
            if source.pk != targets[0]:
                step[source.pk] = (targets[0], change.effective_on)
    found: dict[str, tuple[Unit, date]] = {}
    for source_id, (target_id, on) in step.items():
        seen = {source_id}
        while target_id in step and target_id not in seen:
            seen.add(target_id)
            target_id = step[target_id][0]
        source, target = units_by_id.get(source_id), units_by_id.get(target_id)
        if source is not None and target is not None and target.valid_to is None:
            found[source.code] = (target, on)
    return found
