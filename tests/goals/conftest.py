from datetime import date, timedelta

import pytest
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Program
from thidua.goals.services import goal_create

from ..factories import unit_head


@pytest.fixture
def program(db):
    return Program.objects.create(
        code="P8",
        number=8,
        name="Chuyển đổi số quốc gia",
        period_start=date(2020, 1, 1),
        period_end=date(2025, 12, 31),
    )


@pytest.fixture
def cascade(org, program):
    """Ministry goal → Cục A goal → Hoa's personal goal, all active for 2025."""
    year = {
        "period_kind": "year",
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    ministry = goal_create(
        actor=SYSTEM,
        title="Kinh tế số 20% GDP",
        owner_unit=org["root"],
        program=program,
        status=GoalStatus.ACTIVE,
        key_results=[
            {
                "title": "Tỷ trọng kinh tế số",
                "metric_type": "percent",
                "baseline": 10,
                "target": 20,
                "due_date": date(2025, 12, 31),
            }
        ],
        **year,
    )
    dept = goal_create(
        actor=SYSTEM,
        title="Dịch vụ công trực tuyến",
        owner_unit=org["dept_a"],
        parent=ministry,
        status=GoalStatus.ACTIVE,
        key_results=[
            {
                "title": "Số dịch vụ công toàn trình",
                "baseline": 0,
                "target": 100,
                "due_date": date(2025, 12, 31),
            }
        ],
        **year,
    )
    personal = goal_create(
        actor=SYSTEM,
        title="Số hoá hồ sơ",
        owner_person=org["staff_a"],
        parent=dept,
        status=GoalStatus.ACTIVE,
        key_results=[
            {
                "title": "Hồ sơ số hoá",
                "baseline": 0,
                "target": 1000,
                "due_date": date(2025, 12, 31),
            },
            {
                "title": "Quy trình mới ban hành",
                "metric_type": "milestone",
                "target": 1,
                "due_date": date(2025, 6, 30),
            },
        ],
        **year,
    )
    return {"ministry": ministry, "dept": dept, "personal": personal, **org}


@pytest.fixture
def head_b(org):
    """The head of Cục B (another unit than the goals of `cascade` and `running`)."""
    return unit_head(org["dept_b"], username="ngobinh", full_name="Ngô Bình")


@pytest.fixture
def running(org):
    """A goal of Cục A whose period has not ended."""
    today = timezone.localdate()
    return goal_create(
        actor=SYSTEM,
        title="Mục tiêu năm nay",
        owner_unit=org["dept_a"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=today - timedelta(days=30),
        period_end=today + timedelta(days=30),
        key_results=[{"title": "Số việc", "baseline": 0, "target": 10}],
    )
