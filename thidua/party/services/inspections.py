"""Inspections and supervisions: planned and recorded as done by the Party body that makes
them, and a finding proposed as a good practice (a lesson, through goals.services.fieldwork).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.transitions import Flow, transition
from thidua.goals.choices import PracticeSource
from thidua.goals.services.fieldwork import practice_propose
from thidua.org.models import PartyOrganization, Person

from .. import rules
from ..choices import InspectionKind, InspectionStatus, PartyAudit
from ..models import Inspection

# The steps of an inspection, with its audit event.
INSPECTION_FLOW = Flow(
    "party.Inspection",
    {(InspectionStatus.PLANNED, InspectionStatus.DONE): PartyAudit.INSPECTION_DONE},
)


@transaction.atomic
def inspection_plan(
    *,
    actor,
    kind: str,
    by_body: PartyOrganization,
    planned_on: date,
    by_commission: bool = False,
    subject_org: PartyOrganization | None = None,
    subject_person: Person | None = None,
    subject: str = "",
) -> Inspection:
    if not rules.covers_party_body(actor, by_body):
        raise PermissionDenied(_("You may only plan inspections of your own Party body."))
    if (subject_org is not None and not rules.covers_party_body(actor, subject_org)) or (
        subject_person is not None and not rules.can_manage_member(actor, subject_person)
    ):
        raise PermissionDenied(_("You may only inspect Party bodies and members you cover."))
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": _("Unknown kind.")})
    if subject_org is None and subject_person is None and not subject.strip():
        raise ValidationError(_("Say which Party body or member is inspected or supervised."))
    inspection = Inspection.objects.create(
        kind=kind,
        by_body=by_body,
        by_commission=by_commission,
        subject_org=subject_org,
        subject_person=subject_person,
        subject=subject.strip(),
        planned_on=planned_on,
    )
    audit_record(actor=actor, action=PartyAudit.INSPECTION_PLANNED, target=inspection, kind=kind)
    return inspection


@transaction.atomic
def inspection_done(
    *, actor, inspection: Inspection, done_on: date, findings: str, follow_ups: str = ""
) -> Inspection:
    if not rules.covers_party_body(actor, inspection.by_body):
        raise PermissionDenied(_("You may only record inspections of your own Party body."))
    if inspection.status == InspectionStatus.DONE:
        raise ValidationError(_("This inspection is already recorded as done."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if not findings.strip():
        raise ValidationError({"findings": _("Write the findings.")})
    return transition(
        inspection,
        flow=INSPECTION_FLOW,
        to=InspectionStatus.DONE,
        actor=actor,
        also={"done_on": done_on, "findings": findings.strip(), "follow_ups": follow_ups.strip()},
        audited=["status"],
        done_on=str(done_on),
    )


def inspection_unit(inspection: Inspection):
    """The state unit a finding of the inspection belongs to: the inspected body's unit, the
    inspected member's unit, else the unit of the body that inspected."""
    subject_org, subject_person = inspection.subject_org, inspection.subject_person
    if subject_org is not None and subject_org.unit_id:
        return subject_org.unit
    if subject_person is not None:
        return subject_person.unit
    return inspection.by_body.unit


def inspection_propose_practice(*, actor, inspection: Inspection, text: str, unit=None):
    """A finding of a done inspection or supervision marked "good practice": proposed to the
    emulation office as a lesson (goals.GoodPractice). Only the text written here and the
    inspected unit are shared, never the inspection's other content."""
    if not rules.covers_party_body(actor, inspection.by_body):
        raise PermissionDenied(_("You may only record inspections of your own Party body."))
    if inspection.status != InspectionStatus.DONE:
        raise ValidationError(
            _("Record the inspection as done first: a good practice comes from its findings.")
        )
    found_by = (
        PracticeSource.SUPERVISION
        if inspection.kind == InspectionKind.GIAM_SAT
        else PracticeSource.INSPECTION
    )
    return practice_propose(
        actor=actor,
        source=inspection,
        found_by=found_by,
        unit=unit or inspection_unit(inspection),
        text=text,
        found_on=inspection.done_on or timezone.localdate(),  # done: always dated
    )
