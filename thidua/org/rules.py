"""Permission predicates for the organisation (django-rules).

"Private" data of a unit (CLARIFICATIONS): people's contact details, ratings, scores,
proposals, check-in evidence. Names, the unit tree and published goals are public to staff.
Who may see whose private data is decided by the viewer's scope below, computed once per
request from their role assignments valid today and from their Party membership valid
today: the current secretary (or deputy secretary) of a Party body holds that body's
secretary rights as a PARTY_SECRETARY role over it would give them — derived, never stored,
so a membership recorded, changed or ended by any path (pages, import, API, admin) moves the
rights the same day (`secretary_memberships`).
"""

from dataclasses import dataclass
from datetime import date

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from thidua.accounts.signin import REFUSAL_MESSAGES
from thidua.core.standing import Refusal

from .choices import EmploymentStatus, PartyOrgKind, PartyRole, Role

# Roles whose holders may read private data across the whole ministry.
MINISTRY_WIDE_ROLES = {Role.ADMINISTRATOR, Role.EMULATION_OFFICER}

# Party roles whose holder has their body's secretary rights by membership. The deputy
# secretary (Phó Bí thư) is included: they chair the cell's meeting and run its work when the
# secretary is absent or the post is vacant between a secretary's leaving and the next
# election, and the platform records neither absences nor delegations — a right limited to
# "when the secretary is away" could not be checked. A committee member (cấp ủy viên) has no
# such right.
SECRETARY_PARTY_ROLES = (PartyRole.SECRETARY, PartyRole.DEPUTY_SECRETARY)


def secretary_memberships(on: date) -> QuerySet:
    """Memberships valid on `on` that carry their body's secretary rights: role secretary or
    deputy secretary, in a body in force that day, and not superseded — when a body has two
    such memberships with the same role that day (a new secretary recorded while the former
    one's membership was not yet changed), only the one that began last counts (then the
    later row), so a successor's right ends their predecessor's without a manual step."""
    from .models import PartyMembership

    later = (
        PartyMembership.objects.as_of(on)
        .filter(organization=OuterRef("organization"), role=OuterRef("role"))
        .filter(
            Q(valid_from__gt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), pk__gt=OuterRef("pk"))
        )
    )
    return (
        PartyMembership.objects.as_of(on)
        .filter(role__in=SECRETARY_PARTY_ROLES, organization__valid_from__lte=on)
        .filter(Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gt=on))
        .exclude(Exists(later))
    )


@dataclass(frozen=True)
class Scope:
    """The private data a viewer may read: everything (state data only), or unit and
    Party-body subtrees."""

    everything: bool = False
    unit_paths: tuple[str, ...] = ()
    party_paths: tuple[str, ...] = ()
    person_id: int | None = None
    roles: frozenset[str] = frozenset()
    # the Party bodies whose secretary rights come from the viewer's membership (they are in
    # party_paths too, with PARTY_SECRETARY in roles), not from a role assignment
    membership_party_paths: tuple[str, ...] = ()
    # whether the viewer is a member of a Party cell that day (the menu's "Cell meetings")
    in_a_party_cell: bool = False

    def covers_unit_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.unit_paths)

    def covers_party_path(self, path: str) -> bool:
        """Whether a Party body is in the viewer's Party scope. Party and state are kept
        apart: only a Party role (the body's secretary or a committee office above it)
        covers a body; `everything` — a ministry-wide state role or a Django superuser —
        covers none by itself."""
        return any(path.startswith(p) for p in self.party_paths)

    def person_q(self, prefix: str = "") -> Q:
        """A filter on Person (or a relation to it, via `prefix`) for private reads."""
        if self.everything:
            return Q()
        q = Q(**{f"{prefix}pk__in": []})
        if self.person_id is not None:
            q |= Q(**{f"{prefix}pk": self.person_id})
        for path in self.unit_paths:
            q |= Q(**{f"{prefix}unit__path__startswith": path})
        if self.party_paths:
            from .models import PartyMembership

            party_q = Q()
            for path in self.party_paths:
                party_q |= Q(organization__path__startswith=path)
            members = PartyMembership.objects.filter(party_q, valid_to__isnull=True)
            q |= Q(**{f"{prefix}pk__in": members.values("person_id")})
        return q


