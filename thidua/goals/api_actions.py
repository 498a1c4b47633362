"""Goals API, the actions of the goal pages (issue 15, point 2), through their services,
selectors and rules (thidua/goals/views/goals.py): accepting an assigned goal, publishing a
draft, proposing other targets and deciding the proposal, linking a goal it also supports;
the goals waiting for my acceptance, the proposals waiting for my decision and the
check-ins waiting for my verification; a check-in's evidence (the goal's files, one file,
a check-in sent with its file as multipart, with the page's file checks); the daily work
log and its "1% a day" streak.

The goal actions answer with the goal and check If-Match (the ETag of GET /goals/{id}) when
it is sent. Mounted by thidua/goals/api.py."""

import calendar
import os
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from thidua.core.api_etag import IfMatch, for_update
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    form_validation_error,
    model_field,
)
from thidua.org.selectors import person_for_user

from . import rules, selectors, services, streaks
from .api_schemas import CONFIRMED, CheckInOut, GoalOut
from .forms import EVIDENCE_MAX_BYTES, CheckInForm
from .models import CheckIn, DailyLog, Goal, GoalChangeProposal, KeyResult

# The page's limits where they are narrower than the table's (forms.py).
CHECKIN_COMMENT_MAX = 2000
NUMBER_TEXT_MAX = 40
LOG_TEXT_MAX = 4000
CHANGES_MAX = 10
MONTH = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")

router = Router()


# ---------------------------------------------------------------- schemas
class GoalChangeIn(InputSchema):
    key_result_id: Id = Field(description="Kết quả then chốt của chính mục tiêu này.")
    target: model_field(KeyResult, "target") = Field(description="Chỉ tiêu đề xuất.")


class GoalChangeProposeIn(InputSchema):
    changes: list[GoalChangeIn] = Field(min_length=1, max_length=CHANGES_MAX)
    comment: model_field(GoalChangeProposal, "comment", max_length=CHECKIN_COMMENT_MAX) = ""


class GoalChangeProposalOut(Schema):
    id: int
    goal_id: int
    goal_title: str
    status: str
    changes: list[dict]
    comment: str
    proposed_by_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_goal_title(obj):
        return obj.goal.title


class GoalChangeDecideIn(InputSchema):
    approve: bool = Field(description="true: chấp thuận đề xuất; false: không chấp thuận.")
    comment: model_field(GoalChangeProposal, "comment", max_length=CHECKIN_COMMENT_MAX) = ""


class SupportsIn(InputSchema):
    supported_id: Id = Field(description="Mục tiêu mà mục tiêu này cũng đóng góp vào.")


class VerificationOut(Schema):
    goal_id: int
    goal_title: str
    owner_name: str
    count: int = Field(description="Số kết quả then chốt có lần cập nhật mới nhất chưa xác nhận.")
    since: datetime = Field(description="Lúc lần cập nhật chờ lâu nhất được ghi.")


class EvidenceOut(Schema):
    checkin_id: int
    key_result_id: int
    checked_on: date
    file_name: str
    verified: bool


class CheckInUploadIn(InputSchema):
    value: Annotated[str, Field(min_length=1, max_length=NUMBER_TEXT_MAX)] = Field(
        description="Giá trị (số, viết như trên trang: 1.250,5 hoặc 1250.5)."
    )
    confidence: model_field(CheckIn, "confidence")
    checked_on: Day | None = None
    comment: model_field(CheckIn, "comment", max_length=CHECKIN_COMMENT_MAX) = ""
    confirmed: bool = Field(False, description=CONFIRMED)


class LogEntryOut(Schema):
    id: int
    logged_on: date
    text: str
    is_improvement: bool
    task_id: int | None


class StreakOut(Schema):
    days: int = Field(description="Chuỗi hiện tại, tính theo ngày làm việc.")
    improvement_days_this_year: int
    improvements_this_year: int
    working_days_so_far: int
    working_days_in_year: int
    logged_today: bool
    today_is_working_day: bool
    better: Decimal = Field(description="1,01 mũ số ngày làm việc có cải tiến trong năm.")
    worse: Decimal = Field(description="0,99 mũ cùng số ngày.")
    year_better: Decimal
    year_worse: Decimal


