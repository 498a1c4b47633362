"""Writes: keyword-only, atomic, permission-checked and audited.

A cell's chosen solution becomes a goals Task. The decision belongs to the cell (the Party
side decides, the administration carries it out), so the task is owned by the member the
cell names — by default the secretary — and created through `goals.services.task_create`
without the goals "manage others' tasks" check, which is about line management, not Party
decisions; the Party check (`is_secretary_of` and the assignee being a member of the cell)
is made here and the choice is audited with the secretary as actor. The task then lives in
the assignee's task list and its status shows at the cell's next meeting.
"""

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import agency_settings
from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_change, audit_record
from thidua.core.transitions import Flow, transition
from thidua.core.webhooks import webhook_publish
from thidua.goals.choices import PracticeSource
from thidua.goals.services import task_create
from thidua.goals.services.fieldwork import practice_propose
from thidua.messaging import services as messaging_services
from thidua.messaging import sms
from thidua.messaging.channels import channel_unavailable_reason
from thidua.messaging.choices import Channel
from thidua.messaging.constants import TOKEN_LENGTH
from thidua.messaging.links import absolute_url
from thidua.messaging.models import Delivery, Dispatch
from thidua.org.models import PartyMembership, PartyOrganization, Person

from .. import rules
from ..campaign_draft import campaign_draft
from ..campaign_draft import classified_note as _classified_note
from ..choices import (
    Classification,
    DigestStatus,
    InspectionKind,
    InspectionStatus,
    MeetingStatus,
    PartyAudit,
)
from ..constants import (
    ANSWER_MAX_CHARS,
    CAMPAIGN_LINK_BASE,
    POINT_MAX_CHARS,
    QUESTION_MAX_CHARS,
    SMS_PRICE_SETTING,
)
from ..digest_points import draft_points
from ..events import resolution_payload
from ..extract import _n, extract
from ..models import (
    Campaign,
    CellMeeting,
    Digest,
    DigestPoint,
    Inspection,
    PointAnswer,
    Resolution,
    SolutionProposal,
)
from ..selectors import campaign_audience, campaign_dispatches
from .numbers import resolution_number_free
from .remind import remind_scope

# The steps of a digest, a cell meeting and an inspection, each with its audit event (a
# meeting is held, or held with the solution the cell chose: both may come again).
DIGEST_FLOW = Flow(
    "party.Digest", {(DigestStatus.DRAFT, DigestStatus.APPROVED): PartyAudit.DIGEST_APPROVED}
)
_HELD = (PartyAudit.MEETING_HELD, PartyAudit.MEETING_SOLUTION_CHOSEN)
MEETING_FLOW = Flow(
    "party.CellMeeting",
    {
        (MeetingStatus.PLANNED, MeetingStatus.HELD): _HELD,
        (MeetingStatus.HELD, MeetingStatus.HELD): _HELD,
    },
)
INSPECTION_FLOW = Flow(
    "party.Inspection",
    {(InspectionStatus.PLANNED, InspectionStatus.DONE): PartyAudit.INSPECTION_DONE},
)


