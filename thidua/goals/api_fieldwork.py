"""Goals API, goal templates and field visits (issue 15, point 2), as on their pages
(thidua/goals/views/goal_templates.py, views/fieldwork.py) and through their services,
selectors and rules: the templates a head hands out and assigning one for a period; the
field visits (đi cơ sở) the caller may see, one with its follow-up tasks and the good
practices proposed from it, recording a visit, adding its follow-up tasks and proposing a
good practice seen on it (the pages' forms check the input, as on the pages). Mounted by
thidua/goals/api.py."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    Day,
    Id,
    InputSchema,
    form_validation_error,
    model_field,
)
from thidua.org.selectors import person_for_user, person_public_get, unit_get

from . import rules, selectors, services
from .forms import FollowUpForm, PracticeForm, TemplateApplyForm  # the pages' checks
from .models import FieldVisit, Goal, GoalTemplate, GoodPractice, Task
from .selectors import fieldwork as fieldwork_selectors
from .services import fieldwork as fieldwork_services

FINDINGS_MAX = 8000  # the page's forms (forms.py)
PRACTICE_MAX = 4000
TERM = r"^\d{4}-\d{4}$"

router = Router()


# ---------------------------------------------------------------- templates
class TemplateOut(Schema):
    id: int
    name: str
    description: str
    position_id: int | None
    position_name: str | None
    unit_kind: str
    key_results: list[dict]
    copies: int = Field(description="Số mục tiêu đã giao theo mẫu.")

    @staticmethod
    def resolve_position_name(obj):
        return obj.position.name if obj.position_id else None

    @staticmethod
    def resolve_key_results(obj):
        return obj.key_results if isinstance(obj.key_results, list) else []


class TemplateApplyIn(InputSchema):
    period_kind: model_field(Goal, "period_kind")
    period_start: Day
    period_end: Day


class TemplateAppliedOut(Schema):
    created: int = Field(description="Số người hoặc đơn vị vừa nhận mục tiêu để chấp nhận.")
    goal_ids: list[int]


def _form_checked(form, names: dict[str, str]):
    """The page form's cleaned data, or its errors as a service's (422, the API's names)."""
    if not form.is_valid():
        raise form_validation_error(form, names)
    return form.cleaned_data


def _may_apply_templates(request) -> None:
    if not rules.can_apply_templates(request.user):
        raise PermissionDenied


@router.get(
    "/templates",
    response={200: list[TemplateOut], **ERRORS},
    summary="Mẫu mục tiêu",
    description=(
        "Các mẫu mục tiêu theo chức vụ hoặc loại đơn vị, với số mục tiêu đã giao theo mỗi "
        "mẫu. Thủ trưởng, lãnh đạo, quản trị (khác: 403). Phân trang bằng con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("pk",))
def templates(request):
    _may_apply_templates(request)
    return GoalTemplate.objects.select_related("position").annotate(copies=Count("goals"))


@router.post(
    "/templates/{template_id}/apply",
    response={201: TemplateAppliedOut, **ERRORS},
    summary="Giao mục tiêu theo mẫu cho một kỳ",
    description=(
        "Mỗi người giữ chức vụ của mẫu (hoặc mỗi đơn vị thuộc loại của mẫu) trong phạm vi "
        "người gọi nhận một mục tiêu theo mẫu để chấp nhận; giao lại cùng kỳ không thêm gì. "
        "Thủ trưởng, lãnh đạo, quản trị (khác: 403); kỳ kết thúc trước khi bắt đầu: 422."
    ),
)
def template_apply(request, template_id: Id, payload: TemplateApplyIn):
    _may_apply_templates(request)
    template = selectors.template_get(viewer=request.user, pk=template_id)
    data = _form_checked(TemplateApplyForm(payload.dict()), {})  # the page's checks
    created = services.goal_template_apply(actor=request.user, template=template, **data)
    return Status(201, {"created": len(created), "goal_ids": [g.pk for g in created]})


# ---------------------------------------------------------------- field visits
class FieldVisitOut(Schema):
    id: int
    person_id: int
    person_name: str
    unit_id: int | None
    unit_name: str | None
    place: str
    visited_on: date
    findings: str

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name if obj.unit_id else None


class FollowUpOut(Schema):
    id: int
    title: str
    owner_id: int
    due_date: date | None
    status: str


class VisitPracticeOut(Schema):
    id: int
    text: str
    unit_id: int
    found_on: date
    status: str


class FieldVisitDetailOut(FieldVisitOut):
    may_manage: bool = Field(description="Người gọi thêm được việc sau chuyến đi, thực tiễn tốt.")
    tasks: list[FollowUpOut]
    practices: list[VisitPracticeOut]

    @staticmethod
    def resolve_tasks(obj):
        return list(obj.follow_up_tasks.all())


class FieldVisitIn(InputSchema):
    person_id: Id | None = Field(None, description="Lãnh đạo đi cơ sở (bỏ trống: chính người gọi).")
    visited_on: Day
    unit_id: Id | None = Field(None, description="Đơn vị đến (hoặc ghi nơi đến ở place).")
    place: model_field(FieldVisit, "place") = ""
    findings: model_field(FieldVisit, "findings", max_length=FINDINGS_MAX)


class FollowUpIn(InputSchema):
    title: model_field(Task, "title")
    owner_id: Id = Field(description="Người làm: người đi, hoặc người của đơn vị đến.")
    due_date: Day = Field(description="Hạn, không trước ngày đi.")


class VisitPracticeIn(InputSchema):
    text: model_field(GoodPractice, "text", max_length=PRACTICE_MAX)
    unit_id: Id | None = Field(None, description="Đơn vị có cách làm (mặc định: đơn vị đến).")


def _may_see_visits(request) -> None:
    if not rules.can_see_field_visits(request.user):
        raise PermissionDenied


def _visit_detail(request, visit_id: int) -> FieldVisit:
    visit = fieldwork_selectors.field_visit_get(viewer=request.user, pk=visit_id)
    visit.may_manage = rules.can_manage_field_visit(request.user, visit)
    visit.practices = list(fieldwork_selectors.practices_of(source=visit))
    return visit


@router.get(
    "/field-visits",
    response={200: list[FieldVisitOut], **ERRORS},
    summary="Các chuyến đi cơ sở",
    description=(
        "Chuyến đi cơ sở người gọi được xem (của mình, của lãnh đạo và đơn vị trong phạm vi "
        "phụ trách; lãnh đạo Bộ, bộ phận thi đua: tất cả), mới trước. Lọc theo nhiệm kỳ "
        "(`term=2021-2026`; mặc định nhiệm kỳ hiện tại, nhiệm kỳ lạ: 422) và người đi. Lãnh "
        "đạo, thủ trưởng và các vai trò toàn Bộ (khác: 403). Phân trang bằng con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("-visited_on", "-pk"))
def field_visits(
    request,
    term: str | None = Query(None, pattern=TERM, max_length=9, description="Nhiệm kỳ."),
    person_id: Id | None = None,
):
    _may_see_visits(request)
    found = fieldwork_selectors.term_of()
    if term is not None:
        found = fieldwork_selectors.term_by_key(term)
        if found is None:
            raise ValidationError({"term": _("Unknown term.")})
    # a filter by name (public to staff): the visits themselves are scoped to the caller
    person = person_public_get(viewer=request.user, pk=person_id) if person_id is not None else None
    return fieldwork_selectors.field_visit_list(viewer=request.user, term=found, person=person)


@router.get(
    "/field-visits/{visit_id}",
    response={200: FieldVisitDetailOut, **ERRORS},
    summary="Một chuyến đi cơ sở",
    description=(
        "Chuyến đi với các việc sau chuyến đi và các thực tiễn tốt đề xuất từ nó; người không "
        "được xem: 404."
    ),
)
def field_visit(request, visit_id: Id):
    return _visit_detail(request, visit_id)


@router.post(
    "/field-visits",
    response={201: FieldVisitDetailOut, **ERRORS},
    summary="Ghi một chuyến đi cơ sở",
    description=(
        "Lãnh đạo, thủ trưởng ghi chuyến đi của mình; bộ phận thi đua và các vai trò toàn Bộ "
        "ghi của bất kỳ lãnh đạo nào (khác: 403). Ngày trong tương lai hoặc trước khi nhận "
        "chức vụ, thiếu nội dung, thiếu cả đơn vị lẫn nơi đến: 422."
    ),
)
def field_visit_record(request, payload: FieldVisitIn):
    if payload.person_id is None:
        person = person_for_user(user=request.user)
        if person is None:
            raise PermissionDenied(_("You may record only your own field visits."))
    else:
        # names and units are public to staff; the service decides whose visits the caller
        # records (403)
        person = person_public_get(viewer=request.user, pk=payload.person_id)
    unit = (
        unit_get(viewer=request.user, pk=payload.unit_id, current=True)
        if payload.unit_id is not None
        else None
    )
    visit = fieldwork_services.field_visit_record(
        actor=request.user,
        person=person,
        visited_on=payload.visited_on,
        findings=payload.findings,
        unit=unit,
        place=payload.place,
    )
    return Status(201, _visit_detail(request, visit.pk))


def _visit_managed(request, visit_id: int) -> FieldVisit:
    visit = fieldwork_selectors.field_visit_get(viewer=request.user, pk=visit_id)
    if not rules.can_manage_field_visit(request.user, visit):
        raise PermissionDenied
    return visit


@router.post(
    "/field-visits/{visit_id}/tasks",
    response={201: FollowUpOut, **ERRORS},
    summary="Thêm việc sau chuyến đi cơ sở",
    description=(
        "Người đi, người ghi chuyến đi và các vai trò toàn Bộ giao một việc (khác: 403; không "
        "xem được chuyến đi: 404) cho người đi hoặc người của đơn vị đến; hạn không trước ngày "
        "đi (422)."
    ),
)
def field_visit_task(request, visit_id: Id, payload: FollowUpIn):
    visit = _visit_managed(request, visit_id)
    data = _form_checked(
        FollowUpForm(
            {"title": payload.title, "owner": payload.owner_id, "due_date": payload.due_date},
            visit=visit,
        ),
        {"owner": "owner_id"},
    )
    task = fieldwork_services.field_visit_add_task(actor=request.user, visit=visit, **data)
    return Status(201, task)


@router.post(
    "/field-visits/{visit_id}/practices",
    response={201: VisitPracticeOut, **ERRORS},
    summary="Đề xuất thực tiễn tốt thấy khi đi cơ sở",
    description=(
        "Người đi, người ghi chuyến đi và các vai trò toàn Bộ đề xuất một cách làm hay làm bài "
        "học kinh nghiệm (bộ phận thi đua công bố); khác: 403. Trùng một đề xuất đã có: 422."
    ),
)
def field_visit_practice(request, visit_id: Id, payload: VisitPracticeIn):
    visit = _visit_managed(request, visit_id)
    data = _form_checked(
        PracticeForm({"text": payload.text, "unit": payload.unit_id or ""}), {"unit": "unit_id"}
    )
    practice = fieldwork_services.field_visit_propose_practice(
        actor=request.user, visit=visit, text=data["text"], unit=data["unit"]
    )
    return Status(201, practice)
