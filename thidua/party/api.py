"""Party API (issue 15, point 2): bodies, members, resolutions and their digests, campaigns
and their acknowledgements, cell meetings, inspections — through the same selectors,
services and rules as the pages (thidua/party/views.py).

Party data is scoped by Party roles only: a state role (administrator, emulation office,
leadership) or a superuser account gets empty lists and 404s here, as on the pages (issue
10). A classified resolution's title and text are shown only to those who may read the
resolution itself (its body's secretary, a committee office above); a cell's secretary who
follows a campaign that reached her cell sees the campaign without them. A member who
received a campaign reads its key points and answers their questions (the audience).

A single resource's GET answers an ETag; PATCH/PUT need If-Match (428 without, 412 when
stale); the POST actions that change a resource check If-Match when it is sent.

This module has the bodies (read; for a Party role over them: a new body under one, a
rename with If-Match, a dissolution decided by the body above, through
thidua/party/services/org.py) and their members and mounts one router per area:
api_resolutions.py (resolutions and digests), api_campaigns.py (campaigns, acknowledgements,
questions and answers), api_meetings.py (cell meetings and inspections), api_members.py
(memberships); api_base.py holds what they share. Operation ids stay
`thidua_party_api_<function>` whichever module holds the function.
"""

from datetime import date

from django.http import HttpResponse
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.org.models import PartyOrganization
from thidua.org.selectors import party_members_in_subtree, unit_get

from . import selectors
from .api_base import PartyRouter, bodies_covered, get_one
from .api_campaigns import router as campaigns_router
from .api_meetings import router as meetings_router
from .api_members import router as members_router
from .api_resolutions import router as resolutions_router
from .services import org as services_org

router = PartyRouter(tags=["party"])


class BodyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    unit_id: int | None
    path: str
    valid_from: date
    valid_to: date | None


class PartyMemberOut(Schema):
    id: int
    full_name: str
    employee_code: str
    unit_id: int


@router.get(
    "/bodies",
    response={200: list[BodyOut], **ERRORS},
    summary="Các tổ chức đảng tôi phụ trách",
    description=(
        "Các tổ chức đảng thuộc phạm vi vai trò Đảng của người gọi (bí thư, văn phòng đảng ủy "
        "cấp trên), theo cây. Vai trò chính quyền (quản trị, thi đua, lãnh đạo) không có."
    ),
)
@paginate(KeysetPagination, ordering=("path", "pk"))
def bodies(request):
    return selectors.party_bodies_covered(viewer=request.user)


@router.get(
    "/bodies/{body_id}",
    response={200: BodyOut, **ERRORS},
    summary="Một tổ chức đảng tôi phụ trách",
    description="Chỉ tổ chức đảng trong phạm vi vai trò Đảng của người gọi (khác: 404). Kèm ETag.",
    openapi_extra=ETAG_RESPONSE,
)
def body(request, body_id: Id, response: HttpResponse):
    found = get_one(selectors.party_bodies_covered(viewer=request.user), body_id)
    return set_etag(response, BodyOut, found)


@router.get(
    "/bodies/{body_id}/members",
    response={200: list[PartyMemberOut], **ERRORS},
    summary="Đảng viên của một tổ chức đảng",
    description=(
        "Đảng viên hiện tại của tổ chức đảng và các tổ chức trực thuộc; chỉ với tổ chức người "
        "gọi phụ trách (khác: 404). Phân trang con trỏ theo họ tên."
    ),
)
@paginate(KeysetPagination, ordering=("full_name", "pk"))
def members(request, body_id: Id):
    body = get_one(selectors.party_bodies_covered(viewer=request.user), body_id)
    return party_members_in_subtree(organization=body).only(
        "id", "full_name", "employee_code", "unit_id"
    )


class BodyIn(InputSchema):
    code: model_field(PartyOrganization, "code")
    name: model_field(PartyOrganization, "name")
    kind: model_field(PartyOrganization, "kind")
    parent_id: Id = Field(description="Tổ chức đảng cấp trên (người gọi phụ trách).")
    valid_from: Day
    unit_id: Id | None = Field(None, description="Đơn vị chính quyền tương ứng (tuỳ chọn).")


class BodyRenameIn(InputSchema):
    name: model_field(PartyOrganization, "name")


class BodyCloseIn(InputSchema):
    valid_to: Day = Field(description="Ngày giải thể (tổ chức thôi hoạt động từ ngày này).")


@router.post(
    "/bodies",
    response={201: BodyOut, **ERRORS},
    summary="Thành lập tổ chức đảng trực thuộc",
    description=(
        "Một đảng bộ, đảng bộ cơ sở hay chi bộ dưới tổ chức đảng người gọi phụ trách (bí thư, "
        "văn phòng đảng ủy cấp trên); không lập tổ chức cấp cao nhất. Cấp trên không do người "
        "gọi phụ trách: 403. Mã đã có, cấp trên là chi bộ hay chưa hoạt động vào ngày đó: 422, "
        "không ghi gì. Ghi nhật ký."
    ),
)
def body_create(request, payload: BodyIn):
    (parent,) = bodies_covered(request, [payload.parent_id])
    unit = unit_get(viewer=request.user, pk=payload.unit_id) if payload.unit_id else None
    created = services_org.body_create(
        actor=request.user,
        parent=parent,
        unit=unit,
        **payload.dict(exclude={"parent_id", "unit_id"}),
    )
    return Status(201, created)


@router.patch(
    "/bodies/{body_id}",
    response={200: BodyOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi tên tổ chức đảng (cần If-Match)",
    description=(
        "Người phụ trách tổ chức đảng đổi tên (khác: 404). Bắt buộc If-Match bằng ETag của "
        "GET /bodies/{id}: thiếu → 428, đã có người đổi → 412. Ghi nhật ký."
    ),
)
def body_rename(request, body_id: Id, payload: BodyRenameIn, if_match: str | None = IfMatch):
    found = for_update(
        selectors.party_bodies_covered(viewer=request.user),
        pk=body_id,
        schema=BodyOut,
        if_match=if_match,
    )
    return services_org.body_rename(actor=request.user, body=found, name=payload.name)


@router.post(
    "/bodies/{body_id}/close",
    response={200: BodyOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Giải thể tổ chức đảng từ một ngày",
    description=(
        "Do tổ chức đảng cấp trên quyết định: người phụ trách cấp trên (bí thư chính tổ chức "
        "đó: 403; ngoài phạm vi: 404). Còn đảng viên hay tổ chức trực thuộc vào ngày đó, đã "
        "giải thể, ngày trước khi thành lập: 422, không ghi gì. If-Match (ETag của GET "
        "/bodies/{id}) được kiểm tra khi có gửi. Ghi nhật ký."
    ),
)
def body_close(request, body_id: Id, payload: BodyCloseIn, if_match: str | None = IfMatch):
    found = for_update(
        selectors.party_bodies_covered(viewer=request.user),
        pk=body_id,
        schema=BodyOut,
        if_match=if_match,
        required=False,
    )
    return services_org.body_close(actor=request.user, body=found, valid_to=payload.valid_to)


router.add_router("", resolutions_router)
router.add_router("", campaigns_router)
router.add_router("", meetings_router)
router.add_router("", members_router)
