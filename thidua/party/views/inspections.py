"""Party pages: inspections and supervisions, and the good practices they find."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import (
    error_text,
    form_error_text,
    page_of,
    query_without_page,
    redirect_next,
)
from thidua.goals.selectors.fieldwork import practices_of

from .. import rules, selectors, services
from ..choices import InspectionKind, InspectionStatus
from ..forms import InspectionDoneForm, InspectionPlanForm, InspectionPracticeForm, TermForm

INSPECTIONS_PAGE_SIZE = 25  # a phone's page stays short (issue 12, point 6)


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
    return redirect_next(request, "party:inspections")


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
        # recorded here too: the home item "Record the findings" opens this page
        "done_form": InspectionDoneForm(initial={"done_on": timezone.localdate()})
        if inspection.status == InspectionStatus.PLANNED
        else None,
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
    return redirect_next(request, "party:inspections")
