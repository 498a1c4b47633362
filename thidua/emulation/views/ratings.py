"""Pages for a person's annual rating: my rating (period scores explained, self-assessment,
appeal), one rating in detail, and the writes on it (compute, self-assess, conduct facts,
the agency's LĐTT criteria, appeal). The rating pages' shared reading of a request (the
year, a rating the viewer may see) lives here too. The head's sheet is in rating_sheets.py,
the approver's pages in rating_approvals.py, a person's month and the work-item catalogue in
rating_work.py, the office's unit ratings in unit_ratings.py. Thin: parse, call one service
or selector, render."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core.params import year_param
from thidua.core.view_helpers import error_text, object_or_404, redirect_next
from thidua.org.models import Person, Unit
from thidua.org.rules import can_view_unit_private, viewer_scope

from .. import rules
from ..agency_criteria import criteria_for_year, criteria_rows
from ..choices import EmulationAudit, RatingLevel, RatingStatus
from ..forms import TextForm
from ..models import AnnualRating
from ..selectors import ratings as selectors
from ..services import ratings as services

MIN_YEAR, MAX_YEAR = 2000, 2100
STEPS = [
    RatingStatus.DRAFT,
    RatingStatus.SELF_ASSESSED,
    RatingStatus.PROPOSED,
    RatingStatus.APPROVED,
    RatingStatus.PUBLISHED,
]
ACTIONS = {
    EmulationAudit.RATING_PREPARED: gettext_lazy("Rating opened or recomputed"),
    EmulationAudit.RATING_SELF_ASSESSED: gettext_lazy("Self-assessment written"),
    EmulationAudit.RATING_PROPOSED: gettext_lazy("Level proposed by the head"),
    EmulationAudit.RATING_APPROVED: gettext_lazy("Approved"),
    EmulationAudit.RATING_PUBLISHED: gettext_lazy("Published"),
    EmulationAudit.RATING_APPEALED: gettext_lazy("Appeal lodged"),
    EmulationAudit.RATING_APPEAL_DECIDED: gettext_lazy("Appeal decided"),
    EmulationAudit.RATING_TASK_GROUP_SET: gettext_lazy("Group with similar tasks set"),
    EmulationAudit.RATING_CONDUCT_FACTS_RECORDED: gettext_lazy(
        "Facts making the year not completed recorded"
    ),
    EmulationAudit.RATING_AGENCY_CRITERIA_RECORDED: gettext_lazy(
        "Agency criteria for Lao động tiên tiến recorded"
    ),
}
# How the rating page posts a criterion: met ("yes") or not met ("no").
MET_ANSWERS = {"yes": True, "no": False}


# ---------------------------------------------------------------- helpers (shared by rating pages)
def rating_year(request, default: int | None = None) -> int:
    return year_param(
        request.GET,
        "year",
        default=default or timezone.localdate().year,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
    )


def rating_or_404(request, pk: int) -> AnnualRating:
    return object_or_404(selectors.rating_get, viewer=request.user, pk=pk)


@dataclass(frozen=True)
class Step:
    label: str | Promise
    done: bool = False
    skipped: bool = False


def _steps(rating: AnnualRating) -> list[Step]:
    """The rating's progress: each step reached is done, except a self-assessment never
    written (the head proposed directly, e.g. for someone without an account): skipped."""
    reached = STEPS.index(rating.status) if rating.status in STEPS else len(STEPS) - 1
    steps = []
    for i, status in enumerate(STEPS):
        if i <= reached and status == RatingStatus.SELF_ASSESSED and not rating.self_assessment:
            steps.append(Step(label=_("No self-assessment"), skipped=True))
        else:
            steps.append(Step(label=RatingStatus(status).label, done=i <= reached))
    return steps


def _rating_context(request, rating: AnnualRating) -> dict:
    """What every page showing one rating needs: its scores, steps and permitted actions."""
    user = request.user
    today = timezone.localdate()
    history = [
        {"event": e, "label": ACTIONS.get(e.action, e.action)}
        for e in selectors.rating_history(viewer=user, rating=rating)
    ]
    # the agency's LĐTT criteria in force for the year (none configured: nothing shown)
    criteria = criteria_rows(
        recorded=rating.agency_criteria, criteria=criteria_for_year(year=rating.year)
    )
    return {
        "rating": rating,
        "scores": selectors.period_scores(viewer=user, person=rating.person, year=rating.year),
        "history": history,
        "steps": _steps(rating),
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
        "agency_criteria": criteria,
        "may_record_criteria": any(row.in_force for row in criteria)
        and services.may_record_agency_criteria(user, rating),
        "self_form": TextForm(initial={"text": rating.self_assessment}),
        "level_choices": RatingLevel.choices,
    }


# ---------------------------------------------------------------- a person's pages
@login_required
def my_rating(request):
    year = rating_year(request)
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
    rating = rating_or_404(request, pk)
    context = _rating_context(request, rating)
    context.update(year=rating.year, may_view_unit=can_view_unit_private(request.user, rating.unit))
    return render(request, "emulation/ratings/detail.html", context)


@login_required
@require_POST
def rating_prepare(request, pk: int, year: int):
    # those who may open a person's rating (themselves, their heads, the office) read their
    # private data; anyone else gets the 403 the service gave
    person = object_or_404(selectors.record_person_get, viewer=request.user, pk=pk)
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
    rating = rating_or_404(request, pk)
    try:
        services.rating_self_assess(
            actor=request.user, rating=rating, text=request.POST.get("text", "")
        )
        # the hand-off: who proposes the level next (walk-through of 07/12/2026)
        names = selectors.rating_proposers(rating=rating)
        messages.success(
            request,
            _("Self-assessment saved. %(names)s will propose your level next.")
            % {"names": get_text_list(names, _("or"))}
            if names
            else _("Self-assessment saved."),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect_next(request, f"{reverse('emulation:rating_mine')}?year={rating.year}")


@login_required
@require_POST
def rating_conduct_facts(request, pk: int):
    """Record (or clear) the facts that make the year KHT whatever the score."""
    rating = rating_or_404(request, pk)
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


def _criteria_posted(post) -> dict[str, bool]:
    """{code: met} from the rating page's form: each criterion's code in `code-<n>`, its
    answer in `met-<n>` (a criterion left unanswered is not changed)."""
    answers = {}
    for key, code in post.items():
        if key.startswith("code-"):
            met = MET_ANSWERS.get(post.get(f"met-{key.removeprefix('code-')}", ""))
            if met is not None:
                answers[code] = met
    return answers


@login_required
@require_POST
def rating_agency_criteria(request, pk: int):
    """Record, for each of the agency's LĐTT criteria, met or not met."""
    rating = rating_or_404(request, pk)
    try:
        services.rating_record_agency_criteria(
            actor=request.user, rating=rating, criteria=_criteria_posted(request.POST)
        )
        messages.success(request, _("The agency's criteria were recorded."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect_next(request, reverse("emulation:rating_detail", args=[rating.pk]))


@login_required
@require_POST
def rating_appeal(request, pk: int):
    rating = rating_or_404(request, pk)
    try:
        services.rating_appeal(actor=request.user, rating=rating, text=request.POST.get("text", ""))
        messages.success(request, _("Your appeal was sent."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect_next(request, f"{reverse('emulation:rating_mine')}?year={rating.year}")
