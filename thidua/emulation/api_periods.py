"""Emulation API, the period scores and what the rating pages read and write around them
(issue 15, point 2): a unit's catalogue of work items, a person's month (work assigned and
done, general points, the computed score), the period scores of a year, the head's sheet of a
unit with the HTXS caps (and the live count for levels being chosen), preparing a unit's
ratings, a rating's group with similar tasks and what waits for the caller's approval (the
office's unit ratings are in api_unit_ratings.py) — the pages' selectors, services and rules
(thidua/emulation/views/ratings.py). Mounted by thidua/emulation/api.py."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import IfMatch, for_update
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Id, InputSchema, model_field
from thidua.org.selectors import person_get, unit_get

from . import rules
from .api_schemas import RatingOut
from .choices import RatingStatus
from .models import AnnualRating, PeriodScore, WorkAssignment, WorkItemType
from .selectors import ratings as selectors
from .services import ratings as services

Year = Annotated[int, Field(ge=2000, le=2100)]
Month = Annotated[int, Field(ge=1, le=12)]
# Levels chosen at once on the head's sheet for the live count.
CHANGES_MAX = 2000

router = Router()  # tagged by the emulation router it is mounted on


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


# ---------------------------------------------------------------- the work-item catalogue
class WorkItemTypeOut(Schema):
    id: int
    unit_id: int
    code: str
    name: str
    unit_of_measure: str
    conversion_factor: Decimal


class WorkItemTypeIn(InputSchema):
    code: model_field(WorkItemType, "code")
    name: model_field(WorkItemType, "name")
    unit_of_measure: model_field(WorkItemType, "unit_of_measure") = ""
    conversion_factor: model_field(WorkItemType, "conversion_factor")


@router.get(
    "/units/{unit_id}/work-items",
    response={200: list[WorkItemTypeOut], **ERRORS},
    summary="Danh mục sản phẩm, công việc của một đơn vị",
    description="Của đơn vị và các đơn vị cấp trên, kèm hệ số quy đổi; công khai với cán bộ.",
)
@paginate(KeysetPagination, ordering=("pk",))
def work_items(request, unit_id: Id):
    unit = unit_get(viewer=request.user, pk=unit_id)
    return selectors.work_item_types(viewer=request.user, unit=unit)


@router.post(
    "/units/{unit_id}/work-items",
    response={201: WorkItemTypeOut, **ERRORS},
    summary="Thêm một sản phẩm, công việc vào danh mục của đơn vị",
    description=(
        "Thủ trưởng phụ trách đơn vị hoặc bộ phận thi đua; mã không trùng trong đơn vị, hệ "
        "số quy đổi lớn hơn 0."
    ),
)
def work_item_create(request, unit_id: Id, payload: WorkItemTypeIn):
    unit = unit_get(viewer=request.user, pk=unit_id)
    if not (rules.heads_unit(request.user, unit) or rules.is_emulation_office(request.user)):
        raise PermissionDenied(_("Only the unit's head or the emulation office edit its list."))
    created = services.work_item_type_create(
        actor=request.user,
        unit=unit,
        code=payload.code,
        name=payload.name,
        unit_of_measure=payload.unit_of_measure,
        conversion_factor=payload.conversion_factor,
    )
    return Status(201, created)


# ---------------------------------------------------------------- a person's month
class WorkAssignmentOut(Schema):
    id: int
    item_type_id: int
    item_name: str
    year: int
    month: int
    assigned: Decimal
    completed: Decimal
    late: Decimal
    quality_failed: Decimal
    objective_cause: bool
    note: str

    @staticmethod
    def resolve_item_name(obj):
        return obj.item_type.name


class PeriodScoreOut(Schema):
    id: int
    person_id: int
    unit_id: int
    year: int
    period: str
    number: int
    general_points: Decimal
    result_points: Decimal
    total: Decimal
    explanation: list
    updated_at: datetime


class MonthOut(Schema):
    person_id: int
    year: int
    month: int
    may_score: bool
    assignments: list[WorkAssignmentOut]
    score: PeriodScoreOut | None


class WorkAssignmentIn(InputSchema):
    item_type_id: Id = Field(description="Một mục trong danh mục của đơn vị người đó.")
    assigned: model_field(WorkAssignment, "assigned")
    completed: model_field(WorkAssignment, "completed") = Decimal(0)
    late: model_field(WorkAssignment, "late") = Decimal(0)
    quality_failed: model_field(WorkAssignment, "quality_failed") = Decimal(0)
    objective_cause: bool = Field(
        False, description="Chậm hoặc thiếu do nguyên nhân khách quan (không trừ điểm)."
    )
    note: model_field(WorkAssignment, "note") = ""


class GeneralPointsIn(InputSchema):
    general_points: model_field(PeriodScore, "general_points")


def _person_private(request, person_id: int):
    person = person_get(viewer=request.user, pk=person_id)
    if not rules.can_view_person_record(request.user, person):
        raise PermissionDenied(_("You may not see this person's scores."))
    return person


def _scorer(request, person_id: int):
    person = _person_private(request, person_id)
    if not rules.can_score_person(request.user, person):
        raise PermissionDenied(_("Only the person's head scores their work."))
    return person


def _month(request, person, year: int, month: int) -> dict:
    return {
        "person_id": person.pk,
        "year": year,
        "month": month,
        "may_score": rules.can_score_person(request.user, person),
        "assignments": list(
            selectors.work_assignments(viewer=request.user, person=person, year=year, month=month)
        ),
        "score": selectors.period_score_get(
            viewer=request.user, person=person, year=year, month=month
        ),
    }


@router.get(
    "/people/{person_id}/months/{year}/{month}",
    response={200: MonthOut, **ERRORS},
    summary="Tháng làm việc của một người",
    description=(
        "Công việc được giao và hoàn thành, điểm tiêu chí chung và điểm tháng đã tính (kèm "
        "giải thích) — với chính người đó, thủ trưởng phụ trách và bộ phận thi đua (khác: 403)."
    ),
)
def person_month(request, person_id: Id, year: Year, month: Month):
    return _month(request, _person_private(request, person_id), year, month)


@router.post(
    "/people/{person_id}/months/{year}/{month}/work",
    response={201: WorkAssignmentOut, **ERRORS},
    summary="Ghi công việc được giao trong tháng",
    description=(
        "Thủ trưởng chấm điểm người đó (không tự chấm cho mình): số được giao, hoàn thành, "
        "chậm, không đạt chất lượng của một mục trong danh mục; cùng mục trong tháng thì "
        "được ghi đè."
    ),
)
def work_record(request, person_id: Id, year: Year, month: Month, payload: WorkAssignmentIn):
    person = _scorer(request, person_id)
    item_type = (
        selectors.work_item_types(viewer=request.user, unit=person.unit)
        .filter(pk=payload.item_type_id)
        .first()
    )
    if item_type is None:
        raise ValidationError({"item_type_id": _("Choose an item of the unit's list.")})
    saved = services.work_assignment_record(
        actor=request.user,
        person=person,
        item_type=item_type,
        year=year,
        month=month,
        **payload.dict(exclude={"item_type_id"}),
    )
    return Status(201, WorkAssignment.objects.select_related("item_type").get(pk=saved.pk))


@router.delete(
    "/people/{person_id}/months/{year}/{month}/work/{assignment_id}",
    response={204: None, **ERRORS},
    summary="Xoá một dòng công việc của tháng",
    description="Thủ trưởng chấm điểm người đó; dòng không thuộc tháng đó: 404.",
)
def work_delete(request, person_id: Id, year: Year, month: Month, assignment_id: Id):
    person = _scorer(request, person_id)
    assignment = selectors.work_assignment_get(viewer=request.user, person=person, pk=assignment_id)
    if (assignment.year, assignment.month) != (year, month):  # a line of another month
        raise WorkAssignment.DoesNotExist
    services.work_assignment_delete(actor=request.user, assignment=assignment)
    return Status(204, None)


@router.post(
    "/people/{person_id}/months/{year}/{month}/score",
    response={200: PeriodScoreOut, **ERRORS},
    summary="Tính điểm tháng",
    description=(
        "Thủ trưởng chấm điểm người đó: điểm tiêu chí chung (0–30) cộng điểm kết quả tính từ "
        "công việc đã ghi và tiến độ kết quả then chốt (0–70); tính lại thì thay điểm cũ."
    ),
)
def month_score(request, person_id: Id, year: Year, month: Month, payload: GeneralPointsIn):
    person = _scorer(request, person_id)
    services.period_score_compute(
        actor=request.user,
        person=person,
        year=year,
        month=month,
        general_points=payload.general_points,
    )
    return selectors.period_score_get(viewer=request.user, person=person, year=year, month=month)


@router.get(
    "/people/{person_id}/scores",
    response={200: list[PeriodScoreOut], **ERRORS},
    summary="Điểm các kỳ trong năm của một người",
    description=(
        "Theo kỳ (tháng, quý) trong năm `year` (mặc định năm nay) — với chính người đó, thủ "
        "trưởng phụ trách và bộ phận thi đua (khác: 403)."
    ),
)
@paginate(KeysetPagination, ordering=("period", "number", "pk"))
def period_scores(request, person_id: Id, year: Year | None = None):
    person = person_get(viewer=request.user, pk=person_id)
    return selectors.period_scores(viewer=request.user, person=person, year=_year(year))


# ---------------------------------------------------------------- the head's sheet
class CapOut(Schema):
    ok: bool
    allowed: int
    proposed: int
    base: int
    percent: Decimal
    exception: bool
    message: str


class UnitCapOut(CapOut):
    unit_id: int
    unit_name: str


class GroupCapOut(CapOut):
    task_group: str


class SheetRowOut(Schema):
    person_id: int
    full_name: str
    unit_id: int
    rating: RatingOut | None
    months: list[Decimal | None] = Field(description="Điểm 12 tháng (null: chưa chấm).")
    mean: Decimal | None
    may_score: bool
    may_propose: bool
    may_set_group: bool


class SheetOut(Schema):
    unit_id: int
    year: int
    rows: list[SheetRowOut]
    caps: list[UnitCapOut]
    group_caps: list[GroupCapOut]


class CapsOut(Schema):
    caps: list[UnitCapOut]
    group_caps: list[GroupCapOut]


class LevelChoiceIn(InputSchema):
    rating_id: Id
    level: model_field(AnnualRating, "level")


class CapPreviewIn(InputSchema):
    year: Year
    levels: list[LevelChoiceIn] = Field([], max_length=CHANGES_MAX)


def _cap(check) -> dict:
    return {
        name: getattr(check, name)
        for name in ("ok", "allowed", "proposed", "base", "percent", "exception", "message")
    }


def _caps(unit_caps, group_caps) -> dict:
    return {
        "caps": [{**_cap(c), "unit_id": u.pk, "unit_name": u.name} for u, c in unit_caps],
        "group_caps": [{**_cap(c), "task_group": g} for g, c in group_caps],
    }


def _may_propose(user, rating) -> bool:
    """As the head's page: a rating waiting for the head's proposal (a person without an
    account proposes from the draft)."""
    open_ones = (RatingStatus.SELF_ASSESSED, RatingStatus.PROPOSED)
    if rating.person.user_id is None:
        open_ones = (RatingStatus.DRAFT, *open_ones)
    return rules.can_propose_rating(user, rating) and rating.status in open_ones


@router.get(
    "/units/{unit_id}/rating-sheet",
    response={200: SheetOut, **ERRORS},
    summary="Bảng đánh giá của một đơn vị trong năm",
    description=(
        "Người trong đơn vị (cả cây dưới), điểm 12 tháng, điểm bình quân, kết quả xếp loại và "
        "các trần HTXS của từng đơn vị và nhóm nhiệm vụ tương đồng, kèm việc người gọi được "
        "làm — với thủ trưởng phụ trách, lãnh đạo Bộ, bộ phận thi đua (khác: 403)."
    ),
)
def rating_sheet(request, unit_id: Id, year: Year | None = None):
    unit = unit_get(viewer=request.user, pk=unit_id)
    sheet = selectors.unit_sheet(viewer=request.user, unit=unit, year=_year(year))
    user = request.user
    rows = [
        {
            "person_id": row.person.pk,
            "full_name": row.person.full_name,
            "unit_id": row.person.unit_id,
            "rating": row.rating,
            "months": [score.total if score else None for score in row.months],
            "mean": row.mean,
            "may_score": rules.can_score_person(user, row.person),
            "may_propose": bool(row.rating and _may_propose(user, row.rating)),
            "may_set_group": bool(
                row.rating
                and row.rating.status in services.OPEN_STATUSES
                and rules.can_propose_rating(user, row.rating)
            ),
        }
        for row in sheet.rows
    ]
    return {
        "unit_id": unit.pk,
        "year": sheet.year,
        "rows": rows,
        **_caps(sheet.caps, sheet.group_caps),
    }


@router.post(
    "/units/{unit_id}/rating-caps",
    response={200: CapsOut, **ERRORS},
    summary="Đếm thử trần HTXS với các mức đang chọn",
    description=(
        "Như bảng đánh giá của thủ trưởng: trần của từng đơn vị và nhóm nhiệm vụ tương đồng "
        "nếu các kết quả được gửi mang mức đã chọn. Không lưu gì; kết quả người gọi không "
        "được xem thì bỏ qua."
    ),
)
def rating_caps(request, unit_id: Id, payload: CapPreviewIn):
    unit = unit_get(viewer=request.user, pk=unit_id)
    changes = {c.rating_id: c.level for c in payload.levels}
    unit_caps = selectors.unit_cap_preview(
        viewer=request.user, unit=unit, year=payload.year, changes=changes
    )
    group_caps = selectors.task_group_cap_preview(
        viewer=request.user, unit=unit, year=payload.year, changes=changes
    )
    return _caps(unit_caps, group_caps)


class PreparedOut(Schema):
    prepared: int


@router.post(
    "/units/{unit_id}/ratings/{year}/prepare",
    response={200: PreparedOut, **ERRORS},
    summary="Lập (hoặc tính lại) kết quả xếp loại năm của cả đơn vị",
    description=(
        "Thủ trưởng phụ trách đơn vị hoặc bộ phận thi đua: từ điểm các kỳ của từng người; kết "
        "quả đã đề xuất trở đi giữ nguyên. Trả về số kết quả đã tính."
    ),
)
def unit_prepare(request, unit_id: Id, year: Year):
    unit = unit_get(viewer=request.user, pk=unit_id)
    count = services.annual_ratings_prepare_unit(actor=request.user, unit=unit, year=year)
    return {"prepared": count}


class TaskGroupIn(InputSchema):
    task_group: model_field(AnnualRating, "task_group") = Field(
        description="Tên nhóm người có nhiệm vụ tương đồng; để trống để bỏ khỏi nhóm."
    )


@router.post(
    "/ratings/{rating_id}/task-group",
    response={200: RatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Xếp người được đánh giá vào nhóm nhiệm vụ tương đồng (cần If-Match)",
    description=(
        "Thủ trưởng đề xuất xếp loại người đó, khi kết quả còn mở; nhóm có trần HTXS riêng. "
        "Bắt buộc If-Match bằng ETag của kết quả: thiếu → 428, đã cũ → 412."
    ),
)
def rating_task_group(request, rating_id: Id, payload: TaskGroupIn, if_match: str | None = IfMatch):
    found = for_update(
        selectors.rating_get(viewer=request.user, pk=rating_id),
        schema=RatingOut,
        if_match=if_match,
    )
    services.rating_set_task_group(actor=request.user, rating=found, task_group=payload.task_group)
    return selectors.rating_get(viewer=request.user, pk=rating_id)


# ---------------------------------------------------------------- the approver
class WaitingRatingOut(RatingOut):
    person_name: str
    open_appeal_ids: list[int]

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_open_appeal_ids(obj):
        return [a.pk for a in getattr(obj, "open_appeals", [])]


class ApprovalsOut(Schema):
    year: int
    proposed: list[WaitingRatingOut] = Field(description="Đề xuất chờ người gọi phê duyệt.")
    approved: list[WaitingRatingOut] = Field(description="Đã phê duyệt, chờ công bố.")
    appealed: list[WaitingRatingOut] = Field(description="Có kiến nghị chờ giải quyết.")


@router.get(
    "/rating-approvals",
    response={200: ApprovalsOut, **ERRORS},
    summary="Kết quả xếp loại chờ tôi xử lý",
    description=(
        "Trong năm `year` (mặc định năm nay): đề xuất chờ phê duyệt (không có đề xuất của "
        "chính người gọi), kết quả chờ công bố và kiến nghị chờ giải quyết — như trang phê "
        "duyệt; rỗng với người không phải cấp phê duyệt."
    ),
)
def approvals(request, year: Year | None = None):
    year = _year(year)
    return {"year": year, **selectors.ratings_for_approver(viewer=request.user, year=year)}
