"""Writes for the organisation. Each is one transaction and records an audit event.

The units, posts, roles and Party bodies' writes are here; a person's own record written
one at a time is in people.py, imported on its own (`from thidua.org.services import people`)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.core.audit import audit_change, audit_record, snapshot

from ..choices import OrgAudit, PostKind, Role, UnitChangeKind
from ..models import (
    PartyMembership,
    PartyOrganization,
    Person,
    PersonPosition,
    Position,
    RoleAssignment,
    TreeNode,
    Unit,
    UnitChange,
    UnitGroup,
    UnitName,
)
from ..rules import is_org_administrator, party_places, viewer_scope
from . import party_rights


def _require_admin(actor) -> None:
    if not acting_as_system(actor) and not is_org_administrator(actor):
        raise PermissionDenied(_("Only an administrator may change the organisation."))


def _require_party(actor, *paths: str) -> None:
    """Party and state are kept apart (issue 10): Party bodies, memberships and Party roles
    are changed only by someone holding a Party role over every body concerned — not by the
    administrator's state role. SYSTEM (demo, commands) passes; actor=None is refused."""
    if acting_as_system(actor):
        return
    scope = viewer_scope(actor)
    if not paths or not all(scope.covers_party_path(p) for p in paths):
        raise PermissionDenied(
            _("Only someone holding a Party role over this Party body may change it.")
        )


def tree_set_path(*, node: TreeNode) -> None:
    """Compute a freshly saved node's path from its parent's (the node must have a pk)."""
    parent = node.parent
    node.path = node.path_for(parent.path if parent else "")
    node.depth = parent.depth + 1 if parent else 0
    type(node).objects.filter(pk=node.pk).update(path=node.path, depth=node.depth)


def tree_rebuild_paths(*, model: type[TreeNode]) -> int:
    """Recompute every path of a tree from parent links: one read, one bulk update."""
    nodes = list(model.objects.only("id", "parent_id", "path", "depth"))
    children: dict[int | None, list[TreeNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    stack = [(node, "", 0) for node in children[None]]
    while stack:
        node, parent_path, depth = stack.pop()
        node.path, node.depth = node.path_for(parent_path), depth
        stack.extend((child, node.path, depth + 1) for child in children[node.pk])
    model.objects.bulk_update(nodes, ["path", "depth"], batch_size=1000)
    return len(nodes)


def tree_move_subtree(*, node: TreeNode, new_parent: TreeNode | None) -> None:
    """Move a node and everything under it below `new_parent` (None: to the top): the
    subtree's paths and depths rewritten in one update; moving a node under itself refused."""
    old_path, old_depth = node.path, node.depth
    new_path = node.path_for(new_parent.path if new_parent else "")
    new_depth = new_parent.depth + 1 if new_parent else 0
    if new_parent is not None and new_parent.path.startswith(old_path):
        raise ValidationError(_("A unit cannot be moved under itself."))
    type(node).objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )
    type(node).objects.filter(pk=node.pk).update(parent=new_parent)
    node.refresh_from_db()


@transaction.atomic
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    valid_from: date,
    short_name: str = "",
    sort_order: int = 0,
    basis: str = "",
) -> Unit:
    _require_admin(actor)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A unit with code %(code)s already exists.") % {"code": code}}
        )
    unit = Unit.objects.create(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        sort_order=sort_order,
    )
    tree_set_path(node=unit)
    UnitName.objects.create(unit=unit, name=name, short_name=short_name, valid_from=valid_from)
    change = UnitChange.objects.create(
        kind=UnitChangeKind.ESTABLISH, effective_on=valid_from, basis=basis
    )
    change.targets.add(unit)
    audit_record(actor=actor, action=OrgAudit.UNIT_CREATED, target=unit, code=code, name=name)
    return unit


def _name_from(*, unit: Unit, name: str, short_name: str, effective_on: date) -> str:
    """Give a unit a new name from a date, the old one kept for earlier dates; returns the
    old name."""
    current = UnitName.objects.filter(unit=unit, valid_to__isnull=True).first()
    if effective_on <= (current.valid_from if current is not None else unit.valid_from):
        raise ValidationError(_("The new name must take effect after the current one."))
    if current is not None:
        current.valid_to = effective_on
        current.save(update_fields=["valid_to"])
    else:  # a unit created without name history keeps its old name for earlier dates
        UnitName.objects.create(
            unit=unit,
            name=unit.name,
            short_name=unit.short_name,
            valid_from=unit.valid_from,
            valid_to=effective_on,
        )
    UnitName.objects.create(unit=unit, name=name, short_name=short_name, valid_from=effective_on)
    old_name = unit.name
    unit.name, unit.short_name = name, short_name
    unit.save(update_fields=["name", "short_name", "updated_at"])
    return old_name


