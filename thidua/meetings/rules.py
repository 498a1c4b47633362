"""Who may hold, see and conclude a giao ban meeting.

A meeting covers a set of units: the ministry or a unit (its subtree) or a block (khối: the
units of a unit group on the meeting date). Heads and leadership whose scope covers every one
of them may hold it (chair it or record for the chair); everyone working in those units, and
every person assigned a conclusion, may read it.

Reading is in two depths (issue 13, B4). The whole page — the agenda with everyone's overdue
tasks and stale key results, the carried assignments — is for those who take part: the
chair, whoever planned the meeting, the heads and leaders over its units, the heads of the
units directly below it, the people working in the meeting's own unit (a Cục's staff sit in
its giao ban; a Phòng's staff do not sit in their Cục's, the Phòng's head does) and the
ministry-wide roles. Anyone else who may read the meeting (working somewhere below it, or
assigned a conclusion) reads its conclusions and their own assignments only.

The ministry's and the blocks' giao ban — chaired by the minister or a deputy minister — are
prepared by the ministry's office (Văn phòng Bộ), as a ministry's rules of work give it: it
gathers the units' reports, prepares the agenda, records the chair's conclusions and issues
the notice. Which unit that is, is the agency setting `meetings.leadership_office_unit`
(settings.py: a unit's code); left empty, it is the unit directly below the ministry named
"Văn phòng Bộ" (not a "Văn phòng Đảng ủy", nor the Thanh tra Bộ). Anyone of that unit (its
subtree) whose account holds a unit head's role (the Chánh Văn phòng, the head of its general
affairs section) or the emulation officer's role prepares them (the emulation & commendation
office sits in the Văn phòng Bộ; where it is a Vụ of its own, it prepares nothing unless the
setting names it). They prepare for the chair: never a unit's own giao ban, and they do not
chair (`may_hold_for` stays the chair's rule); a plain member of the office is refused."""

from __future__ import annotations

from datetime import date

import rules
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from thidua.org.choices import Role
from thidua.org.models import Person, Unit, UnitGroupMembership
from thidua.org.rules import SCOPE_PREFIX, viewer_scope

from .settings import leadership_office_code

MANAGER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADERSHIP, Role.ADMINISTRATOR})
# The roles with which a member of the Văn phòng Bộ prepares the leadership's giao ban.
OFFICE_ROLES = frozenset({Role.UNIT_HEAD, Role.EMULATION_OFFICER})
OFFICE_NAME = "văn phòng bộ"  # the office by default (the setting left empty), name folded
# kept beside the viewer's scope, under its prefix, so dropping the scope drops it too
OFFICE_CACHE = f"{SCOPE_PREFIX}meetings_office"


def meeting_unit_paths(
    *, unit: Unit | None, unit_group=None, on: date | None = None
) -> tuple[str, ...]:
    """The tree paths a meeting covers (each with its subtree)."""
    if unit is not None:
        return (unit.path,)
    if unit_group is not None:
        on = on or timezone.localdate()
        return tuple(
            UnitGroupMembership.objects.as_of(on)
            .filter(group=unit_group)
            .values_list("unit__path", flat=True)
        )
    return ()


def _paths(meeting) -> tuple[str, ...]:
    cached = getattr(meeting, "_paths", None)
    if cached is None:
        cached = meeting_unit_paths(
            unit=meeting.unit, unit_group=meeting.unit_group, on=meeting.held_on
        )
        meeting._paths = cached
    return cached


def may_chair_meetings(user) -> bool:
    """A head or leader, who may chair a meeting of the units they lead; the office's officer
    prepares meetings only for a chair of theirs."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or bool(viewer_scope(user).roles & MANAGER_ROLES)


def may_hold_for(user, paths: tuple[str, ...]) -> bool:
    """A head or leader whose scope covers every unit of the meeting (and there is one)."""
    if user is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    manager = user.is_superuser or bool(scope.roles & MANAGER_ROLES)
    return manager and bool(paths) and all(scope.covers_unit_path(p) for p in paths)


def _office_units() -> tuple[QuerySet[Unit], str]:
    """The units in force that may be the office — the one the setting names and those
    directly below the ministry — and the setting's code (reads the setting: one query).
    `_office_rows` chooses among them."""
    code = leadership_office_code()
    candidates = Q(depth=1)
    if code:
        candidates |= Q(code=code, depth__gte=1)
    return Unit.objects.filter(candidates, valid_to__isnull=True), code


def _office_rows(rows, code: str) -> list:
    """Of rows (path, name, code, …): the unit the setting names while it is in force, else —
    none set, or the one named merged, split or dissolved since — the Văn phòng Bộ, so the
    leadership's giao ban always has a unit to prepare it."""
    named = [row for row in rows if code and row[2] == code]
    return named or [row for row in rows if _is_office_name(row[1])]


def ministry_office_paths() -> tuple[str, ...]:
    """The tree paths of the unit that prepares the leadership's giao ban: the one the agency
    setting names, else the Văn phòng Bộ (the unit in force directly below the ministry named
    so). Two queries."""
    units, code = _office_units()
    return tuple(row[0] for row in _office_rows(units.values_list("path", "name", "code"), code))


def _is_office_name(name: str) -> bool:
    return " ".join((name or "").split()).lower() == OFFICE_NAME


