"""Writing a checked plan: bulk inserts and updates in the caller's transaction, audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date
from typing import Any

from django.utils import timezone

from thidua.core.audit import audit_record, changes_between, jsonable
from thidua.core.models import AuditEvent

from ..choices import UnitChangeKind
from ..models import Person, PersonPosition, Unit, UnitChange, UnitName
from ..services import tree_rebuild_paths
from .checking import Check
from .format import LOOKUP_CHUNK, chunks
from .planning import Plan, UnitUpdate

# --- writing -------------------------------------------------------------------------


def plan_write(plan: Plan, check: Check, *, actor, filename: str) -> None:
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
        for chunk in chunks(post_ids, LOOKUP_CHUNK):
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
