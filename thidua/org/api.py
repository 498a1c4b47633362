"""Organisation API: the unit tree, people (public names for staff, private fields for
who may read them), positions, and — for administrators only — the organisation's writes
through thidua/org/services/ (create, rename, move, merge, split and close units, give a person a
post, grant and end roles). Every read goes through thidua/org/selectors.py. A unit's and a
role's GET answer an ETag; renaming and moving a unit need If-Match (428 without, 412 when
stale); merging, splitting and ending a role check it when it is sent.

Party secretary roles are Party work (issue 10): granted and ended only by a Party role over
the body (the services check it), never by the administrator's state role.

This module has the units and their changes and mounts one router per area: api_people.py
(people, their posts, positions), api_roles.py (role assignments), api_sync.py (the HR
sync's runs and "Sync now"), api_import.py (the Excel import and its job); api_base.py holds what they share. Operation ids stay
`thidua_org_api_<function>`."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    model_field,
)

from . import selectors, services
from .api_base import OrgRouter, require_admin
from .api_import import router as import_router
from .api_people import router as people_router
from .api_roles import router as roles_router
from .api_sync import router as sync_router
from .models import Unit, UnitChange

MERGE_SOURCES_MAX = 50
SPLIT_INTO_MAX = 20

router = OrgRouter(tags=["org"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    people_total: int


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
    require_admin(request)
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
    require_admin(request)
    found = for_update(
        selectors.unit_get(viewer=request.user, pk=unit_id), schema=UnitDetailOut, if_match=if_match
    )
    return services.unit_rename(actor=request.user, unit=found, **payload.dict())


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
    require_admin(request)
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
    require_admin(request)
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
    require_admin(request)
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


class CloseIn(InputSchema):
    effective_on: Day = Field(description="Ngày giải thể (đơn vị thôi hoạt động từ ngày này).")
    basis: model_field(UnitChange, "basis") = ""
    note: model_field(UnitChange, "note", max_length=2000) = ""


@router.post(
    "/units/{unit_id}/close",
    response={200: UnitChangeOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Giải thể đơn vị từ một ngày (quản trị)",
    description=(
        "Đơn vị và tên của nó thôi hiệu lực từ ngày giải thể; các ngày trước vẫn giữ. Còn đơn "
        "vị trực thuộc hay người đang công tác tại đơn vị vào ngày đó: 422 (chuyển, sáp nhập "
        "trước). Đơn vị đã thôi hoạt động: 422. If-Match (ETag của GET /units/{id}) được kiểm "
        "tra khi có gửi."
    ),
)
def unit_close(request, unit_id: Id, payload: CloseIn, if_match: str | None = IfMatch):
    require_admin(request)
    found = for_update(
        selectors.unit_get(viewer=request.user, pk=unit_id),
        schema=UnitDetailOut,
        if_match=if_match,
        required=False,
    )
    return services.unit_dissolve(actor=request.user, unit=found, **payload.dict())


router.add_router("", people_router)
router.add_router("", roles_router)
router.add_router("", sync_router)
router.add_router("", import_router)