# What viewer_scope reads on the way is kept beside the scope, under the same prefix (dropping
# the viewer's cached scope — every attribute of that prefix — drops them too): the viewer's
# person (org.selectors.viewer_person) and their role assignments of the day (roles_of).
SCOPE_PREFIX = "_thidua_scope_"
VIEWER_PERSON = f"{SCOPE_PREFIX}person"


def _assignments_key(on: date) -> str:
    return f"{SCOPE_PREFIX}roles_{on.isoformat()}"


def scope_assignments(user, *, on: date) -> list | None:
    """The role assignments viewer_scope read for `user` (this user object) on `on`, with
    their unit, unit group and Party body; None when it has not read them."""
    return getattr(user, _assignments_key(on), None)


def viewer_scope(user, *, on: date | None = None) -> Scope:
    """The viewer's scope on a date (today by default), cached on the user object — a
    request's `request.user`, so it never outlives the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    on = on or timezone.localdate()
    cache_key = f"{SCOPE_PREFIX}{on.isoformat()}"
    cached = getattr(user, cache_key, None)
    if cached is not None:
        return cached

    from .models import PartyMembership, Person, RoleAssignment, UnitGroupMembership

    assignments = list(
        RoleAssignment.objects.as_of(on)
        .filter(user=user)
        .select_related("unit", "unit_group", "party_organization")
    )
    roles = frozenset(a.role for a in assignments)
    everything = user.is_superuser or bool(roles & MINISTRY_WIDE_ROLES)
    unit_paths: set[str] = set()
    party_paths: set[str] = set()
    group_ids: list[int] = []
    for a in assignments:
        if a.role in (Role.UNIT_HEAD, Role.LEADERSHIP):
            if a.unit is not None:
                unit_paths.add(a.unit.path)
            elif a.unit_group_id is not None:
                group_ids.append(a.unit_group_id)
            elif a.role == Role.LEADERSHIP:
                everything = True
        elif a.role == Role.PARTY_SECRETARY and a.party_organization is not None:
            party_paths.add(a.party_organization.path)
    if group_ids:
        unit_paths.update(
            UnitGroupMembership.objects.as_of(on)
            .filter(group_id__in=group_ids)
            .values_list("unit__path", flat=True)
        )
    # the person (as org.selectors.person_for_user reads it), the body whose secretary they
    # are by membership and whether that membership is of a cell, in one query (a person has
    # one membership on a day)
    person = (
        Person.objects.select_related("unit", "position")
        .filter(user=user)
        .annotate(
            secretary_of=Subquery(
                secretary_memberships(on)
                .filter(person=OuterRef("pk"))
                .values("organization__path")[:1]
            ),
            in_a_party_cell=Exists(
                PartyMembership.objects.as_of(on).filter(
                    person=OuterRef("pk"), organization__kind=PartyOrgKind.CELL
                )
            ),
        )
        .first()
    )
    person_id = person.pk if person is not None else None
    by_membership = getattr(person, "secretary_of", None)
    if by_membership:
        party_paths.add(by_membership)
        roles = roles | {Role.PARTY_SECRETARY}
    scope = Scope(
        everything=everything,
        unit_paths=tuple(sorted(unit_paths)),
        party_paths=tuple(sorted(party_paths)),
        person_id=person_id,
        roles=roles,
        membership_party_paths=(by_membership,) if by_membership else (),
        in_a_party_cell=bool(getattr(person, "in_a_party_cell", False)),
    )
    setattr(user, cache_key, scope)
    setattr(user, _assignments_key(on), assignments)
    if not hasattr(user, VIEWER_PERSON):  # the first read of the user object's person stays
        setattr(user, VIEWER_PERSON, person)
    return scope


def party_places(people, *, on: date | None = None) -> dict[int, list[str]]:
    """Each person's current Party place, as body paths: the body of their current
    membership; for a person who is not a member, the Party bodies of their unit or of the
    nearest unit above that has one; failing that, the top bodies. Whoever manages one of
    these paths may move, add or close the person's membership. Three queries at most."""
    from .models import PartyMembership, PartyOrganization, Person
    from .selectors import ancestor_paths

    on = on or timezone.localdate()
    ids = [p.pk for p in people]
    places: dict[int, list[str]] = {
        person_id: [path]
        for person_id, path in PartyMembership.objects.as_of(on)
        .filter(person_id__in=ids)
        .values_list("person_id", "organization__path")
    }
    outside = dict(
        Person.objects.filter(pk__in=[i for i in ids if i not in places]).values_list(
            "pk", "unit__path"
        )
    )
    if not outside:
        return places
    wanted = {a for path in outside.values() if path for a in ancestor_paths(path)}
    by_unit: dict[str, list[str]] = {}
    for unit_path, path in (
        PartyOrganization.objects.as_of(on)
        .filter(unit__path__in=wanted)
        .values_list("unit__path", "path")
    ):
        by_unit.setdefault(unit_path, []).append(path)
    tops: list[str] | None = None
    for person_id, unit_path in outside.items():
        found = next(
            (by_unit[a] for a in reversed(ancestor_paths(unit_path or "")) if a in by_unit),
            None,
        )
        if found is None:
            if tops is None:
                tops = list(
                    PartyOrganization.objects.as_of(on)
                    .filter(parent__isnull=True)
                    .values_list("path", flat=True)
                )
            found = tops
        places[person_id] = sorted(found)
    return places


