"""Party API, cell meetings and inspections: a cell's meetings (one hard problem each), the
members' proposed solutions, the cell's choice made a task and the meeting held; the
inspections of the bodies the caller covers, planned, recorded done, counted for a term (as
the inspections page), and a good practice proposed to the emulation office from one.
Mounted by thidua/party/api.py."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
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
from thidua.goals.models import GoodPractice
from thidua.org.selectors import person_get

from . import rules, selectors, services
from .api_base import PartyRouter, bodies_covered, get_one
from .choices import InspectionKind
from .models import CellMeeting, Inspection, SolutionProposal

router = PartyRouter()

VOTES_MAX = 1_000_000


class SolutionProposalOut(Schema):
    id: int
    author_id: int
    text: str
    votes: int


class CellMeetingOut(Schema):
    id: int
    cell_id: int
    held_on: date
    agenda: str
    hard_problem: str
    status: str
    chosen_solution_id: int | None
    task_id: int | None


class CellMeetingDetailOut(CellMeetingOut):
    proposals: list[SolutionProposalOut]

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


class CellMeetingIn(InputSchema):
    cell_id: Id
    held_on: Day
    agenda: model_field(CellMeeting, "agenda")
    hard_problem: model_field(CellMeeting, "hard_problem")


class SolutionProposalIn(InputSchema):
    text: model_field(SolutionProposal, "text")


class KindCountsOut(Schema):
    kiem_tra: int = Field(description="Số cuộc kiểm tra đã thực hiện.")
    giam_sat: int = Field(description="Số cuộc giám sát đã thực hiện.")


class InspectionCountsOut(Schema):
    body_id: int
    body_name: str
    start: date
    end: date
    committee: KindCountsOut = Field(description="Do cấp ủy thực hiện.")
    commission: KindCountsOut = Field(description="Do ủy ban kiểm tra thực hiện.")


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


class ChoiceIn(InputSchema):
    proposal_id: Id
    assignee_id: Id | None = Field(
        None, description="Đảng viên của chi bộ nhận việc; mặc định bí thư."
    )
    due_date: Day | None = None
    votes: int | None = Field(None, ge=0, le=VOTES_MAX)


class CellPracticeIn(InputSchema):
    text: model_field(GoodPractice, "text")


class CellPracticeOut(Schema):
    id: int
    text: str
    unit_id: int
    found_on: date
    found_by: str
    status: str


def _inspection(request, pk: int) -> Inspection:
    inspection = get_one(selectors.inspection_list(viewer=request.user), pk)
    if not rules.can_view_inspection(request.user, inspection):
        raise Http404
    return inspection


# ------------------------------------------------------------------ cell meetings
@router.get(
    "/meetings",
    response={200: list[CellMeetingOut], **ERRORS},
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


def _meeting(request, pk: int) -> CellMeeting:
    return get_one(selectors.meeting_list(viewer=request.user), pk)


@router.get(
    "/meetings/{meeting_id}",
    response={200: CellMeetingDetailOut, **ERRORS},
    summary="Một buổi sinh hoạt chi bộ với các giải pháp đề xuất",
    description="Kèm ETag: gửi lại trong If-Match khi ghi nhận lựa chọn của chi bộ.",
    openapi_extra=ETAG_RESPONSE,
)
def meeting(request, meeting_id: Id, response: HttpResponse):
    return set_etag(response, CellMeetingDetailOut, _meeting(request, meeting_id))


@router.post(
    "/meetings",
    response={201: CellMeetingDetailOut, **ERRORS},
    summary="Lên lịch sinh hoạt chi bộ",
    description="Chỉ bí thư chi bộ; mỗi buổi giải quyết một vấn đề khó.",
)
def meeting_create(request, payload: CellMeetingIn):
    cell = selectors.cells_managed(viewer=request.user).filter(pk=payload.cell_id).first()
    if cell is None:
        raise PermissionDenied(_("Only the cell's secretary organises its meetings."))
    data = payload.dict(exclude={"cell_id"})
    created = services.meeting_create(actor=request.user, cell=cell, **data)
    return Status(201, get_one(selectors.meeting_list(viewer=request.user), created.pk))


@router.post(
    "/meetings/{meeting_id}/proposals",
    response={201: SolutionProposalOut, **ERRORS},
    summary="Đề xuất giải pháp cho vấn đề khó",
    description="Đảng viên của chi bộ (và bí thư) đề xuất trước khi chi bộ chọn giải pháp.",
)
def proposal_create(request, meeting_id: Id, payload: SolutionProposalIn):
    found = _meeting(request, meeting_id)
    return Status(
        201,
        services.meeting_propose_solution(actor=request.user, meeting=found, text=payload.text),
    )


@router.post(
    "/meetings/{meeting_id}/choice",
    response={200: CellMeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận giải pháp chi bộ chọn (thành nhiệm vụ)",
    description=(
        "Chỉ bí thư chi bộ. Giải pháp được chọn thành nhiệm vụ của một đảng viên chi bộ (mặc "
        "định bí thư), có hạn nếu gửi. Đã chọn rồi, giải pháp của buổi khác hoặc người nhận "
        "không thuộc chi bộ: 422. If-Match (ETag của GET /meetings/{id}) kiểm tra khi có gửi."
    ),
)
def meeting_choose(request, meeting_id: Id, payload: ChoiceIn, if_match: str | None = IfMatch):
    found = _meeting(request, meeting_id)
    if not rules.can_manage_meeting(request.user, found):  # before the version: a 403, not 412
        raise PermissionDenied(_("Only the cell's secretary records the cell's choice."))
    found = for_update(found, schema=CellMeetingDetailOut, if_match=if_match, required=False)
    proposal = found.proposals.filter(pk=payload.proposal_id).first()
    if proposal is None:
        raise ValidationError({"proposal_id": _("This solution was not proposed at this meeting.")})
    assignee = (
        person_get(viewer=request.user, pk=payload.assignee_id) if payload.assignee_id else None
    )
    services.meeting_choose_solution(
        actor=request.user,
        meeting=found,
        proposal=proposal,
        assignee=assignee,
        due_date=payload.due_date,
        votes=payload.votes,
    )
    return _meeting(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/held",
    response={200: CellMeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận buổi sinh hoạt đã diễn ra",
    description="Chỉ bí thư chi bộ. If-Match (ETag của GET /meetings/{id}) kiểm tra khi có gửi.",
)
def meeting_held(request, meeting_id: Id, if_match: str | None = IfMatch):
    found = _meeting(request, meeting_id)
    if not rules.can_manage_meeting(request.user, found):
        raise PermissionDenied(_("Only the cell's secretary records its meetings."))
    found = for_update(found, schema=CellMeetingDetailOut, if_match=if_match, required=False)
    services.meeting_mark_held(actor=request.user, meeting=found)
    return _meeting(request, meeting_id)


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
    "/inspections/counts",
    response={200: InspectionCountsOut, **ERRORS},
    summary="Số cuộc kiểm tra, giám sát trong một nhiệm kỳ",
    description=(
        "Như trang Kiểm tra, giám sát: số cuộc đã thực hiện từ `start` đến `end` (mặc định từ "
        "1/1 của bốn năm trước đến hôm nay) của tổ chức đảng `body_id` và các tổ chức dưới "
        "nó (mặc định: tổ chức cao nhất người gọi phụ trách), tách cấp ủy / ủy ban kiểm tra "
        "và kiểm tra / giám sát. Tổ chức không phụ trách, hoặc người gọi không phụ trách tổ "
        "chức đảng nào (vai trò chính quyền): 403; `start` sau `end`: 422."
    ),
)
def inspection_counts(
    request, body_id: Id | None = None, start: Day | None = None, end: Day | None = None
):
    if body_id is not None:
        body = bodies_covered(request, [body_id])[0]
    else:
        body = selectors.party_bodies_covered(viewer=request.user).order_by("depth", "path")
        body = body.first()
        if body is None:
            raise PermissionDenied(_("You cover no Party body."))
    today = timezone.localdate()
    start = start or date(today.year - 4, 1, 1)
    end = end or today
    if start > end:
        raise ValidationError({"end": _("The end date must not be before the start date.")})
    raw = selectors.inspection_counts(body, start, end)
    return {
        "body_id": body.pk,
        "body_name": body.name,
        "start": start,
        "end": end,
        **{
            key: {
                "kiem_tra": raw[(InspectionKind.KIEM_TRA, flag)],
                "giam_sat": raw[(InspectionKind.GIAM_SAT, flag)],
            }
            for key, flag in (("committee", False), ("commission", True))
        },
    }


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionOut, **ERRORS},
    summary="Một cuộc kiểm tra, giám sát",
    description="Kèm ETag: gửi lại trong If-Match khi ghi nhận đã thực hiện.",
    openapi_extra=ETAG_RESPONSE,
)
def inspection(request, inspection_id: Id, response: HttpResponse):
    return set_etag(response, InspectionOut, _inspection(request, inspection_id))


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
    by_body = bodies_covered(request, [payload.by_body_id])[0]
    subject_org = (
        bodies_covered(request, [payload.subject_org_id])[0] if payload.subject_org_id else None
    )
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
    response={200: InspectionOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận đã kiểm tra, giám sát xong",
    description=(
        "Ngày thực hiện (không ở tương lai) và kết luận; đã ghi nhận rồi: 422. If-Match (ETag "
        "của GET /inspections/{id}) được kiểm tra khi có gửi."
    ),
)
def inspection_done(
    request, inspection_id: Id, payload: InspectionDoneIn, if_match: str | None = IfMatch
):
    found = for_update(
        _inspection(request, inspection_id), schema=InspectionOut, if_match=if_match, required=False
    )
    return services.inspection_done(actor=request.user, inspection=found, **payload.dict())


@router.post(
    "/inspections/{inspection_id}/practices",
    response={201: CellPracticeOut, **ERRORS},
    summary="Đề xuất cách làm hay từ kết luận kiểm tra, giám sát",
    description=(
        "Từ cuộc kiểm tra, giám sát đã thực hiện: đề xuất với cơ quan thi đua thành bài học "
        "kinh nghiệm. Chỉ nội dung ghi ở đây và đơn vị được chia sẻ, không gì khác của cuộc "
        "kiểm tra. Chưa thực hiện: 422."
    ),
)
def inspection_practice(request, inspection_id: Id, payload: CellPracticeIn):
    found = _inspection(request, inspection_id)
    created = services.inspection_propose_practice(
        actor=request.user, inspection=found, text=payload.text
    )
    return Status(201, created)
