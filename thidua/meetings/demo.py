"""Demo giao ban: the ministry's monthly meetings of the last six months, each with the chair's
conclusions and assignments, the older assignments partly done (issue 13, point 7)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from thidua.goals.choices import GoalStatus, TaskStatus
from thidua.goals.models import Goal
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment, Unit

from .models import BriefingMeeting
from .services import conclusion_add, meeting_close, meeting_create

CONCLUSIONS = [
    "Các đơn vị tập trung hoàn thành các chỉ tiêu đang chậm so với tiến độ của chương trình.",
    "Cập nhật kết quả thực hiện các kết quả then chốt trước ngày 25 hằng tháng.",
    "Rà soát, đề xuất tháo gỡ vướng mắc của các nhiệm vụ quá hạn, báo cáo tại giao ban tháng sau.",
    "Tổng hợp kinh nghiệm hay của đơn vị dẫn đầu để nhân rộng trong toàn Bộ.",
]


def _months_back(today: date, n: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append((year, month))
    return list(reversed(months))


def demo_loader(*, people: int = 0, seed: int = 0, **_) -> str:
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
        Goal.objects.filter(status=GoalStatus.ACTIVE, owner_unit__isnull=False).order_by("pk")[:40]
    )
    rng = random.Random(seed or 13)
    today = timezone.localdate()
    made = 0
    for index, (year, month) in enumerate(_months_back(today, 6)):
        held_on = date(year, month, 5)
        meeting = meeting_create(
            actor=chair.user, unit=root, year=year, month=month, held_on=held_on, chair=chair
        )
        conclusion_add(actor=chair.user, meeting=meeting, text=CONCLUSIONS[index % 2])
        for k in range(3 if heads else 0):
            head = heads[(index * 3 + k) % len(heads)]
            goal = next((g for g in goals if g.scope_unit.path.startswith(head.unit.path)), None)
            c = conclusion_add(
                actor=chair.user,
                meeting=meeting,
                text=CONCLUSIONS[2 + k % 2] if k else CONCLUSIONS[0],
                assignee=head,
                deadline=held_on + timedelta(days=20 + 5 * k),
                goal=goal,
            )
            if c.task and index < 5 and rng.random() < 0.7:  # older ones mostly done
                c.task.status = TaskStatus.DONE
                c.task.done_on = c.deadline
                c.task.save(update_fields=["status", "done_on"])
        meeting_close(actor=chair.user, meeting=meeting, send=False)
        made += 1
    # This month's meeting is planned: it opens with last month's assignments.
    meeting_create(
        actor=chair.user,
        unit=root,
        year=today.year,
        month=today.month,
        held_on=today.replace(day=5),
        chair=chair,
    )
    return f"{made} giao ban meetings of the ministry with conclusions and assignments"
