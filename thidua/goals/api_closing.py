"""Goals API, closing the goals whose period has ended (issue 13), as the page /goals/to-close/
does, through the same selectors, service and rules (services.closing, rules.can_close_goal):
the caller's list of goals to close (GET /to-close, as the page), closing one goal (POST
/goals/{id}/close; If-Match checked when sent, as the other goal actions), closing several
or all of the list at once (POST /to-close, as the page's "close all": all or none).

Answers: 403 when the caller may not close the goal, 404 when they cannot see it, 409 when
the goal is closed already or is not in progress, 422 when its period has not ended.
Mounted by thidua/goals/api.py."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from thidua.core.api_etag import IfMatch, for_update
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Id, InputSchema, MessageOut

from . import rules, selectors, services
from .api_schemas import GoalOut
from .choices import GoalStatus
from .models import Goal
from .selectors.closing import goals_to_close, goals_waiting_to_close

NOTE_MAX = 500  # as the page
CLOSE_MAX = 500  # goals named in one call; the whole list ("all") has no such bound

router = Router()


class GoalCloseIn(InputSchema):
    note: str = Field("", max_length=NOTE_MAX, description="Ghi chú khi đóng (được ghi lại).")


class GoalsCloseIn(InputSchema):
    goal_ids: list[Id] | None = Field(
        None,
        max_length=CLOSE_MAX,
        description=(
            "Các mục tiêu cần đóng; bỏ trống: đóng mọi mục tiêu trong danh sách chờ đóng của "
            "người gọi (GET /to-close)."
        ),
    )
    note: str = Field("", max_length=NOTE_MAX, description="Ghi chú khi đóng (được ghi lại).")


class GoalToCloseOut(Schema):
    id: int
    title: str
    owner: str
    scope_unit_id: int
    period_start: date
    period_end: date
    progress: Decimal
    waits_for_me: bool = Field(
        description="Người gọi là lãnh đạo gần nhất phụ trách mục tiêu (mục “Việc của tôi”)."
    )


CLOSE_ERRORS = {**ERRORS, 409: MessageOut}


def _closable(actor, goal: Goal) -> Goal:
    """The rules' answer first (403), then the goal's state (409); the service checks the
    period's end (422)."""
    if not rules.can_close_goal(actor, goal):
        raise PermissionDenied(_("You may not close this goal."))
    if goal.status == GoalStatus.CLOSED:
        raise HttpError(409, _("The goal “%(title)s” is already closed.") % {"title": goal.title})
    if goal.status != GoalStatus.ACTIVE:
        raise HttpError(
            409,
            _("Only a goal in progress can be closed: “%(title)s” is not.") % {"title": goal.title},
        )
    return goal


@router.get(
    "/to-close",
    response={200: list[GoalToCloseOut], **ERRORS},
    summary="Mục tiêu đã hết kỳ, chờ đóng",
    description=(
        "Các mục tiêu đang thực hiện đã hết kỳ mà người gọi (lãnh đạo đơn vị) được đóng, như "
        "trang “Mục tiêu chờ đóng”; `waits_for_me`: người gọi là lãnh đạo gần nhất (mục “Việc "
        "của tôi”). Người khác: danh sách rỗng."
    ),
)
def to_close(request):
    waiting = {goal.pk for goal in goals_waiting_to_close(viewer=request.user)}
    return [
        {
            "id": goal.pk,
            "title": goal.title,
            "owner": str(goal.owner),
            "scope_unit_id": goal.scope_unit_id,
            "period_start": goal.period_start,
            "period_end": goal.period_end,
            "progress": goal.progress,
            "waits_for_me": goal.pk in waiting,
        }
        for goal in goals_to_close(viewer=request.user)[:CLOSE_MAX]
    ]


@router.post(
    "/goals/{goal_id}/close",
    response={200: GoalOut, **CLOSE_ERRORS, **PRECONDITION_ERRORS},
    summary="Đóng mục tiêu đã hết kỳ",
    description=(
        "Lãnh đạo phụ trách (được sửa mục tiêu) đóng mục tiêu đang thực hiện khi kỳ đã kết "
        "thúc; tiến độ cuối được giữ, mục tiêu không nhận cập nhật nữa. Không được đóng: 403; "
        "đã đóng hoặc không đang thực hiện: 409; kỳ chưa kết thúc: 422. If-Match (ETag của "
        "GET /goals/{id}) được kiểm tra khi có gửi. Trả về mục tiêu."
    ),
)
def goal_close(request, goal_id: Id, payload: GoalCloseIn, if_match: str | None = IfMatch):
    goal = for_update(
        selectors.goal_get(viewer=request.user, pk=goal_id),
        schema=GoalOut,
        if_match=if_match,
        required=False,
    )
    _closable(request.user, goal)
    services.goal_close(actor=request.user, goal=goal, note=payload.note)
    return selectors.goal_get(viewer=request.user, pk=goal.pk)


@router.post(
    "/to-close",
    response={200: list[GoalOut], **CLOSE_ERRORS},
    summary="Đóng nhiều mục tiêu đã hết kỳ",
    description=(
        "Đóng các mục tiêu nêu trong `goal_ids` (tối đa 500), hoặc mọi mục tiêu chờ đóng của "
        "người gọi khi bỏ trống: tất cả hoặc không mục tiêu nào (một mục tiêu không đóng được "
        "thì không đóng gì). Chỉ lãnh đạo (khác: 403). Trả về các mục tiêu đã đóng."
    ),
)
def goals_close(request, payload: GoalsCloseIn):
    if not rules._is_manager(request.user):
        raise PermissionDenied(_("You may not close this goal."))
    if payload.goal_ids is None:
        goals = list(goals_to_close(viewer=request.user))
    else:
        goals = [
            selectors.goal_get(viewer=request.user, pk=pk) for pk in dict.fromkeys(payload.goal_ids)
        ]
    for goal in goals:
        _closable(request.user, goal)
    services.goals_close_ended(actor=request.user, goals=goals, note=payload.note)
    return list(
        selectors.visible_goals(viewer=request.user)
        .filter(pk__in=[goal.pk for goal in goals])
        .prefetch_related("key_results")
        .order_by("pk")
    )
