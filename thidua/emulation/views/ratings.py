"""Pages for ratings: my rating (period scores explained, self-assessment, appeal), a head's
sheet of a unit (scores grid, proposals with the HTXS cap counted live), the approver's
list, the work-item catalogue, a person's month (work and general points) and the office's
unit ratings. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core.params import BadParameter, id_param, parse_int, year_param
from thidua.core.view_helpers import add_form_errors, error_text, object_or_404, redirect_next
from thidua.org.models import Person, Unit
from thidua.org.rules import can_view_person_private, can_view_unit_private, viewer_scope

from .. import rules
from ..choices import RatingLevel, RatingStatus
from ..forms import (
    GeneralPointsForm,
    TextForm,
    UnitRatingForm,
    WorkAssignmentForm,
    WorkItemTypeForm,
)
from ..models import AnnualRating, RatingAppeal, UnitRating, WorkAssignment
from ..selectors import ratings as selectors
from ..services import ratings as services

MIN_YEAR, MAX_YEAR = 2000, 2100
LEVEL_CHOICES = [("", "—"), *RatingLevel.choices]
STEPS = [
    RatingStatus.DRAFT,
    RatingStatus.SELF_ASSESSED,
    RatingStatus.PROPOSED,
    RatingStatus.APPROVED,
    RatingStatus.PUBLISHED,
]
ACTIONS = {
    "rating.prepared": gettext_lazy("Rating opened or recomputed"),
    "rating.self_assessed": gettext_lazy("Self-assessment written"),
    "rating.proposed": gettext_lazy("Level proposed by the head"),
    "rating.approved": gettext_lazy("Approved"),
    "rating.published": gettext_lazy("Published"),
    "rating.appealed": gettext_lazy("Appeal lodged"),
    "rating.appeal_decided": gettext_lazy("Appeal decided"),
    "rating.task_group_set": gettext_lazy("Group with similar tasks set"),
    "rating.conduct_facts_recorded": gettext_lazy("Facts making the year not completed recorded"),
}


# ---------------------------------------------------------------- helpers


def _year(request, default: int | None = None) -> int:
    return year_param(
        request.GET,
        "year",
        default=default or timezone.localdate().year,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
    )


def _rating_or_404(request, pk: int) -> AnnualRating:
    return object_or_404(selectors.rating_get, viewer=request.user, pk=pk)


def _rating_context(request, rating: AnnualRating) -> dict:
    """What every page showing one rating needs: its scores, steps and permitted actions."""
    user = request.user
    today = timezone.localdate()
    history = [
        {"event": e, "label": ACTIONS.get(e.action, e.action)}
        for e in selectors.rating_history(viewer=user, rating=rating)
    ]
    status_index = STEPS.index(rating.status) if rating.status in STEPS else len(STEPS) - 1
    return {
        "rating": rating,
        "scores": selectors.period_scores(viewer=user, person=rating.person, year=rating.year),
        "history": history,
        "steps": [(s, RatingStatus(s).label, i <= status_index) for i, s in enumerate(STEPS)],
        "appeals": list(rating.appeals.all()),
        "may_self_assess": rules.can_self_assess(user, rating)
        and rating.status in services.OPEN_STATUSES,
        "may_prepare": rating.status in services.OPEN_STATUSES
        and (
            rules.can_self_assess(user, rating)
            or rules.can_score_person(user, rating.person)
            or rules.is_emulation_office(user)
        ),
        "may_record_conduct": rating.status in services.OPEN_STATUSES
        and (rules.can_score_person(user, rating.person) or rules.is_emulation_office(user)),
        "may_appeal": rules.can_appeal(user, rating)
        and rating.status == RatingStatus.PUBLISHED
        and rating.appeal_until is not None
        and today <= rating.appeal_until,
        "appeal_closed": rating.status == RatingStatus.PUBLISHED
        and rating.appeal_until is not None
        and today > rating.appeal_until,
        "self_form": TextForm(initial={"text": rating.self_assessment}),
        "level_choices": RatingLevel.choices,
    }


# ---------------------------------------------------------------- a person's pages
@login_required
def my_rating(request):
    year = _year(request)
    scope = viewer_scope(request.user)
    person = (
        Person.objects.select_related("unit").filter(pk=scope.person_id).first()
        if scope.person_id
        else None
    )
    context = {
        "year": year,
        "person": person,
        "headed_units": Unit.objects.filter(path__in=scope.unit_paths).order_by("path")
        if scope.unit_paths
        else [],
        "may_approve": bool(scope.roles & rules.MANAGER_ROLES) or request.user.is_superuser,
        "may_rate_units": rules.can_rate_units(request.user),
        "root_unit": Unit.objects.filter(parent__isnull=True, valid_to__isnull=True)
        .order_by("path")
        .first()
        if rules.can_rate_units(request.user)
        else None,
    }
    rating = selectors.my_rating(viewer=request.user, year=year)
    if rating is not None:
        context.update(_rating_context(request, rating))
    elif person is not None:
        context["scores"] = selectors.period_scores(viewer=request.user, person=person, year=year)
    return render(request, "emulation/ratings/mine.html", context)


@login_required
def rating_detail(request, pk: int):
    rating = _rating_or_404(request, pk)
    context = _rating_context(request, rating)
    context.update(year=rating.year, may_view_unit=can_view_unit_private(request.user, rating.unit))
    return render(request, "emulation/ratings/detail.html", context)


@login_required
@require_POST
def rating_prepare(request, pk: int, year: int):
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    try:
        rating = services.annual_rating_prepare(actor=request.user, person=person, year=year)
        messages.success(request, _("The rating was computed from the period scores."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect_next(request, f"{reverse('emulation:rating_mine')}?year={year}")
    return redirect_next(request, reverse("emulation:rating_detail", args=[rating.pk]))


@login_required
@require_POST
def rating_self_assess(request, pk: int):
    rating = _rating_or_404(request, pk)
    try:
        services.rating_self_assess(
            actor=request.user, rating=rating, text=request.POST.get("text", "")
        )
        messages.success(request, _("Self-assessment saved."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect_next(request, f"{reverse('emulation:rating_mine')}?year={rating.year}")


@login_required
@require_POST
def rating_conduct_facts(request, pk: int):
    """Record (or clear) the facts that make the year KHT whatever the score."""
    rating = _rating_or_404(request, pk)
    try:
        services.rating_record_conduct_facts(
            actor=request.user,
            rating=rating,
            degradation=request.POST.get("degradation") == "on",
            corruption_waste=request.POST.get("corruption_waste") == "on",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("The facts were recorded and the rating recomputed."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect_next(request, reverse("emulation:rating_detail", args=[rating.pk]))


@login_required
@require_POST
def rating_appeal(request, pk: int):
    rating = _rating_or_404(request, pk)
    try:
        services.rating_appeal(actor=request.user, rating=rating, text=request.POST.get("text", ""))
        messages.success(request, _("Your appeal was sent."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect_next(request, f"{reverse('emulation:rating_mine')}?year={rating.year}")


@login_required
def person_month(request, pk: int, year: int, month: int):
    """A person's month: work assigned and done, general points, the computed score."""
    person = get_object_or_404(Person.objects.select_related("unit", "position"), pk=pk)
    if not can_view_person_private(request.user, person):
        raise PermissionDenied
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
        try:
            if action == "work":
                work_form = WorkAssignmentForm(request.POST, item_types=item_types)
                if work_form.is_valid():
                    data = work_form.cleaned_data
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
                    messages.success(request, _("Work recorded."))
                    return redirect(request.path)
            elif action == "delete":
                assignment = get_object_or_404(
                    WorkAssignment, pk=id_param(request.POST, "assignment"), person=person
                )
                services.work_assignment_delete(actor=request.user, assignment=assignment)
                messages.success(request, _("Work line removed."))
                return redirect(request.path)
            elif action == "score":
                points_form = GeneralPointsForm(request.POST)
                if points_form.is_valid():
                    services.period_score_compute(
                        actor=request.user,
                        person=person,
                        year=year,
                        month=month,
                        general_points=points_form.cleaned_data["general_points"],
                    )
                    messages.success(request, _("The month's score was computed."))
                    return redirect(request.path)
        except ValidationError as exc:
            if action == "delete":
                messages.error(request, error_text(exc))
            else:
                add_form_errors(points_form if action == "score" else work_form, exc)
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


