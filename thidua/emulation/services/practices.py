"""The emulation office publishes good practices proposed from inspections, supervisions and
field visits (goals.GoodPractice) as lessons, or says why not. Once published, a lesson's
replication is tracked like any other (movements.lesson_adopt)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.transitions import Flow, transition
from thidua.goals.choices import PracticeStatus
from thidua.goals.models import GoodPractice
from thidua.org.models import Unit

from .. import rules
from ..choices import EmulationAudit, LessonKind
from ..models import Lesson, Movement
from .movements import lesson_create

PRACTICE_FLOW = Flow(
    "goals.GoodPractice",
    {
        (PracticeStatus.PROPOSED, PracticeStatus.PUBLISHED): EmulationAudit.PRACTICE_PUBLISHED,
        (PracticeStatus.PROPOSED, PracticeStatus.DECLINED): EmulationAudit.PRACTICE_DECLINED,
    },
)


def _check_open(practice: GoodPractice) -> None:
    if practice.status != PracticeStatus.PROPOSED:
        raise ValidationError(
            _("This good practice has already been decided: %(status)s.")
            % {"status": practice.get_status_display()}
        )


@transaction.atomic
def practice_publish(
    *,
    actor,
    practice: GoodPractice,
    title: str,
    summary: str,
    kind: str = LessonKind.LESSON,
    unit: Unit | None = None,
    movement: Movement | None = None,
) -> Lesson:
    """Publish a proposed good practice as a lesson (the office only), linked to it."""
    if not rules.is_emulation_office(actor):
        raise PermissionDenied(_("Only the emulation office publishes proposed lessons."))
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    _check_open(practice)
    lesson = lesson_create(
        actor=actor,
        title=title,
        summary=summary,
        unit=unit or practice.unit,
        kind=kind,
        movement=movement,
    )
    lesson.practice = practice
    lesson.save(update_fields=["practice", "updated_at"])
    transition(
        practice,
        flow=PRACTICE_FLOW,
        to=PracticeStatus.PUBLISHED,
        actor=actor,
        also={"decided_by": actor, "decided_at": timezone.now()},
        audited=["status"],
        lesson=lesson.pk,
    )
    return lesson


@transaction.atomic
def practice_decline(*, actor, practice: GoodPractice, reason: str) -> GoodPractice:
    """The office does not publish a proposed good practice, and says why."""
    if not rules.is_emulation_office(actor):
        raise PermissionDenied(_("Only the emulation office publishes proposed lessons."))
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    _check_open(practice)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is not published.")})
    return transition(
        practice,
        flow=PRACTICE_FLOW,
        to=PracticeStatus.DECLINED,
        actor=actor,
        also={"decline_reason": reason[:500], "decided_by": actor, "decided_at": timezone.now()},
        audited=["status"],
    )
