"""Goals' status moves go through core.transitions (issue 16, point 2): proposing changes,
deciding a proposal and setting a task's status check the declared move, keep their audit
events' data as before, and a move the table does not declare is refused with no event."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_for
from thidua.core.transitions import transition
from thidua.goals import rules
from thidua.goals.choices import GoalStatus, ProposalStatus, TaskStatus
from thidua.goals.models import Goal, GoalChangeProposal
from thidua.goals.services import (
    goal_accept,
    goal_assign,
    goal_proposal_decide,
    goal_propose_changes,
    task_create,
    task_set_status,
)
from thidua.goals.services.work import TASK_FLOW


@pytest.fixture
def assigned(cascade):
    return goal_assign(
        actor=cascade["head_a"].user,
        parent=cascade["dept"],
        title="Tập huấn người dùng",
        owner_person=cascade["staff_a"],
        key_results=[{"title": "Số lớp tập huấn", "target": 10, "due_date": date(2025, 11, 30)}],
    )


def propose(cascade, goal):
    kr = goal.key_results.first()
    return goal_propose_changes(
        actor=cascade["staff_a"].user, goal=goal, changes=[{"key_result": kr.pk, "target": "8"}]
    )


def test_proposing_changes_records_the_same_event_as_before(cascade, assigned):
    proposal = propose(cascade, assigned)
    assigned.refresh_from_db()
    assert assigned.status == GoalStatus.CHANGES_PROPOSED
    (event,) = audit_for(assigned).filter(action="goal.changes_proposed")
    kr = assigned.key_results.get()
    assert event.data == {
        "proposal": proposal.pk,
        "changes": [{"key_result": kr.pk, "target": "8"}],
    }


def test_proposing_changes_to_an_active_goal_is_refused_with_no_event(cascade, monkeypatch):
    """The rule already refuses it; behind the rule, the table refuses the move itself."""
    goal = cascade["personal"]  # active
    monkeypatch.setattr(rules, "can_respond_to_assignment", lambda user, goal: True)
    with pytest.raises(ValidationError):
        propose(cascade, goal)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE
    assert not GoalChangeProposal.objects.filter(goal=goal).exists()
    assert not audit_for(goal).filter(action="goal.changes_proposed").exists()


def test_a_decision_records_the_proposal_and_the_goal_status_as_before(cascade, assigned):
    proposal = propose(cascade, assigned)
    goal_proposal_decide(actor=cascade["head_a"].user, proposal=proposal, approve=False)
    assigned.refresh_from_db()
    assert assigned.status == GoalStatus.ASSIGNED
    (event,) = audit_for(assigned).filter(action="goal.proposal_decided")
    assert event.data == {
        "changes": {
            "status": ["pending", "rejected"],
            "goal_status": ["changes_proposed", "assigned"],
        },
        "key_results": {},
        "proposal": proposal.pk,
        "approved": False,
        "comment": "",
    }


def test_a_proposal_still_pending_after_its_goal_was_accepted_is_decided_as_before(
    cascade, assigned
):
    proposal = propose(cascade, assigned)
    goal_accept(actor=cascade["staff_a"].user, goal=assigned)
    goal_proposal_decide(actor=cascade["head_a"].user, proposal=proposal, approve=True)
    assigned.refresh_from_db()
    assert assigned.status == GoalStatus.ACTIVE
    assert assigned.key_results.get().target == 8


def test_deciding_on_a_closed_goal_is_refused_and_changes_nothing(cascade, assigned):
    proposal = propose(cascade, assigned)
    Goal.objects.filter(pk=assigned.pk).update(status=GoalStatus.CLOSED)
    proposal = GoalChangeProposal.objects.get(pk=proposal.pk)
    with pytest.raises(ValidationError):
        goal_proposal_decide(actor=cascade["head_a"].user, proposal=proposal, approve=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING and proposal.decided_by is None
    assert assigned.key_results.get().target == 10
    assert Goal.objects.get(pk=assigned.pk).status == GoalStatus.CLOSED
    assert not audit_for(assigned).filter(action="goal.proposal_decided").exists()


def test_a_task_status_change_records_the_same_event_as_before(cascade):
    task = task_create(actor=SYSTEM, title="Việc", owner=cascade["staff_a"])
    task_set_status(actor=cascade["staff_a"].user, task=task, status=TaskStatus.DONE)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_on is not None
    (event,) = audit_for(task).filter(action="task.status_set")
    assert event.data == {"status": "done"}
    task_set_status(actor=cascade["staff_a"].user, task=task, status=TaskStatus.TODO)
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.TODO, None)


def test_a_status_no_task_has_is_refused_with_no_event(cascade):
    task = task_create(actor=SYSTEM, title="Việc", owner=cascade["staff_a"])
    with pytest.raises(ValidationError):
        task_set_status(actor=cascade["staff_a"].user, task=task, status="archived")
    with pytest.raises(ValidationError):
        transition(task, flow=TASK_FLOW, to="archived", actor=SYSTEM, status="archived")
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert not audit_for(task).filter(action="task.status_set").exists()
