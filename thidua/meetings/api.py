"""Giao ban API (issue 15, point 2): the monthly briefing meetings the caller may see, one
with its conclusions and assignments (and their tasks' status), its agenda from the month's
facts, its "Thông báo kết luận" (.docx), and the writes the pages allow — plan a meeting,
record a conclusion or an assignment, remove one, close the meeting — through the same
selectors, services and rules as the pages (thidua/meetings/views.py). A meeting the caller
may not see is a 403, one that does not exist a 404, as on the page. A meeting's GET answers
an ETag; the POST and DELETE actions that change it check If-Match when it is sent."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
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
from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.goals.api_reports import AtRiskGoalOut, OverdueCheckinOut, UnitStandingOut
from thidua.goals.models import Goal, KeyResult
from thidua.org.models import Person, Unit, UnitGroup
from thidua.org.selectors import person_for_user

from . import rules, selectors, services
from .choices import MeetingStatus
from .documents import notice_docx, notice_filename
from .models import BriefingMeeting, Conclusion

YEAR_MIN, YEAR_MAX = 2000, 2100  # as the page's form and the service
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Month = Annotated[int, Field(ge=1, le=12)]
MeetingStatusIn = Literal[tuple(MeetingStatus.values)]  # type: ignore[valid-type]

router = Router(tags=["meetings"])


# ---------------------------------------------------------------- schemas
class BriefingMeetingOut(Schema):
    id: int
    unit_id: int | None
    unit_group_id: int | None
    scope_name: str = Field(description="Bộ, đơn vị hoặc khối của cuộc họp, như trên trang.")
    year: int
    month: int
    held_on: date
    chair_id: int
    chair_name: str
    status: str
    notice_number: str
    closed_at: datetime | None

    @staticmethod
    def resolve_scope_name(obj):
        return obj.scope_label

    @staticmethod
    def resolve_chair_name(obj):
        return obj.chair.full_name


class ConclusionOut(Schema):
    id: int
    order: int
    kind: str = Field(description="conclusion (kết luận) hoặc assignment (giao việc).")
    text: str
    assignee_id: int | None
    assignee_name: str
    deadline: date | None
    goal_id: int | None
    key_result_id: int | None = Field(
        description="Kết quả then chốt mà nhiệm vụ của việc giao thúc đẩy (nếu có)."
    )
    task_id: int | None
    task_status: str | None = Field(description="Trạng thái nhiệm vụ của việc được giao.")

    @staticmethod
    def resolve_key_result_id(obj):
        return obj.task.key_result_id if obj.task_id and obj.task else None

    @staticmethod
    def resolve_assignee_name(obj):
        return obj.assignee.full_name if obj.assignee_id else ""

    @staticmethod
    def resolve_task_status(obj):
        return obj.task.status if obj.task_id else None


class BriefingMeetingDetailOut(BriefingMeetingOut):
    previous_id: int | None = Field(description="Cuộc họp giao ban trước của cùng phạm vi.")
    conclusions: list[ConclusionOut]

    @staticmethod
    def resolve_previous_id(obj):
        previous = selectors.meeting_previous(meeting=obj)
        return previous.pk if previous else None

    @staticmethod
    def resolve_conclusions(obj):
        visible = getattr(obj, "visible_conclusions", None)  # set for the reader (B4)
        return selectors.conclusions_of(meeting=obj) if visible is None else visible


class ProgrammeOut(Schema):
    name: str
    goal_count: int
    at_risk_count: int
    indicators_behind: int


class OverdueTaskOut(Schema):
    id: int
    title: str
    owner_id: int | None
    owner_name: str
    due_date: date | None
    status: str

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.full_name if obj.owner_id else ""


class CarriedOut(Schema):
    conclusion_id: int
    text: str
    assignee: str
    deadline: date | None
    status: str
    is_overdue: bool


class AgendaOut(Schema):
    year: int
    month: int
    programmes: list[ProgrammeOut]
    at_risk_goals: list[AtRiskGoalOut]
    at_risk_total: int
    lagging_units: list[UnitStandingOut]
    overdue_checkins: list[OverdueCheckinOut]
    overdue_checkins_total: int
    overdue_tasks: list[OverdueTaskOut]
    overdue_tasks_total: int
    overdue_on: date | None = Field(
        None, description="Quá hạn là chưa xong và có hạn trước ngày này (ngày họp, hoặc hôm nay)."
    )
    due_later: list[OverdueTaskOut] = Field(
        description="Nhiệm vụ chưa xong, đến hạn từ ngày trên đến hết tháng (chưa quá hạn)."
    )
    due_later_total: int
    carried: list[CarriedOut] = Field(description="Việc giao ở cuộc họp trước, với trạng thái.")


class BriefingMeetingIn(InputSchema):
    unit_id: Id | None = Field(None, description="Đơn vị (Bộ là đơn vị gốc); hoặc unit_group_id.")
    unit_group_id: Id | None = Field(None, description="Khối; hoặc unit_id.")
    year: Year
    month: Month
    held_on: Day
    chair_id: Id | None = Field(
        None,
        description="Người chủ trì, khi Văn phòng Bộ lên lịch giao ban của Bộ hoặc của khối cho "
        "lãnh đạo Bộ (một người đang giữ vai trò lãnh đạo Bộ: 422 khác); mặc định là người gọi.",
    )


class ConclusionIn(InputSchema):
    text: model_field(Conclusion, "text", max_length=services.TEXT_MAX)
    assignee_id: Id | None = Field(None, description="Người được giao (thì là giao việc).")
    deadline: Day | None = Field(None, description="Hạn, bắt buộc khi giao việc.")
    goal_id: Id | None = Field(None, description="Mục tiêu việc giao phục vụ.")
    key_result_id: Id | None = Field(
        None,
        description="Một kết quả then chốt của mục tiêu đó (chỉ gửi kết quả then chốt thì "
        "mục tiêu là mục tiêu của nó): nhiệm vụ được gắn vào và thúc đẩy kết quả then chốt này.",
    )


# ---------------------------------------------------------------- helpers
def _meeting(request, briefing_id: int) -> BriefingMeeting:
    """The meeting as the page finds it: none → 404, not the caller's to see → 403."""
    return selectors.meeting_get(viewer=request.user, pk=briefing_id)


