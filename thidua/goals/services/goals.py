"""Goals: create, assign, accept, activate, change proposals, parent and links."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.core.audit import audit_record, changes_between, snapshot
from thidua.core.transitions import Flow, transition
from thidua.org.models import Person, Unit
from thidua.org.services import tree_move_subtree, tree_set_path

from .. import rules, selectors
from ..choices import (
    GoalsAudit,
    GoalStatus,
    PeriodKind,
    ProposalStatus,
)
from ..models import (
    Goal,
    GoalChangeProposal,
    GoalTemplate,
    KeyResult,
    KeyResultTarget,
    Program,
)
from ._common import _check_fits, _check_period, _scope_unit, _user, to_decimal
from .key_results import _key_result_build, _set_target
from .refresh import _ancestor_ids, _refresh_after_change, goals_refresh_progress

# A goal is published by its owner (draft → active) or accepted by its assignee, with or
# without a pending proposal of changes; the assignee may propose changes (again, while one
# is pending), and the head's decision on a proposal makes the goal active (approved) or
# awaiting acceptance again (rejected). A proposal may still be pending after its goal moved
# on — accepted anyway, or sent back by the rejection of another proposal — and is decided
# all the same; a goal closed, cancelled or back in draft is never moved by a decision.
GOAL_FLOW = Flow(
    "goals.Goal",
    {
        (GoalStatus.DRAFT, GoalStatus.ACTIVE): GoalsAudit.GOAL_ACTIVATED,
        (GoalStatus.ASSIGNED, GoalStatus.ACTIVE): (
            GoalsAudit.GOAL_ACCEPTED,
            GoalsAudit.GOAL_PROPOSAL_DECIDED,
        ),
        (GoalStatus.CHANGES_PROPOSED, GoalStatus.ACTIVE): (
            GoalsAudit.GOAL_ACCEPTED,
            GoalsAudit.GOAL_PROPOSAL_DECIDED,
        ),
        (GoalStatus.ASSIGNED, GoalStatus.CHANGES_PROPOSED): GoalsAudit.GOAL_CHANGES_PROPOSED,
        (
            GoalStatus.CHANGES_PROPOSED,
            GoalStatus.CHANGES_PROPOSED,
        ): GoalsAudit.GOAL_CHANGES_PROPOSED,
        (GoalStatus.CHANGES_PROPOSED, GoalStatus.ASSIGNED): GoalsAudit.GOAL_PROPOSAL_DECIDED,
        (GoalStatus.ASSIGNED, GoalStatus.ASSIGNED): GoalsAudit.GOAL_PROPOSAL_DECIDED,
        (GoalStatus.ACTIVE, GoalStatus.ACTIVE): GoalsAudit.GOAL_PROPOSAL_DECIDED,
        (GoalStatus.ACTIVE, GoalStatus.ASSIGNED): GoalsAudit.GOAL_PROPOSAL_DECIDED,
        # closed once its period has ended (closing.py), its progress kept as it stands
        (GoalStatus.ACTIVE, GoalStatus.CLOSED): GoalsAudit.GOAL_CLOSED,
    },
)


@transaction.atomic
def goal_create(
    *,
    actor,
    title: str,
    period_kind: str,
    period_start: date,
    period_end: date,
    owner_unit: Unit | None = None,
    owner_person: Person | None = None,
    parent: Goal | None = None,
    program: Program | None = None,
    weight: Decimal | int | str = 1,
    is_stretch: bool = False,
    description: str = "",
    key_results: Iterable[dict] = (),
    status: str = GoalStatus.DRAFT,
    template: GoalTemplate | None = None,
) -> Goal:
    """Create a goal with its key results. A goal cascaded to someone else starts as
    "awaiting acceptance" (use goal_assign)."""
    owner = owner_unit or owner_person
    scope_unit = _scope_unit(owner_unit=owner_unit, owner_person=owner_person)
    if not acting_as_system(actor) and not rules.can_create_goal_for(actor, owner):
        raise PermissionDenied(_("You may not set goals for this unit or person."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A goal needs a title.")})
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Unknown period.")})
    weight = to_decimal(weight, field="weight")
    if weight <= 0:
        raise ValidationError({"weight": _("A weight must be greater than zero.")})
    _check_fits(model=Goal, field="weight", value=weight)
    program = program or (parent.program if parent else None)
    _check_period(start=period_start, end=period_end, parent=parent, program=program)
    goal = Goal.objects.create(
        title=title,
        description=description,
        program=program,
        parent=parent,
        owner_unit=owner_unit,
        owner_person=owner_person,
        scope_unit=scope_unit,
        period_kind=period_kind,
        period_start=period_start,
        period_end=period_end,
        weight=weight,
        is_stretch=is_stretch,
        status=status,
        template=template,
        assigned_by=actor if status == GoalStatus.ASSIGNED and getattr(actor, "pk", None) else None,
    )
    tree_set_path(node=goal)
    krs = KeyResult.objects.bulk_create(
        _key_result_build(goal=goal, spec=spec) for spec in key_results
    )
    KeyResultTarget.objects.bulk_create(
        KeyResultTarget(key_result=kr, target=kr.target, changed_by=_user(actor)) for kr in krs
    )
    audit_record(
        actor=actor,
        action=GoalsAudit.GOAL_CREATED,
        target=goal,
        status=status,
        parent=parent.pk if parent else None,
    )
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_assign(
    *,
    actor,
    parent: Goal,
    title: str,
    owner_unit: Unit | None = None,
    owner_person: Person | None = None,
    **fields,
) -> Goal:
    """A head cascades a goal to a sub-unit or a person; it awaits their acceptance. A goal
    given to a unit with no head of its own, by the head nearest it, takes effect at once:
    nobody else would accept it (selectors.unit_falls_to)."""
    if not acting_as_system(actor) and not rules.can_edit_goal(actor, parent):
        raise PermissionDenied(_("You may only cascade goals you are responsible for."))
    # As on the page: a goal is cascaded within the parent goal's unit subtree.
    owner_path = (owner_unit or getattr(owner_person, "unit", None) or parent.scope_unit).path
    if not owner_path.startswith(parent.scope_unit.path):
        raise PermissionDenied(_("A goal is cascaded only to units and people under its parent."))
    fields.setdefault("period_kind", parent.period_kind)
    fields.setdefault("period_start", parent.period_start)
    fields.setdefault("period_end", parent.period_end)
    at_once = (
        owner_unit is not None
        and not acting_as_system(actor)
        and selectors.unit_falls_to(viewer=actor, unit=owner_unit)
    )
    goal = goal_create(
        actor=actor,
        parent=parent,
        title=title,
        owner_unit=owner_unit,
        owner_person=owner_person,
        status=GoalStatus.ACTIVE if at_once else GoalStatus.ASSIGNED,
        **fields,
    )
    audit_record(
        actor=actor,
        action=GoalsAudit.GOAL_ASSIGNED,
        target=goal,
        owner=str(goal.owner),
        parent=parent.pk,
        **({"in_effect": "no head of its own"} if at_once else {}),
    )
    return goal


@transaction.atomic
def goal_accept(*, actor, goal: Goal) -> Goal:
    if not rules.can_respond_to_assignment(actor, goal):
        raise PermissionDenied(_("Only the assignee may accept this goal."))
    transition(
        goal, flow=GOAL_FLOW, to=GoalStatus.ACTIVE, actor=actor, action=GoalsAudit.GOAL_ACCEPTED
    )
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_activate(*, actor, goal: Goal) -> Goal:
    """Publish a goal its owner or head drafted (no acceptance needed for one's own goal)."""
    if not rules.can_edit_goal(actor, goal) or goal.status != GoalStatus.DRAFT:
        raise PermissionDenied(_("This goal cannot be published by you."))
    transition(
        goal, flow=GOAL_FLOW, to=GoalStatus.ACTIVE, actor=actor, action=GoalsAudit.GOAL_ACTIVATED
    )
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_propose_changes(
    *, actor, goal: Goal, changes: list[dict], comment: str = ""
) -> GoalChangeProposal:
    """The assignee proposes other targets or wording for the key results."""
    if not rules.can_respond_to_assignment(actor, goal):
        raise PermissionDenied(_("Only the assignee may propose changes."))
    if not changes:
        raise ValidationError(_("Propose at least one change."))
    own_ids = set(goal.key_results.values_list("pk", flat=True))
    clean = []
    for change in changes:
        kr_id = int(change.get("key_result", 0))
        if kr_id not in own_ids:
            raise ValidationError(_("A proposed change refers to a key result of another goal."))
        item: dict[str, Any] = {"key_result": kr_id}
        if change.get("target") not in (None, ""):
            item["target"] = str(to_decimal(change["target"], field="target"))
        if change.get("title"):
            item["title"] = str(change["title"]).strip()[:300]
        clean.append(item)
    proposal = GoalChangeProposal.objects.create(
        goal=goal, proposed_by=actor, changes=clean, comment=comment
    )
    # This event's `changes` holds the proposed key-result changes, not the status's.
    transition(
        goal,
        flow=GOAL_FLOW,
        to=GoalStatus.CHANGES_PROPOSED,
        actor=actor,
        record_changes=False,
        proposal=proposal.pk,
        changes=clean,
    )
    return proposal


@transaction.atomic
def goal_proposal_decide(
    *, actor, proposal: GoalChangeProposal, approve: bool, comment: str = ""
) -> Goal:
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if not rules.can_decide_proposal(actor, proposal):
        raise PermissionDenied(_("Only the head who assigned the goal may decide."))
    goal = proposal.goal
    goal_to = GoalStatus.ACTIVE if approve else GoalStatus.ASSIGNED
    GOAL_FLOW.action_for(goal.status, goal_to, GoalsAudit.GOAL_PROPOSAL_DECIDED)  # before any write
    before = {"status": proposal.status, "goal_status": goal.status}
    kr_changes: dict[str, dict] = {}
    if approve:
        krs = {kr.pk: kr for kr in goal.key_results.all()}
        for change in proposal.changes:
            kr = krs[change["key_result"]]
            kr_before = snapshot(kr, ["title", "target"])
            if "title" in change:
                kr.title = change["title"]
                kr.save(update_fields=["title", "updated_at"])
            if "target" in change:
                _set_target(
                    key_result=kr,
                    target=Decimal(change["target"]),
                    actor=actor,
                    reason=_("Approved proposal #%(n)s") % {"n": proposal.pk},
                )
            kr_changes[str(kr.pk)] = changes_between(kr_before, snapshot(kr, ["title", "target"]))
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    # One event for the two rows: `changes` holds the proposal's status and the goal's.
    transition(
        goal,
        flow=GOAL_FLOW,
        to=goal_to,
        actor=actor,
        action=GoalsAudit.GOAL_PROPOSAL_DECIDED,
        record_changes=False,
        changes=changes_between(before, {"status": proposal.status, "goal_status": goal_to}),
        key_results=kr_changes,
        proposal=proposal.pk,
        approved=approve,
        comment=comment,
    )
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_set_parent(*, actor, goal: Goal, parent: Goal | None) -> Goal:
    """Re-link a goal in the cascade; a cycle is impossible."""
    if not acting_as_system(actor) and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not change this goal."))
    if parent is not None and parent.path.startswith(goal.path):
        raise ValidationError(
            {"parent": _("A goal cannot be placed under itself or one of its sub-goals.")}
        )
    _check_period(start=goal.period_start, end=goal.period_end, parent=parent, program=goal.program)
    old_parent = goal.parent
    tree_move_subtree(node=goal, new_parent=parent)
    audit_record(
        actor=actor,
        action=GoalsAudit.GOAL_PARENT_SET,
        target=goal,
        parent=parent.pk if parent else None,
    )
    goals_refresh_progress(
        goal_ids=_ancestor_ids(goal)
        + (_ancestor_ids(old_parent, include_self=True) if old_parent else [])
    )
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    if not acting_as_system(actor) and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not delete this goal."))
    if goal.children.exists():
        raise ValidationError(
            _("This goal has sub-goals cascaded from it. Move or delete them first.")
        )
    parent = goal.parent
    audit_record(actor=actor, action=GoalsAudit.GOAL_DELETED, target=goal, title=goal.title)
    goal.delete()
    if parent is not None:
        goals_refresh_progress(goal_ids=_ancestor_ids(parent, include_self=True))


@transaction.atomic
def goal_link_supports(*, actor, goal: Goal, supported: Goal) -> Goal:
    """Show that a goal also supports another, without counting toward its progress."""
    if not acting_as_system(actor) and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not change this goal."))
    if supported.pk == goal.pk:
        raise ValidationError(_("A goal cannot support itself."))
    goal.supports.add(supported)
    audit_record(
        actor=actor, action=GoalsAudit.GOAL_SUPPORTS_LINKED, target=goal, supported=supported.pk
    )
    return goal
