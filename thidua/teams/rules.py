"""Who may form a team, add its goals and check in on them.

Heads and leaders form teams from people of the units they cover (a cross-unit team needs a
head or leader above all of them). The lead, and whoever may form the team, add its goals;
every member checks in on them. The lead, whoever formed the team and the heads over it
remove a member or close the team; a member removed (`left_on`) is no longer one."""

from __future__ import annotations

import rules

from thidua.org.choices import Role
from thidua.org.rules import viewer_scope

MANAGER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADERSHIP, Role.ADMINISTRATOR})


def _manager(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or viewer_scope(user).roles & MANAGER_ROLES)
    )


def may_form_team(user, *, unit_paths: list[str]) -> bool:
    """A head or leader covering the host unit and every member's unit."""
    if not _manager(user):
        return False
    scope = viewer_scope(user)
    return all(scope.covers_unit_path(p) for p in unit_paths)


@rules.predicate
def can_form_teams(user) -> bool:
    return _manager(user)


def is_member(user, team) -> bool:
    person_id = viewer_scope(user).person_id if user is not None else None
    return person_id is not None and (
        team.lead_id == person_id
        or team.members.filter(person_id=person_id, left_on__isnull=True).exists()
    )


@rules.predicate
def can_manage_team(user, team) -> bool:
    """The lead, or a head or leader covering the team's host unit and all its members."""
    if user is None or not user.is_authenticated:
        return False
    person_id = viewer_scope(user).person_id
    if person_id is not None and team.lead_id == person_id:
        return True
    paths = [
        team.unit.path,
        *team.members.filter(left_on__isnull=True).values_list("person__unit__path", flat=True),
    ]
    return may_form_team(user, unit_paths=paths)


@rules.predicate
def can_change_team(user, team) -> bool:
    """Remove a member or close the team: its lead, whoever formed it (while they still head
    or lead), or a head or leader covering its host unit and all its members."""
    if user is None or not user.is_authenticated:
        return False
    if team.created_by_id == user.pk and _manager(user):
        return True
    return can_manage_team(user, team)


@rules.predicate
def can_view_team(user, team) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        is_member(user, team)
        or viewer_scope(user).covers_unit_path(team.unit.path)
        or (can_manage_team(user, team))
    )


rules.add_perm("teams.form", can_form_teams)
rules.add_perm("teams.manage_team", can_manage_team)
rules.add_perm("teams.view_team", can_view_team)
rules.add_perm("teams.change_team", can_change_team)
