"""The demo's daily work on key results (issue 13, "fast work"): tasks that move the key
results of people's goals, done over the last months, each created some working days before
the day it was done — so the dashboard's cycle time of tasks counts real days, not the zero
days of tasks created and done on the day the demo was loaded. Deterministic from the seed;
titles are illustrative."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from thidua.org.work_calendar import work_calendar, working_days

from .choices import GoalStatus, TaskStatus
from .models import KeyResult, Task

WINDOW_DAYS = 180  # tasks done within the last six months (the panel's trend)
LONGEST = 30  # a task takes 1 to 30 working days, most of them one or two weeks
TITLES = [
    "Rà soát hồ sơ tồn đọng",
    "Tổng hợp số liệu báo cáo tiến độ",
    "Làm việc với đơn vị phối hợp",
    "Hoàn thiện dự thảo hướng dẫn",
    "Kiểm tra, làm sạch dữ liệu trên hệ thống",
    "Chuẩn bị tài liệu họp",
    "Xử lý phản ánh của người dân, doanh nghiệp",
    "Cập nhật số liệu lên hệ thống",
]


def task_days(rng: random.Random) -> int:
    """How many working days a task takes: 1 to LONGEST, most near a week and a half."""
    return max(1, min(LONGEST, round(rng.triangular(1, LONGEST, 6))))


def moment(day: date, rng: random.Random) -> datetime:
    """A time of the working day `day` (08:00–16:59), aware in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time(8 + rng.randrange(9), rng.randrange(60))))


def build_key_result_tasks(*, today: date, seed: int) -> int:
    """Done tasks on the key results of people's goals whose period overlaps the last
    WINDOW_DAYS: up to three a key result, done on a working day of the goal's period before
    today, created 1–LONGEST working days before. Returns how many were made."""
    rng = random.Random(seed * 7 + 3)  # apart from the goals' own draws
    start = today - timedelta(days=WINDOW_DAYS)
    calendar = work_calendar(start=start - timedelta(days=3 * LONGEST), end=today)
    days = working_days(start - timedelta(days=3 * LONGEST), today - timedelta(days=1), calendar)
    index = {day: i for i, day in enumerate(days)}
    key_results = (
        KeyResult.objects.filter(
            goal__owner_person__isnull=False,
            goal__status=GoalStatus.ACTIVE,
            goal__period_start__lt=today,
            goal__period_end__gte=start,
        )
        .select_related("goal")
        .order_by("goal_id", "id")
    )
    tasks, created_at = [], []
    for kr in key_results:
        goal = kr.goal
        done_days = [d for d in days if d >= start and goal.period_start <= d <= goal.period_end]
        if not done_days:
            continue
        for _n in range(rng.randint(0, 3)):
            done_on = rng.choice(done_days)
            created = days[max(index[done_on] - task_days(rng), 0)]
            due = min(
                max(created + timedelta(days=rng.randint(7, 35)), goal.period_start),
                goal.period_end,
            )
            task = Task(
                key_result=kr,
                title=f"{rng.choice(TITLES)} — {kr.title}"[:300],
                owner=goal.owner_person,
                due_date=due,
                status=TaskStatus.DONE,
                done_on=done_on,
            )
            tasks.append(task)
            created_at.append(moment(created, rng))
    made = Task.objects.bulk_create(tasks)
    # bulk_create stamps created_at with now (auto_now_add): the days drawn are put back
    for task, at in zip(made, created_at, strict=True):
        task.created_at = task.updated_at = at
    Task.objects.bulk_update(made, ["created_at", "updated_at"], batch_size=500)
    return len(made)


def backdate(task: Task, *, day: date, rng: random.Random | None = None) -> None:
    """Put a task's creation back to `day` (the demo made it today)."""
    at = moment(day, rng or random.Random(task.pk))
    Task.objects.filter(pk=task.pk).update(created_at=at, updated_at=at)
    task.created_at = task.updated_at = at