@rules.predicate
def is_org_administrator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or Role.ADMINISTRATOR in viewer_scope(user).roles
    )


@rules.predicate
def can_view_person_private(user, person) -> bool:
    if person is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    if scope.everything or scope.person_id == person.pk:
        return True
    if scope.covers_unit_path(person.unit.path):
        return True
    if scope.party_paths:
        paths = person.party_memberships.filter(valid_to__isnull=True).values_list(
            "organization__path", flat=True
        )
        return any(scope.covers_party_path(p) for p in paths)
    return False


@rules.predicate
def can_view_unit_private(user, unit) -> bool:
    return (
        unit is not None
        and user.is_authenticated
        and viewer_scope(user).covers_unit_path(unit.path)
    )


@rules.predicate
def can_view_party_body(user, organization) -> bool:
    return (
        organization is not None
        and user.is_authenticated
        and viewer_scope(user).covers_party_path(organization.path)
    )


rules.add_perm("org.manage", is_org_administrator)
rules.add_perm("core.change_agencysetting", is_org_administrator)
rules.add_perm("org.import_people", is_org_administrator)
rules.add_perm("org.view_person_private", can_view_person_private)
rules.add_perm("org.view_unit_private", can_view_unit_private)
rules.add_perm("org.view_party_body", can_view_party_body)


_UNSET = object()


# ---------------------------------------------------------------- leaving the staff
# The person's standing, read with the session's user (accounts.backends.UserColumns,
# registered in apps.py): (is_active, status, status_since), or None for an account with no
# person (break-glass administrators, the system account).
PERSON_STANDING = "_thidua_person_standing"
STANDING_FIELDS = ("is_active", "status", "status_since")


def has_left_staff(
    *, is_active: bool, status: str, status_since: date | None, on: date | None = None
) -> bool:
    """Whether a person is off the staff on `on` (today by default): deactivated, or a leave,
    retirement or transfer whose day has come (the HR sync stores it dated and turns
    `is_active` off that day, hr_sync.hr_changes_due; this does not wait for that run). A
    leave dated later has not happened yet."""
    if not is_active:
        return True
    if status == EmploymentStatus.WORKING:
        return False
    return status_since is None or status_since <= (on or timezone.localdate())


def _standing_of(user) -> tuple | None:
    """The person's (is_active, status, status_since): from the session's user statement or
    the person already read for the request, else one query (an API token's user)."""
    standing = getattr(user, PERSON_STANDING, _UNSET)
    if standing is not _UNSET:
        return standing
    person = getattr(user, VIEWER_PERSON, _UNSET)
    if person is not _UNSET:
        standing = None if person is None else tuple(getattr(person, f) for f in STANDING_FIELDS)
    else:
        from .models import Person

        standing = Person.objects.filter(user=user).values_list(*STANDING_FIELDS).first()
    setattr(user, PERSON_STANDING, standing)
    return standing


def left_staff_refusal(user) -> Refusal | None:
    """core.standing's check: the account of a person who has left the staff may no longer
    act (its session ends, its access tokens are refused, it cannot sign in). An account
    with no person is not concerned."""
    standing = _standing_of(user)
    if standing is None:
        return None
    is_active, status, status_since = standing
    if not has_left_staff(is_active=is_active, status=status, status_since=status_since):
        return None
    since = status_since.isoformat() if status_since else "undated"
    return Refusal(
        code="left_staff",
        message=REFUSAL_MESSAGES["left_staff"],
        detail=f"the person has left the staff (active={is_active}, {status} since {since})",
    )