@transaction.atomic
def unit_rename(
    *, actor, unit: Unit, name: str, effective_on: date, short_name: str = "", basis: str = ""
) -> Unit:
    """Rename from a date: the old name stays valid for records before it."""
    _require_admin(actor)
    old_name = _name_from(unit=unit, name=name, short_name=short_name, effective_on=effective_on)
    change = UnitChange.objects.create(
        kind=UnitChangeKind.RENAME, effective_on=effective_on, basis=basis
    )
    change.sources.add(unit)
    change.targets.add(unit)
    audit_record(
        actor=actor,
        action=OrgAudit.UNIT_RENAMED,
        target=unit,
        old=old_name,
        new=name,
        effective_on=effective_on.isoformat(),
    )
    return unit


def _close_unit(*, unit: Unit, on: date) -> None:
    Unit.objects.filter(pk=unit.pk).update(valid_to=on)
    UnitName.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=on)


def _transfer_people(*, from_units: Iterable[Unit], to_unit: Unit, on: date) -> int:
    """Close the open posts in the given units and open the same posts in `to_unit`."""
    open_posts = list(
        PersonPosition.objects.filter(unit__in=list(from_units), valid_to__isnull=True)
    )
    PersonPosition.objects.filter(pk__in=[p.pk for p in open_posts]).update(valid_to=on)
    PersonPosition.objects.bulk_create(
        PersonPosition(
            person_id=p.person_id,
            unit=to_unit,
            position_id=p.position_id,
            kind=p.kind,
            valid_from=on,
            decision=p.decision,
        )
        for p in open_posts
    )
    people = {p.person_id for p in open_posts if p.kind == PostKind.PRIMARY}
    Person.objects.filter(pk__in=people).update(unit=to_unit)
    return len(people)


@transaction.atomic
def unit_merge(
    *,
    actor,
    sources: list[Unit],
    target: Unit,
    effective_on: date,
    basis: str = "",
    note: str = "",
    new_name: str = "",
    new_short_name: str = "",
) -> UnitChange:
    """Merge units into `target` from a date: their sub-units and people move to it.

    With `new_name` the target continues under that name from the date (two ministries
    merged into one that takes the other's name): its records, sub-units and history stay
    its own, earlier dates keep its old name, and the change lists it among the sources too."""
    _require_admin(actor)
    if target in sources:
        raise ValidationError(_("A unit cannot be merged into itself."))
    if any(s.valid_to is not None and s.valid_to <= effective_on for s in sources):
        raise ValidationError(_("A unit that has already closed cannot be merged."))
    old_name = ""
    if new_name:
        old_name = _name_from(
            unit=target, name=new_name, short_name=new_short_name, effective_on=effective_on
        )
    for source in sources:
        for child in list(source.children.filter(valid_to__isnull=True)):
            tree_move_subtree(node=child, new_parent=target)
        _close_unit(unit=source, on=effective_on)
    moved = _transfer_people(from_units=sources, to_unit=target, on=effective_on)
    change = UnitChange.objects.create(
        kind=UnitChangeKind.MERGE, effective_on=effective_on, basis=basis, note=note
    )
    change.sources.add(*sources, *([target] if new_name else []))
    change.targets.add(target)
    audit_record(
        actor=actor,
        action=OrgAudit.UNIT_MERGED,
        target=target,
        sources=[s.code for s in sources],
        people_moved=moved,
        effective_on=effective_on.isoformat(),
        **({"old": old_name, "new": new_name} if new_name else {}),
    )
    return change


