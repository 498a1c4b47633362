"""The emulation office's ratings of units: the units under a parent, their facts, computed
and confirmed levels, and the cap. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.view_helpers import add_form_errors, error_text, object_or_404
from thidua.org.models import Unit
from thidua.org.selectors import unit_get

from ..choices import RatingLevel
from ..forms import UnitRatingForm
from ..selectors import ratings as selectors
from ..services import ratings as services


@login_required
def unit_ratings_page(request, pk: int, year: int):
    """The units under a parent, their facts, computed and confirmed levels, and the cap."""
    # the parent is a reference row every member of staff sees; units_to_rate checks the office
    parent = object_or_404(unit_get, viewer=request.user, pk=pk)
    units = list(selectors.units_to_rate(viewer=request.user, parent=parent))
    forms_by_unit = {}
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise Http404
        try:
            if request.POST.get("action") == "set":
                rating = object_or_404(
                    selectors.unit_rating_get, viewer=request.user, unit=unit, year=year
                )
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
    params = selectors.rating_params(year=year)
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
