"""Demo giao ban: the ministry's monthly meetings of the last six months, each with the chair's
conclusions and assignments, the older assignments partly done (issue 13, point 7), and the
next one planned. Which months are past follows the day the demo is loaded (demo_months): a
meeting whose day has passed is never left planned (walk-through of 07/12/2026)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from thidua.goals.choices import GoalStatus, TaskStatus
from thidua.goals.models import Goal, Task
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment, Unit

from .models import BriefingMeeting, Conclusion
from .services import conclusion_add, meeting_close, meeting_create

CONCLUSIONS = [
    "Các đơn vị tập trung hoàn thành các chỉ tiêu đang chậm so với tiến độ của chương trình.",
    "Cập nhật kết quả thực hiện các kết quả then chốt trước ngày 25 hằng tháng.",
    "Rà soát, đề xuất tháo gỡ vướng mắc của các nhiệm vụ quá hạn, báo cáo tại giao ban tháng sau.",
    "Tổng hợp kinh nghiệm hay của đơn vị dẫn đầu để nhân rộng trong toàn Bộ.",
]


HELD_DAY = 5  # the demo's giao ban sits on the 5th of each month
KEY_RESULT_ASSIGNMENTS = 2  # of a meeting's three assignments, the first two move a key result
HELD_MONTHS = 6


def demo_months(today: date) -> tuple[list[tuple[int, int]], tuple[int, int]]:
    """The months whose giao ban is held (the last HELD_MONTHS whose day has passed, oldest
    first) and the month of the one planned: this month's when its day is today or ahead,
    else next month's. Loaded on 07/12/2026, December's meeting of 05/12 is held and January's
    planned; loaded on 03/12, November's is the last held and December's planned."""
    year, month = today.year, today.month
    if date(year, month, HELD_DAY) < today:
        planned = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        planned = (year, month)
    held = []
    year, month = planned
    for _ in range(HELD_MONTHS):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        held.append((year, month))
    return list(reversed(held)), planned


def _served(goals, head: Person, deadline: date) -> Goal | None:
    """The goal of the head's unit whose period holds the deadline (its year's), if any."""
    return next(
        (
            g
            for g in goals
            if g.scope_unit.path.startswith(head.unit.path)
            and g.period_start <= deadline <= g.period_end
        ),
        None,
    )


def _hold(*, chair: Person, root: Unit, index: int, month: tuple[int, int], heads, goals, rng):
    """One held giao ban: the chair's conclusion, three assignments (the older ones mostly
    done) and the meeting closed. The first two assignments serve a goal of the assignee's
    unit and move one of its key results (KEY_RESULT_ASSIGNMENTS), the third the goal alone."""
    held_on = date(month[0], month[1], HELD_DAY)
    meeting = meeting_create(
        actor=chair.user, unit=root, year=month[0], month=month[1], held_on=held_on, chair=chair
    )
    conclusion_add(actor=chair.user, meeting=meeting, text=CONCLUSIONS[index % 2])
    for k in range(3 if heads else 0):
        head = heads[(index * 3 + k) % len(heads)]
        deadline = held_on + timedelta(days=20 + 5 * k)
        goal = _served(goals, head, deadline)
        key_results = list(goal.key_results.order_by("id")) if goal is not None else []
        c = conclusion_add(
            actor=chair.user,
            meeting=meeting,
            text=CONCLUSIONS[2 + k % 2] if k else CONCLUSIONS[0],
            assignee=head,
            deadline=deadline,
            goal=goal,
            key_result=key_results[(index + k) % len(key_results)]
            if key_results and k < KEY_RESULT_ASSIGNMENTS
            else None,
        )
        if c.task and index < HELD_MONTHS - 1 and rng.random() < 0.7:  # older ones mostly done
            c.task.status = TaskStatus.DONE
            c.task.done_on = c.deadline
            c.task.save(update_fields=["status", "done_on"])
    # Recorded at the meeting, not on the day the demo is loaded: an assignment's cycle time
    # (concluded → done, on the dashboard) runs from the meeting to the day it was done.
    recorded = timezone.make_aware(datetime.combine(held_on, time(11)))
    Conclusion.objects.filter(meeting=meeting).update(created_at=recorded)
    Task.objects.filter(briefing_conclusion__meeting=meeting).update(created_at=recorded)
    meeting_close(actor=chair.user, meeting=meeting, send=False)
    # closed on the meeting's day too: the Thông báo kết luận is dated by it (documents.py)
    BriefingMeeting.objects.filter(pk=meeting.pk).update(
        closed_at=timezone.make_aware(datetime.combine(held_on, time(16)))
    )


def demo_loader(*, people: int = 0, seed: int = 0, **_) -> str:
    """The ministry's giao ban of the last six months held, whatever day the demo is loaded,
    and the next one planned (demo_months)."""
    if BriefingMeeting.objects.exists():
        return "giao ban meetings already present"
    root = Unit.objects.filter(depth=0, valid_to__isnull=True).order_by("path").first()
    chair_role = (
        RoleAssignment.objects.filter(
            role=Role.LEADERSHIP, unit__isnull=True, valid_to__isnull=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    chair = Person.objects.filter(user=chair_role.user).first() if chair_role else None
    if root is None or chair is None:
        return "no ministry or minister to hold giao ban"
    heads = list(
        Person.objects.filter(user__role_assignments__role=Role.UNIT_HEAD, is_active=True).order_by(
            "pk"
        )[:12]
    )
    goals = list(
        Goal.objects.filter(status=GoalStatus.ACTIVE, owner_unit__isnull=False)
        .select_related("scope_unit")
        .order_by("pk")
    )
    rng = random.Random(seed or 13)
    held, (year, month) = demo_months(timezone.localdate())
    for index, held_month in enumerate(held):
        _hold(
            chair=chair, root=root, index=index, month=held_month, heads=heads, goals=goals, rng=rng
        )
    # The next meeting is planned: it opens with the last one's assignments.
    meeting_create(
        actor=chair.user,
        unit=root,
        year=year,
        month=month,
        held_on=date(year, month, HELD_DAY),
        chair=chair,
    )
    return f"{len(held)} giao ban meetings of the ministry with conclusions and assignments"
