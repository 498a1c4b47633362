"""Goals API: the same services, selectors and permissions as the pages.

Lists are cursor-paginated (thidua/core/api_pagination.py); a goal, a key result, a
check-in and a task answer with an ETag, and their updates check If-Match (thidua/core/api_etag.py):
PATCH requires it (428 without, 412 when stale), the older POST actions check it when sent.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
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
from thidua.org.selectors import person_for_user, person_public_get, unit_get

from . import selectors, services
from .api_actions import router as actions_router
from .api_closing import router as closing_router
from .api_fieldwork import router as fieldwork_router
from .api_reports import router as reports_router
from .api_schemas import CONFIRMED, CheckInOut, GoalOut, KeyResultOut
from .models import CheckIn, Goal, KeyResult, KeyResultTarget, Task

# The page's limits where they are narrower than the table's (forms.py).
CHECKIN_COMMENT_MAX = 2000
NUMBER_TEXT_MAX = 40
KEY_RESULTS_MAX = 10

router = Router(tags=["goals"])


class IndicatorOut(Schema):
    id: int
    name: str
    unit_of_measure: str
    baseline_value: Decimal
    baseline_on: date
    target_value: Decimal
    target_on: date
    direction: str
    is_illustrative: bool
    source: str


class ProgramOut(Schema):
    id: int
    code: str
    number: int
    name: str
    period_start: date
    period_end: date
    progress: Decimal
    progress_verified: Decimal
    indicators: list[IndicatorOut]


class KeyResultIn(InputSchema):
    title: model_field(KeyResult, "title")
    metric_type: model_field(KeyResult, "metric_type") = "number"
    baseline: model_field(KeyResult, "baseline") = Decimal(0)
    target: model_field(KeyResult, "target")
    direction: model_field(KeyResult, "direction") = "up"
    due_date: Day | None = None
    weight: model_field(KeyResult, "weight") = Decimal(1)
    unit_of_measure: model_field(KeyResult, "unit_of_measure") = ""


class GoalIn(InputSchema):
    title: model_field(Goal, "title")
    period_kind: model_field(Goal, "period_kind")
    period_start: Day
    period_end: Day
    parent_id: Id | None = None
    owner_unit_id: Id | None = None
    owner_person_id: Id | None = None
    weight: model_field(Goal, "weight") = Decimal(1)
    is_stretch: bool = False
    description: model_field(Goal, "description") = ""
    key_results: list[KeyResultIn] = Field([], max_length=KEY_RESULTS_MAX)


class CheckInIn(InputSchema):
    # A number, or text in the page's format ("1.250,5").
    value: model_field(CheckIn, "value") | Annotated[str, Field(max_length=NUMBER_TEXT_MAX)]
    confidence: model_field(CheckIn, "confidence")
    checked_on: Day | None = None
    comment: model_field(CheckIn, "comment", max_length=CHECKIN_COMMENT_MAX) = ""
    confirmed: bool = Field(False, description=CONFIRMED)


class TaskIn(InputSchema):
    title: model_field(Task, "title")
    due_date: Day | None = None
    key_result_id: Id | None = None


class TaskOut(Schema):
    id: int
    title: str
    due_date: date | None
    status: str
    key_result_id: int | None


class TaskStatusIn(InputSchema):
    status: model_field(Task, "status")


@router.get(
    "/programs",
    response={200: list[ProgramOut], **ERRORS},
    summary="Các chương trình và chỉ tiêu",
    description="Tám chương trình của Bộ với tiến độ và các chỉ tiêu so với lộ trình.",
)
def programs(request):
    return list(selectors.program_list(viewer=request.user))


@router.get(
    "/goals",
    response={200: list[GoalOut], **ERRORS},
    summary="Danh sách mục tiêu",
    description=(
        "Các mục tiêu người gọi được xem, theo cây (path). Lọc theo đơn vị (cả cây con), "
        "người phụ trách, ngày nằm trong kỳ. Phân trang bằng con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("path", "pk"))
def goals(request, unit_id: Id | None = None, person_id: Id | None = None, on: Day | None = None):
    qs = selectors.visible_goals(viewer=request.user)
    if unit_id is not None:
        # a unit is a reference row every member of staff sees; the goals are scoped above
        unit = unit_get(viewer=request.user, pk=unit_id)
        qs = qs.filter(scope_unit__path__startswith=unit.path)
    if person_id is not None:
        qs = qs.filter(owner_person_id=person_id)
    if on is not None:
        qs = qs.filter(period_start__lte=on, period_end__gte=on)
    return qs.prefetch_related("key_results")


@router.get(
    "/goals/{goal_id}",
    response={200: GoalOut, **ERRORS},
    summary="Một mục tiêu",
    description="Mục tiêu với các kết quả then chốt; trả kèm ETag.",
    openapi_extra=ETAG_RESPONSE,
)
def goal(request, goal_id: Id, response: HttpResponse):
    return set_etag(response, GoalOut, selectors.goal_get(viewer=request.user, pk=goal_id))


@router.post(
    "/goals",
    response={201: GoalOut, **ERRORS},
    summary="Tạo hoặc giao mục tiêu",
    description=(
        "Tạo mục tiêu của mình hoặc của đơn vị; có mục tiêu cha và người phụ trách khác mình "
        "thì là giao mục tiêu (người nhận chấp nhận trên trang)."
    ),
)
def goal_create(request, payload: GoalIn):
    parent = (
        selectors.goal_get(viewer=request.user, pk=payload.parent_id) if payload.parent_id else None
    )
    # the owner is named as on the page's choice (names are public to staff); the services
    # decide whom the caller may set a goal for (403)
    owner_unit = (
        unit_get(viewer=request.user, pk=payload.owner_unit_id) if payload.owner_unit_id else None
    )
    owner_person = (
        person_public_get(viewer=request.user, pk=payload.owner_person_id)
        if payload.owner_person_id
        else None
    )
    data = payload.dict(exclude={"parent_id", "owner_unit_id", "owner_person_id"})
    me = person_for_user(user=request.user)
    if parent is not None and owner_person != me:
        created = services.goal_assign(
            actor=request.user,
            parent=parent,
            owner_unit=owner_unit,
            owner_person=owner_person,
            **data,
        )
    else:
        created = services.goal_create(
            actor=request.user,
            parent=parent,
            owner_unit=owner_unit,
            owner_person=owner_person,
            **data,
        )
    return Status(201, selectors.goal_get(viewer=request.user, pk=created.pk))


class TargetIn(InputSchema):
    target: model_field(KeyResult, "target")
    reason: model_field(KeyResultTarget, "reason") = ""


def _key_result_visible(request, kr_id: int) -> KeyResult:
    return selectors.key_result_get(viewer=request.user, pk=kr_id)


@router.get(
    "/key-results/{kr_id}",
    response={200: KeyResultOut, **ERRORS},
    summary="Một kết quả then chốt",
    description="Kết quả then chốt với giá trị hiện tại và tiến độ; trả kèm ETag.",
    openapi_extra=ETAG_RESPONSE,
)
def key_result(request, kr_id: Id, response: HttpResponse):
    return set_etag(response, KeyResultOut, _key_result_visible(request, kr_id))


@router.post(
    "/goals/{goal_id}/key-results",
    response={201: KeyResultOut, **ERRORS},
    summary="Thêm kết quả then chốt",
    description="Người được sửa mục tiêu thêm một kết quả then chốt (không được: 403).",
)
def key_result_add(request, goal_id: Id, payload: KeyResultIn):
    goal = selectors.goal_get(viewer=request.user, pk=goal_id)
    return Status(201, services.key_result_add(actor=request.user, goal=goal, **payload.dict()))


def _set_target(request, kr_id: int, payload: TargetIn, if_match: str | None, *, required: bool):
    key_result = for_update(
        _key_result_visible(request, kr_id),
        schema=KeyResultOut,
        if_match=if_match,
        required=required,
    )
    return services.key_result_set_target(
        actor=request.user, key_result=key_result, target=payload.target, reason=payload.reason
    )


@router.patch(
    "/key-results/{kr_id}",
    response={200: KeyResultOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi chỉ tiêu của kết quả then chốt (cần If-Match)",
    description=(
        "Đổi giá trị mục tiêu, kèm lý do (được ghi lại). Bắt buộc header If-Match bằng ETag "
        "của lần GET gần nhất: thiếu → 428, đã có người đổi → 412."
    ),
)
def key_result_update(request, kr_id: Id, payload: TargetIn, if_match: str | None = IfMatch):
    return _set_target(request, kr_id, payload, if_match, required=True)


@router.post(
    "/key-results/{kr_id}/target",
    response={200: KeyResultOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi chỉ tiêu của kết quả then chốt",
    description="Như PATCH /key-results/{kr_id}; If-Match được kiểm tra khi có gửi.",
)
def key_result_target(request, kr_id: Id, payload: TargetIn, if_match: str | None = IfMatch):
    return _set_target(request, kr_id, payload, if_match, required=False)


@router.get(
    "/key-results/{kr_id}/check-ins",
    response={200: list[CheckInOut], **ERRORS},
    summary="Lịch sử cập nhật tiến độ của một kết quả then chốt",
    description="Các lần cập nhật, mới trước; chỉ người xem được mục tiêu (khác: 403).",
)
def checkins(request, kr_id: Id):
    key_result = selectors.key_result_get(viewer=request.user, pk=kr_id)
    return list(selectors.checkin_history(viewer=request.user, key_result=key_result))


def _checkin_visible(request, checkin_id: int) -> CheckIn:
    return selectors.checkin_get(viewer=request.user, pk=checkin_id)


class CheckInUpdateIn(InputSchema):
    value: (
        model_field(CheckIn, "value") | Annotated[str, Field(max_length=NUMBER_TEXT_MAX)] | None
    ) = None
    confidence: model_field(CheckIn, "confidence") | None = None
    comment: model_field(CheckIn, "comment", max_length=CHECKIN_COMMENT_MAX) | None = None
    confirmed: bool = Field(False, description=CONFIRMED)


@router.get(
    "/check-ins/{checkin_id}",
    response={200: CheckInOut, **ERRORS},
    summary="Một lần cập nhật tiến độ",
    description="Trả kèm ETag để sửa bằng PATCH.",
    openapi_extra=ETAG_RESPONSE,
)
def checkin(request, checkin_id: Id, response: HttpResponse):
    return set_etag(response, CheckInOut, _checkin_visible(request, checkin_id))


@router.patch(
    "/check-ins/{checkin_id}",
    response={200: CheckInOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa lần cập nhật tiến độ của mình (cần If-Match)",
    description=(
        "Người nhập sửa lần cập nhật chưa được xác nhận. Bắt buộc If-Match: thiếu → 428, "
        "đã cũ → 412. Giá trị mới trông bất thường: 422 nêu lý do, trừ khi gửi "
        "`confirmed: true`."
    ),
)
def checkin_update(
    request, checkin_id: Id, payload: CheckInUpdateIn, if_match: str | None = IfMatch
):
    checkin = for_update(
        _checkin_visible(request, checkin_id), schema=CheckInOut, if_match=if_match
    )
    return services.checkin_update(actor=request.user, checkin=checkin, **payload.dict())


@router.post(
    "/key-results/{kr_id}/check-ins",
    response={201: CheckInOut, **ERRORS},
    summary="Cập nhật tiến độ (check-in)",
    description=(
        "Ghi giá trị mới cho kết quả then chốt của mình hoặc của người mình quản lý; giá trị "
        "hiện tại và tiến độ mục tiêu được tính lại. Giá trị trông bất thường: 422 nêu lý do, "
        "trừ khi gửi `confirmed: true`."
    ),
)
def checkin_create(request, kr_id: Id, payload: CheckInIn):
    key_result = selectors.key_result_get(viewer=request.user, pk=kr_id)
    return Status(
        201, services.checkin_create(actor=request.user, key_result=key_result, **payload.dict())
    )


@router.post(
    "/check-ins/{checkin_id}/verify",
    response={200: CheckInOut, **ERRORS},
    summary="Xác nhận lần cập nhật tiến độ (lãnh đạo đơn vị)",
    description="Lãnh đạo phụ trách mục tiêu xác nhận minh chứng (khác: 403).",
)
def checkin_verify(request, checkin_id: Id):
    checkin = selectors.checkin_get(viewer=request.user, pk=checkin_id)
    return services.checkin_verify(actor=request.user, checkin=checkin)


@router.get(
    "/tasks",
    response={200: list[TaskOut], **ERRORS},
    summary="Việc của tôi",
    description="Các việc của người gọi, cũ trước. Phân trang bằng con trỏ.",
)
@paginate(KeysetPagination, ordering=("pk",))
def tasks(request):
    me = person_for_user(user=request.user)
    return Task.objects.filter(owner=me) if me else Task.objects.none()


@router.post(
    "/tasks",
    response={201: TaskOut, **ERRORS},
    summary="Thêm việc của tôi",
    description="Việc của người gọi (cần hồ sơ cán bộ), có thể gắn một kết quả then chốt xem được.",
)
def task_create(request, payload: TaskIn):
    me = person_for_user(user=request.user)
    if me is None:
        raise PermissionDenied(_("Only staff with a personnel record have tasks."))
    key_result = (
        selectors.key_result_get(viewer=request.user, pk=payload.key_result_id)
        if payload.key_result_id
        else None
    )
    return Status(
        201,
        services.task_create(
            actor=request.user,
            title=payload.title,
            owner=me,
            key_result=key_result,
            due_date=payload.due_date,
        ),
    )


@router.get(
    "/tasks/{task_id}",
    response={200: TaskOut, **ERRORS},
    summary="Một việc",
    description=(
        "Việc của mình hoặc của người mình quản lý (khác: 403); trả kèm ETag để đổi trạng "
        "thái với If-Match."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def task(request, task_id: Id, response: HttpResponse):
    return set_etag(response, TaskOut, selectors.task_get(viewer=request.user, pk=task_id))


@router.post(
    "/tasks/{task_id}/status",
    response={200: TaskOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi trạng thái một việc",
    description=(
        "Việc của mình hoặc của người mình quản lý (khác: 403); trạng thái lạ: 422. If-Match "
        "(ETag của GET /tasks/{task_id}) được kiểm tra khi có gửi: đã có người đổi → 412."
    ),
)
def task_status(request, task_id: Id, payload: TaskStatusIn, if_match: str | None = IfMatch):
    task = for_update(
        selectors.task_get(viewer=request.user, pk=task_id),
        schema=TaskOut,
        if_match=if_match,
        required=False,
    )
    return services.task_set_status(actor=request.user, task=task, status=payload.status)


# The goal pages' actions, the daily log (api_actions.py); templates and field visits
# (api_fieldwork.py); the ministry dashboard and the monthly review (api_reports.py); closing
# the goals of an ended period (api_closing.py).
router.add_router("", actions_router)
router.add_router("", closing_router)
router.add_router("", fieldwork_router)
router.add_router("", reports_router)
