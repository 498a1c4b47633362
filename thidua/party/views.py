import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import (
    add_form_errors,
    error_messages,
    error_text,
    flash_errors,
    form_error_text,
    object_or_404,
    page_of,
    query_without_page,
)
from thidua.goals.fieldwork_selectors import practices_of
from thidua.messaging.selectors import dispatch_progress
from thidua.org.selectors import party_members_in_subtree

from . import exchange, rules, selectors, services
from .choices import DigestStatus, InspectionKind, InspectionStatus
from .constants import ANSWER_MAX_CHARS, POINT_MAX_CHARS
from .forms import (
    CampaignForm,
    ChooseForm,
    ClassificationForm,
    DigestPointFormSet,
    InspectionDoneForm,
    InspectionPlanForm,
    InspectionPracticeForm,
    MeetingForm,
    MembersImportForm,
    ProposalForm,
    RemindForm,
    ResolutionUploadForm,
    TermForm,
)
from .models import Campaign, Resolution

INSPECTIONS_PAGE_SIZE = 50


@login_required
def resolution_list(request):
    bodies = selectors.party_bodies_covered(viewer=request.user)
    if request.method == "POST" and not bodies.exists():
        raise PermissionDenied  # no Party role: refused before the form is even read
    form = ResolutionUploadForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            resolution = services.resolution_upload(
                actor=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"],
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                file_name=upload.name,
                data=upload.read(),
            )
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            messages.success(request, _("Uploaded. Check the proposed key points, then approve."))
            return redirect("party:resolution", pk=resolution.pk)
    context = {
        "resolutions": selectors.resolution_list(viewer=request.user),
        "form": form,
        "may_upload": bodies.exists(),
    }
    return render(request, "party/resolutions.html", context, status=400 if form.errors else 200)


def _resolution_or_404(request, pk: int) -> Resolution:
    return object_or_404(selectors.resolution_get, viewer=request.user, pk=pk)


def _initial_points(digest) -> list[dict]:
    return [
        {
            "order": p.order,
            "text": p.text,
            "question": p.question,
            "sentences": json.dumps(p.sentences),
        }
        for p in digest.points.all()
    ]


def _points_from(formset) -> list[dict]:
    rows = []
    for position, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (data.get("text") or "").strip():
            continue
        try:
            sentences = json.loads(data.get("sentences") or "[]")
        except ValueError:
            sentences = []
        order = data.get("order")
        rows.append(
            (
                order if order is not None else 10_000 + position,
                position,
                {
                    "text": data["text"],
                    "question": data.get("question", ""),
                    "sentences": [int(s) for s in sentences if isinstance(s, int)],
                },
            )
        )
    return [point for _order, _pos, point in sorted(rows, key=lambda r: (r[0], r[1]))]


@login_required
def resolution_detail(request, pk: int):
    resolution = _resolution_or_404(request, pk)
    digest = selectors.digest_current(resolution=resolution)
    formset = DigestPointFormSet(initial=_initial_points(digest) if digest else [])
    classification_form = ClassificationForm(initial={"classification": resolution.classification})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "classify":
                classification_form = ClassificationForm(request.POST)
                if classification_form.is_valid():
                    services.resolution_set_classification(
                        actor=request.user,
                        resolution=resolution,
                        classification=classification_form.cleaned_data["classification"],
                    )
                    messages.success(request, _("Classification saved."))
                    return redirect("party:resolution", pk=pk)
            elif action in ("save", "approve") and digest is not None:
                formset = DigestPointFormSet(request.POST)
                if formset.is_valid():
                    services.digest_edit(
                        actor=request.user, digest=digest, points=_points_from(formset)
                    )
                    if action == "approve":
                        services.digest_approve(actor=request.user, digest=digest)
                        messages.success(request, _("Key points approved."))
                    else:
                        messages.success(request, _("Key points saved."))
                    return redirect("party:resolution", pk=pk)
        except ValidationError as error:
            flash_errors(request, error)
    context = {
        "resolution": resolution,
        "digest": digest,
        "formset": formset,
        "point_max_chars": POINT_MAX_CHARS,
        "classification_form": classification_form,
        "may_manage": rules.can_manage_resolution(request.user, resolution),
        "campaigns": selectors.campaign_list(viewer=request.user).filter(
            digest__resolution=resolution
        ),
    }
    return render(request, "party/resolution.html", context)


@login_required
def resolution_file(request, pk: int):
    resolution = _resolution_or_404(request, pk)
    return FileResponse(
        resolution.file.open("rb"), as_attachment=True, filename=resolution.original_name
    )