def _managed(request, briefing_id: int, if_match: str | None) -> BriefingMeeting:
    """A meeting the caller records (403 before the version is checked), locked, at the
    client's version when If-Match is sent."""
    found = _meeting(request, briefing_id)
    if not rules.can_manage_meeting(request.user, found):
        raise PermissionDenied(_("Only the heads and leaders of the meeting's units record it."))
    return for_update(found, schema=BriefingMeetingDetailOut, if_match=if_match, required=False)


def _scope(request, payload: BriefingMeetingIn) -> tuple[Unit | None, UnitGroup | None]:
    """The unit or block to hold, as the page offers them: none → 404, outside the caller's
    units → 403, not one the page offers (a closed unit, a unit too deep) → 422."""
    if (payload.unit_id is None) == (payload.unit_group_id is None):
        raise ValidationError(_("Choose either a unit or a block for the meeting."))
    if payload.unit_id is not None:
        unit = Unit.objects.filter(pk=payload.unit_id).first()
        if unit is None:
            raise Http404
        if unit not in selectors.units_to_hold(viewer=request.user):
            if not rules.may_hold_for(request.user, (unit.path,)):
                raise PermissionDenied(_("You may hold giao ban meetings only for units you lead."))
            raise ValidationError({"unit_id": _("A giao ban is not held for this unit.")})
        return unit, None
    group = UnitGroup.objects.filter(pk=payload.unit_group_id).first()
    if group is None:
        raise Http404
    if group not in selectors.groups_to_hold(viewer=request.user):
        raise PermissionDenied(_("You may hold giao ban meetings only for units you lead."))
    return None, group


def _chair(request, payload: BriefingMeetingIn):
    """The caller, or the leader the ministry's office plans the meeting for (as the page's
    "Chủ trì" list offers them)."""
    if payload.chair_id is None:
        chair = person_for_user(user=request.user)
        if chair is None:
            raise ValidationError(_("Your account is not linked to a person."))
        return chair
    chair = selectors.chairs_to_choose(viewer=request.user).filter(pk=payload.chair_id).first()
    if chair is None:
        raise ValidationError(
            {"chair_id": _("Choose the chair among the ministry's leaders (the office only).")}
        )
    return chair