# ---------------------------------------------------------------- a head's pages
def _level_changes(request) -> dict[int, str]:
    changes = {}
    for key, value in request.POST.items():
        if key.startswith("level-") and value in RatingLevel.values:
            try:
                changes[parse_int(key.removeprefix("level-"), name=key, min_value=1)] = value
            except BadParameter:
                continue
    return changes


@login_required
def unit_sheet(request, pk: int, year: int):
    unit = get_object_or_404(Unit, pk=pk)
    if not (MIN_YEAR <= year <= MAX_YEAR):
        raise Http404
    sheet = selectors.unit_sheet(viewer=request.user, unit=unit, year=year)
    for row in sheet.rows:
        row.may_propose = bool(
            row.rating
            and rules.can_propose_rating(request.user, row.rating)
            and row.rating.status
            in (
                (RatingStatus.DRAFT, RatingStatus.SELF_ASSESSED, RatingStatus.PROPOSED)
                if row.person.user_id is None
                else (RatingStatus.SELF_ASSESSED, RatingStatus.PROPOSED)
            )
        )
        row.may_score = rules.can_score_person(request.user, row.person)
        row.may_set_group = bool(
            row.rating
            and row.rating.status in services.OPEN_STATUSES
            and rules.can_propose_rating(request.user, row.rating)
        )
    return render(
        request,
        "emulation/ratings/unit.html",
        {
            "sheet": sheet,
            "unit": unit,
            "year": year,
            "months": selectors.MONTHS,
            "level_choices": LEVEL_CHOICES,
            "may_manage": rules.heads_unit(request.user, unit)
            or rules.is_emulation_office(request.user),
            "this_month": min(12, timezone.localdate().month)
            if year == timezone.localdate().year
            else 12,
        },
    )


