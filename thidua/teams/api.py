"""Teams API (issue 15, point 2): the cross-unit working teams the caller may see, one team
with its members and goals, and the writes the pages and services allow — form a team, add or
remove a member, set a team goal, close the team — through the same selectors, services and
rules as the pages (thidua/teams/views.py). A team the caller may not see is a 403, one that does not exist a
404, as on the page. A team's GET answers an ETag; the POST actions that change it check
If-Match when it is sent."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.goals.api import KEY_RESULTS_MAX, GoalOut, KeyResultIn
from thidua.goals.models import Goal
from thidua.org.models import Person, Unit

from . import rules, selectors, services
from .models import Team

MEMBERS_MAX = 500

router = Router(tags=["teams"])


# ---------------------------------------------------------------- schemas
class TeamOut(Schema):
    id: int
    name: str
    purpose: str
    unit_id: int
    unit_name: str
    lead_id: int
    lead_name: str
    period_start: date
    period_end: date
    closed_on: date | None = Field(None, description="Ngày đóng nhóm trước hạn (null: chưa đóng).")

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_lead_name(obj):
        return obj.lead.full_name


class TeamMemberOut(Schema):
    id: int = Field(description="Mã người (person).")
    full_name: str
    unit_id: int | None
    unit_name: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name if obj.unit_id else ""


class TeamFormerMemberOut(Schema):
    id: int = Field(description="Mã người (person).")
    full_name: str
    unit_id: int | None
    unit_name: str
    left_on: date = Field(description="Ngày rời nhóm.")

    @staticmethod
    def resolve_id(obj):
        return obj.person_id

    @staticmethod
    def resolve_full_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_unit_id(obj):
        return obj.person.unit_id

    @staticmethod
    def resolve_unit_name(obj):
        return obj.person.unit.name if obj.person.unit_id else ""


class TeamDetailOut(TeamOut):
    members: list[TeamMemberOut]
    former_members: list[TeamFormerMemberOut] = Field(
        description="Người đã rút khỏi nhóm, người rời gần nhất trước."
    )
    goals: list[GoalOut]

    @staticmethod
    def resolve_members(obj):
        return selectors.team_members(team=obj)

    @staticmethod
    def resolve_former_members(obj):
        return selectors.team_former_members(team=obj)

    @staticmethod
    def resolve_goals(obj):
        return list(selectors.team_goals(team=obj))


class TeamIn(InputSchema):
    name: model_field(Team, "name")
    purpose: model_field(Team, "purpose") = ""
    unit_id: Id = Field(description="Đơn vị chủ trì (mục tiêu của nhóm tính cho đơn vị này).")
    lead_id: Id = Field(description="Trưởng nhóm (một người).")
    member_ids: list[Id] = Field([], max_length=MEMBERS_MAX, description="Thành viên.")
    period_start: Day
    period_end: Day


class TeamMemberIn(InputSchema):
    person_id: Id


class TeamChangeIn(InputSchema):
    on: Day | None = Field(None, description="Từ ngày (mặc định hôm nay; trong thời hạn nhóm).")
    reason: str = Field("", max_length=services.REASON_MAX_CHARS, description="Lý do.")


class TeamGoalIn(InputSchema):
    title: model_field(Goal, "title")
    key_results: list[KeyResultIn] = Field(..., min_length=1, max_length=KEY_RESULTS_MAX)
    period_start: Day | None = Field(None, description="Mặc định: đầu thời hạn của nhóm.")
    period_end: Day | None = Field(None, description="Mặc định: cuối thời hạn của nhóm.")


# ---------------------------------------------------------------- helpers
def _team(request, team_id: int) -> Team:
    """The team as the page finds it: none → 404, not the caller's to see → 403."""
    return selectors.team_get(viewer=request.user, pk=team_id)


def _people(ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in Person.objects.select_related("unit").filter(pk__in=set(ids))}
    if len(found) != len(set(ids)):
        raise Http404
    return [found[pk] for pk in dict.fromkeys(ids)]