def prepares_for_leadership(user) -> bool:
    """A member of the office preparing the leadership's giao ban (the agency setting, by
    default the Văn phòng Bộ) with a unit head's or the emulation officer's role: they prepare
    the ministry's and the blocks' giao ban (module docstring). Two queries, cached on the
    user for the request."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, OFFICE_CACHE, None)
    if cached is None:
        scope = viewer_scope(user)
        cached = False
        if scope.person_id is not None and scope.roles & OFFICE_ROLES:
            units, code = _office_units()
            own = Person.objects.filter(pk=scope.person_id).values("unit__path")[:1]
            found = units.annotate(own=Subquery(own)).values_list("path", "name", "code", "own")
            cached = any(
                bool(path_of_own) and path_of_own.startswith(path)
                for path, _name, _code, path_of_own in _office_rows(found, code)
            )
        setattr(user, OFFICE_CACHE, cached)
    return cached


def leadership_meeting(*, unit: Unit | None, unit_group=None) -> bool:
    """The ministry's giao ban (its root unit) or a block's (khối), chaired by the leadership."""
    return unit_group is not None or (unit is not None and unit.depth == 0)


def may_prepare(user, *, unit: Unit | None, unit_group=None, on: date | None = None) -> bool:
    """Plan and record a meeting: whoever may hold it, or the ministry's office for the
    leadership's meetings (not a unit's own)."""
    if leadership_meeting(unit=unit, unit_group=unit_group) and prepares_for_leadership(user):
        return True
    return may_hold_for(user, meeting_unit_paths(unit=unit, unit_group=unit_group, on=on))


def covers_unit_path(meeting, path: str) -> bool:
    """A unit (by its tree path) lies in one of the meeting's units."""
    return bool(path) and any(path.startswith(p) for p in _paths(meeting))


def covers_person(meeting, person: Person) -> bool:
    """The person works in one of the meeting's units."""
    path = person.unit.path if person.unit_id else ""
    return bool(path) and any(path.startswith(p) for p in _paths(meeting))


@rules.predicate
def can_hold_meetings(user) -> bool:
    """Heads and leadership hold giao ban meetings (of the units they cover)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or bool(viewer_scope(user).roles & MANAGER_ROLES)


def can_plan_meetings(user) -> bool:
    """Who is offered the planning form: the heads and leaders, and the ministry's office."""
    return can_hold_meetings(user) or prepares_for_leadership(user)


@rules.predicate
def can_manage_meeting(user, meeting) -> bool:
    office = prepares_for_leadership(user)
    if office and leadership_meeting(unit=meeting.unit, unit_group=meeting.unit_group):
        return True
    return may_hold_for(user, _paths(meeting))


def prepares_meeting(user, meeting) -> bool:
    """The chair, or whoever planned the meeting (recording for the chair): the ones asked
    to record its conclusions once its date has passed."""
    if user is None or not user.is_authenticated:
        return False
    if meeting.created_by_id is not None and meeting.created_by_id == user.pk:
        return True
    return viewer_scope(user).person_id == meeting.chair_id


@rules.predicate
def can_view_meeting_agenda(user, meeting) -> bool:
    """The whole page: agenda, overdue lists, every assignment (see the module's docstring)."""
    if user is None or not user.is_authenticated:
        return False
    if can_manage_meeting(user, meeting) or prepares_meeting(user, meeting):
        return True
    scope = viewer_scope(user)
    if scope.everything:
        return True
    if scope.person_id is None:
        return False
    unit_path = (
        Person.objects.filter(pk=scope.person_id).values_list("unit__path", flat=True).first()
    )
    if not unit_path:
        return False
    if unit_path in _paths(meeting):  # works in the meeting's own unit
        return True
    # The head of a unit directly below the meeting's (a Cục's head in the ministry's giao ban).
    return (
        bool(scope.roles & MANAGER_ROLES)
        and scope.covers_unit_path(unit_path)
        and any(
            unit_path.startswith(p) and unit_path[len(p) :].count("/") == 1 for p in _paths(meeting)
        )
    )


@rules.predicate
def can_view_meeting(user, meeting) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if can_manage_meeting(user, meeting) or prepares_meeting(user, meeting):
        return True
    scope = viewer_scope(user)
    if scope.person_id is None:
        return scope.everything
    if scope.everything or meeting.chair_id == scope.person_id:
        return True
    if meeting.conclusions.filter(assignee_id=scope.person_id).exists():
        return True
    unit_path = (
        Person.objects.filter(pk=scope.person_id).values_list("unit__path", flat=True).first()
    )
    if not unit_path:
        return False
    return any(unit_path.startswith(p) for p in _paths(meeting))


@rules.predicate
def can_read_notice(user, meeting) -> bool:
    """The notice of conclusions names every assignment: for those who take part and for the
    people it assigns work to (it is sent to them); not for someone who only works below the
    meeting's units, whose page shows the conclusions and no one else's assignments (B4)."""
    if can_view_meeting_agenda(user, meeting):
        return True
    person_id = viewer_scope(user).person_id
    return person_id is not None and meeting.conclusions.filter(assignee_id=person_id).exists()


rules.add_perm("meetings.hold", can_hold_meetings)
rules.add_perm("meetings.manage_meeting", can_manage_meeting)
rules.add_perm("meetings.view_meeting", can_view_meeting)
rules.add_perm("meetings.view_meeting_agenda", can_view_meeting_agenda)
rules.add_perm("meetings.read_notice", can_read_notice)
