"""The demo's personal touches: what the demo logins find waiting on their home page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from thidua.org.models import Person, Unit
from thidua.org.services import tree_rebuild_paths
from thidua.org.work_calendar import work_calendar, working_days

from .choices import GoalStatus, PeriodKind, TaskStatus
from .demo_tasks import backdate
from .models import DailyLog, Goal, GoalChangeProposal, KeyResult, Task


def build_personal_touches(*, today: date, units: dict[str, Unit]) -> None:
    """What the demo logins see on their home page: an assigned goal, tasks, streaks and a
    change proposal waiting for the unit head."""
    staff = Person.objects.filter(user__username="canbo").select_related("unit").first()
    if staff is None:
        return
    year = today.year
    section_goal = Goal.objects.filter(owner_unit=staff.unit, period_start__year=year).first()
    if section_goal is not None:
        assigned = Goal(
            title=f"Hướng dẫn người dân dùng dịch vụ công trực tuyến ({year})",
            owner_person=staff,
            scope_unit=staff.unit,
            parent=section_goal,
            program=section_goal.program,
            period_kind=PeriodKind.YEAR,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            status=GoalStatus.ASSIGNED,
            assigned_by=_nearest_head_user(staff.unit, on=today),
        )
        assigned.save()
        tree_rebuild_paths(model=Goal)
        KeyResult.objects.create(
            goal=assigned,
            title="Lượt hướng dẫn trực tuyến",
            target=Decimal(400),
            unit_of_measure="lượt",
            due_date=date(year, 12, 15),
        )
    _staff_tasks(staff=staff, year=year, today=today)
    _streaks(staff=staff, today=today)
    _change_proposal(year=year, units=units)


def _nearest_head_user(unit: Unit, *, on: date):
    """The login nearest above `unit` that heads it (a unit head's or a leader's scope covering
    it, the narrowest first): who assigns the staff login's goal and decides its proposed
    changes — in the demo the deputy minister over canbo's Cục, which has no head of its own,
    never another Cục's head."""
    from thidua.org.choices import Role
    from thidua.org.models import RoleAssignment
    from thidua.org.rules import viewer_scope

    best, depth = None, -1
    for assignment in (
        RoleAssignment.objects.as_of(on)
        .filter(role__in=[Role.UNIT_HEAD, Role.LEADERSHIP], user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        scope = viewer_scope(assignment.user)
        if not scope.covers_unit_path(unit.path):
            continue
        near = max((len(p) for p in scope.unit_paths if unit.path.startswith(p)), default=0)
        if near > depth:
            best, depth = assignment.user, near
    return best


def _staff_tasks(*, staff: Person, year: int, today: date) -> None:
    """Two open tasks on the staff member's key result, planned a week and three days ago,
    and one done two days ago after six working days."""
    mine = KeyResult.objects.filter(goal__owner_person=staff, goal__period_start__year=year).first()
    tasks = Task.objects.bulk_create(
        [
            Task(
                title="Rà soát quy trình tiếp nhận hồ sơ trực tuyến",
                owner=staff,
                key_result=mine,
                due_date=today + timedelta(days=3),
            ),
            Task(
                title="Tổng hợp phản ánh của người dân tháng này",
                owner=staff,
                key_result=mine,
                due_date=today + timedelta(days=6),
            ),
            Task(
                title="Cập nhật hướng dẫn sử dụng",
                owner=staff,
                due_date=today - timedelta(days=2),
                status=TaskStatus.DONE,
                done_on=today - timedelta(days=2),
            ),
        ]
    )
    # created on working days before today, not at the moment the demo was loaded
    calendar = work_calendar(start=today - timedelta(days=40), end=today)
    days = working_days(today - timedelta(days=40), today, calendar)
    done_index = max(i for i, d in enumerate(days) if d <= today - timedelta(days=2))
    for task, day in zip(tasks, [days[-6], days[-4], days[done_index - 6]], strict=True):
        backdate(task, day=day)


def _streaks(*, staff: Person, today: date) -> None:
    # "1% a day": the staff member improved something on each of the last 40 working days
    # (weekends and holidays neither count nor break the streak); three colleagues of the
    # unit kept it this month, one stopped a week ago.
    start = today - timedelta(days=70)
    calendar = work_calendar(start=start, end=today)
    days = [d for d in working_days(start, today, calendar) if d < today]
    colleagues = list(
        Person.objects.filter(unit=staff.unit, is_active=True).exclude(pk=staff.pk)[:4]
    )
    keepers = [(staff, days[-40:]), *[(p, days[-25:]) for p in colleagues[:3]]]
    if len(colleagues) > 3:
        keepers.append((colleagues[3], days[-25:-5]))
    DailyLog.objects.bulk_create(
        DailyLog(
            person=person,
            logged_on=day,
            is_improvement=True,
            text=f"Rút ngắn một bước trong quy trình xử lý hồ sơ (ngày {n})",
        )
        for person, logged in keepers
        for n, day in enumerate(logged, start=1)
    )


def _change_proposal(*, year: int, units: dict[str, Unit]) -> None:
    # A change proposal waiting for the unit head's decision.
    user_model = get_user_model()
    head_unit = units.get("ATTT")
    proposal_goal = (
        Goal.objects.filter(
            owner_person__unit__path__startswith=head_unit.path, period_start__year=year
        ).first()
        if head_unit
        else None
    )
    if proposal_goal is not None and proposal_goal.owner_person.user_id is None:
        kr = proposal_goal.key_results.first()
        Goal.objects.filter(pk=proposal_goal.pk).update(
            status=GoalStatus.CHANGES_PROPOSED,
            assigned_by=user_model.objects.filter(username="truongdonvi").first(),
        )
        GoalChangeProposal.objects.create(
            goal=proposal_goal,
            changes=[{"key_result": kr.pk, "target": str(kr.target * Decimal("0.8"))}],
            comment="Nhân sự giảm hai người từ quý II; đề nghị điều chỉnh chỉ tiêu.",
        )
