"""The demo's tasks take time, as real ones do (issue 13, "fast work"): the tasks on people's
key results are done over the last months, each created 1–30 working days before the day it
was done (deterministic from the seed), so the dashboard's cycle time of tasks counts days —
not the zero days of tasks created and done on the day the demo was loaded."""

from datetime import date
from statistics import median

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.goals import cycle_time
from thidua.goals.choices import TaskStatus
from thidua.goals.cycle_kinds import TASK
from thidua.goals.demo import demo_goals_load
from thidua.goals.demo_tasks import build_key_result_tasks
from thidua.goals.fieldwork_demo import demo_loader as field_visits_demo
from thidua.goals.models import FieldVisit, Task
from thidua.org.demo import demo_load
from thidua.org.work_calendar import work_calendar, working_days

TODAY = date(2026, 12, 7)
SEED = 2020


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    demo_load(people=60)
    demo_goals_load(seed=SEED, today=TODAY)
    field_visits_demo()


def _created_on(task: Task) -> date:
    return timezone.localtime(task.created_at).date()


def _key_result_tasks():
    """The tasks build_key_result_tasks made (done, on a person's key result)."""
    return Task.objects.filter(
        key_result__isnull=False,
        status=TaskStatus.DONE,
        key_result__goal__owner_person__isnull=False,
    )


def test_done_tasks_were_created_working_days_before_they_were_done(demo):
    tasks = list(_key_result_tasks())
    assert len(tasks) >= 30
    calendar = work_calendar(start=date(2025, 1, 1), end=TODAY)
    took = []
    for task in tasks:
        created = _created_on(task)
        assert created < task.done_on < TODAY
        assert task.key_result.goal.period_start <= task.done_on <= task.key_result.goal.period_end
        # working days from the day after creation to the day done
        took.append(len(working_days(created, task.done_on, calendar)) - 1)
    assert min(took) >= 1 and max(took) <= 30
    assert 3 <= median(took) <= 20  # most tasks take one to three weeks
    assert len(set(took)) > 5  # not one figure for every task


def test_the_dashboards_task_cycle_time_is_days_not_zero(demo):
    minister = get_user_model().objects.get(username="botruong")
    panel = cycle_time.cycle_panel(viewer=minister, today=TODAY)
    tasks = next(k for k in panel.kinds if k.key == TASK)
    months = [f for f in tasks.trend if f.items]
    assert len(months) >= 5  # done over the last six months
    for figure in months:
        assert figure.median is not None and 2 <= figure.median <= 45
        assert figure.p90 >= figure.median
    assert all(item.days > 0 for item in tasks.slowest_closed)


def test_the_staff_logins_and_the_field_visits_tasks_start_before_they_end(demo):
    done = Task.objects.get(
        owner__user__username="canbo", status=TaskStatus.DONE, key_result__isnull=True
    )
    assert (done.done_on - _created_on(done)).days >= 6
    for task in Task.objects.filter(owner__user__username="canbo", status=TaskStatus.TODO):
        assert _created_on(task) < TODAY
    visits = list(FieldVisit.objects.prefetch_related("follow_up_tasks"))
    assert visits and all(v.follow_up_tasks.all() for v in visits)
    for visit in visits:
        for task in visit.follow_up_tasks.all():
            assert _created_on(task) == visit.visited_on
            if task.done_on:
                assert task.done_on > visit.visited_on


def test_the_tasks_drawn_are_the_same_for_the_same_seed(demo):
    def drawn():
        return sorted(
            (t.key_result_id, t.title, t.done_on, _created_on(t), t.due_date)
            for t in _key_result_tasks()
        )

    first = drawn()
    _key_result_tasks().delete()
    build_key_result_tasks(today=TODAY, seed=SEED)
    assert drawn() == first
    _key_result_tasks().delete()
    build_key_result_tasks(today=TODAY, seed=SEED + 1)
    assert drawn() != first
