"""Permission predicates for emulation and evaluation. Ratings, scores and records are
private data of a unit (CLARIFICATIONS): the person, those whose scope covers their unit,
and the emulation office see them. They are state data: a Party role (a cell's secretary)
gives no right to them by itself (issue 10), so they are checked with the state part of the
viewer's scope (`state_scope`, `can_view_person_record`), not with org's
`can_view_person_private`, which also opens a secretary's members' details on the Party
side."""

from dataclasses import replace

import rules
from django.utils.translation import gettext as _

from thidua.org.choices import Role
from thidua.org.rules import Scope, viewer_scope

from .choices import MovementStatus

OFFICE_ROLES = {Role.EMULATION_OFFICER, Role.ADMINISTRATOR}
MANAGER_ROLES = {Role.UNIT_HEAD, Role.LEADERSHIP, Role.ADMINISTRATOR}
DIRECTOR_LEVEL = 3  # Position.level of Vụ trưởng, Cục trưởng and above (and their deputies)


def _roles(user) -> frozenset:
    return viewer_scope(user).roles if user.is_authenticated else frozenset()


@rules.predicate
def is_emulation_office(user) -> bool:
    """The emulation & commendation office (and administrators, leadership of the ministry)."""
    if not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    return (
        user.is_superuser
        or bool(scope.roles & OFFICE_ROLES)
        or (Role.LEADERSHIP in scope.roles and scope.everything)
    )


@rules.predicate
def has_office_duty(user) -> bool:
    """Whose job the office's work is (an emulation & commendation officer): its queues wait
    for them on "Việc của tôi". Administrators and the ministry's leadership may do the same
    work (is_emulation_office), but it does not wait for them."""
    return user.is_authenticated and Role.EMULATION_OFFICER in _roles(user)


@rules.predicate
def is_council_member(user) -> bool:
    return user.is_authenticated and Role.COUNCIL_MEMBER in _roles(user)


@rules.predicate
def heads_unit(user, unit) -> bool:
    """A head (or leader) whose scope covers the unit."""
    return (
        unit is not None
        and user.is_authenticated
        and bool(_roles(user) & MANAGER_ROLES)
        and viewer_scope(user).covers_unit_path(unit.path)
    )


def _own_person_id(user):
    return viewer_scope(user).person_id if user.is_authenticated else None


# ---- movements
@rules.predicate
def can_manage_movement(user) -> bool:
    return is_emulation_office(user)


@rules.predicate
def can_edit_movement(user, movement) -> bool:
    """The office edits a movement while it is a draft: once launched, units act on it."""
    return movement.status == MovementStatus.DRAFT and is_emulation_office(user)


@rules.predicate
def can_register(user, registrant) -> bool:
    """A unit registers through its head (or the office); a person registers themself."""
    from thidua.org.models import Person

    if isinstance(registrant, Person):
        return registrant.pk == _own_person_id(user) or heads_unit(user, registrant.unit)
    return heads_unit(user, registrant) or is_emulation_office(user)


def own_registration_reason(user, registration) -> str | None:
    """Why `user` may not score `registration` as a party to it, or None: it is their own
    registration, or that of the unit they belong to or of a unit above it (a scorer would
    be judging their own unit). The ministry itself (the top unit, registered in a movement
    of its own) is not counted: everyone is inside it, so nobody could score it. No
    registration (the grid as a whole): None."""
    if registration is None or not user.is_authenticated:
        return None
    from thidua.org.selectors import viewer_person

    person = viewer_person(user=user)
    if person is None:
        return None
    if registration.person_id is not None and registration.person_id == person.pk:
        return _("You do not score your own registration.")
    unit = registration.unit
    if unit is not None and unit.parent_id is not None and person.unit.path.startswith(unit.path):
        return _("You do not score your own unit.")
    return None


@rules.predicate
def can_score_registration(user, registration) -> bool:
    """The emulation office and the council score registrations, never their own or their
    own unit's (`own_registration_reason`). With no registration: whether the user scores
    at all (the grid, the computed criteria)."""
    if not (is_emulation_office(user) or is_council_member(user)):
        return False
    return own_registration_reason(user, registration) is None


@rules.predicate
def can_record_lesson(user, unit) -> bool:
    person_unit_path = None
    if user.is_authenticated:
        from thidua.org.models import Person

        person_unit_path = (
            Person.objects.filter(user=user).values_list("unit__path", flat=True).first()
        )
    return (
        (person_unit_path or "").startswith(unit.path)
        or heads_unit(user, unit)
        or is_emulation_office(user)
    )


@rules.predicate
def can_record_adoption(user, unit) -> bool:
    return heads_unit(user, unit) or is_emulation_office(user)


@rules.predicate
def can_manage_initiatives(user) -> bool:
    return is_emulation_office(user)


# ---- ratings
def state_scope(user) -> Scope:
    """The viewer's scope for state data: their own, their units' subtrees, the whole
    ministry — without the Party bodies a Party role or a secretary's membership covers."""
    return replace(viewer_scope(user), party_paths=(), membership_party_paths=())


@rules.predicate
def can_view_person_record(user, person) -> bool:
    """A person's ratings, scores, work and achievement records: the person, the heads
    whose scope covers their unit, the ministry-wide roles — not their Party secretary."""
    if person is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    return (
        scope.everything or scope.person_id == person.pk or scope.covers_unit_path(person.unit.path)
    )


@rules.predicate
def can_view_rating(user, rating) -> bool:
    return is_emulation_office(user) or can_view_person_record(user, rating.person)


@rules.predicate
def can_score_person(user, person) -> bool:
    """Heads score the people of their subtree, never themselves."""
    return person.pk != _own_person_id(user) and heads_unit(user, person.unit)


@rules.predicate
def can_self_assess(user, rating) -> bool:
    return rating.person_id == _own_person_id(user)


@rules.predicate
def can_propose_rating(user, rating) -> bool:
    return rating.person_id != _own_person_id(user) and heads_unit(user, rating.unit)


@rules.predicate
def can_approve_rating(user, rating) -> bool:
    """The level above the proposing head: someone whose scope covers the rating unit's parent
    (or the whole ministry), never the person rated."""
    if rating.person_id == _own_person_id(user) or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    parent = rating.unit.parent
    above = scope.everything or (parent is not None and scope.covers_unit_path(parent.path))
    return bool(scope.roles & MANAGER_ROLES or user.is_superuser) and above


@rules.predicate
def can_rate_units(user) -> bool:
    return is_emulation_office(user)


@rules.predicate
def can_appeal(user, rating) -> bool:
    return rating.person_id == _own_person_id(user)


# ---- records
@rules.predicate
def can_edit_value_record(user, person) -> bool:
    return person.pk == _own_person_id(user) or heads_unit(user, person.unit)


@rules.predicate
def can_invite_assessors(user, person) -> bool:
    position = person.position
    director = position is not None and position.level >= DIRECTOR_LEVEL
    return director and (
        is_emulation_office(user)
        or (heads_unit(user, person.unit) and person.pk != _own_person_id(user))
    )


rules.add_perm("emulation.manage_movement", can_manage_movement)
rules.add_perm("emulation.score_registration", can_score_registration)
rules.add_perm("emulation.manage_initiatives", can_manage_initiatives)
rules.add_perm("emulation.view_rating", can_view_rating)
rules.add_perm("emulation.rate_units", can_rate_units)
rules.add_perm("emulation.office", is_emulation_office)  # e.g. the agency settings page (core)
