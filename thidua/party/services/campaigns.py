"""Campaigns: an approved digest sent to members through messaging (the notice, the body and
the counts before sending), reminders to those who have not acknowledged, members' answers to
the points' questions; a resolution classified later takes its campaigns to the app only.
"""

from datetime import timedelta
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import agency_settings
from thidua.core.audit import audit_record
from thidua.messaging import services as messaging_services
from thidua.messaging import sms
from thidua.messaging.channels import channel_unavailable_reason
from thidua.messaging.choices import Channel
from thidua.messaging.constants import TOKEN_LENGTH
from thidua.messaging.links import absolute_url
from thidua.messaging.models import Delivery, Dispatch
from thidua.org.models import PartyOrganization, Person

from .. import rules
from ..campaign_draft import campaign_draft
from ..campaign_draft import classified_note as _classified_note
from ..choices import PartyAudit
from ..constants import ANSWER_MAX_CHARS, CAMPAIGN_LINK_BASE, SMS_PRICE_SETTING
from ..extract import _n
from ..models import Campaign, Digest, DigestPoint, PointAnswer, Resolution
from ..selectors import campaign_audience, campaign_dispatches
from .remind import remind_scope


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
