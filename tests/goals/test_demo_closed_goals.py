"""The demo has goals of 2025 closed once the year ended (issue 13): closed by the head
nearest them with a note, shown with their final result and no risk, while the other units'
ended goals still wait on /goals/to-close/ — each unit's for its nearest head."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from thidua.core.audit import audit_for
from thidua.core.nextsteps import TODO
from thidua.goals.choices import GoalStatus
from thidua.goals.demo_closed import CLOSED_UNIT, demo_closed_goals_load
from thidua.goals.models import Goal, KeyResult
from thidua.goals.nextsteps import goals_next_steps
from thidua.goals.selectors.closing import goals_to_close, goals_waiting_to_close
from thidua.org.choices import Role


def _user(username):
    return get_user_model().objects.get(username=username)


def test_the_demo_closed_a_units_2025_goals_with_a_note(demo_read_only, client):
    closed = Goal.objects.filter(status=GoalStatus.CLOSED)
    assert closed.count() >= 3
    assert set(closed.values_list("scope_unit__code", flat=True)) == {CLOSED_UNIT}
    assert {g.period_end.year for g in closed} == {2025}
    assert not closed.filter(is_at_risk=True).exists()
    assert not KeyResult.objects.filter(goal__in=closed, is_at_risk=True).exists()
    goal = closed.order_by("pk").first()
    (event,) = audit_for(goal).filter(action="goal.closed")
    assert "Tổng kết năm 2025" in event.data["note"]
    assert demo_closed_goals_load().startswith("Closed demo goals already present")

    client.force_login(_user("thutruong"))
    page = client.get(reverse("goals:detail", args=[goal.pk])).text
    assert 'id="goal-closed"' in page and "final-result" in page
    assert "risk-text" not in page


def test_the_ended_goals_wait_for_their_nearest_head(demo_read_only):
    head, deputy = _user("truongdonvi"), _user("thutruong")
    attt = goals_to_close(viewer=head)
    assert attt.exists()
    assert {g.pk for g in goals_waiting_to_close(viewer=head)} == set(
        attt.values_list("pk", flat=True)
    )
    # the deputy minister may close every ended goal of the block, Cục ATTT's among them, but
    # the work item is his only for the goals with no unit head nearer: each ended goal of
    # the block waits for exactly one nearest head
    mine = {g.pk for g in goals_waiting_to_close(viewer=deputy)}
    assert not mine & set(attt.values_list("pk", flat=True))
    block = set(goals_to_close(viewer=deputy).values_list("pk", flat=True))
    assert mine and len(mine) < len(block)
    heads = (
        get_user_model()
        .objects.filter(
            role_assignments__role=Role.UNIT_HEAD, role_assignments__valid_to__isnull=True
        )
        .distinct()
    )
    by_heads: list[int] = []
    for other in heads:
        by_heads += [g.pk for g in goals_waiting_to_close(viewer=other) if g.pk in block]
    assert len(by_heads) == len(set(by_heads))  # no goal waits for two unit heads
    assert not mine & set(by_heads) and mine | set(by_heads) == block
    step = {s.key: s for s in goals_next_steps(deputy) if s.section == TODO}["goals.close"]
    assert step.count == len(mine)