@login_required
def meeting_list(request):
    secretary_cells = selectors.cells_managed(viewer=request.user)
    if request.method == "POST" and not secretary_cells.exists():
        raise PermissionDenied  # only a cell's secretary organises its meetings
    form = MeetingForm(request.POST or None, cells=secretary_cells)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            return redirect("party:meeting", pk=meeting.pk)
    context = {
        "meetings": selectors.meeting_list(viewer=request.user),
        "form": form,
        "may_create": secretary_cells.exists(),
    }
    return render(request, "party/meetings.html", context)


@login_required
def meeting_detail(request, pk: int):
    meeting = object_or_404(selectors.meeting_get, viewer=request.user, pk=pk)
    members = party_members_in_subtree(organization=meeting.cell).order_by("full_name")
    proposal_form = ProposalForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose":
                proposal_form = ProposalForm(request.POST)
                if proposal_form.is_valid():
                    services.meeting_propose_solution(
                        actor=request.user, meeting=meeting, text=proposal_form.cleaned_data["text"]
                    )
                    return redirect("party:meeting", pk=pk)
            elif action == "choose":
                choose = ChooseForm(request.POST, members=members)
                if choose.is_valid():
                    proposal = meeting.proposals.filter(pk=choose.cleaned_data["proposal"]).first()
                    if proposal is None:
                        raise Http404
                    services.meeting_choose_solution(
                        actor=request.user,
                        meeting=meeting,
                        proposal=proposal,
                        assignee=choose.cleaned_data["assignee"],
                        due_date=choose.cleaned_data["due_date"],
                        votes=choose.cleaned_data["votes"],
                    )
                    messages.success(request, _("The chosen solution is now a task."))
                    return redirect("party:meeting", pk=pk)
            elif action == "held":
                services.meeting_mark_held(actor=request.user, meeting=meeting)
                return redirect("party:meeting", pk=pk)
        except ValidationError as error:
            flash_errors(request, error)
    context = {
        "meeting": meeting,
        "proposals": meeting.proposals.select_related("author"),
        "previous": selectors.meeting_previous(meeting=meeting),
        "proposal_form": proposal_form,
        "choose_form": ChooseForm(members=members),
        "may_manage": rules.can_manage_meeting(request.user, meeting),
        "may_propose": rules.can_propose_solution(request.user, meeting)
        and meeting.chosen_solution_id is None,
    }
    return render(request, "party/meeting.html", context)


@login_required
def inspection_list(request):
    bodies = selectors.party_bodies_covered(viewer=request.user)
    today = timezone.localdate()
    default_body = bodies.order_by("depth", "path").first()
    form = TermForm(
        request.GET or None,
        bodies=bodies,
        initial={"body": default_body, "start": date(today.year - 4, 1, 1), "end": today},
    )
    counts = None
    if default_body is not None:
        if form.is_bound and form.is_valid():
            body, start, end = (form.cleaned_data[k] for k in ("body", "start", "end"))
        else:
            body, start, end = default_body, date(today.year - 4, 1, 1), today
        raw = selectors.inspection_counts(body, start, end)
        counts = {
            "body": body,
            "start": start,
            "end": end,
            "committee_kiem_tra": raw[(InspectionKind.KIEM_TRA, False)],
            "committee_giam_sat": raw[(InspectionKind.GIAM_SAT, False)],
            "commission_kiem_tra": raw[(InspectionKind.KIEM_TRA, True)],
            "commission_giam_sat": raw[(InspectionKind.GIAM_SAT, True)],
        }
    # every inspection, a page at a time (the demo committee has 544), the count's choices
    # kept in the page links
    page = page_of(request, selectors.inspection_list(viewer=request.user), INSPECTIONS_PAGE_SIZE)
    context = {
        "form": form,
        "counts": counts,
        "inspections": page,
        "page": page,
        "query": query_without_page(request),
        "plan_form": InspectionPlanForm(bodies=bodies) if bodies.exists() else None,
        "done_form": InspectionDoneForm(initial={"done_on": today}),
    }
    return render(request, "party/inspections.html", context)


