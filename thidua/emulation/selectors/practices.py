"""Reads for good practices proposed as lessons (goals.GoodPractice): the office's queue,
and what a lesson published from one may show of its source."""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.goals.choices import PracticeStatus
from thidua.goals.models import GoodPractice
from thidua.goals.selectors.fieldwork import practice_source_visible

from .. import rules


def practices_proposed(*, viewer) -> QuerySet[GoodPractice]:
    """Good practices waiting for the office to publish (the office only; others: none).
    Only their text, unit, date and what found them — never the source's other content."""
    if not rules.is_emulation_office(viewer):
        return GoodPractice.objects.none()
    return (
        GoodPractice.objects.filter(status=PracticeStatus.PROPOSED)
        .select_related("unit")
        .order_by("created_at", "pk")
    )


def practice_proposed_get(*, viewer, pk: int) -> GoodPractice:
    """Raises GoodPractice.DoesNotExist for anyone but the office, or once decided."""
    return practices_proposed(viewer=viewer).get(pk=pk)


def lesson_source(*, viewer, lesson) -> dict | None:
    """What a lesson published from a good practice shows of its origin: the practice's text,
    unit, date and what found it to everyone; the link to the source only to those its own
    permission lets open it (a Party inspection: those covering the Party body)."""
    practice = lesson.practice
    if practice is None:
        return None
    visible = practice_source_visible(viewer=viewer, practice=practice)
    return {
        "practice": practice,
        "url": practice.source.get_absolute_url() if visible else None,
    }
