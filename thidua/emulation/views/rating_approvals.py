"""The approver's pages: the ratings waiting for approval or publication in the year, and the
writes on them (approve, publish, decide an appeal). Thin: parse, call one service or
selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import error_text, object_or_404, redirect_next

from ..choices import RatingLevel
from ..selectors import ratings as selectors
from ..services import ratings as services
from .ratings import rating_or_404, rating_year


@login_required
def approvals(request):
    year = rating_year(request)
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
    rating = rating_or_404(request, pk)
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
    rating = rating_or_404(request, pk)
    try:
        services.rating_publish(actor=request.user, rating=rating)
        messages.success(request, _("Rating of %(name)s published.") % {"name": rating.person})
    except ValidationError as exc:
        messages.error(request, f"{rating.person}: {error_text(exc)}")
    return redirect_next(request, f"{reverse('emulation:rating_approvals')}?year={rating.year}")


@login_required
@require_POST
def appeal_decide(request, pk: int):
    appeal = object_or_404(selectors.appeal_get, viewer=request.user, pk=pk)
    rating = appeal.rating
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
