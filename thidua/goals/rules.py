"""Permission predicates for goals. Published goals are public to staff; drafts, evidence
and workflow actions follow the viewer's scope (thidua.org.rules.viewer_scope)."""

import rules
from django.db.models import Q

from thidua.org.choices import Role
from thidua.org.rules import viewer_scope

from .choices import GoalStatus


def _covers(user, goal) -> bool:
    """The viewer heads (or leads, or administers) the unit the goal belongs to."""
    return viewer_scope(user).covers_unit_path(goal.scope_unit.path)


def _owns(user, goal) -> bool:
    person_id = viewer_scope(user).person_id
    return person_id is not None and goal.owner_person_id == person_id


@rules.predicate
def can_view_goal(user, goal) -> bool:
    if not user.is_authenticated:
        return False
    if goal.status in GoalStatus.published():
        return True
    return _owns(user, goal) or _covers(user, goal) or goal.assigned_by_id == user.pk


@rules.predicate
def can_edit_goal(user, goal) -> bool:
    """Heads edit goals in their subtree; a person edits their own draft."""
    if not user.is_authenticated:
        return False
    if _covers(user, goal) and _is_manager(user):
        return True
    return _owns(user, goal) and goal.status == GoalStatus.DRAFT


@rules.predicate
def can_close_goal(user, goal) -> bool:
    """Whoever may edit a published goal closes it: a head over its unit (can_edit_goal);
    the service checks the status and the period's end."""
    return goal.status != GoalStatus.DRAFT and can_edit_goal(user, goal)


@rules.predicate
def can_create_goal_for(user, owner) -> bool:
    """`owner` is a Unit or a Person. Staff create goals for themselves; heads for their subtree."""
    if not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    from thidua.org.models import Person

    if isinstance(owner, Person):
        if owner.pk == scope.person_id:
            return True
        return scope.covers_unit_path(owner.unit.path) and _is_manager(user)
    return scope.covers_unit_path(owner.path) and _is_manager(user)


def _is_manager(user) -> bool:
    scope = viewer_scope(user)
    return user.is_superuser or bool(
        scope.roles & {Role.UNIT_HEAD, Role.LEADERSHIP, Role.ADMINISTRATOR}
    )


@rules.predicate
def can_respond_to_assignment(user, goal) -> bool:
    """The assignee accepts or proposes changes: the owner, or a head of the owner unit."""
    if goal.status not in (GoalStatus.ASSIGNED, GoalStatus.CHANGES_PROPOSED):
        return False
    if goal.owner_person_id is not None:
        return _owns(user, goal)
    return _covers(user, goal) and _is_manager(user) and goal.assigned_by_id != user.pk


@rules.predicate
def can_decide_proposal(user, proposal) -> bool:
    """The head who assigned the goal (or one above the owner) approves proposed changes."""
    goal = proposal.goal
    if proposal.proposed_by_id == user.pk:
        return False
    parent_scope = goal.parent.scope_unit if goal.parent_id else goal.scope_unit
    return goal.assigned_by_id == user.pk or (
        _is_manager(user)
        and viewer_scope(user).covers_unit_path(parent_scope.path)
        and not _owns(user, goal)
    )


@rules.predicate
def can_view_person_goals(user, person) -> bool:
    """A person's goals year by year: the person, and those who head their unit (heads,
    leadership, administrators whose scope covers it), as can_create_goal_for sets goals."""
    if person is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    if person.pk == scope.person_id:
        return True
    return scope.covers_unit_path(person.unit.path) and _is_manager(user)


@rules.predicate
def can_check_in(user, key_result) -> bool:
    """Staff check in on their own goals; heads on goals in their subtree."""
    goal = key_result.goal
    if goal.status != GoalStatus.ACTIVE:
        return False
    return _owns(user, goal) or (_covers(user, goal) and _is_manager(user)) or _in_team(user, goal)


