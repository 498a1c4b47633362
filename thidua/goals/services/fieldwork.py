"""Writes for field visits (đi cơ sở) and good practices (cách làm hay).

A field visit records who went, where, when and what was found; its follow-up tasks are
ordinary tasks (services.task_create) linked to it. A good practice found by a field visit or
— through party.services — by a Party inspection or supervision is proposed here as a lesson;
the emulation office publishes it (emulation.services.practices) and tracks its replication.
"""

from __future__ import annotations

from datetime import date

import rules as django_rules
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import account_of, acting_as_system
from thidua.core.audit import audit_record
from thidua.org.models import Person, PersonPosition, Unit

from .. import rules
from ..choices import GoalsAudit, PracticeSource
from ..models import FieldVisit, GoodPractice, Task
from .work import task_create


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _check_post(*, person: Person, on: date) -> None:
    """The person held a post on the day (a visit before their post is not theirs to record)."""
    posts = PersonPosition.objects.filter(person=person)
    if not posts.exists():
        return  # no post history recorded: nothing to check against
    held = posts.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    if held.exists():
        return
    first = posts.order_by("valid_from").first()
    if first is not None and on < first.valid_from:
        raise ValidationError(
            {
                "visited_on": _(
                    "The visit date %(day)s is before %(person)s took up their post (%(start)s)."
                )
                % {"day": _day(on), "person": person, "start": _day(first.valid_from)}
            }
        )
    raise ValidationError(
        {
            "visited_on": _("%(person)s held no post on %(day)s.")
            % {"person": person, "day": _day(on)}
        }
    )


@transaction.atomic
def field_visit_record(
    *,
    actor,
    person: Person,
    visited_on: date,
    findings: str,
    unit: Unit | None = None,
    place: str = "",
) -> FieldVisit:
    """Record a leader's field visit. Refused: a date in the future or before the leader's
    post, no findings, neither a unit nor a place."""
    if not acting_as_system(actor) and not rules.can_record_field_visit(actor, person):
        raise PermissionDenied(_("You may record only your own field visits."))
    findings, place = (findings or "").strip(), (place or "").strip()
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A field visit cannot be dated in the future.")})
    _check_post(person=person, on=visited_on)
    if not findings:
        raise ValidationError({"findings": _("Write what was found at the grassroots.")})
    if unit is None and not place:
        raise ValidationError({"place": _("Choose the unit visited or write the place.")})
    visit = FieldVisit.objects.create(
        person=person,
        unit=unit,
        place=place,
        visited_on=visited_on,
        findings=findings,
        recorded_by=account_of(actor),
    )
    audit_record(
        actor=actor,
        action=GoalsAudit.FIELD_VISIT_RECORDED,
        target=visit,
        person=person.pk,
        visited_on=visited_on.isoformat(),
    )
    return visit


@transaction.atomic
def field_visit_add_task(
    *, actor, visit: FieldVisit, title: str, owner: Person, due_date: date | None
) -> Task:
    """A follow-up task of the visit, owned by a person, due on or after the visit."""
    if not acting_as_system(actor) and not rules.can_manage_field_visit(actor, visit):
        raise PermissionDenied(_("Only the leader who went or the office adds follow-up tasks."))
    if due_date is None:
        raise ValidationError({"due_date": _("Set a deadline for the follow-up task.")})
    if due_date < visit.visited_on:
        raise ValidationError(
            {
                "due_date": _(
                    "The deadline %(due)s is before the field visit (%(day)s): a follow-up "
                    "task is due after the visit."
                )
                % {"due": _day(due_date), "day": _day(visit.visited_on)}
            }
        )
    task = task_create(actor=actor, title=title, owner=owner, due_date=due_date)
    visit.follow_up_tasks.add(task)
    audit_record(actor=actor, action=GoalsAudit.FIELD_VISIT_TASK_ADDED, target=visit, task=task.pk)
    return task


def source_permission(source: models.Model) -> str:
    """The django-rules permission that decides who may open a practice's source."""
    meta = source._meta
    return f"{meta.app_label}.view_{meta.model_name}"


@transaction.atomic
def practice_propose(
    *,
    actor,
    source: models.Model,
    found_by: str,
    unit: Unit | None,
    text: str,
    found_on: date,
) -> GoodPractice:
    """Propose a good practice found by a source record (an inspection, a supervision, a
    field visit) as a lesson for the emulation office. The caller checks who may propose from
    its source; here only the text, the unit and duplicates are checked."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the good practice to share.")})
    if found_by not in PracticeSource.values:
        raise ValidationError({"found_by": _("Unknown source of the good practice.")})
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit where the good practice was found.")})
    if not acting_as_system(actor) and not django_rules.has_perm(
        source_permission(source), actor, source
    ):
        raise PermissionDenied(_("You may propose only from a record you can see."))
    source_type = ContentType.objects.get_for_model(source)
    if GoodPractice.objects.filter(
        source_type=source_type, source_id=source.pk, text=text
    ).exists():
        raise ValidationError({"text": _("This good practice has already been proposed.")})
    practice = GoodPractice.objects.create(
        text=text,
        unit=unit,
        found_on=found_on,
        found_by=found_by,
        source_type=source_type,
        source_id=source.pk,
        proposed_by=account_of(actor),
    )
    audit_record(
        actor=actor,
        action=GoalsAudit.PRACTICE_PROPOSED,
        target=practice,
        found_by=found_by,
        unit=unit.pk,
    )
    return practice


def field_visit_propose_practice(
    *, actor, visit: FieldVisit, text: str, unit: Unit | None = None
) -> GoodPractice:
    """A good practice seen on a field visit, proposed as a lesson (its unit: the one visited
    unless another is chosen)."""
    if not acting_as_system(actor) and not rules.can_manage_field_visit(actor, visit):
        raise PermissionDenied(_("Only the leader who went or the office proposes from a visit."))
    return practice_propose(
        actor=actor,
        source=visit,
        found_by=PracticeSource.FIELD_VISIT,
        unit=unit or visit.unit,
        text=text,
        found_on=visit.visited_on,
    )
