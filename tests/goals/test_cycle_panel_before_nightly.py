"""The dashboard's cycle-time panel before the first nightly summary (issue 13, point 5): a
new installation, or the demo loaded today, has no stored figures yet. The minister, the
office and other ministry-wide roles then see the figures computed now — not a panel of
empty months while the work done is in the database — and staff see the ministry's figures
without units or items, as they do once the figures are stored."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.goals import cycle_time
from thidua.goals.choices import GoalStatus, TaskStatus
from thidua.goals.cycle_kinds import TASK
from thidua.goals.models import CycleTimeStat, Task
from thidua.goals.services import goal_create

TODAY = date(2025, 7, 20)
YEAR = {"period_kind": "year", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _task(owner, *, created: date, done: date | None, key_result, title="Việc") -> Task:
    task = Task.objects.create(
        title=title,
        owner=owner,
        key_result=key_result,
        status=TaskStatus.DONE if done else TaskStatus.TODO,
        done_on=done,
    )
    created_at = timezone.make_aware(datetime.combine(created, time(10)))
    Task.objects.filter(pk=task.pk).update(created_at=created_at)
    return task


@pytest.fixture
def work(org):
    """Cục A: tasks done in July in 2 and 10 days, one in June in 6; Cục B: one done in July
    in 4 days and one still open since 30/06."""
    kr = {}
    for key in ("dept_a", "dept_b"):
        goal = goal_create(
            actor=SYSTEM,
            title=f"Mục tiêu {key}",
            owner_unit=org[key],
            status=GoalStatus.ACTIVE,
            key_results=[{"title": "Chỉ số", "baseline": 0, "target": 10}],
            **YEAR,
        )
        kr[key] = goal.key_results.get()
    a, b = org["staff_a"], org["staff_b"]
    _task(a, created=date(2025, 7, 1), done=date(2025, 7, 3), key_result=kr["dept_a"])
    _task(
        a, created=date(2025, 7, 2), done=date(2025, 7, 12), key_result=kr["dept_a"], title="Chậm A"
    )
    _task(a, created=date(2025, 5, 30), done=date(2025, 6, 5), key_result=kr["dept_a"])
    _task(b, created=date(2025, 7, 9), done=date(2025, 7, 13), key_result=kr["dept_b"])
    _task(b, created=date(2025, 6, 30), done=None, key_result=kr["dept_b"], title="Mở B")
    return kr


def _tasks(panel):
    return next(k for k in panel.kinds if k.key == TASK)


@pytest.mark.django_db
def test_the_administrator_sees_the_work_done_before_any_night(org, work, org_admin):
    assert not CycleTimeStat.objects.exists()
    panel = cycle_time.cycle_panel(viewer=org_admin, today=TODAY)
    tasks = _tasks(panel)
    assert tasks.current.items == 3 and tasks.current.median == Decimal("4.0")  # 2, 4, 10
    assert tasks.trend[-2].items == 1 and tasks.trend[-2].median == Decimal("6.0")  # June
    assert {u.name: (u.items, u.median) for u in tasks.units} == {
        "Cục A": (2, Decimal("6.0")),
        "Cục B": (1, Decimal("4.0")),
    }
    assert [i.title for i in tasks.slowest_closed] == ["Chậm A", "Việc", "Việc"]
    assert [i.title for i in tasks.slowest_open] == ["Mở B"]
    assert panel.computed_on is None  # no "as of the night of" line: computed now


@pytest.mark.django_db
def test_the_figures_computed_now_equal_those_stored_the_night_after(org, work, org_admin):
    before = _tasks(cycle_time.cycle_panel(viewer=org_admin, today=TODAY))
    cycle_time.refresh_summary(today=TODAY)
    panel = cycle_time.cycle_panel(viewer=org_admin, today=TODAY)
    after = _tasks(panel)
    assert panel.computed_on == TODAY
    assert (before.current, before.trend, before.units) == (after.current, after.trend, after.units)
    assert before.slowest_closed == after.slowest_closed
    assert before.slowest_open == after.slowest_open


@pytest.mark.django_db
def test_staff_see_the_ministry_figures_before_any_night_but_no_unit_and_no_item(org, work):
    tasks = _tasks(cycle_time.cycle_panel(viewer=org["staff_b"].user, today=TODAY))
    assert tasks.current.items == 3 and tasks.current.median == Decimal("4.0")
    assert tasks.units == [] and tasks.slowest_closed == [] and tasks.slowest_open == []


@pytest.mark.django_db
def test_the_dashboard_page_shows_them(client, org, work, org_admin):
    client.force_login(org_admin)
    page = client.get(reverse("goals:dashboard")).content.decode()
    assert "Chậm A" in page and "Mở B" in page