def _in_team(user, goal) -> bool:
    """A team goal (thidua.teams: marked by `team_link`) is checked in on by its members (not
    one removed from it) while the team is open: a closed team's goals are the host unit's."""
    person_id = viewer_scope(user).person_id
    if person_id is None or goal.owner_unit_id is None:
        return False
    return (
        type(goal)
        .objects.filter(pk=goal.pk, team_link__team__closed_on__isnull=True)
        .filter(
            Q(
                team_link__team__members__person_id=person_id,
                team_link__team__members__left_on__isnull=True,
            )
            | Q(team_link__team__lead_id=person_id)
        )
        .exists()
    )


@rules.predicate
def can_edit_checkin(user, checkin) -> bool:
    return checkin.created_by_id == user.pk and checkin.verified_at is None


@rules.predicate
def can_verify_checkin(user, checkin) -> bool:
    """A head verifies evidence in their subtree, never their own check-in."""
    goal = checkin.key_result.goal
    return (
        checkin.created_by_id != user.pk
        and _covers(user, goal)
        and _is_manager(user)
        and not _owns(user, goal)
    )


@rules.predicate
def can_see_evidence(user, goal) -> bool:
    """Check-in evidence is private data of the unit."""
    return _owns(user, goal) or _covers(user, goal)


@rules.predicate
def can_manage_task(user, task) -> bool:
    scope = viewer_scope(user)
    return task.owner_id == scope.person_id or (
        scope.covers_unit_path(task.owner.unit.path) and _is_manager(user)
    )


@rules.predicate
def can_apply_templates(user) -> bool:
    """Heads, leadership and administrators hand out goal templates (within their scope)."""
    return user.is_authenticated and _is_manager(user)


rules.add_perm("goals.view_goal", can_view_goal)
rules.add_perm("goals.change_goal", can_edit_goal)
rules.add_perm("goals.close_goal", can_close_goal)
rules.add_perm("goals.respond_goal", can_respond_to_assignment)
rules.add_perm("goals.decide_proposal", can_decide_proposal)
rules.add_perm("goals.check_in", can_check_in)
rules.add_perm("goals.change_checkin", can_edit_checkin)
rules.add_perm("goals.verify_checkin", can_verify_checkin)
rules.add_perm("goals.see_evidence", can_see_evidence)
rules.add_perm("goals.manage_task", can_manage_task)


# ---- field visits (đi cơ sở) and good practices
LEADER_ROLES = {Role.UNIT_HEAD, Role.LEADERSHIP}


@rules.predicate
def can_see_field_visits(user) -> bool:
    """Leaders and heads (their own and their subtree's), the ministry-wide roles (all)."""
    if not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    return scope.everything or bool(scope.roles & LEADER_ROLES)


@rules.predicate
def can_record_field_visit(user, person) -> bool:
    """Leaders and heads record their own visits; the office (a ministry-wide role) records
    any leader's."""
    if person is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    if scope.everything:
        return True
    return person.pk == scope.person_id and bool(scope.roles & LEADER_ROLES)


@rules.predicate
def can_manage_field_visit(user, visit) -> bool:
    """The leader who went, whoever recorded it, and the ministry-wide roles add follow-up
    tasks and propose its good practices."""
    if visit is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    return (
        scope.everything
        or (scope.person_id is not None and visit.person_id == scope.person_id)
        or (visit.recorded_by_id is not None and visit.recorded_by_id == user.pk)
    )


@rules.predicate
def can_view_field_visit(user, visit) -> bool:
    """Those who manage it, and heads and leaders covering the leader's unit or the unit
    visited."""
    if can_manage_field_visit(user, visit):
        return True
    if visit is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    if not scope.roles & LEADER_ROLES:
        return False
    paths = [visit.person.unit.path] + ([visit.unit.path] if visit.unit_id else [])
    return any(scope.covers_unit_path(p) for p in paths)


rules.add_perm("goals.view_fieldvisit", can_view_field_visit)
rules.add_perm("goals.manage_fieldvisit", can_manage_field_visit)
