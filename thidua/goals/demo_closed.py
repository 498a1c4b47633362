"""Demo: goals of 2025 closed once their year had ended (issue 13), so the closed-goal display
(final result, no "at risk") and the history of a closing have something real, while
/goals/to-close/ keeps the other units' ended goals for their heads to close.

The goals of 2025 of one sub-unit (the Văn phòng Cục of Cục Công nghiệp ICT — a Cục with no
head login, under the deputy minister `thutruong`), some of them flagged at risk, are
closed by the head nearest them (selectors.verifiers.nearest_heads: that deputy minister)
through the service, with a note. Nothing is done before 2025 has ended, or twice."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.org.models import Unit

from .choices import GoalStatus
from .models import Goal
from .selectors.verifiers import nearest_heads
from .services import goals_close_ended

CLOSED_UNIT = "CNICT-P1"  # Văn phòng Cục of Cục Công nghiệp ICT
CLOSED_YEAR_END = date(2025, 12, 31)
NOTE = (
    "Tổng kết năm 2025: kỳ kế hoạch đã kết thúc, đóng mục tiêu với kết quả cuối năm; các việc "
    "còn dở chuyển sang kế hoạch năm 2026."
)


@transaction.atomic
def demo_closed_goals_load(*, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if Goal.objects.filter(status=GoalStatus.CLOSED).exists():
        return "Closed demo goals already present; nothing changed."
    unit = Unit.objects.filter(code=CLOSED_UNIT).first()
    if unit is None or today <= CLOSED_YEAR_END:
        return "No ended demo year: no goal closed."
    goals = list(
        Goal.objects.filter(
            scope_unit=unit, status=GoalStatus.ACTIVE, period_end=CLOSED_YEAR_END
        ).order_by("pk")
    )
    heads, leaders = nearest_heads(unit_path=unit.path, excluded=Q(pk__in=[]))
    actor = get_user_model().objects.filter(pk__in=heads or leaders).order_by("pk").first()
    if not goals or actor is None:
        return "No demo goal to close."
    goals_close_ended(actor=actor, goals=goals, note=NOTE)
    return f"Demo goals closed: {len(goals)} of 2025 ({unit.name}), by {actor.username}."


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    return demo_closed_goals_load()
