"""Emulation API, the office's ratings of units (issue 15, point 2): a parent unit's units with
their ratings and cap, computing a unit's rating from its task figures, confirming its level
(If-Match) — the pages' selectors, services and rules (thidua/emulation/views/unit_ratings.py).
Mounted by thidua/emulation/api.py."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Id, InputSchema, model_field
from thidua.org.selectors import unit_get

from . import rules
from .api_periods import CapOut, Year, _cap, _year
from .models import UnitRating, WorkAssignment
from .selectors import ratings as selectors
from .services import ratings as services

router = Router()  # tagged by the emulation router it is mounted on


# ---------------------------------------------------------------- the office: unit ratings
class UnitRatingOut(Schema):
    id: int
    unit_id: int
    year: int
    score: Decimal
    tasks_total: int
    tasks_done: int
    tasks_on_time: int
    tasks_exceeding: int
    outstanding: bool
    level: str
    reasons: list
    status: str


class UnitRatingRowOut(Schema):
    unit_id: int
    unit_name: str
    rating: UnitRatingOut | None


class UnitRatingsOut(Schema):
    parent_id: int
    year: int
    rows: list[UnitRatingRowOut]
    cap: CapOut | None


class UnitRatingIn(InputSchema):
    unit_id: Id = Field(description="Một đơn vị đang hoạt động, trực thuộc một đơn vị khác.")
    year: Year
    score: model_field(UnitRating, "score")
    tasks_total: model_field(UnitRating, "tasks_total")
    tasks_done: model_field(UnitRating, "tasks_done")
    tasks_on_time: model_field(UnitRating, "tasks_on_time")
    tasks_exceeding: model_field(UnitRating, "tasks_exceeding")
    outstanding: bool = Field(False, description="Kết quả nổi bật (nâng trần lên 25%).")


class UnitRatingSetIn(InputSchema):
    level: model_field(UnitRating, "level")
    note: model_field(WorkAssignment, "note") = ""


@router.get(
    "/units/{unit_id}/unit-ratings",
    response={200: UnitRatingsOut, **ERRORS},
    summary="Xếp loại các đơn vị trực thuộc một đơn vị",
    description=(
        "Bộ phận thi đua: các đơn vị đang hoạt động dưới đơn vị này, kết quả xếp loại năm "
        "`year` (mặc định năm nay) và trần HTXS giữa chúng (khác: 403)."
    ),
)
def unit_ratings(request, unit_id: Id, year: Year | None = None):
    year = _year(year)
    parent = unit_get(viewer=request.user, pk=unit_id)
    units = list(selectors.units_to_rate(viewer=request.user, parent=parent))
    ratings = {
        r.unit_id: r for r in selectors.unit_ratings(viewer=request.user, year=year, parent=parent)
    }
    cap = selectors.unit_cap_for(unit=units[0], year=year) if units else None
    return {
        "parent_id": parent.pk,
        "year": year,
        "rows": [
            {"unit_id": u.pk, "unit_name": u.name, "rating": ratings.get(u.pk)} for u in units
        ],
        "cap": _cap(cap) if cap else None,
    }


@router.post(
    "/unit-ratings",
    response={200: UnitRatingOut, **ERRORS},
    summary="Tính xếp loại năm của một đơn vị",
    description=(
        "Bộ phận thi đua: từ điểm và số nhiệm vụ (trong kế hoạch, hoàn thành, đúng hạn, vượt "
        "yêu cầu); tính lại khi chưa xác nhận."
    ),
)
def unit_rating_compute(request, payload: UnitRatingIn):
    if not rules.can_rate_units(request.user):
        raise PermissionDenied(_("Only the emulation office rates units."))
    unit = unit_get(viewer=request.user, pk=payload.unit_id)
    if unit.parent is None or not (
        selectors.units_to_rate(viewer=request.user, parent=unit.parent).filter(pk=unit.pk).exists()
    ):
        raise ValidationError({"unit_id": _("Choose a current unit under another unit.")})
    return services.unit_rating_compute(
        actor=request.user, unit=unit, **payload.dict(exclude={"unit_id"})
    )


def _unit_rating(request, unit_rating_id: int) -> UnitRating:
    if not rules.can_rate_units(request.user):
        raise PermissionDenied(_("Only the emulation office rates units."))
    return selectors.unit_rating_by_id(viewer=request.user, pk=unit_rating_id)


@router.get(
    "/unit-ratings/{unit_rating_id}",
    response={200: UnitRatingOut, **ERRORS},
    summary="Một kết quả xếp loại đơn vị",
    description="Bộ phận thi đua; kèm ETag (gửi trong If-Match khi xác nhận mức).",
    openapi_extra=ETAG_RESPONSE,
)
def unit_rating(request, unit_rating_id: Id, response: HttpResponse):
    return set_etag(response, UnitRatingOut, _unit_rating(request, unit_rating_id))


@router.post(
    "/unit-ratings/{unit_rating_id}/confirm",
    response={200: UnitRatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Xác nhận mức xếp loại của một đơn vị",
    description=(
        "Bộ phận thi đua: không cao hơn mức kết quả thực hiện nhiệm vụ cho phép, HTXS trong "
        "trần giữa các đơn vị cùng cấp. If-Match được kiểm tra khi có gửi."
    ),
)
def unit_rating_confirm(
    request, unit_rating_id: Id, payload: UnitRatingSetIn, if_match: str | None = IfMatch
):
    found = for_update(
        _unit_rating(request, unit_rating_id),
        schema=UnitRatingOut,
        if_match=if_match,
        required=False,
    )
    services.unit_rating_set(
        actor=request.user, unit_rating=found, level=payload.level, note=payload.note
    )
    return _unit_rating(request, unit_rating_id)
