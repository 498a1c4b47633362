"""Pages for field visits (đi cơ sở): the list with counts per leader and term, recording a
visit, and a visit's page with its follow-up tasks and the good practices proposed from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import (
    add_form_errors,
    error_text,
    form_error_text,
    object_or_404,
    page_of,
    query_without_page,
)
from thidua.org.models import Person
from thidua.org.rules import viewer_scope

from .. import rules
from ..forms import FieldVisitForm, FollowUpForm, PracticeForm
from ..models import FieldVisit
from ..selectors import fieldwork as selectors
from ..services import fieldwork as services

PAGE_SIZE = 50
PEOPLE_LIMIT = 300


def _leaders_for(user):
    """Whom the viewer may record a visit for: themself, or (the office) any leader."""
    scope = viewer_scope(user)
    if scope.everything:
        return (
            Person.objects.filter(is_active=True)
            .filter(
                Q(position__is_head=True) | Q(position__is_deputy=True) | Q(position__level__gte=2)
            )
            .select_related("position")
            .order_by("full_name")[:PEOPLE_LIMIT]
        )
    if scope.person_id is None or not scope.roles & rules.LEADER_ROLES:
        return Person.objects.none()
    return Person.objects.filter(pk=scope.person_id)


@login_required
def field_visit_list(request):
    if not rules.can_see_field_visits(request.user):
        raise PermissionDenied
    all_terms = selectors.terms()
    term = selectors.term_by_key(request.GET.get("term")) or selectors.term_of()
    visits = selectors.field_visit_list(viewer=request.user, term=term)
    page = page_of(request, visits, PAGE_SIZE)
    context = {
        "terms": all_terms,
        "term": term,
        "counts": selectors.field_visit_counts(viewer=request.user, term=term),
        "visits": page,
        "page": page,
        "query": query_without_page(request),
        "may_record": _leaders_for(request.user).exists(),
    }
    return render(request, "goals/field_visits.html", context)


@login_required
def field_visit_new(request):
    leaders = list(_leaders_for(request.user))
    if not leaders:
        raise PermissionDenied
    initial = {"visited_on": timezone.localdate()}
    if len(leaders) == 1:
        initial["person"] = leaders[0]
    form = FieldVisitForm(request.POST or None, leaders=leaders, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.field_visit_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Field visit recorded. Add its follow-up tasks here."))
            return redirect("goals:field_visit", pk=visit.pk)
    return render(request, "goals/field_visit_new.html", {"form": form})


def _visit_or_404(request, pk: int) -> FieldVisit:
    return object_or_404(selectors.field_visit_get, viewer=request.user, pk=pk)


@login_required
def field_visit_detail(request, pk: int):
    visit = _visit_or_404(request, pk)
    may_manage = rules.can_manage_field_visit(request.user, visit)
    context = {
        "visit": visit,
        "tasks": list(visit.follow_up_tasks.all()),
        "practices": list(selectors.practices_of(source=visit)),
        "may_manage": may_manage,
        "task_form": FollowUpForm(visit=visit) if may_manage else None,
        "practice_form": PracticeForm(initial={"unit": visit.unit}) if may_manage else None,
    }
    return render(request, "goals/field_visit.html", context)


@login_required
@require_POST
def field_visit_task(request, pk: int):
    visit = _visit_or_404(request, pk)
    if not rules.can_manage_field_visit(request.user, visit):
        raise PermissionDenied
    form = FollowUpForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            services.field_visit_add_task(actor=request.user, visit=visit, **form.cleaned_data)
            messages.success(request, _("Follow-up task added."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, form_error_text(form))
    return redirect("goals:field_visit", pk=visit.pk)


@login_required
@require_POST
def field_visit_practice(request, pk: int):
    visit = _visit_or_404(request, pk)
    if not rules.can_manage_field_visit(request.user, visit):
        raise PermissionDenied
    form = PracticeForm(request.POST)
    if form.is_valid():
        try:
            services.field_visit_propose_practice(
                actor=request.user,
                visit=visit,
                text=form.cleaned_data["text"],
                unit=form.cleaned_data["unit"],
            )
            messages.success(
                request, _("Good practice proposed: the emulation office will publish it.")
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, form_error_text(form))
    return redirect("goals:field_visit", pk=visit.pk)
