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

This module has the bodies and their members and mounts one router per area:
api_resolutions.py (resolutions and digests), api_campaigns.py (campaigns, acknowledgements,
questions and answers), api_meetings.py (cell meetings and inspections), api_members.py
(memberships); api_base.py holds what they share. Operation ids stay
`thidua_party_api_<function>` whichever module holds the function.
"""

from django.http import HttpResponse
from ninja import Schema
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Id
from thidua.org.selectors import party_members_in_subtree

from . import selectors
from .api_base import PartyRouter, get_one
from .api_campaigns import router as campaigns_router
from .api_meetings import router as meetings_router
from .api_members import router as members_router
from .api_resolutions import router as resolutions_router

router = PartyRouter(tags=["party"])


class BodyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    unit_id: int | None
    path: str


class MemberOut(Schema):
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
    response={200: list[MemberOut], **ERRORS},
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


router.add_router("", resolutions_router)
router.add_router("", campaigns_router)
router.add_router("", meetings_router)
router.add_router("", members_router)
