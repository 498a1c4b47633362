"""The platform's own records are documents too: resolutions (for their Party body and the
bodies under it), launched movements, lessons and exemplars, and programmes (for everyone).
A classified resolution (Mật, Tối mật, Tuyệt mật) is never copied into the store: not its
text, not its title; one classified later has its copy removed, and the answers quoting a
removed document are withdrawn from their askers' history. Each save or delete mirrors the
record into the store, in the same transaction, and asks for an index build after the
commit."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from thidua.core.templatetags.formatting import number
from thidua.emulation.choices import MovementStatus
from thidua.emulation.models import Criterion, Lesson, Movement
from thidua.goals.models import Indicator, Program
from thidua.party.choices import Classification
from thidua.party.models import Resolution

from .choices import Audience, Source
from .models import Document
from .services import exchanges_withdraw, platform_document_sync


def resolution_sync(resolution: Resolution) -> None:
    classified = resolution.classification != Classification.NONE
    platform_document_sync(
        source=Source.RESOLUTION,
        source_id=resolution.pk,
        title="" if classified else resolution.title,
        number="" if classified else resolution.number,
        effective_on=resolution.issued_on,
        text="" if classified else resolution.text,
        audience=Audience.PARTY,
        party=resolution.body,
        present=not classified,
    )


def movement_sync(movement: Movement) -> None:
    lines = [movement.name, "", movement.objectives]
    criteria = list(movement.criteria.order_by("order", "pk"))
    if criteria:
        # Numbered under a lead-in: each criterion is its passage ("Tiêu chí thi đua › khoản 2")
        # when they read as sentences (nlp.structure), or one passage when they are short.
        lines += ["", "Tiêu chí thi đua:"]
        lines += [
            f"{n}. {c.name} (tối đa {_vi_number(c.max_points)} điểm)"
            + (f": {c.description}" if c.description else "")
            for n, c in enumerate(criteria, start=1)
        ]
    platform_document_sync(
        source=Source.MOVEMENT,
        source_id=movement.pk,
        title=movement.name,
        effective_on=movement.period_start,
        text="\n".join(lines),
        present=movement.status != MovementStatus.DRAFT,
    )


def lesson_sync(lesson: Lesson) -> None:
    platform_document_sync(
        source=Source.LESSON,
        source_id=lesson.pk,
        title=lesson.title,
        text=f"{lesson.title}\n\n{lesson.summary}",
    )


def _vi_number(value) -> str:
    """A quantity as the documents' Vietnamese writes it, whatever the language of the request
    that saved the record: 30.00 → "30", 12.5 → "12,5", 12345.5 → "12.345,5"."""
    with translation.override("vi"):
        return number(value)


def _indicator_sentence(indicator) -> str:
    unit = indicator.unit_of_measure.strip()
    amount = _vi_number(indicator.target_value)
    amount += unit if unit in ("", "%") else f" {unit}"
    name = indicator.name[:1].lower() + indicator.name[1:]
    sentence = f"Chỉ tiêu {name}: {amount} vào ngày {indicator.target_on:%d/%m/%Y}."
    if indicator.is_illustrative:
        sentence = sentence[:-1] + " (minh hoạ)."
    return sentence


def program_sync(program: Program) -> None:
    lines = [program.name, "", program.description or ""]
    if program.predecessor_id:  # a programme that goes on: say which one it continues
        previous = program.predecessor
        lines.append(
            f"Giai đoạn {program.period_start:%d/%m/%Y}–{program.period_end:%d/%m/%Y}, "
            f"tiếp nối chương trình “{previous.name}” "
            f"({previous.period_start:%d/%m/%Y}–{previous.period_end:%d/%m/%Y})."
        )
    indicators = list(program.indicators.order_by("pk"))
    if indicators:
        lines.append("")
        lines += [f"- {_indicator_sentence(i)}" for i in indicators]
    platform_document_sync(
        source=Source.PROGRAM,
        source_id=program.pk,
        title=program.name,
        effective_on=program.period_start,
        text="\n".join(line for line in lines if line is not None),
    )


@receiver(post_save, sender=Criterion, dispatch_uid="assistant_criterion")
def _criterion_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        movement_sync(instance.movement)


@receiver(post_save, sender=Indicator, dispatch_uid="assistant_indicator")
def _indicator_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        program_sync(instance.program)


@receiver(post_save, sender=Resolution, dispatch_uid="assistant_resolution")
def _resolution_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        resolution_sync(instance)


@receiver(post_save, sender=Movement, dispatch_uid="assistant_movement")
def _movement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        movement_sync(instance)


@receiver(post_save, sender=Lesson, dispatch_uid="assistant_lesson")
def _lesson_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        lesson_sync(instance)


@receiver(post_save, sender=Program, dispatch_uid="assistant_program")
def _program_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        program_sync(instance)


def _removed(source: str):
    def handler(sender, instance, **kwargs):
        platform_document_sync(
            source=source, source_id=instance.pk, title="", text="", present=False
        )

    return handler


for _model, _source in (
    (Resolution, Source.RESOLUTION),
    (Movement, Source.MOVEMENT),
    (Lesson, Source.LESSON),
    (Program, Source.PROGRAM),
):
    post_delete.connect(
        _removed(_source), sender=_model, weak=False, dispatch_uid=f"assistant_del_{_source}"
    )


@receiver(post_delete, sender=Document, dispatch_uid="assistant_document_answers_withdrawn")
def _document_deleted(sender, instance, **kwargs):
    """A document gone from the store (deleted, or its resolution classified) takes with it
    the answers quoting it, in the deleting transaction."""
    exchanges_withdraw(document_id=instance.pk)


def platform_documents_sync_all() -> int:
    """Mirror every platform record (the demo and `thidua assistant-index --sync`)."""
    count = 0
    for resolution in Resolution.objects.select_related("body"):
        resolution_sync(resolution)
        count += 1
    for movement in Movement.objects.all():
        movement_sync(movement)
        count += 1
    for lesson in Lesson.objects.all():
        lesson_sync(lesson)
        count += 1
    for program in Program.objects.all():
        program_sync(program)
        count += 1
    return count
