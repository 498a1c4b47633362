"""Organisation API: the unit tree, people (public names for staff, private fields for
who may read them), positions, and — for administrators only — the organisation's writes
through thidua/org/services.py (create, rename, move, merge and split units, give a person a
post, grant and end roles). Every read goes through thidua/org/selectors.py. A unit's and a
role's GET answer an ETag; renaming and moving a unit need If-Match (428 without, 412 when
stale); merging, splitting and ending a role check it when it is sent.

Party secretary roles are Party work (issue 10): granted and ended only by a Party role over
the body (the services check it), never by the administrator's state role."""

from datetime import date
from typing import Annotated

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponse
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
from .choices import Role
from .models import PersonPosition, RoleAssignment, Unit, UnitChange
from .rules import is_org_administrator

SEARCH_MAX = 120
MERGE_SOURCES_MAX = 50
SPLIT_INTO_MAX = 20

Search = Annotated[str, Field(max_length=SEARCH_MAX, pattern=r"^[^\x00]*$")]

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
def people(request, unit_id: Id | None = None, search: Search = ""):
    unit = selectors.unit_get(viewer=request.user, pk=unit_id) if unit_id else None
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
    position = selectors.position_get(viewer=request.user, pk=payload.position_id)
    created = services.person_assign_post(
        actor=request.user,
        person=found,
        unit=unit_to,
        position=position,
        **payload.dict(exclude={"unit_id", "position_id"}),
    )
    return Status(201, created)


# ---------------------------------------------------------------- the unit tree's changes
class MoveIn(InputSchema):
    parent_id: Id | None = Field(description="Đơn vị cha mới; null: lên cấp cao nhất.")


class MergeIn(InputSchema):
    source_ids: list[Id] = Field(min_length=1, max_length=MERGE_SOURCES_MAX)
    effective_on: Day
    basis: model_field(UnitChange, "basis") = ""
    note: model_field(UnitChange, "note", max_length=2000) = ""
    new_name: model_field(Unit, "name") | None = Field(
        None, description="Tên mới của đơn vị nhận từ ngày sáp nhập (tuỳ chọn)."
    )
    new_short_name: model_field(Unit, "short_name") = ""


class UnitSpecIn(InputSchema):
    code: model_field(Unit, "code")
    name: model_field(Unit, "name")
    short_name: model_field(Unit, "short_name") = ""
    kind: model_field(Unit, "kind")


class SplitIn(InputSchema):
    into: list[UnitSpecIn] = Field(min_length=2, max_length=SPLIT_INTO_MAX)
    effective_on: Day
    basis: model_field(UnitChange, "basis") = ""


class UnitChangeOut(Schema):
    id: int
    kind: str
    effective_on: date
    basis: str
    note: str
    source_ids: list[int]
    target_ids: list[int]

    @staticmethod
    def resolve_source_ids(obj):
        return sorted(u.pk for u in obj.sources.all())

    @staticmethod
    def resolve_target_ids(obj):
        return sorted(u.pk for u in obj.targets.all())


def _after_start(units: list[Unit], on: date) -> None:
    """A change dated on or before a unit began would close its posts before they opened."""
    if any(on <= u.valid_from for u in units):
        raise ValidationError(
            {"effective_on": _("The change must take effect after the units were established.")}
        )