class DailyLogOut(Schema):
    month: str
    entries: list[LogEntryOut]
    improvement_days_in_month: int
    streak: StreakOut | None = Field(description="null khi người gọi không có hồ sơ cán bộ.")


class LogEntryIn(InputSchema):
    text: model_field(DailyLog, "text", max_length=LOG_TEXT_MAX)
    logged_on: Day | None = Field(None, description="Ngày (bỏ trống: hôm nay).")
    is_improvement: bool = Field(False, description="Một cải tiến nhỏ (“1% mỗi ngày”).")


# The evidence as uploaded (multipart/form-data); its size and type are the page's checks.
EVIDENCE = File(
    ...,
    description="Tệp minh chứng: PDF, ảnh, Word, Excel hoặc văn bản, tối đa 10 MB.",
)
# The bound is declared in the schema, and checked by the page's form (its message, on
# `evidence`) rather than by ninja's max_length (a message about "items", on `file`).
EVIDENCE.json_schema_extra["maxLength"] = EVIDENCE_MAX_BYTES


# ---------------------------------------------------------------- helpers
def _goal_for_update(request, goal_id: int, if_match: str | None) -> Goal:
    """The goal in the caller's sight (404/403 as on the page), locked, at the client's
    version when If-Match is sent (412 otherwise)."""
    return for_update(
        selectors.goal_get(viewer=request.user, pk=goal_id),
        schema=GoalOut,
        if_match=if_match,
        required=False,
    )


def _goal(request, goal_id: int) -> Goal:
    return selectors.goal_get(viewer=request.user, pk=goal_id)


GOAL_ACTION = {200: GoalOut, **ERRORS, **PRECONDITION_ERRORS}


# ---------------------------------------------------------------- goal workflow
@router.post(
    "/goals/{goal_id}/accept",
    response=GOAL_ACTION,
    summary="Nhận mục tiêu được giao",
    description=(
        "Người được giao (hoặc thủ trưởng của đơn vị được giao, không phải người giao) nhận "
        "mục tiêu đang chờ: mục tiêu chuyển sang đang thực hiện. Khác: 403. If-Match (ETag "
        "của GET /goals/{id}) được kiểm tra khi có gửi. Trả về mục tiêu."
    ),
)
def goal_accept(request, goal_id: Id, if_match: str | None = IfMatch):
    goal = _goal_for_update(request, goal_id, if_match)
    services.goal_accept(actor=request.user, goal=goal)
    return _goal(request, goal.pk)


@router.post(
    "/goals/{goal_id}/publish",
    response=GOAL_ACTION,
    summary="Công bố mục tiêu nháp",
    description=(
        "Người phụ trách (hoặc thủ trưởng) công bố mục tiêu nháp của mình, không cần ai nhận. "
        "Mục tiêu không còn là nháp hoặc không phải của mình: 403. If-Match được kiểm tra khi "
        "có gửi. Trả về mục tiêu."
    ),
)
def goal_publish(request, goal_id: Id, if_match: str | None = IfMatch):
    goal = _goal_for_update(request, goal_id, if_match)
    services.goal_activate(actor=request.user, goal=goal)
    return _goal(request, goal.pk)


