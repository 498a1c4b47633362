"""The work behind the period scores: a person's month (work assigned and done, general points,
the computed score) and a unit's catalogue of work items with their conversion factors.
Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.params import id_param
from thidua.core.view_helpers import add_form_errors, error_text, object_or_404
from thidua.org.selectors import unit_get

from .. import rules
from ..forms import GeneralPointsForm, WorkAssignmentForm, WorkItemTypeForm
from ..selectors import ratings as selectors
from ..services import ratings as services
from .ratings import MAX_YEAR, MIN_YEAR


def _record_work(request, form, *, person, item_types, year, month) -> bool:
    """A line of the month's work from the form; False leaves the refusal on the form."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.work_assignment_record(
            actor=request.user,
            person=person,
            item_type=next(t for t in item_types if t.pk == data["item_type"]),
            year=year,
            month=month,
            assigned=data["assigned"],
            completed=data["completed"],
            late=data["late"],
            quality_failed=data["quality_failed"],
            objective_cause=data["objective_cause"],
            note=data["note"],
        )
    except ValidationError as exc:
        add_form_errors(form, exc)
        return False
    messages.success(request, _("Work recorded."))
    return True


def _delete_work(request, *, person) -> bool:
    """Remove one line of the person's work; False shows the refusal as a message."""
    assignment = object_or_404(
        selectors.work_assignment_get,
        viewer=request.user,
        person=person,
        pk=id_param(request.POST, "assignment"),
    )
    try:
        services.work_assignment_delete(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return False
    messages.success(request, _("Work line removed."))
    return True


def _compute_score(request, form, *, person, year, month) -> bool:
    """The month's score from the general points on the form; False leaves the refusal there."""
    if not form.is_valid():
        return False
    try:
        services.period_score_compute(
            actor=request.user,
            person=person,
            year=year,
            month=month,
            general_points=form.cleaned_data["general_points"],
        )
    except ValidationError as exc:
        add_form_errors(form, exc)
        return False
    messages.success(request, _("The month's score was computed."))
    return True


@login_required
def person_month(request, pk: int, year: int, month: int):
    """A person's month: work assigned and done, general points, the computed score."""
    person = object_or_404(selectors.record_person_get, viewer=request.user, pk=pk)  # else 403
    if not (1 <= month <= 12) or not (MIN_YEAR <= year <= MAX_YEAR):
        raise Http404
    may_score = rules.can_score_person(request.user, person)
    item_types = list(selectors.work_item_types(viewer=request.user, unit=person.unit))
    work_form = WorkAssignmentForm(item_types=item_types)
    points_form = GeneralPointsForm()
    if request.method == "POST":
        if not may_score:
            raise PermissionDenied
        action = request.POST.get("action")
        done = False
        if action == "work":
            work_form = WorkAssignmentForm(request.POST, item_types=item_types)
            done = _record_work(
                request, work_form, person=person, item_types=item_types, year=year, month=month
            )
        elif action == "delete":
            done = _delete_work(request, person=person)
        elif action == "score":
            points_form = GeneralPointsForm(request.POST)
            done = _compute_score(request, points_form, person=person, year=year, month=month)
        if done:
            return redirect(request.path)
    score = selectors.period_score_get(viewer=request.user, person=person, year=year, month=month)
    if score is not None and request.method == "GET":
        points_form = GeneralPointsForm(
            initial={"general_points": score.general_points.normalize()}
        )
    return render(
        request,
        "emulation/ratings/person_month.html",
        {
            "person": person,
            "year": year,
            "month": month,
            "months": range(1, 13),
            "assignments": selectors.work_assignments(
                viewer=request.user, person=person, year=year, month=month
            ),
            "score": score,
            "may_score": may_score,
            "item_types": item_types,
            "work_form": work_form,
            "points_form": points_form,
        },
    )


@login_required
def catalogue(request, pk: int):
    """A unit's catalogue of products and work items with their conversion factors."""
    unit = object_or_404(unit_get, viewer=request.user, pk=pk)  # a catalogue is public to staff
    may_edit = rules.heads_unit(request.user, unit) or rules.is_emulation_office(request.user)
    form = WorkItemTypeForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.work_item_type_create(actor=request.user, unit=unit, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Added to the catalogue."))
                return redirect(request.path)
    return render(
        request,
        "emulation/ratings/catalogue.html",
        {
            "unit": unit,
            "items": selectors.work_item_types(viewer=request.user, unit=unit),
            "form": form,
            "may_edit": may_edit,
        },
    )