# ---------------------------------------------------------------- reads
@router.get(
    "/briefings",
    response={200: list[BriefingMeetingOut], **ERRORS},
    summary="Các cuộc họp giao ban tôi được xem",
    description=(
        "Giao ban của Bộ, khối hoặc đơn vị mà người gọi phụ trách hoặc công tác, và cuộc họp "
        "đã giao việc cho người gọi (như trang Giao ban); mới trước. Lọc `unit_id`, "
        "`unit_group_id`, `year`, `month`, `status`. Phân trang con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("-held_on", "-pk"))
def briefings(
    request,
    unit_id: Id | None = None,
    unit_group_id: Id | None = None,
    year: Year | None = None,
    month: Month | None = None,
    status: MeetingStatusIn | None = None,
):
    found = selectors.meetings_visible(viewer=request.user)
    filters = {
        "unit_id": unit_id,
        "unit_group_id": unit_group_id,
        "year": year,
        "month": month,
        "status": status,
    }
    return found.filter(**{k: v for k, v in filters.items() if v is not None})


@router.get(
    "/briefings/{briefing_id}",
    response={200: BriefingMeetingDetailOut, **ERRORS},
    summary="Một cuộc họp giao ban với kết luận và việc giao",
    description=(
        "Kết luận, việc giao (người nhận, hạn, trạng thái nhiệm vụ) theo thứ tự. Người phụ "
        "trách, người công tác trong các đơn vị của cuộc họp và người được giao việc xem được; "
        "người khác: 403, không có: 404. Người chỉ được giao việc (không dự họp) thấy các kết "
        "luận và việc giao cho mình, không thấy việc giao cho người khác. Kèm ETag: gửi lại trong If-Match khi ghi kết luận, "
        "gỡ kết luận hoặc kết thúc cuộc họp."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def briefing(request, briefing_id: Id, response: HttpResponse):
    found = _meeting(request, briefing_id)
    found.visible_conclusions = selectors.conclusions_visible(viewer=request.user, meeting=found)
    return set_etag(response, BriefingMeetingDetailOut, found)


@router.get(
    "/briefings/{briefing_id}/agenda",
    response={200: AgendaOut, **ERRORS},
    summary="Chương trình họp giao ban từ số liệu của tháng",
    description=(
        "Như trang cuộc họp: chương trình và mục tiêu có nguy cơ, đơn vị chậm, cập nhật quá "
        "hạn, nhiệm vụ quá hạn (mỗi danh sách tối đa 15 dòng, kèm tổng số), việc giao ở cuộc "
        "họp trước với trạng thái — trong phạm vi người gọi được xem. Chỉ người dự họp (chủ "
        "trì, người lên lịch, lãnh đạo phụ trách, thủ trưởng các đơn vị trực thuộc, người công "
        "tác tại chính đơn vị họp) xem được; người khác: 403. Nhiệm vụ quá hạn: hạn trước ngày "
        "họp (trước hôm nay nếu chưa họp); nhiệm vụ đến hạn sau đó trong tháng tách riêng."
    ),
)
def briefing_agenda(request, briefing_id: Id):
    found = _meeting(request, briefing_id)
    return selectors.meeting_agenda(viewer=request.user, meeting=found)


@router.get(
    "/briefings/{briefing_id}/notice",
    response={200: None, **ERRORS},
    summary="Thông báo kết luận (DOCX)",
    description="Thông báo kết luận của cuộc họp theo thể thức Nghị định 30/2020; tệp Word.",
    openapi_extra={
        "responses": {
            200: {
                "description": "Thông báo kết luận",
                "content": {DOCX_CONTENT_TYPE: {"schema": {"type": "string"}}},
            }
        }
    },
)
def briefing_notice(request, briefing_id: Id):
    found = _meeting(request, briefing_id)
    conclusions = selectors.notice_conclusions(viewer=request.user, meeting=found)
    content = notice_docx(meeting=found, conclusions=conclusions)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{notice_filename(found)}"'
    return response


# ---------------------------------------------------------------- writes
@router.post(
    "/briefings",
    response={201: BriefingMeetingDetailOut, **ERRORS},
    summary="Lên lịch họp giao ban",
    description=(
        "Thủ trưởng, lãnh đạo lên lịch giao ban của Bộ, một đơn vị hoặc một khối mình phụ "
        "trách (403 khác) và chủ trì cuộc họp; Văn phòng Bộ lên lịch giao ban của Bộ và của "
        "khối cho lãnh đạo Bộ chủ trì (`chair_id`). Chương trình họp lập từ số liệu của tháng. "
        "Gửi `unit_id` hoặc `unit_group_id` (không cả hai: 422); đơn vị đã giải thể hoặc quá "
        "sâu trong cây: 422; tài khoản chưa gắn với một người: 422."
    ),
)
def briefing_create(request, payload: BriefingMeetingIn):
    if not rules.can_plan_meetings(request.user):
        raise PermissionDenied(_("You may hold giao ban meetings only for units you lead."))
    unit, group = _scope(request, payload)
    chair = _chair(request, payload)
    created = services.meeting_create(
        actor=request.user,
        unit=unit,
        unit_group=group,
        year=payload.year,
        month=payload.month,
        held_on=payload.held_on,
        chair=chair,
    )
    return Status(201, _meeting(request, created.pk))


@router.post(
    "/briefings/{briefing_id}/conclusions",
    response={201: BriefingMeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi một kết luận hoặc việc giao của chủ trì",
    description=(
        "Người phụ trách các đơn vị của cuộc họp (403 khác). Có `assignee_id` là giao việc: "
        "thành nhiệm vụ của người đó, cần hạn không trước ngày họp, người nhận công tác trong "
        "các đơn vị của cuộc họp, mục tiêu (nếu có) thuộc các đơn vị đó, kết quả then chốt "
        "(nếu có) là của mục tiêu đó và hạn nằm trong kỳ của mục tiêu (422 khác). Cuộc họp "
        "đã kết thúc: 422. If-Match (ETag của GET /briefings/{id}) được kiểm tra khi có gửi."
    ),
)
def conclusion_add(request, briefing_id: Id, payload: ConclusionIn, if_match: str | None = IfMatch):
    found = _managed(request, briefing_id, if_match)
    assignee = goal = None
    if payload.assignee_id is not None:
        assignee = Person.objects.select_related("unit").filter(pk=payload.assignee_id).first()
        if assignee is None:
            raise ValidationError(
                {"assignee": _("The person assigned must work in one of the meeting's units.")}
            )
    if payload.goal_id is not None:
        goal = Goal.objects.select_related("scope_unit").filter(pk=payload.goal_id).first()
        if goal is None:
            raise ValidationError({"goal": _("The goal must belong to the meeting's units.")})
    key_result = None
    if payload.key_result_id is not None:
        key_result = (
            KeyResult.objects.select_related("goal__scope_unit")
            .filter(pk=payload.key_result_id)
            .first()
        )
        if key_result is None:
            raise ValidationError(
                {"key_result": _("The key result must belong to a goal of the meeting's units.")}
            )
    services.conclusion_add(
        actor=request.user,
        meeting=found,
        text=payload.text,
        assignee=assignee,
        deadline=payload.deadline,
        goal=goal,
        key_result=key_result,
    )
    return Status(201, _meeting(request, briefing_id))


@router.delete(
    "/briefings/{briefing_id}/conclusions/{conclusion_id}",
    response={200: BriefingMeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Gỡ một kết luận (và nhiệm vụ của việc giao)",
    description=(
        "Người phụ trách các đơn vị của cuộc họp, khi cuộc họp chưa kết thúc (422 khác). "
        "Kết luận không thuộc cuộc họp: 404. If-Match (ETag của GET /briefings/{id}) được "
        "kiểm tra khi có gửi."
    ),
)
def conclusion_delete(request, briefing_id: Id, conclusion_id: Id, if_match: str | None = IfMatch):
    found = _managed(request, briefing_id, if_match)
    conclusion = found.conclusions.filter(pk=conclusion_id).select_related("task").first()
    if conclusion is None:
        raise Http404
    services.conclusion_delete(actor=request.user, conclusion=conclusion)
    return _meeting(request, briefing_id)


@router.post(
    "/briefings/{briefing_id}/close",
    response={200: BriefingMeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Kết thúc cuộc họp và gửi thông báo kết luận",
    description=(
        "Người phụ trách các đơn vị của cuộc họp. Một lần: cuộc họp đã kết thúc hoặc chưa có "
        "kết luận nào: 422. Thông báo kết luận gửi tới những người được giao việc (trong ứng "
        "dụng và e-mail). If-Match (ETag của GET /briefings/{id}) được kiểm tra khi có gửi."
    ),
)
def briefing_close(request, briefing_id: Id, if_match: str | None = IfMatch):
    found = _managed(request, briefing_id, if_match)
    services.meeting_close(actor=request.user, meeting=found)
    return _meeting(request, briefing_id)