@router.post(
    "/goals/{goal_id}/propose",
    response={201: GoalChangeProposalOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đề xuất điều chỉnh chỉ tiêu của mục tiêu được giao",
    description=(
        "Người được giao đề xuất chỉ tiêu khác cho các kết quả then chốt của mục tiêu (lãnh đạo "
        "đã giao quyết định: POST /proposals/{id}/decide); mục tiêu chuyển sang chờ quyết định. "
        "Chỉ người được giao (khác: 403); kết quả then chốt của mục tiêu khác: 422. If-Match "
        "được kiểm tra khi có gửi. Trả về đề xuất."
    ),
)
def goal_propose(
    request, goal_id: Id, payload: GoalChangeProposeIn, if_match: str | None = IfMatch
):
    goal = _goal_for_update(request, goal_id, if_match)
    proposal = services.goal_propose_changes(
        actor=request.user,
        goal=goal,
        changes=[
            {"key_result": change.key_result_id, "target": str(change.target)}
            for change in payload.changes
        ],
        comment=payload.comment,
    )
    return Status(201, proposal)


@router.get(
    "/proposals",
    response={200: list[GoalChangeProposalOut], **ERRORS},
    summary="Đề xuất điều chỉnh chờ tôi quyết định",
    description=(
        "Các đề xuất điều chỉnh chỉ tiêu đang chờ mà người gọi được quyết định (người đã giao "
        "mục tiêu, hoặc lãnh đạo phụ trách cấp trên), như trên trang “Mục tiêu của tôi”. "
        "Phân trang bằng con trỏ, cũ trước."
    ),
)
@paginate(KeysetPagination, ordering=("pk",))
def proposals(request):
    return selectors.proposals_awaiting_decision(viewer=request.user)


@router.post(
    "/proposals/{goal_proposal_id}/decide",
    response=GOAL_ACTION,
    summary="Quyết định một đề xuất điều chỉnh",
    description=(
        "Người đã giao mục tiêu (hoặc lãnh đạo phụ trách cấp trên, không phải người đề xuất) "
        "chấp thuận — các chỉ tiêu được đổi, ghi lý do — hoặc không chấp thuận (mục tiêu trở "
        "lại chờ nhận). Khác: 403; đề xuất đã được quyết định: 422. Trả về mục tiêu."
    ),
)
def proposal_decide(request, goal_proposal_id: Id, payload: GoalChangeDecideIn):
    proposal = selectors.goal_proposal_get(viewer=request.user, pk=goal_proposal_id)
    goal = services.goal_proposal_decide(
        actor=request.user, proposal=proposal, approve=payload.approve, comment=payload.comment
    )
    return _goal(request, goal.pk)


@router.post(
    "/goals/{goal_id}/supports",
    response=GOAL_ACTION,
    summary="Ghi mục tiêu này cũng đóng góp cho một mục tiêu khác",
    description=(
        "Người sửa được mục tiêu nối nó với một mục tiêu khác mà nó cũng hỗ trợ (hiện ở cả "
        "hai, không cộng vào tiến độ). Mục tiêu kia phải xem được (khác: 404/403); chính nó: "
        "422. If-Match được kiểm tra khi có gửi. Trả về mục tiêu."
    ),
)
def goal_supports(request, goal_id: Id, payload: SupportsIn, if_match: str | None = IfMatch):
    goal = _goal_for_update(request, goal_id, if_match)
    supported = _goal(request, payload.supported_id)
    services.goal_link_supports(actor=request.user, goal=goal, supported=supported)
    return _goal(request, goal.pk)


@router.get(
    "/assignments",
    response={200: list[GoalOut], **ERRORS},
    summary="Mục tiêu được giao chờ tôi nhận",
    description=(
        "Các mục tiêu giao cho người gọi (hoặc cho đơn vị người gọi phụ trách) đang chờ nhận "
        "hoặc đề xuất điều chỉnh, như trên trang “Mục tiêu của tôi”. Phân trang bằng con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("pk",))
def assignments(request):
    return selectors.goals_awaiting_response(viewer=request.user).prefetch_related("key_results")


# ---------------------------------------------------------------- verification
class VerificationPagination(KeysetPagination):
    """KeysetPagination over the verification queue, a list the selector computes in its
    order (since, goal id): the cursor is the last row's [since, goal id], the rows after it
    are kept. One row per goal, so the goal id is the row's key ("pk" in the ordering)."""

    @staticmethod
    def _value(item: Any, field: str) -> Any:
        if field == "pk":
            return item.goal_id
        return KeysetPagination._value(item, field)

    def paginate_queryset(self, queryset: Any, pagination: Any, request, **params: Any) -> Any:
        rows = list(queryset)
        if pagination.cursor:
            since, last = self.decode(pagination.cursor)
            try:
                moment = datetime.fromisoformat(since)
            except (ValueError, TypeError):  # not a moment
                raise self._invalid() from None
            if moment.tzinfo is None or not isinstance(last, int):
                raise self._invalid()
            rows = [w for w in rows if (w.since, w.goal_id) > (moment, last)]
        items = rows[: pagination.limit]
        more = len(rows) > pagination.limit
        return {"items": items, "next_cursor": self.encode(items[-1]) if more else None}


@router.get(
    "/verification-queue",
    response={200: list[VerificationOut], **ERRORS},
    summary="Cập nhật tiến độ chờ tôi xác nhận",
    description=(
        "Các mục tiêu trong đơn vị người gọi phụ trách có giá trị mới nhất chưa được xác nhận "
        "mà người gọi là thủ trưởng gần nhất được xác nhận (không phải mục tiêu, cũng không "
        "phải lần cập nhật của chính mình), chờ lâu nhất trước — như trang “Chờ xác nhận”. "
        "Xác nhận: POST /check-ins/{id}/verify (các lần cập nhật: GET "
        "/key-results/{id}/check-ins). Phân trang bằng con trỏ."
    ),
)
@paginate(VerificationPagination, ordering=("since", "pk"))
def verification_queue(request):
    return selectors.checkins_awaiting_verification(viewer=request.user)


# ---------------------------------------------------------------- evidence
FILE_ANSWER = {
    "responses": {
        200: {
            "description": "Tệp minh chứng",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


@router.get(
    "/goals/{goal_id}/evidence",
    response={200: list[EvidenceOut], **ERRORS},
    summary="Các tệp minh chứng của một mục tiêu",
    description=(
        "Các lần cập nhật tiến độ của mục tiêu có kèm tệp minh chứng, mới trước. Minh chứng là "
        "dữ liệu riêng của đơn vị: chỉ người phụ trách mục tiêu và người phụ trách đơn vị "
        "(khác: 403)."
    ),
)
def goal_evidence(request, goal_id: Id):
    goal = _goal(request, goal_id)
    if not rules.can_see_evidence(request.user, goal):
        raise PermissionDenied
    found = []
    for key_result in goal.key_results.all():
        history = selectors.checkin_history(viewer=request.user, key_result=key_result)
        found += [
            {
                "checkin_id": c.pk,
                "key_result_id": c.key_result_id,
                "checked_on": c.checked_on,
                "file_name": os.path.basename(c.evidence.name),
                "verified": c.verified_at is not None,
            }
            for c in history.exclude(evidence="")
        ]
    return sorted(found, key=lambda e: (e["checked_on"], e["checkin_id"]), reverse=True)


@router.get(
    "/check-ins/{checkin_id}/evidence",
    response={200: None, **ERRORS},
    summary="Tệp minh chứng của một lần cập nhật tiến độ",
    description=(
        "Như trang: người phụ trách mục tiêu và người phụ trách đơn vị; lần cập nhật không "
        "có tệp hoặc người gọi không được xem: 403."
    ),
    openapi_extra=FILE_ANSWER,
)
def checkin_evidence(request, checkin_id: Id):
    checkin = selectors.checkin_get(viewer=request.user, pk=checkin_id)
    if not checkin.evidence or not rules.can_see_evidence(request.user, checkin.key_result.goal):
        raise PermissionDenied
    try:
        handle = checkin.evidence.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(checkin.evidence.name),
        content_type="application/octet-stream",
    )


@router.post(
    "/key-results/{kr_id}/check-ins/with-evidence",
    response={201: CheckInOut, **ERRORS},
    summary="Cập nhật tiến độ kèm tệp minh chứng",
    description=(
        "multipart/form-data: các trường của POST /key-results/{id}/check-ins và tệp "
        "`evidence` — như trang, tối đa 10 MB, PDF, ảnh, Word, Excel hoặc văn bản (khác: 422 "
        "ở trường evidence). Người được cập nhật (khác: 403)."
    ),
)
def checkin_with_evidence(
    request,
    kr_id: Id,
    payload: Form[CheckInUploadIn],
    evidence: UploadedFile = EVIDENCE,
):
    key_result = selectors.key_result_get(viewer=request.user, pk=kr_id)
    if not rules.can_check_in(request.user, key_result):
        raise PermissionDenied(_("You may only check in on your own goals or those you manage."))
    form = CheckInForm(
        {
            "value": payload.value,
            "confidence": payload.confidence,
            "checked_on": payload.checked_on or "",
            "comment": payload.comment,
        },
        {"evidence": evidence},
    )
    if not form.is_valid():
        raise form_validation_error(form)
    created = services.checkin_create(
        actor=request.user,
        key_result=key_result,
        value=form.cleaned_data["value"],
        confidence=form.cleaned_data["confidence"],
        checked_on=form.cleaned_data["checked_on"],
        comment=form.cleaned_data["comment"],
        evidence=form.cleaned_data["evidence"],
        confirmed=payload.confirmed,
    )
    return Status(201, created)


# ---------------------------------------------------------------- the daily log
def _month(value: str | None) -> tuple[date, date]:
    today = timezone.localdate()
    if value is None:
        year, month = today.year, today.month
    else:
        year, month = int(value[:4]), int(value[5:7])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@router.get(
    "/daily-log",
    response={200: DailyLogOut, **ERRORS},
    summary="Nhật ký công việc và chuỗi “1% mỗi ngày” của tôi",
    description=(
        "Các dòng nhật ký của người gọi trong một tháng (`month=YYYY-MM`, mặc định tháng này), "
        "số ngày có cải tiến trong tháng, và chuỗi cải tiến hiện tại tính theo ngày làm việc "
        "(ngày nghỉ, ngày lễ không tính cũng không làm đứt chuỗi) với 1,01ⁿ của năm."
    ),
)
def daily_log(
    request,
    month: str | None = Query(
        None, pattern=MONTH.pattern, max_length=7, description="Tháng, YYYY-MM."
    ),
):
    start, end = _month(month)
    me = person_for_user(user=request.user)
    entries = (
        DailyLog.objects.filter(person=me, logged_on__gte=start, logged_on__lte=end).order_by(
            "logged_on", "pk"
        )
        if me is not None
        else DailyLog.objects.none()
    )
    entries = list(entries)
    return {
        "month": start.strftime("%Y-%m"),
        "entries": entries,
        "improvement_days_in_month": len({e.logged_on for e in entries if e.is_improvement}),
        "streak": streaks.improvement_streak(person=me) if me is not None else None,
    }


@router.post(
    "/daily-log",
    response={201: LogEntryOut, **ERRORS},
    summary="Ghi nhật ký công việc (và cải tiến trong ngày)",
    description=(
        "Ghi một dòng nhật ký của chính mình cho một ngày (bỏ trống: hôm nay). Ngày trong "
        "tương lai bị từ chối; một cải tiến chỉ được ghi vào ngày làm việc — ngày lễ, ngày "
        "nghỉ, ngày nghỉ hằng tuần bị từ chối kèm lý do (422 ở trường logged_on). Người không "
        "có hồ sơ cán bộ: 403."
    ),
)
def daily_log_add(request, payload: LogEntryIn):
    me = person_for_user(user=request.user)
    if me is None:
        raise PermissionDenied(_("Only staff with a personnel record keep a work log."))
    entry = services.daily_log_add(
        actor=request.user,
        person=me,
        text=payload.text,
        logged_on=payload.logged_on,
        is_improvement=payload.is_improvement,
    )
    return Status(201, entry)
