"""Organisation API, people: the directory (public fields for staff, private ones for who
may read them), a person's posts and — for administrators — a new person, a change of their
own fields (If-Match) and a new post, the positions' catalogue and — for administrators — a
new position. Writes on a person go through thidua/org/services/people.py. Mounted by
thidua/org/api.py."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, check_if_match, etag_of, locked
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
from .api_base import OrgRouter, Search, require_admin
from .models import Person, PersonPosition, Position
from .services import people as services_people

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
    gender: str
    category: str
    rank: str
    grade: int | None
    hr_managed_fields: list[str] = Field(
        description=(
            "Các trường do hệ thống quản lý nhân sự quản lý với người này (hồ sơ đến từ đồng "
            "bộ nhân sự): không sửa được ở Thi Đua (PATCH → 422). Rỗng: hồ sơ của Thi Đua."
        )
    )
    hr_managed_post_fields: list[str] = Field(
        description=(
            "Các thông tin của vị trí công tác chính do hệ thống quản lý nhân sự quản lý với "
            "người này (`unit`, `position`): chuyển người này sang đơn vị hoặc chức vụ khác "
            "qua POST /people/{id}/posts → 422. Rỗng: hồ sơ của Thi Đua."
        )
    )


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


def _person_out(p: Person, *, private: bool) -> PersonPrivateOut | PersonPublicOut:
    base = {
        "id": p.pk,
        "full_name": p.full_name,
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "position_name": p.position.name if p.position else None,
    }
    if not private:
        return PersonPublicOut(**base)
    return PersonPrivateOut(
        **base,
        employee_code=p.employee_code,
        email=p.email,
        phone=p.phone,
        date_of_birth=p.date_of_birth,
        gender=p.gender,
        category=p.category,
        rank=p.rank,
        grade=p.grade,
        hr_managed_fields=list(services_people.hr_managed_fields_of(p)),
        hr_managed_post_fields=list(services_people.hr_managed_post_fields_of(p)),
    )


@router.get(
    "/people/{person_id}",
    response={200: PersonPrivateOut | PersonPublicOut, **ERRORS},
    summary="Thông tin một người (riêng tư khi được phép)",
    description=(
        "Họ tên, đơn vị, chức vụ với mọi cán bộ; mã cán bộ, liên hệ, ngày sinh, ngạch bậc chỉ "
        "với người được xem như trang của người đó. Khi thấy thông tin riêng tư: kèm ETag để "
        "sửa bằng PATCH."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def person(request, person_id: Id, response: HttpResponse):
    p = selectors.person_get(viewer=request.user, pk=person_id)
    out = _person_out(p, private=p.viewer_may_see_private)
    if p.viewer_may_see_private:
        response["ETag"] = etag_of(PersonPrivateOut, out)
    return out


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
        "của vị trí hiện tại) và chuyển người sang đơn vị mới; quyền và kiêm nhiệm giữ song song. "
        "Hồ sơ đến từ đồng bộ nhân sự: vị trí chính ở đơn vị hoặc chức vụ khác → 422 (đơn vị, "
        "chức vụ do hệ thống quản lý nhân sự quản lý); quyền, kiêm nhiệm vẫn giao được."
    ),
)
def person_post(request, person_id: Id, payload: PostIn):
    require_admin(request)
    found = selectors.person_get(viewer=request.user, pk=person_id)
    unit_to = selectors.unit_get(viewer=request.user, pk=payload.unit_id)
    position = selectors.position_get(viewer=request.user, pk=payload.position_id)
    refused = services_people.hr_post_refusals(
        person=found, unit_id=unit_to.pk, position_id=position.pk, kind=payload.kind
    )
    if refused:  # named as the request names them (the service refuses it too)
        raise ValidationError({f"{name}_id": message for name, message in refused.items()})
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


class PersonIn(InputSchema):
    employee_code: model_field(Person, "employee_code")
    full_name: model_field(Person, "full_name")
    unit_id: Id
    position_id: Id
    category: model_field(Person, "category")
    post_from: Day = Field(description="Ngày bắt đầu vị trí công tác chính ở đơn vị.")
    email: model_field(Person, "email") = ""
    phone: model_field(Person, "phone") = ""
    date_of_birth: Day | None = None
    gender: model_field(Person, "gender") = ""
    rank: model_field(Person, "rank") = ""
    grade: model_field(Person, "grade") | None = None


class PersonPatchIn(InputSchema):
    """Only the fields sent are changed; `null` only where the record may be empty."""

    full_name: model_field(Person, "full_name") = None
    email: model_field(Person, "email") = None
    phone: model_field(Person, "phone") = None
    date_of_birth: Day | None = None
    gender: model_field(Person, "gender") = None
    category: model_field(Person, "category") = None
    rank: model_field(Person, "rank") = None
    grade: model_field(Person, "grade") | None = None


@router.post(
    "/people",
    response={201: PersonPrivateOut, **ERRORS},
    summary="Thêm một cán bộ (quản trị)",
    description=(
        "Hồ sơ mới với vị trí công tác chính ở đơn vị từ ngày `post_from`. Mã cán bộ đã có, "
        "thư điện tử sai dạng, đơn vị chưa hoặc không còn hoạt động vào ngày đó: 422, không "
        "ghi gì. Ghi nhật ký."
    ),
)
def person_create(request, payload: PersonIn):
    require_admin(request)
    unit_to = selectors.unit_get(viewer=request.user, pk=payload.unit_id)
    position = selectors.position_get(viewer=request.user, pk=payload.position_id)
    created = services_people.person_add(
        actor=request.user,
        unit=unit_to,
        position=position,
        **payload.dict(exclude={"unit_id", "position_id"}),
    )
    return Status(201, _person_out(created, private=True))


@router.patch(
    "/people/{person_id}",
    response={200: PersonPrivateOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa thông tin của một cán bộ (quản trị, cần If-Match)",
    description=(
        "Họ tên, thư điện tử, điện thoại, ngày sinh, giới tính, loại cán bộ, ngạch, bậc; chỉ "
        "các trường gửi lên. Mã cán bộ không đổi (đồng bộ nhân sự và đăng nhập thư mục dựa "
        "vào nó); đơn vị, chức vụ: POST /people/{id}/posts. Bắt buộc If-Match bằng ETag của "
        "GET /people/{id}: thiếu → 428, đã có người đổi → 412. Dữ liệu sai: 422, không ghi gì. "
        "Hồ sơ đến từ đồng bộ nhân sự: đổi một trường trong `hr_managed_fields` → 422 (trường "
        "đó do hệ thống quản lý nhân sự quản lý), các trường khác sửa được."
    ),
)
def person_update(request, person_id: Id, payload: PersonPatchIn, if_match: str | None = IfMatch):
    require_admin(request)
    row = locked(selectors.person_get(viewer=request.user, pk=person_id))
    check_if_match(if_match, schema=PersonPrivateOut, obj=_person_out(row, private=True))
    updated = services_people.person_update(
        actor=request.user, person=row, **payload.dict(exclude_unset=True)
    )
    return _person_out(updated, private=True)
