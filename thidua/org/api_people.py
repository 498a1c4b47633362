"""Organisation API, people: the directory (public fields for staff, private ones for who
may read them), a person's posts and — for administrators — a new post, the positions'
catalogue and — for administrators — a new position. Mounted by thidua/org/api.py."""

from datetime import date

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    Day,
    Id,
    InputSchema,
    model_field,
)

from . import selectors, services
from .api_base import OrgRouter, Search, require_admin
from .models import PersonPosition, Position

router = OrgRouter()


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


class PositionOut(Schema):
    id: int
    code: str
    name: str
    is_head: bool
    is_deputy: bool
    level: int


@router.get(
    "/people/{person_id}",
    response={200: PersonPrivateOut | PersonPublicOut, **ERRORS},
    summary="Thông tin một người (riêng tư khi được phép)",
)
def person(request, person_id: Id):
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
def people(request, unit_id: Id | None = None, search: Search = ""):
    unit = selectors.unit_get(viewer=request.user, pk=unit_id) if unit_id else None
    return selectors.person_list(viewer=request.user, search=search.strip(), unit=unit)


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
    require_admin(request)
    found = selectors.person_get(viewer=request.user, pk=person_id)
    unit_to = selectors.unit_get(viewer=request.user, pk=payload.unit_id)
    position = selectors.position_get(viewer=request.user, pk=payload.position_id)
    created = services.person_assign_post(
        actor=request.user,
        person=found,
        unit=unit_to,
        position=position,
        **payload.dict(exclude={"unit_id", "position_id"}),
    )
    return Status(201, created)


@router.get(
    "/positions",
    response={200: list[PositionOut], **ERRORS},
    summary="Danh mục chức vụ",
    description="Các chức vụ dùng khi giao vị trí công tác, theo mã; tìm theo tên hoặc mã.",
)
@paginate(KeysetPagination, ordering=("code", "pk"))
def positions(request, search: Search = ""):
    return selectors.position_list(viewer=request.user, search=search.strip())


class PositionIn(InputSchema):
    code: model_field(Position, "code")
    name: model_field(Position, "name")
    is_head: bool = Field(False, description="Người đứng đầu đơn vị (Cục trưởng, Trưởng phòng).")
    is_deputy: bool = Field(False, description="Cấp phó.")
    level: model_field(Position, "level") = Field(0, description="Cao hơn là cấp cao hơn.")


@router.post(
    "/positions",
    response={201: PositionOut, **ERRORS},
    summary="Thêm chức vụ vào danh mục (quản trị)",
    description="Mã không trùng (422); không vừa là cấp trưởng vừa là cấp phó. Ghi nhật ký.",
)
def position_create(request, payload: PositionIn):
    require_admin(request)
    return Status(201, services.position_create(actor=request.user, **payload.dict()))


@router.get(
    "/people/{person_id}/posts",
    response={200: list[PostOut], **ERRORS},
    summary="Quá trình công tác của một người",
    description=(
        "Các vị trí (chính, quyền, kiêm nhiệm) theo thời gian, mới trước; riêng tư như trang "
        "của người đó (không được xem: 403)."
    ),
)
@paginate(KeysetPagination, ordering=("-valid_from", "-pk"))
def person_posts(request, person_id: Id):
    found = selectors.person_get(viewer=request.user, pk=person_id)
    return selectors.person_posts(viewer=request.user, person=found)
