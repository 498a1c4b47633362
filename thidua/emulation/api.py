"""Emulation API (issue 15, point 2), first part: movements and their registrations, read
through the same selectors as the pages (a draft only for the emulation office). Scores,
ratings, records and initiatives are still to come (docs/API.md)."""

from datetime import date

from ninja import Router, Schema
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Id

from .selectors import movements as selectors

router = Router(tags=["emulation"])


class MovementOut(Schema):
    id: int
    name: str
    kind: str
    objectives: str
    period_start: date
    period_end: date
    status: str
    launched_by_id: int
    registration_count: int
    results_published: bool

    @staticmethod
    def resolve_results_published(obj):
        return obj.results_published_at is not None


class RegistrationOut(Schema):
    id: int
    unit_id: int | None
    person_id: int | None
    registrant_name: str
    cluster_id: int | None
    commitments: str


@router.get(
    "/movements",
    response={200: list[MovementOut], **ERRORS},
    summary="Các phong trào thi đua",
    description="Phong trào người gọi được xem (bản nháp chỉ với bộ phận thi đua), kỳ mới trước.",
)
@paginate(KeysetPagination, ordering=("-period_start", "-pk"))
def movements(request):
    return selectors.movement_list(viewer=request.user)


@router.get(
    "/movements/{movement_id}",
    response={200: MovementOut, **ERRORS},
    summary="Một phong trào thi đua",
)
def movement(request, movement_id: Id):
    return selectors.movement_get(viewer=request.user, pk=movement_id)


@router.get(
    "/movements/{movement_id}/registrations",
    response={200: list[RegistrationOut], **ERRORS},
    summary="Các đăng ký tham gia một phong trào",
    description="Đơn vị và cá nhân đã đăng ký (chưa rút) với cam kết của họ.",
)
@paginate(KeysetPagination, ordering=("pk",))
def registrations(request, movement_id: Id):
    movement = selectors.movement_get(viewer=request.user, pk=movement_id)
    return selectors.registration_list(viewer=request.user, movement=movement)
