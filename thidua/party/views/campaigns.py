"""Party pages: campaigns sending a resolution's digest, their answers and exports."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.numbers import format_number
from thidua.core.view_helpers import add_form_errors, error_messages, flash_errors, object_or_404
from thidua.messaging.channels import channel_unavailable_reason
from thidua.messaging.choices import Channel

from .. import exchange, rules, selectors, services
from ..choices import DigestStatus
from ..constants import ANSWER_MAX_CHARS
from ..forms import CampaignForm, RemindForm
from ..models import Campaign
from .resolutions import _resolution_or_404

REMIND_AFTER_DAYS = 7  # the reminder a campaign's page offers, a week after the sending


@login_required
def campaign_new(request, pk: int):
    resolution = _resolution_or_404(request, pk)
    digest = selectors.digest_current(resolution=resolution)
    if (
        digest is None
        or digest.status != DigestStatus.APPROVED
        or not rules.can_manage_resolution(request.user, resolution)
    ):
        raise Http404
    bodies = selectors.party_bodies_covered(viewer=request.user).filter(
        path__startswith=resolution.body.path
    )
    form = CampaignForm(
        request.POST or None,
        bodies=bodies,
        initial={
            "audience": "committee_subtree",
            "bodies": [resolution.body],
            "channels": ["in_app", "email"],
        },
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "audience": data["audience"],
            "roles": data["roles"],
            "channels": data["channels"],
            "sms_without_diacritics": data["sms_without_diacritics"],
        }
        try:
            if request.POST.get("action") == "create":
                campaign = services.campaign_create(
                    actor=request.user, digest=digest, bodies=list(data["bodies"]), **fields
                )
                messages.success(request, _("Campaign created. Check the counts, then send."))
                return redirect("party:campaign", pk=campaign.pk)
            draft, bodies = services.campaign_draft(
                actor=request.user, digest=digest, bodies=list(data["bodies"]), **fields
            )
            preview = services.campaign_preview(draft, bodies=bodies)
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
    context = {"resolution": resolution, "digest": digest, "form": form, "preview": preview}
    return render(request, "party/campaign_new.html", context)


def _remind_after_days(campaign: Campaign) -> int:
    """The reminder the form offers: a week after the sending, or as many whole days as have
    passed when fewer (walk-through of 07/12/2026: the form offered 7 on the day it was sent
    and answered "sent less than 7 days ago"); 0 on the day it was sent."""
    if campaign.sent_at is None:
        return REMIND_AFTER_DAYS
    return min(REMIND_AFTER_DAYS, (timezone.now() - campaign.sent_at).days)


def channels_used(campaign: Campaign) -> list[str]:
    """The channels a campaign really sends by (sent: its dispatch's; not yet: the chosen ones
    still available), never one switched off: a campaign chosen with SMS while no SMS gateway
    is configured goes in the app and by e-mail only, and its header says so."""
    if campaign.dispatch_id is not None:
        return list(campaign.dispatch.channels)
    classified = campaign.digest.resolution.is_classified
    return [
        c for c in campaign.channels if not channel_unavailable_reason(c, classified=classified)
    ]


def _channel_labels(codes: list[str]) -> list[str]:
    return [str(Channel(c).label) if c in Channel.values else c for c in codes]


def _campaign_or_404(request, pk: int) -> Campaign:
    return object_or_404(selectors.campaign_get, viewer=request.user, pk=pk)


@login_required
def campaign_detail(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    may_manage = rules.can_manage_resolution(request.user, campaign.digest.resolution)
    # a cell's secretary following the committee's campaign reminds her own members only
    may_remind = may_manage or rules.reminds_own_members(request.user, campaign)
    remind_form = RemindForm(initial={"after_days": _remind_after_days(campaign)})
    if request.method == "POST" and may_remind:
        action = request.POST.get("action")
        try:
            if action == "send" and may_manage:
                services.campaign_send(actor=request.user, campaign=campaign)
                messages.success(request, _("Sending started."))
                return redirect("party:campaign", pk=pk)
            if action == "remind":
                remind_form = RemindForm(request.POST)
                if remind_form.is_valid():
                    dispatch = services.campaign_remind(
                        actor=request.user,
                        campaign=campaign,
                        after_days=remind_form.cleaned_data["after_days"],
                    )
                    messages.success(
                        request,
                        _("Reminder sent to %(n)s members.")
                        % {
                            "n": format_number(
                                dispatch.deliveries.values("person_id").distinct().count(),
                                grouping=True,
                            )
                        },
                    )
                    return redirect("party:campaign", pk=pk)
        except ValidationError as error:
            flash_errors(request, error)
    used = channels_used(campaign)
    context = {
        "campaign": campaign,
        "channel_labels": _channel_labels(used),
        "sms_used": Channel.SMS.value in used,
        "resolution": campaign.digest.resolution,
        "points": campaign.digest.points.all(),
        "bodies": campaign.bodies.all(),
        "may_manage": may_manage,
        "may_remind": may_remind,
        "remind_form": remind_form,
    }
    if campaign.dispatch_id is None:
        context["preview"] = services.campaign_preview(campaign)
    else:
        context["dispatch"] = campaign.dispatch
        context["progress"] = selectors.campaign_progress(campaign, request.user)
        context["rates"] = selectors.acknowledgement_rates(campaign, request.user)
        context["pending"] = selectors.campaign_pending_members(campaign, request.user)
        if not _remind_after_days(campaign):  # sent less than a day ago: no reminder yet
            context["remind_from"] = campaign.sent_at + timedelta(days=1)
    return render(request, "party/campaign.html", context)


@login_required
def campaign_answers(request, pk: int):
    """The member's page of the digest: the points and their questions to answer."""
    campaign = Campaign.objects.select_related("digest__resolution").filter(pk=pk).first()
    person = selectors.person_of(request.user)
    if campaign is None or person is None or not selectors.campaign_sent_to(campaign, person):
        raise Http404
    points = list(campaign.digest.points.all())
    answers = selectors.answers_of(campaign, person)
    errors = []
    if request.method == "POST":
        saved = 0
        for point in points:
            text = request.POST.get(f"answer-{point.pk}", "").strip()
            if not point.question or not text or text == answers.get(point.pk, ""):
                continue
            try:
                services.point_answer_save(
                    actor=request.user, campaign=campaign, point=point, answer=text
                )
                saved += 1
            except ValidationError as error:
                errors += error_messages(error)
        if not errors:
            messages.success(request, _("Answers saved."))
            return redirect("party:campaign_answers", pk=pk)
    for point in points:
        point.my_answer = answers.get(point.pk, "")
    context = {
        "campaign": campaign,
        "resolution": campaign.digest.resolution,
        "points": points,
        "errors": errors,
        "max_chars": ANSWER_MAX_CHARS,
        "message": selectors.member_message(campaign, person),
    }
    return render(request, "party/campaign_answers.html", context)


@login_required
def campaign_export(request, pk: int, fmt: str):
    campaign = _campaign_or_404(request, pk)
    if fmt not in exchange.RESULT_CONTENT_TYPES:
        raise Http404
    data = exchange.results_export(campaign=campaign, viewer=request.user, fmt=fmt)
    response = HttpResponse(data, content_type=exchange.RESULT_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.{fmt}"'
    return response