# ---------------------------------------------------------------- reads
@router.get(
    "/teams",
    response={200: list[TeamOut], **ERRORS},
    summary="Các nhóm công tác tôi được xem",
    description=(
        "Nhóm người gọi là trưởng nhóm hoặc thành viên, và nhóm do đơn vị người gọi phụ trách "
        "chủ trì (như trang Nhóm công tác); mới trước. Lọc `on` (nhóm còn thời hạn vào ngày "
        "đó) và `unit_id` (đơn vị chủ trì). Phân trang con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("-period_start", "-pk"))
def teams(request, on: Day | None = None, unit_id: Id | None = None):
    found = selectors.teams_visible(viewer=request.user)
    if on is not None:
        found = found.filter(period_start__lte=on, period_end__gte=on)
    if unit_id is not None:
        found = found.filter(unit_id=unit_id)
    return found


@router.get(
    "/teams/{team_id}",
    response={200: TeamDetailOut, **ERRORS},
    summary="Một nhóm công tác với thành viên và mục tiêu",
    description=(
        "Thành viên, trưởng nhóm, lãnh đạo phụ trách đơn vị chủ trì xem được; người khác: 403, "
        "không có: 404. Kèm ETag: gửi lại trong If-Match khi thêm thành viên hoặc mục tiêu."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def team(request, team_id: Id, response: HttpResponse):
    return set_etag(response, TeamDetailOut, _team(request, team_id))


# ---------------------------------------------------------------- writes
@router.post(
    "/teams",
    response={201: TeamDetailOut, **ERRORS},
    summary="Lập nhóm công tác",
    description=(
        "Thủ trưởng, lãnh đạo lập nhóm từ người của các đơn vị mình phụ trách (nhóm liên đơn "
        "vị cần người phụ trách tất cả các đơn vị đó): 403 khác. Đơn vị chủ trì là Bộ, một "
        "đơn vị cấp Cục/Vụ hoặc phòng còn hoạt động; chỉ người đang công tác; thời hạn kết "
        "thúc không trước khi bắt đầu (422). Đơn vị hoặc người không có: 404."
    ),
)
def team_create(request, payload: TeamIn):
    if not rules.can_form_teams(request.user):
        raise PermissionDenied(
            _("You may form teams only of people in the units you head or lead.")
        )
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    lead, *_rest = _people([payload.lead_id])
    members = _people(payload.member_ids)
    paths = [unit.path, lead.unit.path, *(p.unit.path for p in members)]
    if not rules.may_form_team(request.user, unit_paths=paths):  # before the checks of input
        raise PermissionDenied(
            _("You may form teams only of people in the units you head or lead.")
        )
    units, _people_offered = selectors.form_choices(viewer=request.user)
    if not units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit_id": _("This unit cannot host a team.")})
    created = services.team_create(
        actor=request.user,
        name=payload.name,
        purpose=payload.purpose,
        unit=unit,
        lead=lead,
        members=members,
        period_start=payload.period_start,
        period_end=payload.period_end,
    )
    return Status(201, _team(request, created.pk))


@router.post(
    "/teams/{team_id}/members",
    response={200: TeamDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Thêm thành viên vào nhóm công tác",
    description=(
        "Thủ trưởng, lãnh đạo phụ trách cả đơn vị chủ trì và đơn vị của người được thêm "
        "(403 khác); chỉ người đang công tác (422); đã là thành viên: không thay đổi gì. "
        "If-Match (ETag của GET /teams/{id}) được kiểm tra khi có gửi."
    ),
)
def team_member_add(request, team_id: Id, payload: TeamMemberIn, if_match: str | None = IfMatch):
    found = _team(request, team_id)
    (person,) = _people([payload.person_id])
    if not rules.may_form_team(request.user, unit_paths=[found.unit.path, person.unit.path]):
        raise PermissionDenied(_("You may add only people of the units you head or lead."))
    found = for_update(found, schema=TeamDetailOut, if_match=if_match, required=False)
    services.team_member_add(actor=request.user, team=found, person=person)
    return _team(request, team_id)


@router.post(
    "/teams/{team_id}/goals",
    response={201: GoalOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đặt mục tiêu của nhóm công tác",
    description=(
        "Trưởng nhóm hoặc thủ trưởng, lãnh đạo phụ trách đơn vị chủ trì và mọi thành viên "
        "(403 khác). Mục tiêu thuộc đơn vị chủ trì, có hiệu lực ngay, trong thời hạn của nhóm "
        "và có ít nhất một kết quả then chốt (422 khác); mọi thành viên cập nhật được. "
        "If-Match (ETag của GET /teams/{id}) được kiểm tra khi có gửi."
    ),
)
def team_goal_create(request, team_id: Id, payload: TeamGoalIn, if_match: str | None = IfMatch):
    found = _team(request, team_id)
    if not rules.can_manage_team(request.user, found):  # before the version: a 403, not 412
        raise PermissionDenied(_("Only the team's lead or the heads over it set its goals."))
    found = for_update(found, schema=TeamDetailOut, if_match=if_match, required=False)
    goal = services.team_goal_create(
        actor=request.user,
        team=found,
        title=payload.title,
        key_results=[kr.dict() for kr in payload.key_results],
        period_start=payload.period_start,
        period_end=payload.period_end,
    )
    return Status(201, selectors.team_goals(team=found).get(pk=goal.pk))


@router.post(
    "/teams/{team_id}/members/{person_id}/remove",
    response={200: TeamDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Rút một thành viên khỏi nhóm công tác",
    description=(
        "Trưởng nhóm, người lập nhóm hoặc thủ trưởng, lãnh đạo phụ trách đơn vị chủ trì và mọi "
        "thành viên (403 khác). Từ ngày `on` (mặc định hôm nay, trong thời hạn nhóm, không sau "
        "hôm nay) người đó không còn là thành viên: mục tiêu của nhóm vẫn thuộc nhóm, các "
        "tháng trước vẫn tính kết quả của nhóm cho họ. Trưởng nhóm, người không phải thành "
        "viên, nhóm đã đóng: 422. If-Match (ETag của GET /teams/{id}) được kiểm tra khi có gửi."
    ),
)
def team_member_remove(
    request,
    team_id: Id,
    person_id: Id,
    payload: TeamChangeIn,
    if_match: str | None = IfMatch,
):
    found = _team(request, team_id)
    if not rules.can_change_team(request.user, found):  # before the version: a 403, not 412
        raise PermissionDenied(
            _("Only the team's lead, whoever formed it or the heads over it may change it.")
        )
    (person,) = _people([person_id])
    found = for_update(found, schema=TeamDetailOut, if_match=if_match, required=False)
    services.team_member_remove(
        actor=request.user, team=found, person=person, on=payload.on, reason=payload.reason
    )
    return _team(request, team_id)


@router.post(
    "/teams/{team_id}/close",
    response={200: TeamDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đóng nhóm công tác trước hạn",
    description=(
        "Trưởng nhóm, người lập nhóm hoặc thủ trưởng, lãnh đạo phụ trách đơn vị chủ trì và mọi "
        "thành viên (403 khác). Từ ngày `on` (mặc định hôm nay, trong thời hạn nhóm, không sau "
        "hôm nay) nhóm đóng: mục tiêu vẫn thuộc đơn vị chủ trì, thành viên không còn cập nhật "
        "được; không thêm thành viên hay mục tiêu nữa. Đóng lần hai: 422. If-Match (ETag của "
        "GET /teams/{id}) được kiểm tra khi có gửi."
    ),
)
def team_close(request, team_id: Id, payload: TeamChangeIn, if_match: str | None = IfMatch):
    found = _team(request, team_id)
    if not rules.can_change_team(request.user, found):
        raise PermissionDenied(
            _("Only the team's lead, whoever formed it or the heads over it may change it.")
        )
    found = for_update(found, schema=TeamDetailOut, if_match=if_match, required=False)
    services.team_close(actor=request.user, team=found, on=payload.on, reason=payload.reason)
    return _team(request, team_id)
