"""Organisation API: the unit tree, people (public names for staff, private fields for
who may read them), and — for administrators only — the organisation's writes through
thidua/org/services.py (create a unit, rename it from a date, give a person a post). A
unit's GET answers an ETag; renaming needs If-Match (428 without, 412 when stale)."""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    model_field,
)

from . import selectors, services
from .models import Person, PersonPosition, Position, Unit, UnitChange
from .rules import is_org_administrator

SEARCH_MAX = 120

router = Router(tags=["org"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    people_total: int


class PersonPublicOut(Schema):
    id: int
    full_name: str
    unit_id: int
    unit_name: str
    position_name: str | None


class PersonPrivateOut(PersonPublicOut):
    # Private as on the person's page: an employee code names the person in imports.
    employee_code: str
    email: str
    phone: str
    date_of_birth: date | None
    category: str
    rank: str
    grade: int | None


@router.get(
    "/units",
    response={200: list[UnitOut], **ERRORS},
    summary="Cây đơn vị (theo ngày)",
    description="Mọi đơn vị còn hiệu lực vào ngày `on` (mặc định hôm nay), tên vào ngày đó.",
)
def units(request, on: Day | None = None):
    return [
        UnitOut(
            id=u.pk,
            code=u.code,
            name=u.name_then or u.name,
            short_name=u.short_name_then or "",
            kind=u.kind,
            parent_id=u.parent_id,
            depth=u.depth,
            people_total=u.people_total,
        )
        for u in selectors.unit_tree(viewer=request.user, on=on)
    ]


@router.get(
    "/people/{person_id}",
    response={200: PersonPrivateOut | PersonPublicOut, **ERRORS},
    summary="Thông tin một người (riêng tư khi được phép)",
)
def person(request, person_id: Id):
    get_object_or_404(Person, pk=person_id)
    p = selectors.person_get(viewer=request.user, pk=person_id)
    base = {
        "id": p.pk,
        "full_name": p.full_name,
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "position_name": p.position.name if p.position else None,
    }
    if not p.viewer_may_see_private:
        return PersonPublicOut(**base)
    return PersonPrivateOut(
        **base,
        employee_code=p.employee_code,
        email=p.email,
        phone=p.phone,
        date_of_birth=p.date_of_birth,
        category=p.category,
        rank=p.rank,
        grade=p.grade,
    )


# ---------------------------------------------------------------- people, paged
class PersonListOut(Schema):
    id: int
    full_name: str
    unit_id: int
    unit_name: str
    position_name: str | None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_position_name(obj):
        return obj.position.name if obj.position_id else None


@router.get(
    "/people",
    response={200: list[PersonListOut], **ERRORS},
    summary="Danh sách cán bộ (tên, đơn vị, chức vụ)",
    description=(
        "Thông tin công khai với cán bộ, như trang danh bạ: người đang làm việc, theo họ tên. "
        "Lọc theo đơn vị (cả cây dưới) và tìm theo tên hoặc mã. Thông tin riêng tư: "
        "GET /people/{id} khi được phép."
    ),
)
@paginate(KeysetPagination, ordering=("full_name", "pk"))
def people(
    request,
    unit_id: Id | None = None,
    search: Annotated[str, Field(max_length=SEARCH_MAX, pattern=r"^[^\x00]*$")] = "",
):
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id else None
    return selectors.person_list(viewer=request.user, search=search.strip(), unit=unit)


# ---------------------------------------------------------------- administrators' writes
class UnitDetailOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None


class UnitIn(InputSchema):
    code: model_field(Unit, "code")
    name: model_field(Unit, "name")
    short_name: model_field(Unit, "short_name") = ""
    kind: model_field(Unit, "kind")
    parent_id: Id | None = None
    valid_from: Day
    basis: model_field(UnitChange, "basis") = ""


class RenameIn(InputSchema):
    name: model_field(Unit, "name")
    short_name: model_field(Unit, "short_name") = ""
    effective_on: Day
    basis: model_field(UnitChange, "basis") = ""


class PostIn(InputSchema):
    unit_id: Id
    position_id: Id
    valid_from: Day
    kind: model_field(PersonPosition, "kind") = "primary"
    decision: model_field(PersonPosition, "decision") = ""


class PostOut(Schema):
    id: int
    person_id: int
    unit_id: int
    position_id: int
    kind: str
    valid_from: date
    valid_to: date | None
    decision: str


def _require_admin(request) -> None:
    # Before any lookup, so that a non-administrator learns nothing of what exists.
    if not is_org_administrator(request.user):
        raise PermissionDenied(_("Only an administrator may change the organisation."))


@router.get(
    "/units/{unit_id}",
    response={200: UnitDetailOut, **ERRORS},
    summary="Một đơn vị",
    description="Thông tin công khai của đơn vị; kèm ETag để đổi tên.",
    openapi_extra=ETAG_RESPONSE,
)
def unit(request, unit_id: Id, response: HttpResponse):
    return set_etag(response, UnitDetailOut, selectors.unit_get(viewer=request.user, pk=unit_id))


@router.post(
    "/units",
    response={201: UnitDetailOut, **ERRORS},
    summary="Thành lập đơn vị (quản trị)",
    description="Mã không trùng; đơn vị cha (nếu có) phải tồn tại. Ghi lịch sử thay đổi.",
)
def unit_create(request, payload: UnitIn):
    _require_admin(request)
    parent = (
        selectors.unit_get(viewer=request.user, pk=payload.parent_id) if payload.parent_id else None
    )
    created = services.unit_create(
        actor=request.user, parent=parent, **payload.dict(exclude={"parent_id"})
    )
    return Status(201, created)


@router.post(
    "/units/{unit_id}/rename",
    response={200: UnitDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi tên đơn vị từ một ngày (quản trị, cần If-Match)",
    description=(
        "Tên cũ giữ nguyên cho các ngày trước. Bắt buộc If-Match bằng ETag của GET "
        "/units/{id}: thiếu → 428, đã có người đổi → 412."
    ),
)
def unit_rename(request, unit_id: Id, payload: RenameIn, if_match: str | None = IfMatch):
    _require_admin(request)
    found = for_update(
        selectors.unit_get(viewer=request.user, pk=unit_id), schema=UnitDetailOut, if_match=if_match
    )
    return services.unit_rename(actor=request.user, unit=found, **payload.dict())


@router.post(
    "/people/{person_id}/posts",
    response={201: PostOut, **ERRORS},
    summary="Bổ nhiệm, điều động: giao một vị trí công tác (quản trị)",
    description=(
        "Vị trí chính mới đóng vị trí chính trước đó từ ngày bắt đầu (phải sau ngày bắt đầu "
        "của vị trí hiện tại) và chuyển người sang đơn vị mới; quyền và kiêm nhiệm giữ song song."
    ),
)
def person_post(request, person_id: Id, payload: PostIn):
    _require_admin(request)
    found = selectors.person_get(viewer=request.user, pk=person_id)
    unit_to = selectors.unit_get(viewer=request.user, pk=payload.unit_id)
    position = get_object_or_404(Position, pk=payload.position_id)
    created = services.person_assign_post(
        actor=request.user,
        person=found,
        unit=unit_to,
        position=position,
        **payload.dict(exclude={"unit_id", "position_id"}),
    )
    return Status(201, created)
