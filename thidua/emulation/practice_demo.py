"""Demo: the emulation office publishes a good practice proposed from a Party supervision as a
lesson, and two other units record taking it up (nhân rộng); the other proposals stay in the
office's queue (issue 13, point 7). Runs after the Party demo."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.goals.choices import PracticeSource, PracticeStatus
from thidua.goals.models import GoodPractice
from thidua.org.models import Unit

from .models import Lesson
from .services.movements import lesson_adopt
from .services.practices import practice_publish

TITLE = "Mỗi kỳ sinh hoạt chi bộ một 'việc khó' gắn với kết quả then chốt (minh hoạ)"


@transaction.atomic
def demo_loader(*, people: int = 0, seed: int = 0, **_) -> str:
    if Lesson.objects.filter(practice__isnull=False).exists():
        return "lessons from findings already present"
    office = get_user_model().objects.filter(username="thiduakhenthuong").first()
    practice = (
        GoodPractice.objects.filter(
            status=PracticeStatus.PROPOSED,
            found_by__in=[PracticeSource.INSPECTION, PracticeSource.SUPERVISION],
        )
        .order_by("pk")
        .first()
    )
    if office is None or practice is None:
        return "no proposed good practice from an inspection to publish"
    lesson = practice_publish(
        actor=office,
        practice=practice,
        title=TITLE,
        summary=practice.text,
    )
    today = timezone.localdate()
    others = (
        Unit.objects.filter(valid_to__isnull=True, depth=1)
        .exclude(pk=practice.unit_id)
        .order_by("path")[:2]
    )
    for index, unit in enumerate(others):
        lesson_adopt(
            actor=office,
            lesson=lesson,
            unit=unit,
            result="Áp dụng tại các chi bộ trực thuộc; số việc khó được giải quyết tăng (minh hoạ).",
            adopted_on=today - timedelta(days=30 - 10 * index),
        )
    waiting = GoodPractice.objects.filter(status=PracticeStatus.PROPOSED).count()
    return f"1 lesson published from a supervision, taken up by {len(others)} units; {waiting} proposed"
