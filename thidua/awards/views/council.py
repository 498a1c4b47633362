"""Pages for proposals, council sessions and secret ballots, decisions and certificates (see
urls.py). Thin: each parses input, calls one service or selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.params import choice_param, id_list_param, id_param
from thidua.core.view_helpers import flash_errors, object_or_404, page_of, require, requires

from .. import authority, documents, handoffs
from ..ballot_rule import explain
from ..certificates import SAMPLE_VALUES, certificate_values
from ..certificates import placed as _placed
from ..choices import AwardCode, BallotStatus, ProposalStatus, VoteChoice
from ..forms import ProposalForm, SessionDateForm, SessionForm
from ..rules import (
    can_edit_returned,
    can_propose,
    can_see_ballots,
    is_emulation_office,
    may_propose_somewhere,
)
from ..selectors import council as selectors
from ..selectors import granting, proposal_links
from ..selectors.settings import verdict_settings_note
from ..services import council as services
from ..services import proposals as proposal_services

PROPOSALS_PAGE_SIZE = 50


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- proposals
def _authority_param(request) -> str:
    """`?authority=` (one of authority.DECISION_LEVELS); another value is left out with a
    notice naming the choices in words, the list shown unfiltered."""
    raw = request.GET.get("authority", "")
    if not raw or raw in authority.DECISION_LEVELS:
        return raw
    messages.warning(
        request,
        _(
            "Unknown granting authority, so the list is not filtered by it. Choose one of: %(words)s."
        )
        % {"words": "; ".join(authority.DECIDES_WORDS[lv] for lv in authority.DECISION_LEVELS)},
    )
    return ""


def _proposal_list_page(
    request, status: str, level: str = "", *, refused=(), chosen=frozenset()
) -> HttpResponse:
    proposals = selectors.proposal_list(viewer=request.user, filters={"status": status})
    if level:
        proposals = proposals.filter(granting.decided_by(level))
    page = page_of(request, proposals, PROPOSALS_PAGE_SIZE)
    # The ones the viewer may send, as a proposal's own page offers (walk-through F6b).
    sendable = {
        p.pk
        for p in page
        if p.status in services.EDITABLE and can_propose(request.user, person=p.person, unit=p.unit)
    }
    return render(
        request,
        "awards/council/proposal_list.html",
        {
            "proposals": page,
            "page": page,
            "query": urlencode(
                [(k, v) for k, v in (("status", status), ("authority", level)) if v]
            ),
            "status": status,
            "statuses": ProposalStatus.choices,
            "authority": level,
            "authorities": [(lv, authority.DECIDES_WORDS[lv]) for lv in authority.DECISION_LEVELS],
            "is_office": is_emulation_office(request.user),
            "may_propose": may_propose_somewhere(request.user),
            "sendable": sendable,
            "refused": refused,
            "chosen": chosen,
        },
    )


@login_required
def proposal_list(request):
    return _proposal_list_page(
        request,
        choice_param(request.GET, "status", ProposalStatus.values, default=""),
        _authority_param(request),
    )


@require_POST
@login_required
def proposal_send_many(request):
    """The chosen proposals sent together, all or nothing (walk-through F6b); a refusal shows
    the list again with each refused proposal and its reasons, the choice kept."""
    if not may_propose_somewhere(request.user):
        raise PermissionDenied
    status = choice_param(request.POST, "status", ProposalStatus.values, default="")
    level = choice_param(request.POST, "authority", authority.DECISION_LEVELS, default="")
    ids = set(id_list_param(request.POST, "proposals"))
    found = object_or_404(selectors.proposals_chosen, viewer=request.user, pks=ids)
    try:
        sent = proposal_services.proposals_submit(actor=request.user, proposals=found)
    except proposal_services.ProposalsRefused as exc:
        return _proposal_list_page(request, status, level, refused=exc.refusals, chosen=ids)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, handoffs.submitted_many(len(sent)))
    url = reverse("awards:proposal_list")
    query = urlencode([(k, v) for k, v in (("status", status), ("authority", level)) if v])
    return redirect(f"{url}?{query}" if query else url)


@login_required
def proposal_new(request):
    if not may_propose_somewhere(request.user):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    verdict = None
    same_achievement: list[dict] = []
    if request.method == "POST" and form.is_valid():
        try:
            subject = form.subject_kwargs()
            data = form.cleaned_data
            if request.POST.get("action") == "create":
                proposal = services.proposal_create(
                    actor=request.user,
                    code=data["code"],
                    year=data["year"],
                    achievements=data["achievements"],
                    override_reason=data["override_reason"],
                    **subject,
                )
                messages.success(request, _("Proposal saved as a draft."))
                return redirect("awards:proposal_detail", proposal.pk)
            verdict = services.proposal_preview(
                actor=request.user, code=data["code"], year=data["year"], **subject
            )
            same_achievement = proposal_links.describe_others(
                selectors.same_achievement_others(year=data["year"], code=data["code"], **subject),
                viewer=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
    return render(
        request,
        "awards/council/proposal_new.html",
        {
            "form": form,
            "verdict": verdict,
            "same_achievement": same_achievement,
            "settings_in_force": verdict_settings_note(
                viewer=request.user,
                verdict=verdict,
                collective=form.cleaned_data.get("subject") == "unit",
            )
            if verdict
            else None,
        },
    )


@login_required
def proposal_detail(request, pk: int):
    proposal = object_or_404(selectors.proposal_get, viewer=request.user, pk=pk)
    is_office = is_emulation_office(request.user)
    return render(
        request,
        "awards/council/proposal_detail.html",
        {
            "proposal": proposal,
            "history": proposal_links.history(
                selectors.proposal_history(proposal), viewer=request.user
            ),
            "ballots": selectors.proposal_ballots(proposal),
            "same_achievement": proposal_links.describe_others(
                selectors.proposal_same_achievement(proposal), viewer=request.user
            ),
            "override_by": selectors.user_name(proposal.override_by),
            "settings_in_force": verdict_settings_note(
                viewer=request.user,
                verdict=proposal.verdict,
                collective=proposal.unit_id is not None,
                received_on=proposal.received_on,
            ),
            "is_office": is_office,
            "may_submit": proposal.status in services.EDITABLE
            and can_propose(request.user, person=proposal.person, unit=proposal.unit),
            "may_check": is_office and proposal.status == ProposalStatus.SUBMITTED,
            "next_to_check": selectors.next_to_check(viewer=request.user, after=proposal),
            "returned": selectors.return_reason(proposal),
            "may_edit": can_edit_returned(request.user, proposal),
            "may_override": is_office
            and not proposal.verdict.get("eligible")
            and not services.verdict_overridden(proposal)
            and proposal.status not in (ProposalStatus.APPROVED, ProposalStatus.DECIDED),
        },
    )


def _proposal_action(request, pk: int, action, done) -> HttpResponse:
    """Runs `action` on the proposal; on success flashes `done(proposal)`: what happened and
    whom the proposal waits for now (a refusal flashes its own reasons)."""
    proposal = object_or_404(selectors.proposal_get, viewer=request.user, pk=pk)
    try:
        proposal = action(proposal)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done(proposal))
    return redirect("awards:proposal_detail", proposal.pk)


@require_POST
@login_required
def proposal_submit(request, pk: int):
    return _proposal_action(
        request,
        pk,
        lambda p: services.proposal_submit(
            actor=request.user, proposal=p, override_reason=request.POST.get("override_reason", "")
        ),
        handoffs.submitted,
    )


@require_POST
@login_required
def proposal_override(request, pk: int):
    return _proposal_action(
        request,
        pk,
        lambda p: services.proposal_override(
            actor=request.user, proposal=p, reason=request.POST.get("reason", "")
        ),
        handoffs.overridden,
    )


@require_POST
@login_required
def proposal_check(request, pk: int):
    return _proposal_action(
        request,
        pk,
        lambda p: services.proposal_check(
            actor=request.user,
            proposal=p,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
        ),
        handoffs.checked,
    )


# ---------------------------------------------------------------- council sessions
@login_required
def session_list(request):
    sessions = selectors.session_list(viewer=request.user)
    is_office = is_emulation_office(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST":
        if not is_office:
            raise PermissionDenied
        if form.is_valid():
            session = services.session_create(actor=request.user, **form.cleaned_data)
            messages.success(request, handoffs.session_created(session))
            return redirect("awards:session_detail", session.pk)
    return render(
        request,
        "awards/council/session_list.html",
        {"sessions": sessions, "form": form, "is_office": is_office},
    )


@login_required
def session_detail(request, pk: int):
    session = object_or_404(selectors.session_get, viewer=request.user, pk=pk)
    ballots = selectors.session_ballots(session)
    settings_ = services.agency_settings.values("awards.", on=session.held_on)
    rows = [
        {
            "proposal": p,
            "ballot": ballots.get(p.pk),
            "needs_ballot": services.needs_ballot(p.code, settings_),
        }
        for p in selectors.session_proposals(session)
    ]
    is_office = is_emulation_office(request.user)
    checked = (
        selectors.proposal_list(viewer=request.user, filters={"status": ProposalStatus.CHECKED})
        if is_office
        else []
    )
    return render(
        request,
        "awards/council/session_detail.html",
        {
            "session": session,
            "members": selectors.session_members(session),
            "rows": rows,
            "checked": checked,
            "is_office": is_office,
            "seat": selectors.member_for(session, request.user),
            "date_form": SessionDateForm(initial={"held_on": session.held_on}),
            "date_fixed": selectors.session_date_fixed(session)
            if is_office and session.is_open
            else "",
            "today": timezone.localdate(),
        },
    )


def _office_session(request, pk: int):
    require(is_emulation_office(request.user))
    return object_or_404(selectors.session_get, viewer=request.user, pk=pk)


def _session_action(request, pk: int, action, done) -> HttpResponse:
    """Runs `action` on the session; on success flashes `done(session, result)`: what
    happened and who acts next (a refusal flashes its own reasons)."""
    session = _office_session(request, pk)
    try:
        result = action(session)
    except ValidationError as exc:
        flash_errors(request, exc)
    except ObjectDoesNotExist:
        raise Http404 from None
    else:
        messages.success(request, done(session, result))
    return redirect("awards:session_detail", session.pk)


def _session_proposal(session, request):
    return session.proposals.get(pk=id_param(request.POST, "proposal", default=0))


@require_POST
@login_required
def session_attendance(request, pk: int):
    return _session_action(
        request,
        pk,
        lambda s: services.session_set_attendance(
            actor=request.user, session=s, present_ids=id_list_param(request.POST, "present")
        ),
        handoffs.attended,
    )


@require_POST
@login_required
def session_reschedule(request, pk: int):
    def reschedule(session):
        form = SessionDateForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["held_on"])
        return services.session_reschedule(
            actor=request.user, session=session, held_on=form.cleaned_data["held_on"]
        )

    return _session_action(request, pk, reschedule, handoffs.rescheduled)


@require_POST
@login_required
def session_add_proposals(request, pk: int):
    def add(session):
        ids = id_list_param(request.POST, "proposals")
        chosen = list(
            selectors.proposal_list(viewer=request.user).filter(
                pk__in=ids, status=ProposalStatus.CHECKED
            )
        )
        if not chosen:
            raise ValidationError(_("Choose at least one checked proposal."))
        return services.session_add_proposals(actor=request.user, session=session, proposals=chosen)

    return _session_action(request, pk, add, handoffs.added)


@require_POST
@login_required
def session_decide(request, pk: int):
    return _session_action(
        request,
        pk,
        lambda s: services.session_decide(
            actor=request.user,
            session=s,
            proposal=_session_proposal(s, request),
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        ),
        handoffs.decided,
    )


@require_POST
@login_required
def session_close(request, pk: int):
    return _session_action(
        request,
        pk,
        lambda s: services.session_close(actor=request.user, session=s),
        handoffs.closed,
    )


@login_required
def session_minutes(request, pk: int):
    session = object_or_404(selectors.session_get, viewer=request.user, pk=pk)
    content = documents.minutes_docx(
        session,
        selectors.session_members(session),
        selectors.session_proposals(session),
        selectors.session_ballots(session),
    )
    return _download(content, documents.DOCX_CONTENT_TYPE, f"bien-ban-hoi-dong-{session.pk}.docx")


@require_POST
@login_required
def ballot_open(request, pk: int):
    return _session_action(
        request,
        pk,
        lambda s: services.ballot_open(
            actor=request.user, session=s, proposal=_session_proposal(s, request)
        ),
        handoffs.ballot_opened,
    )


@require_POST
@login_required
@requires(is_emulation_office)
def ballot_close(request, pk: int):
    ballot = object_or_404(selectors.ballot_get, viewer=request.user, pk=pk)
    try:
        ballot = services.ballot_close(
            actor=request.user,
            ballot=ballot,
            count_missing=request.POST.get("count_missing") == "1",
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, handoffs.ballot_counted(ballot))
    return redirect("awards:session_detail", ballot.session_id)


@login_required
def ballot_list(request):
    if not can_see_ballots(request.user):
        raise PermissionDenied
    return render(
        request,
        "awards/council/ballot_list.html",
        {"ballots": selectors.ballots_for_voter(viewer=request.user)},
    )


@login_required
def ballot_vote(request, pk: int):
    ballot, member = object_or_404(selectors.ballot_get_for_voter, viewer=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.ballot_cast(
                ballot=ballot, voter_user=request.user, choice=request.POST.get("choice", "")
            )
            messages.success(request, _("Your vote has been recorded."))
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect("awards:ballot_vote", ballot.pk)
    return render(
        request,
        "awards/council/ballot_vote.html",
        {
            "ballot": ballot,
            "voted": selectors.has_voted(ballot, member),
            "is_open": ballot.status == BallotStatus.OPEN,
            "choices": VoteChoice.choices,
            "rule_sentences": explain(ballot.result, ballot.rule),
        },
    )


# ---------------------------------------------------------------- certificates
@login_required
def certificate_print(request, pk: int):
    award = object_or_404(selectors.award_get, viewer=request.user, pk=pk)
    layout = selectors.layout_for(award.code)
    return render(
        request,
        "awards/council/certificate_print.html",
        {"layout": layout, "fields": _placed(layout, certificate_values(award)), "test": False},
    )


@login_required
@requires(is_emulation_office)
def certificate_layout(request, code: str):
    if code not in AwardCode.values:
        raise Http404
    if request.method == "POST":
        try:
            services.layout_save(
                actor=request.user,
                code=code,
                offset_x=request.POST.get("offset_x", "0"),
                offset_y=request.POST.get("offset_y", "0"),
            )
            messages.success(request, _("Printer offsets saved."))
            return redirect("awards:certificate_layout", code)
        except ValidationError as exc:
            flash_errors(request, exc)
    return render(
        request,
        "awards/council/certificate_layout.html",
        {"layout": selectors.layout_for(code), "codes": AwardCode.choices, "code": code},
    )


@login_required
@requires(is_emulation_office)
def certificate_test(request, code: str):
    if code not in AwardCode.values:
        raise Http404
    layout = selectors.layout_for(code)
    return render(
        request,
        "awards/council/certificate_print.html",
        {"layout": layout, "fields": _placed(layout, SAMPLE_VALUES), "test": True},
    )