@login_required
@require_POST
def unit_cap(request, pk: int, year: int):
    """The live HTXS count for the levels chosen on the head's page (nothing is saved)."""
    unit = get_object_or_404(Unit, pk=pk)
    changes = _level_changes(request)
    caps = selectors.unit_cap_preview(viewer=request.user, unit=unit, year=year, changes=changes)
    group_caps = selectors.task_group_cap_preview(
        viewer=request.user, unit=unit, year=year, changes=changes
    )
    return render(
        request,
        "emulation/ratings/partials/_caps.html",
        {"caps": caps, "group_caps": group_caps},
    )


@login_required
@require_POST
def unit_prepare(request, pk: int, year: int):
    unit = get_object_or_404(Unit, pk=pk)
    try:
        count = services.annual_ratings_prepare_unit(actor=request.user, unit=unit, year=year)
        messages.success(
            request, _("%(count)d ratings computed from the period scores.") % {"count": count}
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("emulation:rating_unit", pk=unit.pk, year=year)


@login_required
@require_POST
def rating_propose(request, pk: int):
    rating = _rating_or_404(request, pk)
    level = request.POST.get("level") or request.POST.get(f"level-{rating.pk}", "")
    try:
        services.rating_propose(
            actor=request.user, rating=rating, level=level, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("Level proposed for %(name)s.") % {"name": rating.person})
    except ValidationError as exc:
        messages.error(request, f"{rating.person}: {error_text(exc)}")
    return redirect_next(
        request, reverse("emulation:rating_unit", args=[rating.unit_id, rating.year])
    )


@login_required
@require_POST
def rating_task_group(request, pk: int):
    """The head puts a person in a group with similar tasks (for the group's HTXS cap)."""
    rating = _rating_or_404(request, pk)
    try:
        services.rating_set_task_group(
            actor=request.user, rating=rating, task_group=request.POST.get("task_group", "")
        )
        messages.success(
            request, _("Group with similar tasks saved for %(name)s.") % {"name": rating.person}
        )
    except ValidationError as exc:
        messages.error(request, f"{rating.person}: {error_text(exc)}")
    return redirect_next(
        request, reverse("emulation:rating_unit", args=[rating.unit_id, rating.year])
    )


@login_required
def catalogue(request, pk: int):
    """A unit's catalogue of products and work items with their conversion factors."""
    unit = get_object_or_404(Unit, pk=pk)
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


# ---------------------------------------------------------------- the approver's pages
@login_required
def approvals(request):
    year = _year(request)
    return render(
        request,
        "emulation/ratings/approvals.html",
        {
            "year": year,
            "lists": selectors.ratings_for_approver(viewer=request.user, year=year),
            "level_choices": RatingLevel.choices,
        },
    )


@login_required
@require_POST
def rating_approve(request, pk: int):
    rating = _rating_or_404(request, pk)
    try:
        services.rating_approve(
            actor=request.user,
            rating=rating,
            level=request.POST.get("level") or None,
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, _("Rating of %(name)s approved.") % {"name": rating.person})
    except ValidationError as exc:
        messages.error(request, f"{rating.person}: {error_text(exc)}")
    return redirect_next(request, f"{reverse('emulation:rating_approvals')}?year={rating.year}")


@login_required
@require_POST
def rating_publish(request, pk: int):
    rating = _rating_or_404(request, pk)
    try:
        services.rating_publish(actor=request.user, rating=rating)
        messages.success(request, _("Rating of %(name)s published.") % {"name": rating.person})
    except ValidationError as exc:
        messages.error(request, f"{rating.person}: {error_text(exc)}")
    return redirect_next(request, f"{reverse('emulation:rating_approvals')}?year={rating.year}")


@login_required
@require_POST
def appeal_decide(request, pk: int):
    appeal = get_object_or_404(RatingAppeal, pk=pk)
    rating = _rating_or_404(request, appeal.rating_id)
    appeal.rating = rating
    try:
        services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            upheld=request.POST.get("decision") == "upheld",
            level=request.POST.get("level", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Appeal decided."))
    except ValidationError as exc:
        messages.error(request, f"{rating.person}: {error_text(exc)}")
    return redirect_next(request, f"{reverse('emulation:rating_approvals')}?year={rating.year}")


# ---------------------------------------------------------------- the office: unit ratings
@login_required
def unit_ratings_page(request, pk: int, year: int):
    """The units under a parent, their facts, computed and confirmed levels, and the cap."""
    parent = get_object_or_404(Unit, pk=pk)
    units = list(selectors.units_to_rate(viewer=request.user, parent=parent))
    forms_by_unit = {}
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise Http404
        try:
            if request.POST.get("action") == "set":
                rating = get_object_or_404(UnitRating, unit=unit, year=year)
                services.unit_rating_set(
                    actor=request.user,
                    unit_rating=rating,
                    level=request.POST.get("level", ""),
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("Level of %(unit)s confirmed.") % {"unit": unit})
                return redirect(request.path)
            form = UnitRatingForm(request.POST, prefix=f"u{unit.pk}")
            forms_by_unit[unit.pk] = form
            if form.is_valid():
                services.unit_rating_compute(
                    actor=request.user, unit=unit, year=year, **form.cleaned_data
                )
                messages.success(request, _("Level of %(unit)s computed.") % {"unit": unit})
                return redirect(request.path)
        except ValidationError as exc:
            if unit.pk in forms_by_unit:
                add_form_errors(forms_by_unit[unit.pk], exc)
            else:
                messages.error(request, f"{unit}: {error_text(exc)}")
    ratings = {
        r.unit_id: r for r in selectors.unit_ratings(viewer=request.user, year=year, parent=parent)
    }
    params = selectors.rating_params()
    rows = []
    for unit in units:
        rating = ratings.get(unit.pk)
        form = forms_by_unit.get(unit.pk) or UnitRatingForm(
            prefix=f"u{unit.pk}",
            initial={
                "score": rating.score.normalize(),
                "tasks_total": rating.tasks_total,
                "tasks_done": rating.tasks_done,
                "tasks_on_time": rating.tasks_on_time,
                "tasks_exceeding": rating.tasks_exceeding,
                "outstanding": rating.outstanding,
            }
            if rating
            else None,
        )
        rows.append({"unit": unit, "rating": rating, "form": form})
    cap = selectors.unit_cap_for(unit=units[0], year=year, params=params) if units else None
    return render(
        request,
        "emulation/ratings/unit_ratings.html",
        {
            "parent": parent,
            "year": year,
            "rows": rows,
            "cap": cap,
            "partial_plan_level": RatingLevel(params.unit_partial_plan_level).label,
            "level_choices": RatingLevel.choices,
            "children": Unit.objects.filter(
                parent=parent, valid_to__isnull=True, children__isnull=False
            )
            .distinct()
            .order_by("path"),
        },
    )


urlpatterns = [
    path("ratings/", my_rating, name="rating_mine"),
    path("ratings/approvals/", approvals, name="rating_approvals"),
    path("ratings/<int:pk>/", rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/self-assess/", rating_self_assess, name="rating_self_assess"),
    path("ratings/<int:pk>/conduct-facts/", rating_conduct_facts, name="rating_conduct_facts"),
    path("ratings/<int:pk>/propose/", rating_propose, name="rating_propose"),
    path("ratings/<int:pk>/task-group/", rating_task_group, name="rating_task_group"),
    path("ratings/<int:pk>/approve/", rating_approve, name="rating_approve"),
    path("ratings/<int:pk>/publish/", rating_publish, name="rating_publish"),
    path("ratings/<int:pk>/appeal/", rating_appeal, name="rating_appeal"),
    path("ratings/appeals/<int:pk>/decide/", appeal_decide, name="rating_appeal_decide"),
    path("ratings/people/<int:pk>/<int:year>/prepare/", rating_prepare, name="rating_prepare"),
    path(
        "ratings/people/<int:pk>/<int:year>/<int:month>/",
        person_month,
        name="rating_person_month",
    ),
    path("ratings/units/<int:pk>/<int:year>/", unit_sheet, name="rating_unit"),
    path("ratings/units/<int:pk>/<int:year>/prepare/", unit_prepare, name="rating_unit_prepare"),
    path("ratings/units/<int:pk>/<int:year>/cap/", unit_cap, name="rating_unit_cap"),
    path("ratings/units/<int:pk>/work-items/", catalogue, name="rating_catalogue"),
    path(
        "ratings/unit-ratings/<int:pk>/<int:year>/",
        unit_ratings_page,
        name="rating_unit_ratings",
    ),
]
