"""Reads for the organisation, scoped to the viewer. Subtrees are one prefix query each."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .choices import PartyRole, Role
from .models import (
    PartyMembership,
    PartyOrganization,
    Person,
    PersonPosition,
    Position,
    RoleAssignment,
    Unit,
    UnitChange,
    UnitGroup,
    UnitGroupMembership,
    UnitName,
)
from .rules import (
    VIEWER_PERSON,
    can_view_party_body,
    can_view_person_private,
    can_view_unit_private,
    is_org_administrator,
    scope_assignments,
    secretary_memberships,
    viewer_scope,
)


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def unit_subtree(*, unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit under it."""
    return Unit.objects.filter(path__startswith=unit.path)


def people_in_subtree(*, unit: Unit, active_only: bool = True) -> QuerySet[Person]:
    """Everyone whose current unit is the given unit or any unit under it."""
    qs = Person.objects.filter(unit__path__startswith=unit.path)
    return qs.filter(is_active=True) if active_only else qs


def party_members_in_subtree(
    *, organization: PartyOrganization, on: date | None = None
) -> QuerySet[Person]:
    """Everyone who is a member, on a date, of the body or any body under it."""
    memberships = PartyMembership.objects.as_of(_today(on)).filter(
        organization__path__startswith=organization.path
    )
    return Person.objects.filter(pk__in=memberships.values("person_id"))


def units_as_of(*, on: date | None = None) -> QuerySet[Unit]:
    """Units that existed on a date, each annotated with `name_then`, its name that day."""
    on = _today(on)
    name_then = UnitName.objects.as_of(on).filter(unit=OuterRef("pk")).order_by("-valid_from")
    return Unit.objects.as_of(on).annotate(
        name_then=Subquery(name_then.values("name")[:1]),
        short_name_then=Subquery(name_then.values("short_name")[:1]),
    )


def unit_names_on(*, units: list[Unit], on: date | None = None) -> dict[int, tuple[str, str]]:
    """Each unit's (name, short name) on a date — the one it bore that day (a ministry
    renamed by a merger keeps its old name on earlier dates), else its current one (its
    `name`, which an edit may have changed without a dated name). One query."""
    on = _today(on)
    found: dict[int, tuple[str, str]] = {
        u.pk: (u.name, u.short_name) for u in units if u.pk is not None
    }
    rows = (
        UnitName.objects.as_of(on)
        .filter(unit_id__in=list(found), valid_to__isnull=False)  # a former name
        .order_by("valid_from")
    )
    for unit_id, name, short in rows.values_list("unit_id", "name", "short_name"):
        found[unit_id] = (name, short)
    return found


def unit_name_on(*, unit: Unit, on: date | None = None) -> tuple[str, str]:
    """A unit's (name, short name) on a date; see unit_names_on."""
    return unit_names_on(units=[unit], on=on)[unit.pk]


def unit_history(*, unit: Unit) -> list[UnitChange]:
    """The dated changes a unit took part in, oldest first, each with `from_names` and
    `to_names`: (unit, its name on the eve of the change) and (unit, its name from the
    change's day). A fixed number of queries."""
    changes: list[Any] = list(
        UnitChange.objects.filter(Q(sources=unit) | Q(targets=unit))
        .distinct()
        .prefetch_related("sources__names", "targets__names")
        .order_by("effective_on", "id")
    )
    for change in changes:
        eve = change.effective_on - timedelta(days=1)
        sources = sorted(change.sources.all(), key=lambda u: u.path)
        change.from_names = [(u, _name_then(u, eve)) for u in sources]
        change.to_names = [(u, _name_then(u, change.effective_on)) for u in change.targets.all()]
    return changes


def _name_then(unit: Unit, on: date) -> str:
    """A unit's name on a date from its prefetched names, else its current name."""
    names = [n for n in unit.names.all() if n.valid_from <= on and (n.valid_to or date.max) > on]
    return max(names, key=lambda n: n.valid_from).name if names else unit.name


