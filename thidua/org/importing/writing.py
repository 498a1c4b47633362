"""Writing a checked plan: bulk inserts and updates in the caller's transaction, audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from thidua.core.audit import audit_record, changes_between, jsonable
from thidua.core.models import AuditEvent

from ..choices import OrgAudit, UnitChangeKind
from ..models import Person, PersonPosition, Position, Unit, UnitChange, UnitName
from ..services import tree_rebuild_paths
from .checking import Check
from .format import LOOKUP_CHUNK, chunks
from .planning import PersonRow, PersonUpdate, Plan, UnitRow, UnitUpdate

# --- writing -------------------------------------------------------------------------


def plan_write(plan: Plan, check: Check, *, actor, filename: str) -> None:
    """All the writes, in bulk. Runs inside the caller's transaction: the units first (the
    people are written with their ids), then the people and their posts, then the audit —
    one event per unit or person written and one for the file."""
    now = timezone.now()
    rows_audit = _RowAudit(actor, filename)
    units = _write_units(plan, check, rows_audit=rows_audit, now=now)
    people = _PeopleWriter(units=units, positions=check.positions, rows_audit=rows_audit, now=now)
    people.create(plan.new_people)
    people.update(plan.changed_people)
    posts_opened = people.save_posts()
    rows_audit.save()

    audit_record(
        actor=actor,
        action=OrgAudit.IMPORTED,
        file=filename,
        units=asdict(check.result.units),
        people=asdict(check.result.people),
        posts_opened=posts_opened,
        units_renamed=[u.code for u in units.renamed],
        units_moved=units.moved,
    )


@dataclass(frozen=True)
class _UnitsWritten:
    ids: dict[str, int]  # every unit's id by code: those stored and those the file created
    codes: dict[int, str]  # every unit's code by id, for the audit
    renamed: list[Unit]  # the units renamed from today
    moved: list[str]  # the codes of the stored units given another parent


def _write_units(
    plan: Plan, check: Check, *, rows_audit: _RowAudit, now: datetime
) -> _UnitsWritten:
    """Creates the file's new units and updates the stored ones it changes, with their
    tree paths, their dated names and their dated UnitChange."""
    created, ids = _create_units(plan.new_units, stored=check.units)
    codes = {pk: code for code, pk in ids.items()}
    for unit in created:
        rows_audit.add(OrgAudit.UNIT_IMPORTED, unit, {}, _unit_state(unit, codes))
    _update_units(plan.changed_units, ids=ids, codes=codes, rows_audit=rows_audit, now=now)
    moved = [c.unit.code for c in plan.changed_units if c.moved]
    if created or moved:
        tree_rebuild_paths(model=Unit)
    UnitName.objects.bulk_create(
        UnitName(unit=u, name=u.name, short_name=u.short_name, valid_from=u.valid_from)
        for u in created
    )
    renamed = _rename_units([c for c in plan.changed_units if c.renamed], today=check.today)
    _record_unit_changes(UnitChangeKind.ESTABLISH, [(u, u.valid_from) for u in created])
    _record_unit_changes(UnitChangeKind.RENAME, [(u, check.today) for u in renamed])
    return _UnitsWritten(ids=ids, codes=codes, renamed=renamed, moved=moved)


def _create_units(
    rows: list[UnitRow], *, stored: dict[str, Unit]
) -> tuple[list[Unit], dict[str, int]]:
    """Inserts the file's new units. Returns them, and every unit's id by code (stored and
    new)."""
    created = [
        Unit(
            code=r.code,
            name=r.name,
            short_name=r.short_name,
            kind=r.kind,
            parent_id=stored[r.parent].pk if r.parent in stored else None,
            valid_from=r.valid_from,
        )
        for r in rows
    ]
    Unit.objects.bulk_create(created, batch_size=500)
    ids = {code: u.pk for code, u in stored.items()} | {u.code: u.pk for u in created}
    # new units whose parent is also new in this file learn its id now
    reparented = []
    for unit, row in zip(created, rows, strict=True):
        if row.parent and row.parent not in stored:
            unit.parent_id = ids[row.parent]
            reparented.append(unit)
    Unit.objects.bulk_update(reparented, ["parent"], batch_size=500)
    return created, ids


def _update_units(
    changes: list[UnitUpdate],
    *,
    ids: dict[str, int],
    codes: dict[int, str],
    rows_audit: _RowAudit,
    now: datetime,
) -> None:
    """Gives the stored units the file changes its name, short name, kind and parent."""
    for change in changes:
        unit, row = change.unit, change.row
        before = _unit_state(unit, codes)
        unit.name, unit.short_name, unit.kind = row.name, row.short_name, row.kind
        unit.parent_id = ids[row.parent] if row.parent else None
        unit.updated_at = now
        rows_audit.add(OrgAudit.UNIT_IMPORTED, unit, before, _unit_state(unit, codes))
    Unit.objects.bulk_update(
        [c.unit for c in changes],
        ["name", "short_name", "kind", "parent", "updated_at"],
        batch_size=500,
    )


class _PeopleWriter:
    """The people's writes: the new people with their first post; the changed people (only
    the fields that changed), with a new post in place of the primary post they leave."""

    def __init__(
        self,
        *,
        units: _UnitsWritten,
        positions: dict[str, Position],
        rows_audit: _RowAudit,
        now: datetime,
    ):
        self.unit_ids, self.unit_codes = units.ids, units.codes
        self.position_ids = {code: p.pk for code, p in positions.items()}
        self.position_codes = {p.pk: code for code, p in positions.items()}
        self.rows_audit, self.now = rows_audit, now
        self.posts_to_open: list[PersonPosition] = []
        self.posts_to_close: dict[date, list[int]] = defaultdict(list)  # ids by end date

    def create(self, rows: list[PersonRow]) -> None:
        people = [
            Person(
                employee_code=r.employee_code,
                unit_id=self.unit_ids[r.unit],
                position_id=self.position_ids[r.position],
                **r.details(),
            )
            for r in rows
        ]
        Person.objects.bulk_create(people, batch_size=1000)
        for person in people:
            self.rows_audit.add(OrgAudit.PERSON_IMPORTED, person, {}, self._state(person))
        self.posts_to_open += [
            PersonPosition(
                person_id=p.pk, unit_id=p.unit_id, position_id=p.position_id, valid_from=r.post_from
            )
            for p, r in zip(people, rows, strict=True)
        ]

    def update(self, changes: list[PersonUpdate]) -> None:
        # Django's bulk_update writes a CASE per field, so update only the fields that changed,
        # in groups of people with the same changed fields (a move changes unit and position).
        by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
        for change in changes:
            by_fields[self._apply(change)].append(change.person)
            self._replace_post(change)
        for changed, group in by_fields.items():
            fields = [name.removesuffix("_id") for name in changed] + ["updated_at"]
            Person.objects.bulk_update(group, fields, batch_size=500)

    def save_posts(self) -> int:
        """Closes the posts left and opens the new ones; returns how many it opened."""
        # close before opening: one open primary post per person is a database constraint
        for valid_to, post_ids in self.posts_to_close.items():
            for chunk in chunks(post_ids, LOOKUP_CHUNK):
                PersonPosition.objects.filter(pk__in=chunk).update(valid_to=valid_to)
        PersonPosition.objects.bulk_create(self.posts_to_open, batch_size=1000)
        return len(self.posts_to_open)

    def _apply(self, change: PersonUpdate) -> tuple[str, ...]:
        """Sets on the person the fields the file changes, audited; returns their names."""
        person, row = change.person, change.row
        wanted = row.details() | {
            "unit_id": self.unit_ids[row.unit],
            "position_id": self.position_ids[row.position],
        }
        changed = tuple(name for name, value in wanted.items() if getattr(person, name) != value)
        before = self._state(person)
        for name in changed:
            setattr(person, name, wanted[name])
        self.rows_audit.add(OrgAudit.PERSON_IMPORTED, person, before, self._state(person))
        person.updated_at = self.now
        return changed

    def _replace_post(self, change: PersonUpdate) -> None:
        person, row = change.person, change.row
        if change.close is not None:
            # end exclusive, as in person_assign_post
            self.posts_to_close[row.post_from].append(change.close.pk)
        if change.new_post:
            self.posts_to_open.append(
                PersonPosition(
                    person_id=person.pk,
                    unit_id=person.unit_id,
                    position_id=person.position_id,
                    valid_from=row.post_from,
                )
            )

    def _state(self, person: Person) -> dict[str, Any]:
        return _person_state(person, self.unit_codes, self.position_codes)


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


def _rename_units(changes: list[UnitUpdate], *, today: date) -> list[Unit]:
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
