"""The monthly review: the page, and its .xlsx and .docx downloads (same query parameters)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.org.models import Unit

from ..review import MAX_YEAR, MIN_YEAR, monthly_review, review_units
from ..review_export import (
    XLSX_CONTENT_TYPE,
    export_filename,
    review_docx,
    review_xlsx,
)
from ..review_month import default_month, default_unit

PARTIAL = "goals/partials/_review_body.html"


class BadParams(ValueError):
    pass


def _whole_number(raw: str, *, low: int, high: int) -> int | None:
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:  # no sign, no huge numbers
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _params(request) -> tuple[int, int, Unit | None, list[Unit]]:
    """year, month and unit from the query string; BadParams with a message the user can act on.
    With no month, default_month; with no `unit` parameter, the viewer's own unit
    (default_unit); `unit=` (empty) is the whole ministry."""
    default_year, default_month_ = default_month(timezone.localdate())
    year = _whole_number(request.GET.get("year", str(default_year)), low=MIN_YEAR, high=MAX_YEAR)
    if year is None:
        raise BadParams(
            _("The year must be a whole number from %(min)s to %(max)s.")
            % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    month = _whole_number(request.GET.get("month", str(default_month_)), low=1, high=12)
    if month is None:
        raise BadParams(_("The month must be a whole number from 1 to 12."))
    units = list(review_units(viewer=request.user, year=year, month=month))
    if "unit" not in request.GET:
        return year, month, default_unit(viewer=request.user, units=units), units
    raw_unit = request.GET["unit"].strip()
    unit = None
    if raw_unit:
        unit_id = _whole_number(raw_unit, low=1, high=2**63 - 1)
        unit = next((u for u in units if u.pk == unit_id), None)
        if unit is None:
            raise BadParams(_("Unknown unit: choose one from the list."))
    return year, month, unit, units


def _picker_context(year: int, month: int, unit: Unit | None, units: list[Unit]) -> dict:
    return {
        "year": year,
        "month": month,
        "months": range(1, 13),
        "unit": unit,
        "units": units,
        "min_year": MIN_YEAR,
        "max_year": MAX_YEAR,
    }


@login_required
@require_GET
def review_page(request):
    try:
        year, month, unit, units = _params(request)
    except BadParams as exc:
        year, month = default_month(timezone.localdate())
        context = _picker_context(
            year, month, None, list(review_units(viewer=request.user, year=year, month=month))
        )
        context["error"] = str(exc)
        return render(request, "goals/review.html", context, status=400)
    review = monthly_review(viewer=request.user, year=year, month=month, unit=unit)
    context = {**_picker_context(year, month, unit, units), "review": review}
    # the unit always spelled out, empty for the whole ministry: with none, a download would
    # fall back to the viewer's own unit rather than the scope shown
    context["query"] = f"year={year}&month={month}&unit={unit.pk if unit else ''}"
    template = PARTIAL if getattr(request, "htmx", False) else "goals/review.html"
    return render(request, template, context)


def _download(request, writer, content_type: str, extension: str):
    try:
        year, month, unit, _units = _params(request)
    except BadParams as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    review = monthly_review(viewer=request.user, year=year, month=month, unit=unit)
    response = HttpResponse(writer(review), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(review, extension)}"'
    return response


@login_required
@require_GET
def review_xlsx_download(request):
    return _download(request, review_xlsx, XLSX_CONTENT_TYPE, "xlsx")


@login_required
@require_GET
def review_docx_download(request):
    return _download(request, review_docx, DOCX_CONTENT_TYPE, "docx")