def unit_tree(*, viewer, on: date | None = None) -> list[Unit]:
    """The whole tree valid on a date, in display order, with head counts (public data).

    Two queries whatever the size: the units, and the people counted per unit.
    """
    # Any: the counts and the flag below are set on the instances for display.
    units: list[Any] = list(units_as_of(on=on).order_by("path"))
    counts = dict(
        Person.objects.filter(is_active=True)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    by_path = {u.path: u for u in units}
    for u in units:
        u.people_direct = counts.get(u.pk, 0)
        u.people_total = 0
        u.child_count = 0
    for u in units:
        for ancestor_path in ancestor_paths(u.path):
            ancestor = by_path.get(ancestor_path)
            if ancestor is not None:
                ancestor.people_total += u.people_direct
        parent = by_path.get(_parent_path(u.path))
        if parent is not None:
            parent.child_count += 1
    scope = viewer_scope(viewer)
    for u in units:
        u.viewer_may_see_private = scope.covers_unit_path(u.path)
    return units


def unit_tree_nested(*, viewer, on: date | None = None) -> list[Unit]:
    """The same tree as roots whose `subunits` hold their children, for display."""
    units: list[Any] = unit_tree(viewer=viewer, on=on)
    by_path = {u.path: u for u in units}
    roots: list[Unit] = []
    for u in units:
        u.subunits = []
    for u in units:
        parent = by_path.get(_parent_path(u.path))
        (parent.subunits if parent is not None else roots).append(u)
    return roots


def ancestor_paths(path: str) -> list[str]:
    """A materialised path and those of its ancestors, outermost first."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def _parent_path(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    return "".join(f"{p}/" for p in parts[:-1])


def unit_get(*, viewer, pk: int, current: bool = False) -> Unit:
    """A unit's public card (any logged-in viewer): units are reference rows every member of
    staff sees, so pages and API operations naming a unit read it here (Unit.DoesNotExist
    when there is none; `current`: only a unit not dissolved)."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    units = Unit.objects.select_related("parent")
    if current:
        units = units.filter(valid_to__isnull=True)
    return units.get(pk=pk)


def unit_groups_of(*, unit: Unit, on: date | None = None) -> QuerySet[UnitGroup]:
    """The blocks and emulation clusters a unit (or its ancestor) belongs to on a date."""
    on = _today(on)
    ancestor_ids = [*unit.ancestor_ids(), unit.pk]
    member_of = UnitGroupMembership.objects.as_of(on).filter(unit_id__in=ancestor_ids)
    return (
        UnitGroup.objects.as_of(on)
        .filter(pk__in=member_of.values("group_id"))
        .select_related("leader", "leader__position")
    )


def unit_people_public(*, viewer, unit: Unit) -> QuerySet[Person]:
    """Names and posts of the people directly in a unit: public to staff."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    return (
        Person.objects.filter(unit=unit, is_active=True)
        .select_related("position")
        .only("id", "full_name", "employee_code", "position__name", "unit_id")
        .order_by("-position__level", "full_name")
    )


def unit_people_private(*, viewer, unit: Unit) -> QuerySet[Person]:
    """Contact details of everyone under a unit: only for viewers whose scope covers it."""
    if not can_view_unit_private(viewer, unit):
        raise PermissionDenied
    return (
        people_in_subtree(unit=unit)
        .select_related("position", "unit")
        .order_by("unit__path", "-position__level", "full_name")
    )


def person_list(*, viewer, search: str = "", unit: Unit | None = None) -> QuerySet[Person]:
    """People by name (public data only)."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    qs = Person.objects.filter(is_active=True).select_related("unit", "position")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(employee_code__iexact=search))
    return qs.only("id", "full_name", "employee_code", "unit__name", "position__name")


def person_private_list(*, viewer) -> QuerySet[Person]:
    """People whose private data the viewer may read."""
    return Person.objects.filter(viewer_scope(viewer).person_q())


def person_get(*, viewer, pk: int) -> Person:
    """A person's card; private fields are only to be shown when `person.viewer_may_see_private`."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    person: Any = Person.objects.select_related("unit", "position", "user").get(pk=pk)
    person.viewer_may_see_private = can_view_person_private(viewer, person)
    return person


def person_public_get(*, viewer, pk: int) -> Person:
    """A person's name, unit and post, public to staff as in `person_list` (for a page's
    heading or a form's choice; Person.DoesNotExist when there is none). Private fields are
    read through `person_private_get` or `person_get`."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    return Person.objects.select_related("unit", "position").get(pk=pk)


def person_private_get(*, viewer, pk: int) -> Person:
    """A person whose private data the viewer may read (their own, their subtree's, the
    whole ministry's); PermissionDenied for anyone else, as the pages answered before."""
    person = person_public_get(viewer=viewer, pk=pk)
    if not can_view_person_private(viewer, person):
        raise PermissionDenied
    return person


def person_for_user(*, user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("unit", "position").filter(user=user).first()


_UNSET: Any = object()


def viewer_person(*, user) -> Person | None:
    """The person of the signed-in `user` (with its unit and position), fetched once per user
    object — a request's `request.user` — and kept on it: rules.viewer_scope reads it with the
    scope, and the home page and every app's next steps share that query. None for an
    anonymous user or an account without a person. A view that changes the person and reads
    it back uses person_for_user, which fetches anew."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, VIEWER_PERSON, _UNSET)
    if cached is _UNSET:
        viewer_scope(user)  # keeps the person it reads (none for an inactive account)
        cached = getattr(user, VIEWER_PERSON, _UNSET)
    if cached is _UNSET:
        cached = person_for_user(user=user)
        setattr(user, VIEWER_PERSON, cached)
    return cached


def person_posts(*, viewer, person: Person) -> QuerySet[PersonPosition]:
    """A person's position history (private: records are kept per post)."""
    if not can_view_person_private(viewer, person):
        raise PermissionDenied
    return person.posts.select_related("unit", "position").order_by("-valid_from", "-id")


def person_party_membership(*, viewer, person: Person) -> PartyMembership | None:
    """The person's open membership; `gives_secretary_rights` says whether it carries its
    body's secretary rights today (rules.secretary_memberships)."""
    if not can_view_person_private(viewer, person):
        raise PermissionDenied
    return (
        person.party_memberships.filter(valid_to__isnull=True)
        .select_related("organization")
        .annotate(
            gives_secretary_rights=Exists(
                secretary_memberships(_today(None)).filter(pk=OuterRef("pk"))
            )
        )
        .first()
    )


def roles_of(*, user, on: date | None = None) -> list[RoleAssignment]:
    """The user's role assignments on a date, with their unit, unit group and Party body: those
    rules.viewer_scope read for this user object and date (no query), else read."""
    on = _today(on)
    kept = scope_assignments(user, on=on)
    if kept is not None:
        return list(kept)
    return list(
        RoleAssignment.objects.as_of(on)
        .filter(user=user)
        .select_related("unit", "unit_group", "party_organization")
    )


def secretary_rights_by_membership(*, user, on: date | None = None) -> QuerySet[PartyMembership]:
    """The user's membership that gives them its body's secretary rights on a date (none or
    one), for the pages that list their roles beside `roles_of`."""
    return (
        secretary_memberships(_today(on)).filter(person__user=user).select_related("organization")
    )


def party_tree(*, viewer, on: date | None = None) -> list[PartyOrganization]:
    """Party bodies valid on a date with member counts (two queries)."""
    on = _today(on)
    bodies = list(PartyOrganization.objects.as_of(on).order_by("path"))
    counts = dict(
        PartyMembership.objects.as_of(on)
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    for body in bodies:
        body.member_count = counts.get(body.pk, 0)
    return bodies


# ---------------------------------------------------------------- the API's reads (issue 15)
def position_list(*, viewer, search: str = "") -> QuerySet[Position]:
    """The catalogue of positions (public to staff), optionally by name or code."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    qs = Position.objects.all()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__iexact=search))
    return qs


def position_get(*, viewer, pk: int) -> Position:
    return position_list(viewer=viewer).get(pk=pk)


def unit_group_get(*, viewer, pk: int) -> UnitGroup:
    if not viewer.is_authenticated:
        raise PermissionDenied
    return UnitGroup.objects.get(pk=pk)


def party_body_get(*, viewer, pk: int) -> PartyOrganization:
    """A Party body in the viewer's Party scope (a state role covers none: issue 10)."""
    body = PartyOrganization.objects.filter(pk=pk).first()
    if body is None or not can_view_party_body(viewer, body):
        raise PartyOrganization.DoesNotExist
    return body


def role_assignment_list(
    *, viewer, user_id: int | None = None, role: str | None = None, on: date | None = None
) -> QuerySet[RoleAssignment]:
    """Role assignments the viewer manages: an administrator the state roles, a Party role
    the Party secretary roles of the bodies it covers (the administrator none of those:
    Party and state are kept apart). Current ones on `on` when given, every one otherwise."""
    if not viewer.is_authenticated:
        return RoleAssignment.objects.none()
    scope = viewer_scope(viewer)
    allowed = Q(pk__in=[])
    if is_org_administrator(viewer):
        allowed |= ~Q(role=Role.PARTY_SECRETARY)
    for path in scope.party_paths:
        allowed |= Q(role=Role.PARTY_SECRETARY, party_organization__path__startswith=path)
    qs = RoleAssignment.objects.as_of(on) if on is not None else RoleAssignment.objects.all()
    qs = qs.filter(allowed).select_related("user", "unit", "party_organization")
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    if role:
        qs = qs.filter(role=role)
    return qs


def role_assignment_get(*, viewer, pk: int) -> RoleAssignment:
    return role_assignment_list(viewer=viewer).get(pk=pk)


@dataclass(frozen=True)
class MembershipRight:
    """A Party secretary's rights held by a membership (rules.secretary_memberships), read
    beside the role assignments: derived, never stored, so its id is the membership's
    negated — unique among the roles' (positive) ids, and read-only."""

    pk: int
    user: Any
    person_id: int
    party_organization_id: int
    membership_id: int
    party_role: str
    valid_from: date
    valid_to: date | None
    role: str = Role.PARTY_SECRETARY
    unit_id: None = None
    unit_group_id: None = None
    source: str = "membership"

    @property
    def id(self) -> int:
        return self.pk

    @property
    def user_id(self) -> int:
        return self.user.pk


def membership_rights(
    *, viewer, user_id: int | None = None, role: str | None = None, on: date | None = None
) -> QuerySet[PartyMembership]:
    """The secretary rights held by membership that the viewer may see — as the Party
    secretary roles in `role_assignment_list`: a Party role the bodies it covers, the
    administrator none — of people with an account. On `on`: exactly who holds them that
    day; otherwise every membership that held them, until it ended, its body closed or a
    later secretary of the same body began (one superseded from its first day never held
    them). Annotated `right_id` (the negated pk) and `superseded_on`; rows as
    MembershipRight with `as_membership_rights`."""
    paths = viewer_scope(viewer).party_paths if viewer.is_authenticated else ()
    if not paths or (role and role != Role.PARTY_SECRETARY):
        return PartyMembership.objects.annotate(right_id=F("pk") * -1).none()
    covered = Q(pk__in=[])
    for path in paths:
        covered |= Q(organization__path__startswith=path)
    later = (
        PartyMembership.objects.filter(organization=OuterRef("organization"), role=OuterRef("role"))
        .filter(
            Q(valid_from__gt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), pk__gt=OuterRef("pk"))
        )
        .order_by("valid_from")
        .values("valid_from")[:1]
    )
    if on is not None:
        qs = secretary_memberships(on)
    else:
        qs = PartyMembership.objects.filter(
            role__in=(PartyRole.SECRETARY, PartyRole.DEPUTY_SECRETARY)
        )
        qs = qs.exclude(organization__valid_to__lte=F("valid_from"))
    qs = qs.filter(covered, person__user__isnull=False).annotate(
        right_id=F("pk") * -1, superseded_on=Subquery(later)
    )
    if on is None:
        qs = qs.filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=F("valid_from")))
    if user_id is not None:
        qs = qs.filter(person__user_id=user_id)
    return qs.select_related("person__user", "organization")


def as_membership_rights(memberships) -> list[MembershipRight]:
    """`membership_rights` rows as the roles' rows: each ends on the first of its end, its
    body's closing and its successor's first day."""
    rights = []
    for m in memberships:
        ends = [d for d in (m.valid_to, m.organization.valid_to, m.superseded_on) if d is not None]
        rights.append(
            MembershipRight(
                pk=m.right_id,
                user=m.person.user,
                person_id=m.person_id,
                party_organization_id=m.organization_id,
                membership_id=m.pk,
                party_role=m.role,
                valid_from=m.valid_from,
                valid_to=min(ends) if ends else None,
            )
        )
    return rights
