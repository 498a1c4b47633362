"""Party API (issue 15, point 2): bodies, members, resolutions and their digests, campaigns
and their acknowledgements, cell meetings, inspections — through the same selectors,
services and rules as the pages (thidua/party/views.py).

Party data is scoped by Party roles only: a state role (administrator, emulation office,
leadership) or a superuser account gets empty lists and 404s here, as on the pages (issue
10). A classified resolution's title and text are shown only to those who may read the
resolution itself (its body's secretary, a committee office above); a cell's secretary who
follows a campaign that reached her cell sees the campaign without them.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Day, Id, InputSchema, model_field
from thidua.messaging.choices import Channel
from thidua.org.choices import PartyRole
from thidua.org.selectors import party_members_in_subtree, person_get

from . import rules, selectors, services
from .choices import DigestStatus
from .models import (
    Campaign,
    CellMeeting,
    Inspection,
    Resolution,
    SolutionProposal,
)

router = Router(tags=["party"])

BODIES_MAX = 200


# ------------------------------------------------------------------ schemas
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


def _may_read(request, resolution: Resolution) -> bool:
    """Whether the caller may read the resolution itself (the page's rule)."""
    return rules.can_manage_resolution(request.user, resolution)


class ResolutionOut(Schema):
    id: int
    body_id: int
    number: str
    title: str
    issued_on: date | None
    pages: int | None
    classification: str
    classification_detected: str
    original_name: str


class PointOut(Schema):
    order: int
    text: str
    question: str
    sentences: list[int]


class DigestOut(Schema):
    id: int
    resolution_id: int
    status: str
    approved_at: datetime | None
    points: list[PointOut]

    @staticmethod
    def resolve_points(obj):
        return list(obj.points.all())


class ResolutionDetailOut(ResolutionOut):
    text: str
    digest: DigestOut | None


class CampaignOut(Schema):
    id: int
    resolution_id: int
    resolution_title: str | None = Field(
        description="Tên nghị quyết; null với nghị quyết mật khi người gọi không được đọc nó."
    )
    classified: bool
    digest_id: int
    audience: str
    body_ids: list[int]
    roles: list[str]
    channels: list[str]
    channels_note: str
    sent_at: datetime | None
    dispatch_id: int | None

    @staticmethod
    def resolve_resolution_id(obj):
        return obj.digest.resolution_id

    @staticmethod
    def resolve_resolution_title(obj, context):
        resolution = obj.digest.resolution
        if resolution.is_classified and not _may_read(context["request"], resolution):
            return None
        return str(resolution)

    @staticmethod
    def resolve_classified(obj):
        return obj.digest.resolution.is_classified

    @staticmethod
    def resolve_body_ids(obj):
        return sorted(b.pk for b in obj.bodies.all())


class CellRateOut(Schema):
    cell_id: int
    code: str
    name: str
    members: int
    read: int
    acknowledged: int
    rate: float


class ProposalOut(Schema):
    id: int
    author_id: int
    text: str
    votes: int


class MeetingOut(Schema):
    id: int
    cell_id: int
    held_on: date
    agenda: str
    hard_problem: str
    status: str
    chosen_solution_id: int | None
    task_id: int | None


class MeetingDetailOut(MeetingOut):
    proposals: list[ProposalOut]

    @staticmethod
    def resolve_proposals(obj):
        return list(obj.proposals.all())


class InspectionOut(Schema):
    id: int
    kind: str
    by_body_id: int
    by_commission: bool
    subject_org_id: int | None
    subject_person_id: int | None
    subject: str
    planned_on: date
    done_on: date | None
    findings: str
    follow_ups: str
    status: str


# ------------------------------------------------------------------ inputs
class CampaignIn(InputSchema):
    audience: model_field(Campaign, "audience")
    body_ids: list[Id] = Field(min_length=1, max_length=BODIES_MAX)
    roles: list[Literal[tuple(PartyRole.values)]] = Field([], max_length=len(PartyRole.values))
    channels: list[Literal[tuple(Channel.values)]] = Field([], max_length=len(Channel.values))
    sms_without_diacritics: bool = False


class MeetingIn(InputSchema):
    cell_id: Id
    held_on: Day
    agenda: model_field(CellMeeting, "agenda")
    hard_problem: model_field(CellMeeting, "hard_problem")


class ProposalIn(InputSchema):
    text: model_field(SolutionProposal, "text")


class InspectionIn(InputSchema):
    kind: model_field(Inspection, "kind")
    by_body_id: Id
    planned_on: Day
    by_commission: bool = False
    subject_org_id: Id | None = None
    subject_person_id: Id | None = None
    subject: model_field(Inspection, "subject") = ""


class InspectionDoneIn(InputSchema):
    done_on: Day
    findings: model_field(Inspection, "findings", max_length=10_000)
    follow_ups: model_field(Inspection, "follow_ups") = ""


# ------------------------------------------------------------------ helpers
def _get(queryset, pk: int):
    """One row of a selector's (already scoped) queryset, or 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _resolution(request, pk: int) -> Resolution:
    return _get(selectors.resolution_list(viewer=request.user), pk)


def _campaign(request, pk: int) -> Campaign:
    return _get(selectors.campaign_list(viewer=request.user), pk)


def _inspection(request, pk: int) -> Inspection:
    inspection = _get(selectors.inspection_list(viewer=request.user), pk)
    if not rules.can_view_inspection(request.user, inspection):
        raise Http404
    return inspection


def _bodies(request, ids: list[int]) -> list:
    """The caller's covered bodies named by `ids`; one unknown or not covered: 403, as the
    services refuse a body the caller does not cover."""
    found = {
        b.pk: b for b in selectors.party_bodies_covered(viewer=request.user).filter(pk__in=ids)
    }
    missing = [pk for pk in dict.fromkeys(ids) if pk not in found]
    if missing:
        raise PermissionDenied(
            _("Unknown Party body or one you do not cover: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))}
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


# ------------------------------------------------------------------ bodies and members
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
    body = _get(selectors.party_bodies_covered(viewer=request.user), body_id)
    return party_members_in_subtree(organization=body).only(
        "id", "full_name", "employee_code", "unit_id"
    )


# ------------------------------------------------------------------ resolutions and digests
@router.get(
    "/resolutions",
    response={200: list[ResolutionOut], **ERRORS},
    summary="Nghị quyết của các tổ chức đảng tôi phụ trách",
    description=(
        "Nghị quyết của tổ chức đảng người gọi là bí thư hoặc văn phòng cấp trên, mới trước "
        "(không kèm toàn văn). Nghị quyết mật chỉ hiện với người được đọc nó."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def resolutions(request):
    return selectors.resolution_list(viewer=request.user)


@router.get(
    "/resolutions/{resolution_id}",
    response={200: ResolutionDetailOut, **ERRORS},
    summary="Một nghị quyết: toàn văn và bản ý chính hiện tại",
    description="Chỉ người phụ trách tổ chức đảng ban hành nghị quyết (khác: 404).",
)
def resolution(request, resolution_id: Id):
    found = _resolution(request, resolution_id)
    found.digest = selectors.digest_current(resolution=found)
    return found


@router.get(
    "/resolutions/{resolution_id}/digest",
    response={200: DigestOut, **ERRORS},
    summary="Bản ý chính hiện tại của một nghị quyết",
    description="Các ý chính (5–6 ý) do hệ thống đề xuất, bí thư sửa và duyệt trước khi gửi.",
)
def digest(request, resolution_id: Id):
    found = selectors.digest_current(resolution=_resolution(request, resolution_id))
    if found is None:
        raise Http404
    return found


@router.post(
    "/resolutions/{resolution_id}/digest/approve",
    response={200: DigestOut, **ERRORS},
    summary="Duyệt bản ý chính",
    description=(
        "Bí thư của tổ chức đảng (hoặc văn phòng cấp trên) duyệt bản ý chính; chỉ bản đã "
        "duyệt mới được gửi. Bản đã duyệt hoặc chưa có ý nào: 422."
    ),
)
def digest_approve(request, resolution_id: Id):
    found = selectors.digest_current(resolution=_resolution(request, resolution_id))
    if found is None:
        raise Http404
    return services.digest_approve(actor=request.user, digest=found)


@router.get(
    "/digests/to-approve",
    response={200: list[DigestOut], **ERRORS},
    summary="Bản ý chính chờ tôi duyệt",
    description="Bản nháp của các nghị quyết người gọi phụ trách, cũ trước.",
)
@paginate(KeysetPagination, ordering=("created_at", "pk"))
def digests_to_approve(request):
    return selectors.digests_to_approve(viewer=request.user).prefetch_related("points")


# ------------------------------------------------------------------ campaigns
@router.get(
    "/campaigns",
    response={200: list[CampaignOut], **ERRORS},
    summary="Các đợt quán triệt nghị quyết",
    description=(
        "Đợt quán triệt của nghị quyết người gọi phụ trách, hoặc đã gửi tới tổ chức đảng "
        "trong phạm vi của họ; mới trước."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def campaigns(request):
    return selectors.campaign_list(viewer=request.user).prefetch_related("bodies")


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignOut, **ERRORS},
    summary="Một đợt quán triệt",
)
def campaign(request, campaign_id: Id):
    return _campaign(request, campaign_id)


@router.post(
    "/resolutions/{resolution_id}/campaigns",
    response={201: CampaignOut, **ERRORS},
    summary="Tạo đợt quán triệt từ bản ý chính đã duyệt",
    description=(
        "Đối tượng: cả cây dưới một đảng ủy, các chi bộ được chọn, hoặc các vai trò trong các "
        "tổ chức được chọn (đều trong phạm vi người gọi). Nghị quyết mật chỉ gửi trong ứng "
        "dụng. Tạo xong chưa gửi: gọi .../send."
    ),
)
def campaign_create(request, resolution_id: Id, payload: CampaignIn):
    found = _resolution(request, resolution_id)
    current = selectors.digest_current(resolution=found)
    if not rules.can_manage_resolution(request.user, found):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    if current is None or current.status != DigestStatus.APPROVED:
        raise ValidationError(_("Only approved key points are sent."))
    bodies = _bodies(request, payload.body_ids)
    created = services.campaign_create(
        actor=request.user,
        digest=current,
        audience=payload.audience,
        bodies=bodies,
        roles=list(payload.roles),
        channels=list(payload.channels),
        sms_without_diacritics=payload.sms_without_diacritics,
    )
    return Status(201, _campaign(request, created.pk))


@router.post(
    "/campaigns/{campaign_id}/send",
    response={200: CampaignOut, **ERRORS},
    summary="Gửi đợt quán triệt",
    description="Gửi tới các đảng viên của đối tượng đã chọn; đã gửi rồi hoặc không có ai: 422.",
)
def campaign_send(request, campaign_id: Id):
    found = _campaign(request, campaign_id)
    services.campaign_send(actor=request.user, campaign=found)
    return _campaign(request, campaign_id)


@router.get(
    "/campaigns/{campaign_id}/acknowledgements",
    response={200: list[CellRateOut], **ERRORS},
    summary="Tỷ lệ đọc và xác nhận quán triệt theo chi bộ",
    description=(
        "Mỗi chi bộ trong phạm vi người gọi: số đảng viên nhận, đã đọc, đã xác nhận và tỷ lệ. "
        "Bí thư chi bộ chỉ thấy chi bộ của mình. Đợt chưa gửi: danh sách rỗng."
    ),
)
def acknowledgements(request, campaign_id: Id):
    found = _campaign(request, campaign_id)
    if found.dispatch_id is None:
        return []
    return selectors.acknowledgement_rates(found, request.user)


# ------------------------------------------------------------------ cell meetings
@router.get(
    "/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Sinh hoạt chi bộ",
    description=(
        "Các buổi sinh hoạt của chi bộ người gọi là đảng viên, hoặc phụ trách; mới trước. "
        "Lọc theo chi bộ bằng cell_id."
    ),
)
@paginate(KeysetPagination, ordering=("-held_on", "-pk"))
def meetings(request, cell_id: Id | None = None):
    found = selectors.meeting_list(viewer=request.user)
    return found.filter(cell_id=cell_id) if cell_id is not None else found


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **ERRORS},
    summary="Một buổi sinh hoạt chi bộ với các giải pháp đề xuất",
)
def meeting(request, meeting_id: Id):
    return _get(selectors.meeting_list(viewer=request.user), meeting_id)


@router.post(
    "/meetings",
    response={201: MeetingDetailOut, **ERRORS},
    summary="Lên lịch sinh hoạt chi bộ",
    description="Chỉ bí thư chi bộ; mỗi buổi giải quyết một vấn đề khó.",
)
def meeting_create(request, payload: MeetingIn):
    cell = selectors.cells_managed(viewer=request.user).filter(pk=payload.cell_id).first()
    if cell is None:
        raise PermissionDenied(_("Only the cell's secretary organises its meetings."))
    data = payload.dict(exclude={"cell_id"})
    created = services.meeting_create(actor=request.user, cell=cell, **data)
    return Status(201, _get(selectors.meeting_list(viewer=request.user), created.pk))


@router.post(
    "/meetings/{meeting_id}/proposals",
    response={201: ProposalOut, **ERRORS},
    summary="Đề xuất giải pháp cho vấn đề khó",
    description="Đảng viên của chi bộ (và bí thư) đề xuất trước khi chi bộ chọn giải pháp.",
)
def proposal_create(request, meeting_id: Id, payload: ProposalIn):
    found = _get(selectors.meeting_list(viewer=request.user), meeting_id)
    return Status(
        201,
        services.meeting_propose_solution(actor=request.user, meeting=found, text=payload.text),
    )


# ------------------------------------------------------------------ inspections
@router.get(
    "/inspections",
    response={200: list[InspectionOut], **ERRORS},
    summary="Kiểm tra, giám sát",
    description=(
        "Các cuộc kiểm tra, giám sát của tổ chức đảng người gọi phụ trách (cả cây dưới), "
        "mới trước. Vai trò chính quyền không có."
    ),
)
@paginate(KeysetPagination, ordering=("-planned_on", "-pk"))
def inspections(request):
    return selectors.inspection_list(viewer=request.user)


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionOut, **ERRORS},
    summary="Một cuộc kiểm tra, giám sát",
)
def inspection(request, inspection_id: Id):
    return _inspection(request, inspection_id)


@router.post(
    "/inspections",
    response={201: InspectionOut, **ERRORS},
    summary="Lập kế hoạch kiểm tra, giám sát",
    description=(
        "Của tổ chức đảng người gọi phụ trách, đối với tổ chức đảng hoặc đảng viên trong "
        "phạm vi đó (hoặc ghi nội dung)."
    ),
)
def inspection_plan(request, payload: InspectionIn):
    by_body = _bodies(request, [payload.by_body_id])[0]
    subject_org = _bodies(request, [payload.subject_org_id])[0] if payload.subject_org_id else None
    subject_person = (
        person_get(viewer=request.user, pk=payload.subject_person_id)
        if payload.subject_person_id
        else None
    )
    created = services.inspection_plan(
        actor=request.user,
        kind=payload.kind,
        by_body=by_body,
        planned_on=payload.planned_on,
        by_commission=payload.by_commission,
        subject_org=subject_org,
        subject_person=subject_person,
        subject=payload.subject,
    )
    return Status(201, created)


@router.post(
    "/inspections/{inspection_id}/done",
    response={200: InspectionOut, **ERRORS},
    summary="Ghi nhận đã kiểm tra, giám sát xong",
    description="Ngày thực hiện (không ở tương lai) và kết luận; đã ghi nhận rồi: 422.",
)
def inspection_done(request, inspection_id: Id, payload: InspectionDoneIn):
    found = _inspection(request, inspection_id)
    return services.inspection_done(actor=request.user, inspection=found, **payload.dict())