@transaction.atomic
def unit_split(
    *, actor, source: Unit, into: list[dict], effective_on: date, basis: str = ""
) -> list[Unit]:
    """Split a unit into new units (each a dict of code, name, kind, short_name) from a date.

    People stay on the old unit's records until they are assigned to one of the new units.
    """
    _require_admin(actor)
    created = [
        unit_create(actor=actor, parent=source.parent, valid_from=effective_on, basis=basis, **spec)
        for spec in into
    ]
    _close_unit(unit=source, on=effective_on)
    change = UnitChange.objects.create(
        kind=UnitChangeKind.SPLIT, effective_on=effective_on, basis=basis
    )
    change.sources.add(source)
    change.targets.add(*created)
    audit_record(
        actor=actor,
        action=OrgAudit.UNIT_SPLIT,
        target=source,
        into=[u.code for u in created],
        effective_on=effective_on.isoformat(),
    )
    return created


@transaction.atomic
def unit_dissolve(
    *, actor, unit: Unit, effective_on: date, basis: str = "", note: str = ""
) -> UnitChange:
    """Dissolve a unit from a date (giải thể): it and its name close that day. Refused while
    a sub-unit or someone's post in it is still open then: move or merge them first, so no
    one is left in a unit that no longer exists."""
    _require_admin(actor)
    if unit.valid_to is not None:
        raise ValidationError(_("A unit that has already closed cannot be dissolved."))
    if effective_on <= unit.valid_from:
        raise ValidationError(
            {"effective_on": _("The change must take effect after the units were established.")}
        )
    open_after = Q(valid_to__isnull=True) | Q(valid_to__gt=effective_on)
    if unit.children.filter(open_after).exists():
        raise ValidationError(_("Move, merge or dissolve the unit's sub-units first."))
    if PersonPosition.objects.filter(open_after, unit=unit).exists():
        raise ValidationError(_("People still hold posts in this unit: move them first."))
    _close_unit(unit=unit, on=effective_on)
    change = UnitChange.objects.create(
        kind=UnitChangeKind.DISSOLVE, effective_on=effective_on, basis=basis, note=note
    )
    change.sources.add(unit)
    audit_record(
        actor=actor,
        action=OrgAudit.UNIT_DISSOLVED,
        target=unit,
        effective_on=effective_on.isoformat(),
        basis=basis,
    )
    return change


@transaction.atomic
def position_create(
    *,
    actor,
    code: str,
    name: str,
    is_head: bool = False,
    is_deputy: bool = False,
    level: int = 0,
) -> Position:
    """A new post title in the catalogue (Cục trưởng, Chuyên viên...); its code is unique."""
    _require_admin(actor)
    code, name = code.strip(), name.strip()
    if Position.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A position with code %(code)s already exists.") % {"code": code}}
        )
    if is_head and is_deputy:
        raise ValidationError(_("A position heads the unit or is its deputy, not both."))
    position = Position.objects.create(
        code=code, name=name, is_head=is_head, is_deputy=is_deputy, level=level
    )
    audit_record(
        actor=actor, action=OrgAudit.POSITION_CREATED, target=position, code=code, name=name
    )
    return position


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit | None) -> Unit:
    _require_admin(actor)
    old_parent_id = unit.parent_id
    tree_move_subtree(node=unit, new_parent=new_parent)
    audit_record(
        actor=actor,
        action=OrgAudit.UNIT_MOVED,
        target=unit,
        old_parent=old_parent_id,
        new_parent=new_parent.pk if new_parent else None,
    )
    return unit


@transaction.atomic
def person_assign_post(
    *,
    actor,
    person: Person,
    unit: Unit,
    position: Position,
    valid_from: date,
    kind: str = PostKind.PRIMARY,
    decision: str = "",
) -> PersonPosition:
    """Give a person a post from a date. A new primary post closes the previous one the day
    before; acting and concurrent posts are held alongside it. A record of the HR system is
    moved by the HR system only (people.hr_post_refusals)."""
    from .people import hr_post_refusals  # people.py imports this package

    _require_admin(actor)
    refused = hr_post_refusals(person=person, unit_id=unit.pk, position_id=position.pk, kind=kind)
    if refused:
        raise ValidationError(refused)
    if kind == PostKind.PRIMARY:
        previous = PersonPosition.objects.filter(
            person=person, kind=PostKind.PRIMARY, valid_to__isnull=True
        ).first()
        if previous is not None:
            if valid_from <= previous.valid_from:
                raise ValidationError(_("A new post must start after the current one."))
            previous.valid_to = valid_from
            previous.save(update_fields=["valid_to"])
        Person.objects.filter(pk=person.pk).update(unit=unit, position=position)
        person.unit, person.position = unit, position
    post = PersonPosition.objects.create(
        person=person,
        unit=unit,
        position=position,
        kind=kind,
        valid_from=valid_from,
        decision=decision,
    )
    audit_record(
        actor=actor,
        action=OrgAudit.PERSON_POST_ASSIGNED,
        target=person,
        unit=unit.code,
        position=position.code,
        kind=kind,
        valid_from=valid_from.isoformat(),
    )
    return post