@login_required
@require_POST
def inspection_new(request):
    """Plan an inspection or a supervision of a body the viewer covers."""
    bodies = selectors.party_bodies_covered(viewer=request.user)
    form = InspectionPlanForm(request.POST, bodies=bodies)
    if form.is_valid():
        try:
            services.inspection_plan(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Inspection planned."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, form_error_text(form))
    return redirect("party:inspections")


def _inspection_or_404(request, pk: int):
    inspection = selectors.inspection_list(viewer=request.user).filter(pk=pk).first()
    if inspection is None or not rules.can_view_inspection(request.user, inspection):
        raise Http404
    return inspection


@login_required
def inspection_detail(request, pk: int):
    """An inspection or supervision with its findings, and the good practices proposed from
    it as lessons (only those covering the Party body see it)."""
    inspection = _inspection_or_404(request, pk)
    context = {
        "inspection": inspection,
        "practices": list(practices_of(source=inspection)),
        "practice_form": InspectionPracticeForm()
        if inspection.status == InspectionStatus.DONE
        else None,
        "unit": services.inspection_unit(inspection),
    }
    return render(request, "party/inspection.html", context)


@login_required
@require_POST
def inspection_practice(request, pk: int):
    """Mark a finding as a good practice: proposed to the emulation office as a lesson."""
    inspection = _inspection_or_404(request, pk)
    form = InspectionPracticeForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_propose_practice(
                actor=request.user, inspection=inspection, text=form.cleaned_data["text"]
            )
            messages.success(
                request, _("Good practice proposed: the emulation office will publish it.")
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, form_error_text(form))
    return redirect("party:inspection", pk=inspection.pk)


@login_required
@require_POST
def inspection_record_done(request, pk: int):
    """Record that a planned inspection was carried out, with its findings."""
    inspection = selectors.inspection_list(viewer=request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404
    form = InspectionDoneForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_done(actor=request.user, inspection=inspection, **form.cleaned_data)
            messages.success(request, _("Inspection recorded as done."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, form_error_text(form))
    return redirect("party:inspections")


# ------------------------------------------------------------------ campaigns
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
            draft = Campaign(digest=digest, **fields)
            if resolution.is_classified:
                draft.channels = ["in_app"]
            preview = services.campaign_preview(draft, bodies=data["bodies"])
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
    context = {"resolution": resolution, "digest": digest, "form": form, "preview": preview}
    return render(request, "party/campaign_new.html", context)


def _campaign_or_404(request, pk: int) -> Campaign:
    return object_or_404(selectors.campaign_get, viewer=request.user, pk=pk)


@login_required
def campaign_detail(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    may_manage = rules.can_manage_resolution(request.user, campaign.digest.resolution)
    remind_form = RemindForm(initial={"after_days": 7})
    if request.method == "POST" and may_manage:
        action = request.POST.get("action")
        try:
            if action == "send":
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
                        _("Reminder sent to %(n)d members.")
                        % {"n": dispatch.deliveries.values("person_id").distinct().count()},
                    )
                    return redirect("party:campaign", pk=pk)
        except ValidationError as error:
            flash_errors(request, error)
    context = {
        "campaign": campaign,
        "resolution": campaign.digest.resolution,
        "points": campaign.digest.points.all(),
        "bodies": campaign.bodies.all(),
        "may_manage": may_manage,
        "remind_form": remind_form,
    }
    if campaign.dispatch_id is None:
        context["preview"] = services.campaign_preview(campaign)
    else:
        context["dispatch"] = campaign.dispatch
        context["progress"] = dispatch_progress(campaign.dispatch)
        context["rates"] = selectors.acknowledgement_rates(campaign, request.user)
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
    }
    return render(request, "party/campaign_answers.html", context)


EXPORTS = {
    "xlsx": (
        exchange.results_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": (exchange.results_csv, "text/csv; charset=utf-8"),
    "json": (exchange.results_json, "application/json"),
}


@login_required
def campaign_export(request, pk: int, fmt: str):
    campaign = _campaign_or_404(request, pk)
    if fmt not in EXPORTS:
        raise Http404
    build, content_type = EXPORTS[fmt]
    rows = selectors.campaign_results(campaign, request.user)
    response = HttpResponse(build(campaign, rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.{fmt}"'
    return response


@login_required
def members_import(request):
    if not selectors.party_bodies_covered(viewer=request.user).exists():
        raise Http404
    form = MembersImportForm(request.POST or None, request.FILES or None)
    result, errors = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exchange.members_import(
                actor=request.user, name=upload.name, data=upload.read()
            )
        except ValidationError as error:
            errors = error_messages(error)
        except UnicodeDecodeError:
            errors = [_("The file is not UTF-8 text.")]
    context = {"form": form, "result": result, "errors": errors}
    return render(request, "party/members_import.html", context, status=400 if errors else 200)
