"""The demo's giao ban assignments move key results (issue 13, point 1): of each held meeting's
three assignments the first two are made on a key result of a goal of the assignee's unit,
the goal in force on the deadline, so the work shows under that goal."""

from datetime import date

import pytest

from thidua.goals.demo import demo_goals_load
from thidua.meetings.demo import demo_loader
from thidua.meetings.models import Conclusion
from thidua.org.demo import demo_load

TODAY = date(2026, 12, 7)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    demo_load(people=60)
    demo_goals_load(today=TODAY)
    demo_loader()


def test_some_demo_assignments_move_a_key_result_of_the_goal_they_serve(demo):
    assignments = list(
        Conclusion.objects.filter(task__isnull=False).select_related(
            "goal__scope_unit", "assignee__unit", "task__key_result"
        )
    )
    on_key_result = [c for c in assignments if c.task.key_result_id]
    assert len(on_key_result) >= 6  # two a meeting, six meetings (where a goal is found)
    assert len(on_key_result) < len(assignments)  # the others serve a goal alone, or none
    for c in on_key_result:
        goal = c.task.key_result.goal
        assert c.goal_id == goal.pk
        assert goal.period_start <= c.deadline <= goal.period_end
        assert goal.scope_unit.path.startswith(c.assignee.unit.path)