@transaction.atomic
def person_create(
    *,
    actor,
    employee_code: str,
    full_name: str,
    unit: Unit,
    position: Position,
    category: str,
    post_from: date,
    **details,
) -> Person:
    _require_admin(actor)
    person = Person.objects.create(
        employee_code=employee_code,
        full_name=full_name,
        unit=unit,
        position=position,
        category=category,
        **details,
    )
    PersonPosition.objects.create(person=person, unit=unit, position=position, valid_from=post_from)
    audit_record(
        actor=actor, action=OrgAudit.PERSON_CREATED, target=person, employee_code=employee_code
    )
    return person


@transaction.atomic
def party_org_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: PartyOrganization | None,
    valid_from: date,
    unit: Unit | None = None,
) -> PartyOrganization:
    _require_party(actor, *([parent.path] if parent is not None else []))
    body = PartyOrganization.objects.create(
        code=code, name=name, kind=kind, parent=parent, valid_from=valid_from, unit=unit
    )
    tree_set_path(node=body)
    audit_record(actor=actor, action=OrgAudit.PARTY_ORG_CREATED, target=body, code=code)
    return body


@transaction.atomic
def party_membership_set(
    *,
    actor,
    person: Person,
    organization: PartyOrganization,
    role: str,
    status: str,
    joined_party_on: date,
    valid_from: date,
) -> PartyMembership:
    """Make a person a member of a Party body from a date (closing a previous membership).
    The actor manages both the body and the person's current Party place."""
    if not acting_as_system(actor):
        places = party_places([person]).get(person.pk, [])
        if not any(viewer_scope(actor).covers_party_path(p) for p in places):
            raise PermissionDenied(
                _("Only someone holding a Party role over this Party body may change it.")
            )
        _require_party(actor, organization.path)
    open_rows = PartyMembership.objects.filter(person=person, valid_to__isnull=True)
    previous = open_rows.order_by("-valid_from", "-pk").first()
    rights = party_rights.rights_held(
        body_ids=[organization.pk, previous.organization_id if previous else None],
        days=[valid_from],
    )
    open_rows.update(valid_to=valid_from)
    membership = PartyMembership.objects.create(
        person=person,
        organization=organization,
        role=role,
        status=status,
        joined_party_on=joined_party_on,
        valid_from=valid_from,
    )
    audited = ("organization", "role", "status", "joined_party_on", "valid_from")
    audit_change(
        actor=actor,
        action=OrgAudit.PARTY_MEMBERSHIP_SET,
        target=person,
        before=snapshot(previous, audited),
        after=snapshot(membership, audited),
        membership=membership.pk,
        organization=organization.code,
        role=role,
    )
    party_rights.rights_record(actor=actor, before=rights, cause=OrgAudit.PARTY_MEMBERSHIP_SET)
    return membership


@transaction.atomic
def role_grant(
    *,
    actor,
    user,
    role: str,
    valid_from: date,
    unit: Unit | None = None,
    unit_group: UnitGroup | None = None,
    party_organization: PartyOrganization | None = None,
) -> RoleAssignment:
    if role == Role.PARTY_SECRETARY:
        if party_organization is None:
            raise ValidationError(_("A Party secretary role needs a Party body."))
        _require_party(actor, party_organization.path)
    else:
        _require_admin(actor)
    if role == Role.UNIT_HEAD and unit is None:
        raise ValidationError(_("A unit head role needs a unit."))
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        unit=unit,
        unit_group=unit_group,
        party_organization=party_organization,
        valid_from=valid_from,
    )
    audit_change(
        actor=actor,
        action=OrgAudit.ROLE_GRANTED,
        target=assignment,
        before={},
        after=snapshot(assignment),
        user=user.username,
        role=role,
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, valid_to: date) -> RoleAssignment:
    if assignment.role == Role.PARTY_SECRETARY and assignment.party_organization is not None:
        _require_party(actor, assignment.party_organization.path)
    else:
        _require_admin(actor)
    return party_rights.role_end(actor=actor, assignment=assignment, valid_to=valid_to)