@router.post(
    "/units/{unit_id}/move",
    response={200: UnitDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Chuyển đơn vị sang đơn vị cha khác (quản trị, cần If-Match)",
    description=(
        "Cả cây dưới đơn vị đi theo. Không chuyển được vào chính nó hay đơn vị dưới nó (422). "
        "Bắt buộc If-Match bằng ETag của GET /units/{id}: thiếu → 428, đã có người đổi → 412."
    ),
)
def unit_move(request, unit_id: Id, payload: MoveIn, if_match: str | None = IfMatch):
    _require_admin(request)
    found = for_update(
        selectors.unit_get(viewer=request.user, pk=unit_id), schema=UnitDetailOut, if_match=if_match
    )
    parent = (
        selectors.unit_get(viewer=request.user, pk=payload.parent_id) if payload.parent_id else None
    )
    return services.unit_move(actor=request.user, unit=found, new_parent=parent)


@router.post(
    "/units/{unit_id}/merge",
    response={200: UnitChangeOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sáp nhập các đơn vị vào đơn vị này (quản trị)",
    description=(
        "Từ ngày hiệu lực: đơn vị con và người của các đơn vị nguồn chuyển sang đơn vị này, "
        "các đơn vị nguồn thôi hoạt động; tên mới (nếu có) dùng từ ngày đó, tên cũ giữ cho các "
        "ngày trước. Đơn vị đã thôi hoạt động hoặc chính nó: 422. If-Match (ETag của GET "
        "/units/{id}) được kiểm tra khi có gửi."
    ),
)
def unit_merge(request, unit_id: Id, payload: MergeIn, if_match: str | None = IfMatch):
    _require_admin(request)
    target = for_update(
        selectors.unit_get(viewer=request.user, pk=unit_id),
        schema=UnitDetailOut,
        if_match=if_match,
        required=False,
    )
    sources = [
        selectors.unit_get(viewer=request.user, pk=pk) for pk in dict.fromkeys(payload.source_ids)
    ]
    if target.valid_to is not None:
        raise ValidationError(_("A unit that has already closed cannot be merged."))
    _after_start([target, *sources], payload.effective_on)
    change = services.unit_merge(
        actor=request.user,
        sources=sources,
        target=target,
        effective_on=payload.effective_on,
        basis=payload.basis,
        note=payload.note,
        new_name=payload.new_name or "",
        new_short_name=payload.new_short_name if payload.new_name else "",
    )
    return change


@router.post(
    "/units/{unit_id}/split",
    response={201: list[UnitDetailOut], **ERRORS, **PRECONDITION_ERRORS},
    summary="Chia tách đơn vị thành các đơn vị mới (quản trị)",
    description=(
        "Từ ngày hiệu lực: lập các đơn vị mới (mã không trùng) cùng cấp với đơn vị này, đơn "
        "vị này thôi hoạt động; người vẫn ở đơn vị cũ cho tới khi được giao vị trí ở đơn vị "
        "mới. Đơn vị đã thôi hoạt động: 422. If-Match (ETag của GET /units/{id}) được kiểm "
        "tra khi có gửi."
    ),
)
def unit_split(request, unit_id: Id, payload: SplitIn, if_match: str | None = IfMatch):
    _require_admin(request)
    source = for_update(
        selectors.unit_get(viewer=request.user, pk=unit_id),
        schema=UnitDetailOut,
        if_match=if_match,
        required=False,
    )
    if source.valid_to is not None:
        raise ValidationError(_("A unit that has already closed cannot be split."))
    _after_start([source], payload.effective_on)
    codes = [spec.code for spec in payload.into]
    if len(set(codes)) != len(codes):
        raise ValidationError({"into": _("Each new unit needs its own code.")})
    created = services.unit_split(
        actor=request.user,
        source=source,
        into=[spec.dict() for spec in payload.into],
        effective_on=payload.effective_on,
        basis=payload.basis,
    )
    return Status(201, created)


# ---------------------------------------------------------------- positions and posts
class PositionOut(Schema):
    id: int
    code: str
    name: str
    is_head: bool
    is_deputy: bool
    level: int


@router.get(
    "/positions",
    response={200: list[PositionOut], **ERRORS},
    summary="Danh mục chức vụ",
    description="Các chức vụ dùng khi giao vị trí công tác, theo mã; tìm theo tên hoặc mã.",
)
@paginate(KeysetPagination, ordering=("code", "pk"))
def positions(request, search: Search = ""):
    return selectors.position_list(viewer=request.user, search=search.strip())


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


# ---------------------------------------------------------------- roles
class RoleOut(Schema):
    id: int
    user_id: int
    username: str
    person_id: int | None
    role: str
    unit_id: int | None
    unit_group_id: int | None
    party_organization_id: int | None
    valid_from: date
    valid_to: date | None

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_person_id(obj):
        person = getattr(obj.user, "person", None)
        return person.pk if person is not None else None


class RoleIn(InputSchema):
    person_id: Id = Field(description="Người nhận vai trò (phải có tài khoản).")
    role: model_field(RoleAssignment, "role")
    valid_from: Day
    unit_id: Id | None = None
    unit_group_id: Id | None = None
    party_organization_id: Id | None = None


class RoleEndIn(InputSchema):
    valid_to: Day


@router.get(
    "/roles",
    response={200: list[RoleOut], **ERRORS},
    summary="Các vai trò đã giao",
    description=(
        "Quản trị: các vai trò chính quyền; người giữ vai trò Đảng: vai trò bí thư của các tổ "
        "chức đảng mình phụ trách (quản trị không thấy vai trò Đảng). Lọc theo người, vai trò, "
        "và `on` (chỉ vai trò còn hiệu lực vào ngày đó)."
    ),
)
@paginate(KeysetPagination, ordering=("-valid_from", "-pk"))
def roles(
    request,
    person_id: Id | None = None,
    role: model_field(RoleAssignment, "role") | None = None,
    on: Day | None = None,
):
    user_id = None
    if person_id is not None:
        person = selectors.person_get(viewer=request.user, pk=person_id)
        if person.user_id is None:
            return selectors.role_assignment_list(viewer=request.user).none()
        user_id = person.user_id
    return selectors.role_assignment_list(viewer=request.user, user_id=user_id, role=role, on=on)


@router.get(
    "/roles/{role_id}",
    response={200: RoleOut, **ERRORS},
    summary="Một vai trò đã giao",
    description="Kèm ETag; chỉ người quản lý vai trò đó (khác: 404).",
    openapi_extra=ETAG_RESPONSE,
)
def role(request, role_id: Id, response: HttpResponse):
    return set_etag(
        response, RoleOut, selectors.role_assignment_get(viewer=request.user, pk=role_id)
    )


@router.post(
    "/roles",
    response={201: RoleOut, **ERRORS},
    summary="Giao vai trò",
    description=(
        "Vai trò chính quyền: chỉ quản trị (thủ trưởng cần đơn vị). Vai trò bí thư: chỉ người "
        "giữ vai trò Đảng đối với tổ chức đảng đó — không phải quản trị (403)."
    ),
)
def role_create(request, payload: RoleIn):
    if payload.role == Role.PARTY_SECRETARY:
        if payload.party_organization_id is None:
            raise ValidationError(
                {"party_organization_id": _("A Party secretary role needs a Party body.")}
            )
        try:
            body = selectors.party_body_get(viewer=request.user, pk=payload.party_organization_id)
        except ObjectDoesNotExist:
            raise PermissionDenied(
                _("Only someone holding a Party role over this Party body may change it.")
            ) from None
        scope = {"party_organization": body}
    else:
        _require_admin(request)
        if payload.party_organization_id is not None:
            raise ValidationError(
                {"party_organization_id": _("Only a Party secretary role has a Party body.")}
            )
        scope = {
            "unit": selectors.unit_get(viewer=request.user, pk=payload.unit_id)
            if payload.unit_id
            else None,
            "unit_group": selectors.unit_group_get(viewer=request.user, pk=payload.unit_group_id)
            if payload.unit_group_id
            else None,
        }
    person = selectors.person_get(viewer=request.user, pk=payload.person_id)
    if person.user_id is None:
        raise ValidationError({"person_id": _("This person has no account to give a role to.")})
    created = services.role_grant(
        actor=request.user,
        user=get_user_model()._default_manager.get(pk=person.user_id),
        role=payload.role,
        valid_from=payload.valid_from,
        **scope,
    )
    return Status(201, selectors.role_assignment_get(viewer=request.user, pk=created.pk))


@router.post(
    "/roles/{role_id}/end",
    response={200: RoleOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Kết thúc một vai trò từ một ngày",
    description=(
        "Vai trò hết hiệu lực từ ngày `valid_to` (sau ngày bắt đầu). Cùng quyền như giao vai "
        "trò. If-Match (ETag của GET /roles/{id}) được kiểm tra khi có gửi."
    ),
)
def role_end(request, role_id: Id, payload: RoleEndIn, if_match: str | None = IfMatch):
    found = for_update(
        selectors.role_assignment_list(viewer=request.user),
        pk=role_id,
        schema=RoleOut,
        if_match=if_match,
        required=False,
    )
    if payload.valid_to <= found.valid_from:
        raise ValidationError({"valid_to": _("A role ends after the day it began.")})
    services.role_revoke(actor=request.user, assignment=found, valid_to=payload.valid_to)
    return selectors.role_assignment_get(viewer=request.user, pk=role_id)
