"""A head's sheet of a unit for the year: the scores grid, levels proposed with the HTXS cap
counted live (nothing saved until proposed), ratings computed for the whole unit, and groups
with similar tasks. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.numbers import format_number
from thidua.core.params import BadParameter, parse_int
from thidua.core.view_helpers import error_text, object_or_404, redirect_next
from thidua.org.models import Unit
from thidua.org.selectors import unit_get

from .. import rules
from ..choices import RatingLevel, RatingStatus
from ..selectors import ratings as selectors
from ..services import ratings as services
from .ratings import MAX_YEAR, MIN_YEAR, rating_or_404

LEVEL_CHOICES = [("", "—"), *RatingLevel.choices]


def _level_changes(request) -> dict[int, str]:
    changes = {}
    for key, value in request.POST.items():
        if key.startswith("level-") and value in RatingLevel.values:
            try:
                changes[parse_int(key.removeprefix("level-"), name=key, min_value=1)] = value
            except BadParameter:
                continue
    return changes


def _unit(request, pk: int) -> Unit:
    """The unit named in the address: a reference row every member of staff sees; the sheet's
    selectors and services then decide who reads its people's scores (403)."""
    return object_or_404(unit_get, viewer=request.user, pk=pk)


@login_required
def unit_sheet(request, pk: int, year: int):
    unit = _unit(request, pk)
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
    unit = _unit(request, pk)
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
    unit = _unit(request, pk)
    try:
        count = services.annual_ratings_prepare_unit(actor=request.user, unit=unit, year=year)
        messages.success(
            request,
            _("%(count)s ratings computed from the period scores.")
            % {"count": format_number(count, grouping=True)},
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("emulation:rating_unit", pk=unit.pk, year=year)


@login_required
@require_POST
def rating_propose(request, pk: int):
    rating = rating_or_404(request, pk)
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
    rating = rating_or_404(request, pk)
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