# ------------------------------------------------------------------ resolutions and digests
@transaction.atomic
def resolution_upload(
    *,
    actor,
    body: PartyOrganization,
    title: str,
    file_name: str,
    data: bytes,
    number: str = "",
    issued_on: date | None = None,
    classification: str | None = None,
) -> Resolution:
    """Store the original, extract its text, detect its marking and draft the key points.

    `classification`, when given, is the marking the uploader declares: it replaces the
    detected one (kept in classification_detected) before the resolution is first saved, so
    a resolution declared classified is never copied to the assistant, not even briefly."""
    if not rules.covers_party_body(actor, body):
        raise PermissionDenied(_("You may only upload resolutions of your own Party body."))
    if classification is not None and classification not in Classification.values:
        raise ValidationError({"classification": _("Unknown classification.")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A resolution needs a title.")})
    extracted = extract(name=file_name, data=data)
    resolution = Resolution(
        body=body,
        title=title,
        number=resolution_number_free(body=body, number=number, issued_on=issued_on),
        issued_on=issued_on,
        original_name=file_name[-255:],
        pages=extracted.pages,
        text=extracted.text,
        classification=extracted.classification if classification is None else classification,
        classification_detected=extracted.classification,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    resolution.file.save(file_name, ContentFile(data), save=False)
    resolution.save()
    digest = Digest.objects.create(resolution=resolution)
    points = draft_points(extracted.text)
    DigestPoint.objects.bulk_create(
        DigestPoint(
            digest=digest, order=i, text=p.text[:POINT_MAX_CHARS], sentences=list(p.sentences)
        )
        for i, p in enumerate(points, start=1)
    )
    audit_record(
        actor=actor,
        action=PartyAudit.RESOLUTION_UPLOADED,
        target=resolution,
        kind=extracted.kind,
        pages=extracted.pages,
        classification=resolution.classification,
        classification_detected=extracted.classification,
        points=len(points),
    )
    return resolution


@transaction.atomic
def resolution_set_classification(
    *, actor, resolution: Resolution, classification: str
) -> Resolution:
    if not rules.can_manage_resolution(actor, resolution):
        raise PermissionDenied(_("You may not change this resolution."))
    if classification not in Classification.values:
        raise ValidationError({"classification": _("Unknown classification.")})
    previous = resolution.classification
    resolution.classification = classification
    resolution.save(update_fields=["classification", "updated_at"])
    if resolution.is_classified:
        _campaigns_go_in_app_only(resolution)
    audit_record(
        actor=actor,
        action=PartyAudit.RESOLUTION_CLASSIFICATION_SET,
        target=resolution,
        previous=previous,
        classification=classification,
    )
    return resolution


def _clean_points(points: list[dict]) -> list[dict]:
    cleaned = []
    for i, point in enumerate(points, start=1):
        text = " ".join(str(point.get("text", "")).split())
        question = " ".join(str(point.get("question", "") or "").split())
        if not text:
            continue
        if len(text) > POINT_MAX_CHARS:
            raise ValidationError(
                _("Point %(n)d has %(len)s characters; at most %(max)s are allowed.")
                % {"n": i, "len": _n(len(text)), "max": _n(POINT_MAX_CHARS)}
            )
        if len(question) > QUESTION_MAX_CHARS:
            raise ValidationError(
                _("The question of point %(n)d is longer than %(max)s characters.")
                % {"n": i, "max": _n(QUESTION_MAX_CHARS)}
            )
        sentences = point.get("sentences") or []
        cleaned.append({"text": text, "question": question, "sentences": list(sentences)})
    if not cleaned:
        raise ValidationError(
            _("A digest needs at least one key point. Restore or write a point before saving.")
        )
    return cleaned


def _points_fingerprint(points) -> list[str]:
    """One short hash per point (text + question): the audit shows which points changed
    without copying a resolution's text, which may be classified, into the audit log."""
    return [
        hashlib.sha256(f"{p['text']}\n{p.get('question') or ''}".encode()).hexdigest()[:12]
        for p in points
    ]


@transaction.atomic
def digest_edit(*, actor, digest: Digest, points: list[dict]) -> Digest:
    """Replace the digest's points with `points`, in that order (each a dict with text,
    optional question and sentences). Only a draft may be edited."""
    digest = Digest.objects.select_for_update().select_related("resolution__body").get(pk=digest.pk)
    if not rules.can_manage_resolution(actor, digest.resolution):
        raise PermissionDenied(_("You may not edit this digest."))
    if digest.status != DigestStatus.DRAFT:
        raise ValidationError(_("An approved digest can no longer be edited."))
    cleaned = _clean_points(points)
    before = {
        "points": _points_fingerprint(digest.points.order_by("order").values("text", "question"))
    }
    digest.points.all().delete()
    DigestPoint.objects.bulk_create(
        DigestPoint(digest=digest, order=i, **point) for i, point in enumerate(cleaned, start=1)
    )
    digest.save(update_fields=["updated_at"])
    audit_change(
        actor=actor,
        action=PartyAudit.DIGEST_EDITED,
        target=digest,
        before=before,
        after={"points": _points_fingerprint(cleaned)},
        points=len(cleaned),
    )
    return digest


@transaction.atomic
def digest_approve(*, actor, digest: Digest) -> Digest:
    digest = Digest.objects.select_for_update().select_related("resolution__body").get(pk=digest.pk)
    if not rules.can_manage_resolution(actor, digest.resolution):
        raise PermissionDenied(_("Only the body's secretary or its committee office approves."))
    if digest.status == DigestStatus.APPROVED:
        raise ValidationError(_("This digest is already approved."))
    count = digest.points.count()
    if count == 0:
        raise ValidationError(_("A digest needs at least one key point before approval."))
    transition(
        digest,
        flow=DIGEST_FLOW,
        to=DigestStatus.APPROVED,
        actor=actor,
        also={"approved_by": actor, "approved_at": timezone.now()},
        audited=["status"],
        points=count,
    )
    webhook_publish(
        event="party.digest.approved",
        payload={
            "digest": {"id": digest.pk, "points": count, "approved_at": digest.approved_at},
            "resolution": resolution_payload(digest.resolution),
        },
    )
    return digest


# ------------------------------------------------------------------ cell meetings
@transaction.atomic
def meeting_create(
    *, actor, cell: PartyOrganization, held_on: date, agenda: str, hard_problem: str
) -> CellMeeting:
    if not rules.is_secretary_of(actor, cell):
        raise PermissionDenied(_("Only the cell's secretary organises its meetings."))
    agenda, hard_problem = agenda.strip(), hard_problem.strip()
    if not agenda:
        raise ValidationError({"agenda": _("Write the agenda.")})
    if not hard_problem:
        raise ValidationError({"hard_problem": _("Name the one hard problem to work on.")})
    meeting = CellMeeting.objects.create(
        cell=cell, held_on=held_on, agenda=agenda, hard_problem=hard_problem
    )
    audit_record(actor=actor, action=PartyAudit.MEETING_CREATED, target=meeting, held_on=held_on)
    return meeting


@transaction.atomic
def meeting_propose_solution(*, actor, meeting: CellMeeting, text: str) -> SolutionProposal:
    if not rules.can_propose_solution(actor, meeting):
        raise PermissionDenied(_("Only members of the cell propose solutions."))
    if meeting.chosen_solution_id is not None:
        raise ValidationError(_("The cell has already chosen a solution."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the proposed solution.")})
    author = Person.objects.get(user=actor)
    proposal = SolutionProposal.objects.create(meeting=meeting, author=author, text=text)
    audit_record(
        actor=actor, action=PartyAudit.MEETING_SOLUTION_PROPOSED, target=meeting, proposal=proposal
    )
    return proposal


@transaction.atomic
def meeting_mark_held(*, actor, meeting: CellMeeting) -> CellMeeting:
    if not rules.can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Only the cell's secretary records its meetings."))
    held = PartyAudit.MEETING_HELD
    return transition(meeting, flow=MEETING_FLOW, to=MeetingStatus.HELD, actor=actor, action=held)


@transaction.atomic
def meeting_choose_solution(
    *,
    actor,
    meeting: CellMeeting,
    proposal: SolutionProposal,
    assignee: Person | None = None,
    due_date: date | None = None,
    votes: int | None = None,
) -> CellMeeting:
    """Record the cell's choice and hand it over as a task (see the module docstring)."""
    meeting = CellMeeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)
    if not rules.can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Only the cell's secretary records the cell's choice."))
    if proposal.meeting_id != meeting.pk:
        raise ValidationError(_("This solution was not proposed at this meeting."))
    if meeting.chosen_solution_id is not None:
        raise ValidationError(_("The cell has already chosen a solution."))
    if assignee is None:
        assignee = Person.objects.get(user=actor)
    elif not (
        PartyMembership.objects.as_of(timezone.localdate())
        .filter(person=assignee, organization=meeting.cell)
        .exists()
    ):
        raise ValidationError({"assignee": _("The task goes to a member of the cell.")})
    if votes is not None:
        proposal.votes = votes
        proposal.save(update_fields=["votes"])
    task = task_create(actor=SYSTEM, title=proposal.text[:300], owner=assignee, due_date=due_date)
    return transition(
        meeting,
        flow=MEETING_FLOW,
        to=MeetingStatus.HELD,
        actor=actor,
        action=PartyAudit.MEETING_SOLUTION_CHOSEN,
        also={"chosen_solution": proposal, "task": task},
        audited=["status"],
        proposal=proposal.pk,
        task=task.pk,
        assignee=assignee.pk,
    )


# ------------------------------------------------------------------ inspections
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


# ------------------------------------------------------------------ campaigns
def _campaigns_go_in_app_only(resolution: Resolution) -> None:
    """A resolution classified after its campaigns were made: campaigns not sent yet go in
    the app only, and the messages already created are marked classified, so e-mail and SMS
    rows not yet sent are refused by their channel at send time."""
    campaigns = Campaign.objects.filter(digest__resolution=resolution)
    campaigns.filter(dispatch__isnull=True).update(
        channels=[Channel.IN_APP.value], channels_note=_classified_note()
    )
    for campaign in campaigns.exclude(dispatch__isnull=True):
        campaign_dispatches(campaign).update(classified=True)


@transaction.atomic
def campaign_create(
    *,
    actor,
    digest: Digest,
    audience: str,
    bodies: list[PartyOrganization],
    roles: list[str] | None = None,
    channels: list[str] | None = None,
    sms_without_diacritics: bool = False,
) -> Campaign:
    """A campaign of an approved digest (checked by `campaign_draft`), saved and audited."""
    campaign, bodies = campaign_draft(
        actor=actor,
        digest=digest,
        audience=audience,
        bodies=bodies,
        roles=roles,
        channels=channels,
        sms_without_diacritics=sms_without_diacritics,
    )
    campaign.created_by = actor if getattr(actor, "is_authenticated", False) else None
    campaign.save()
    campaign.bodies.set(bodies)
    audit_record(
        actor=actor,
        action=PartyAudit.CAMPAIGN_CREATED,
        target=campaign,
        audience=audience,
        bodies=[b.code for b in bodies],
        roles=campaign.roles,
        channels=campaign.channels,
        note=campaign.channels_note,
    )
    return campaign


def _sender_name(resolution: Resolution) -> str:
    """The Party body that sends a resolution's campaign: the resolution's own body."""
    return " ".join(resolution.body.name.split())


def _sms_notice_written(campaign: Campaign) -> str:
    """Signed by the Party body that sends it (the resolution's body: "Chi bộ Vụ Pháp chế",
    "Đảng uỷ Bộ"), never a generic "Đảng uỷ"."""
    resolution = campaign.digest.resolution
    name = resolution.number or resolution.title[:60]
    sender = _sender_name(resolution)
    return _("%(sender)s sends you the key points of Resolution %(name)s. Read and confirm:") % {
        "sender": sender,
        "name": name,
    }


def campaign_sms_notice(campaign: Campaign) -> str:
    """The short SMS notice (the member's personal link is appended), never the digest."""
    notice = _sms_notice_written(campaign)
    return sms.strip_diacritics(notice) if campaign.sms_without_diacritics else notice


def campaign_body(campaign: Campaign) -> str:
    """Each key point with its question, the sending body, the answer page's link (e-mail makes
    it absolute); the resolution is the subject (e-mail, page heading), not repeated here."""
    points = list(campaign.digest.points.all())
    resolution = campaign.digest.resolution
    lines: list[str] = []
    for p in points:
        lines.append(f"{p.order}. {p.text}")
        if p.question:
            lines.append("   " + _("Question: %(question)s") % {"question": p.question})
    if any(p.question for p in points):
        lines += [
            "",
            _("Answer the questions: %(url)s")
            % {"url": reverse("party:campaign_answers", args=[campaign.pk])},
        ]
    lines += ["", _sender_name(resolution)]
    return "\n".join(lines)


def campaign_preview(campaign: Campaign, bodies=None) -> dict:
    """Counts before sending, set-based: recipients, per channel, SMS parts and cost.
    `bodies` previews a campaign not saved yet (the audience form)."""
    people = campaign_audience(campaign, bodies)
    counts = people.aggregate(
        total=Count("pk"),
        email=Count("pk", filter=~Q(email="")),
        sms=Count("pk", filter=~Q(phone="")),
    )
    # only the channels that will really send: the ones chosen and available (SMS needs a
    # gateway; a classified resolution goes in the app only)
    classified = campaign.digest.resolution.is_classified
    channels = set(campaign.channels)
    unavailable = {
        c: reason
        for c in (Channel.EMAIL.value, Channel.SMS.value)
        if c in channels and (reason := channel_unavailable_reason(c, classified=classified))
    }
    sends = channels - set(unavailable)
    per_channel = {
        Channel.IN_APP.value: counts["total"],
        Channel.EMAIL.value: counts["email"] if Channel.EMAIL in sends else 0,
        Channel.SMS.value: counts["sms"] if Channel.SMS in sends else 0,
    }
    notice = _sms_notice_written(campaign)
    preview = sms.sms_preview(notice, absolute_url(CAMPAIGN_LINK_BASE), TOKEN_LENGTH)
    price = Decimal(str(agency_settings.value(SMS_PRICE_SETTING)))
    variants = {}
    for key, text in (("as_written", notice), ("no_diacritics", sms.strip_diacritics(notice))):
        info = preview[key]
        variants[key] = {
            "text": text,
            "encoding": info.encoding,
            "chars": info.chars,
            "parts": info.parts,
            "cost": sms.sms_cost(info.parts, per_channel[Channel.SMS.value], price),
        }
    return {
        "recipients": counts["total"],
        "per_channel": per_channel,
        "price_per_part": price,
        "sms": variants,
        "sms_chosen": variants[
            "no_diacritics" if campaign.sms_without_diacritics else "as_written"
        ],
        "sms_unavailable": unavailable.get(Channel.SMS.value, ""),
        "email_unavailable": unavailable.get(Channel.EMAIL.value, ""),
    }


@transaction.atomic
def campaign_send(*, actor, campaign: Campaign, start: bool = True) -> Campaign:
    """Create the dispatch; queue its sending job on commit, unless `start=False`: the caller
    then sends it in-process (`messaging.services.dispatch_send`), as the demo loader does."""
    campaign = (
        Campaign.objects.select_for_update()
        .select_related("digest__resolution__body")
        .get(pk=campaign.pk)
    )
    if not rules.can_manage_resolution(actor, campaign.digest.resolution):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    if campaign.dispatch_id is not None:
        raise ValidationError(_("This campaign has already been sent."))
    recipients = list(campaign_audience(campaign).values_list("pk", flat=True))
    if not recipients:
        raise ValidationError(_("The audience has no members."))
    resolution = campaign.digest.resolution
    if resolution.is_classified and campaign.channels != [Channel.IN_APP.value]:
        campaign.channels, campaign.channels_note = [Channel.IN_APP.value], _classified_note()
        campaign.save(update_fields=["channels", "channels_note", "updated_at"])
    dispatch = messaging_services.dispatch_create(
        actor=actor,
        source_label=campaign.source_label,
        subject=str(resolution)[:255],
        body=campaign_body(campaign),
        sms_text=campaign_sms_notice(campaign),
        link_base=CAMPAIGN_LINK_BASE,
        sender=_sender_name(resolution),
        channels=campaign.channels,
        recipients=recipients,
        classified=resolution.is_classified,
    )
    campaign.dispatch = dispatch
    campaign.sent_at = timezone.now()
    campaign.save(update_fields=["dispatch", "sent_at", "updated_at"])
    if start:
        send = messaging_services.dispatch_start
        transaction.on_commit(lambda: send(dispatch=dispatch, actor=actor))
    audit_record(
        actor=actor,
        action=PartyAudit.CAMPAIGN_SENT,
        target=campaign,
        dispatch=dispatch.pk,
        recipients=len(recipients),
    )
    return campaign


@transaction.atomic
def campaign_remind(*, actor, campaign: Campaign, after_days: int) -> Dispatch:
    """A new dispatch to the members who have not acknowledged N days after the sending (a
    cell's secretary following the campaign: her own members only, `remind.remind_scope`)."""
    label, recipients, whole = remind_scope(actor=actor, campaign=campaign, after_days=after_days)
    if campaign.dispatch_id is None or campaign.sent_at is None:
        raise ValidationError(_("This campaign has not been sent yet."))
    if after_days < 1:
        raise ValidationError({"after_days": _("Remind after at least one day.")})
    if campaign.sent_at > timezone.now() - timedelta(days=after_days):
        raise ValidationError(
            _("The campaign was sent less than %(n)s days ago.") % {"n": _n(after_days)}
        )
    if Dispatch.objects.filter(source_label=label).exists():
        raise ValidationError(_("This reminder has already been sent."))
    if not recipients:
        raise ValidationError(_("Every member has acknowledged."))
    resolution = campaign.digest.resolution
    dispatch = messaging_services.dispatch_create(
        actor=actor,
        source_label=label,
        subject=(_("Reminder: %(title)s") % {"title": resolution})[:255],
        body=campaign_body(campaign),
        sms_text=campaign_sms_notice(campaign),
        link_base=CAMPAIGN_LINK_BASE,
        sender=_sender_name(resolution),
        channels=[Channel.IN_APP.value]
        if resolution.is_classified
        else cast(Dispatch, campaign.dispatch).channels,
        recipients=recipients,
        classified=resolution.is_classified,
    )
    transaction.on_commit(lambda: messaging_services.dispatch_start(dispatch=dispatch, actor=actor))
    audit_record(
        actor=actor,
        action=PartyAudit.CAMPAIGN_REMINDED,
        target=campaign,
        dispatch=dispatch.pk,
        after_days=after_days,
        recipients=len(recipients),
        whole_campaign=whole,
    )
    return dispatch


@transaction.atomic
def point_answer_save(*, actor, campaign: Campaign, point: DigestPoint, answer: str) -> PointAnswer:
    """The member's answer to a point's question (one per point; the member may edit it)."""
    person = Person.objects.filter(user=actor).first() if actor.is_authenticated else None
    if (
        person is None
        or campaign.dispatch_id is None
        or not Delivery.objects.filter(dispatch_id=campaign.dispatch_id, person=person).exists()
    ):
        raise PermissionDenied(_("This campaign was not sent to you."))
    if point.digest_id != campaign.digest_id or not point.question:
        raise ValidationError(_("This point has no question."))
    answer = " ".join(answer.split())
    if not answer:
        raise ValidationError({"answer": _("Write an answer.")})
    if len(answer) > ANSWER_MAX_CHARS:
        message = _("An answer has at most %(max)s characters.")
        raise ValidationError({"answer": message % {"max": _n(ANSWER_MAX_CHARS)}})
    row, created = PointAnswer.objects.update_or_create(
        campaign=campaign, person=person, point=point, defaults={"answer": answer}
    )
    audit_record(
        actor=actor,
        action=PartyAudit.CAMPAIGN_ANSWERED if created else PartyAudit.CAMPAIGN_ANSWER_EDITED,
        target=campaign,
        point=point.pk,
    )
    return row
