"""Emulation API (issue 15, point 2): movements and their registrations (registering and
withdrawing), annual ratings (mine, a unit's, one, propose and approve), value-created
records and the initiatives register — through the same selectors, services and rules as
the pages. A rating's proposal and a record's update change a row another client may be
changing: they need If-Match with the ETag of the last GET (428 without it, 412 when stale).
A movement's drafting, steps, criteria scores, rankings and lessons are in api_movements.py,
the rating's other steps (self-assessment, publication, appeals) in api_ratings.py, the
period scores, the head's sheet and the approver's list in api_periods.py, unit ratings in
api_unit_ratings.py; all are mounted on this router."""

from datetime import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
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
from thidua.org.rules import can_view_unit_private
from thidua.org.selectors import person_get, unit_get

from . import rules
from .api_assessments import router as assessments_router
from .api_movements import movement_create, movement_update
from .api_movements import router as movements_router
from .api_periods import router as periods_router
from .api_ratings import router as ratings_router
from .api_records import initiative_update
from .api_records import router as records_router
from .api_schemas import InitiativeOut, MovementOut, RatingOut, RecordOut
from .api_unit_ratings import router as unit_ratings_router
from .models import AnnualRating, Initiative, Registration, ValueRecord
from .selectors import movements as selectors
from .selectors import ratings as rating_selectors
from .selectors import records as record_selectors
from .services import movements as movement_services
from .services import ratings as rating_services
from .services import records as record_services

LINKS_MAX = 50
Year = Annotated[int, Field(ge=2000, le=2100)]

router = Router(tags=["emulation"])


class RegistrationOut(Schema):
    id: int
    unit_id: int | None
    person_id: int | None
    registrant_name: str
    cluster_id: int | None
    commitments: str


@router.get(
    "/movements",
    response={200: list[MovementOut], **ERRORS},
    summary="Các phong trào thi đua",
    description="Phong trào người gọi được xem (bản nháp chỉ với bộ phận thi đua), kỳ mới trước.",
)
@paginate(KeysetPagination, ordering=("-period_start", "-pk"))
def movements(request):
    return selectors.movement_list(viewer=request.user)


router.post(
    "/movements",
    response={201: MovementOut, **ERRORS},
    summary="Soạn thảo một phong trào thi đua",
    description=(
        "Bộ phận thi đua: tên, loại, mục tiêu, thời gian, đơn vị phát động, các đơn vị tham "
        "gia, cụm thi đua và các tiêu chí (trọng số, điểm tối đa, cách chấm). Phong trào bắt "
        "đầu ở bản nháp; phát động bằng POST /movements/{id}/advance."
    ),
)(movement_create)  # thidua/emulation/api_movements.py


@router.get(
    "/movements/{movement_id}",
    response={200: MovementOut, **ERRORS},
    summary="Một phong trào thi đua",
    description=(
        "Kèm ETag (gửi trong If-Match khi sửa bản nháp, chuyển bước hoặc công bố kết quả)."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def movement(request, movement_id: Id, response: HttpResponse):
    return set_etag(
        response, MovementOut, selectors.movement_get(viewer=request.user, pk=movement_id)
    )


router.patch(
    "/movements/{movement_id}",
    response={200: MovementOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa phong trào khi còn là bản nháp (cần If-Match)",
    description=(
        "Bộ phận thi đua, chỉ khi phong trào còn là bản nháp (đã phát động: 422): chỉ các "
        "trường gửi lên được thay; danh sách đơn vị tham gia, cụm thi đua và tiêu chí được "
        "thay cả danh sách. Cùng các kiểm tra như khi soạn thảo. Bắt buộc If-Match bằng ETag "
        "của GET /movements/{id}: thiếu → 428, đã có người sửa → 412."
    ),
)(movement_update)  # thidua/emulation/api_movements.py


@router.get(
    "/movements/{movement_id}/registrations",
    response={200: list[RegistrationOut], **ERRORS},
    summary="Các đăng ký tham gia một phong trào",
    description="Đơn vị và cá nhân đã đăng ký (chưa rút) với cam kết của họ.",
)
@paginate(KeysetPagination, ordering=("pk",))
def registrations(request, movement_id: Id):
    movement = selectors.movement_get(viewer=request.user, pk=movement_id)
    return selectors.registration_list(viewer=request.user, movement=movement)


# ---------------------------------------------------------------- registering
class RegistrationIn(InputSchema):
    unit_id: Id | None = Field(
        None, description="Đơn vị mình phụ trách; bỏ trống để đăng ký cho bản thân."
    )
    commitments: model_field(Registration, "commitments")
    cluster_id: Id | None = None
    goal_ids: list[Id] = Field([], max_length=LINKS_MAX)
    key_result_ids: list[Id] = Field([], max_length=LINKS_MAX)


class RegistrationDetailOut(RegistrationOut):
    withdrawn_at: datetime | None
    goal_ids: list[int]
    key_result_ids: list[int]

    @staticmethod
    def resolve_registrant_name(obj):
        return str(obj.unit or obj.person)

    @staticmethod
    def resolve_goal_ids(obj):
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_key_result_ids(obj):
        return sorted(k.pk for k in obj.key_results.all())


@router.post(
    "/movements/{movement_id}/registrations",
    response={201: RegistrationDetailOut, **ERRORS},
    summary="Đăng ký tham gia phong trào",
    description=(
        "Đăng ký cho bản thân hoặc cho đơn vị mình là thủ trưởng, kèm cam kết, cụm thi đua và "
        "các mục tiêu, kết quả then chốt của chính người/đơn vị đăng ký. Chỉ khi phong trào "
        "đang mở đăng ký."
    ),
)
def registration_create(request, movement_id: Id, payload: RegistrationIn):
    movement = selectors.movement_get(viewer=request.user, pk=movement_id)
    key = f"u{payload.unit_id}" if payload.unit_id else None
    options = selectors.registrants_for(viewer=request.user, movement=movement)
    chosen = next(
        (o for o in options if (o.key == key if key else o.person is not None)),
        None,
    )
    if chosen is None:
        raise PermissionDenied(_("You may register only yourself or a unit you head."))
    goals = {g.pk: g for g in selectors.linkable_goals(registrant=chosen, movement=movement)}
    key_results = {kr.pk: kr for g in goals.values() for kr in g.key_results.all()}
    if not (
        set(payload.goal_ids) <= goals.keys() and set(payload.key_result_ids) <= key_results.keys()
    ):
        raise ValidationError(_("Only the registrant's own goals and key results can be linked."))
    cluster = None
    if payload.cluster_id is not None:
        unit = chosen.unit or chosen.person.unit
        cluster = (
            selectors.clusters_for(movement=movement, unit=unit)
            .filter(pk=payload.cluster_id)
            .first()
        )
        if cluster is None:
            raise ValidationError({"cluster_id": _("Choose one of the clusters offered.")})
    created = movement_services.registration_create(
        actor=request.user,
        movement=movement,
        unit=chosen.unit,
        person=chosen.person,
        commitments=payload.commitments,
        cluster=cluster,
        goals=[goals[i] for i in sorted(set(payload.goal_ids))],
        key_results=[key_results[i] for i in sorted(set(payload.key_result_ids))],
    )
    return Status(201, created)


@router.post(
    "/movements/{movement_id}/registrations/{registration_id}/withdraw",
    response={200: RegistrationDetailOut, **ERRORS},
    summary="Rút đăng ký",
    description=(
        "Người đăng ký (hoặc thủ trưởng đơn vị đăng ký) rút trước khi tổng kết; điểm giữ "
        "lại nhưng không xếp hạng."
    ),
)
def registration_withdraw(request, movement_id: Id, registration_id: Id):
    movement = selectors.movement_get(viewer=request.user, pk=movement_id)
    registration = selectors.registration_get(
        viewer=request.user, movement=movement, pk=registration_id
    )
    return movement_services.registration_withdraw(actor=request.user, registration=registration)


# ---------------------------------------------------------------- ratings
AGENCY_CRITERIA_IN = (
    "Tiêu chí riêng của cơ quan đối với danh hiệu Lao động tiên tiến, ghi nhận cùng bước này: "
    "{mã tiêu chí: true (đạt) hoặc false (chưa đạt)}; chỉ các mã bộ phận thi đua – khen thưởng "
    "đã cấu hình cho năm xếp loại (mã khác → 422); tiêu chí không gửi giữ nguyên. Bỏ trống: "
    "không ghi nhận gì."
)


# The agency's own criteria recorded with a level: {criterion code: met}, bounded as the
# settings page bounds the codes (a few per year, short codes).
CriterionCode = Annotated[str, Field(max_length=64)]
AgencyCriteria = Annotated[dict[CriterionCode, bool], Field(max_length=50)]


class RatingProposeIn(InputSchema):
    level: model_field(AnnualRating, "level")
    comment: model_field(AnnualRating, "head_comment") = ""
    agency_criteria: AgencyCriteria | None = Field(None, description=AGENCY_CRITERIA_IN)


class RatingApproveIn(InputSchema):
    level: model_field(AnnualRating, "level") | None = None
    comment: model_field(AnnualRating, "head_comment") = ""
    agency_criteria: AgencyCriteria | None = Field(None, description=AGENCY_CRITERIA_IN)


def _rating(request, rating_id: int) -> AnnualRating:
    return rating_selectors.rating_get(viewer=request.user, pk=rating_id)


@router.get(
    "/ratings/mine",
    response={200: list[RatingOut], **ERRORS},
    summary="Kết quả đánh giá, xếp loại của tôi",
    description="Các năm của người gọi, năm mới trước.",
)
@paginate(KeysetPagination, ordering=("-year", "-pk"))
def ratings_mine(request):
    return rating_selectors.my_ratings(viewer=request.user)


@router.get(
    "/units/{unit_id}/ratings",
    response={200: list[RatingOut], **ERRORS},
    summary="Đánh giá, xếp loại của một đơn vị trong năm",
    description=(
        "Người trong đơn vị (cả cây dưới) trong năm `year` (mặc định năm nay) — chỉ với thủ "
        "trưởng phụ trách đơn vị, lãnh đạo Bộ, bộ phận thi đua và quản trị (khác: 403)."
    ),
)
@paginate(KeysetPagination, ordering=("pk",))
def unit_ratings(request, unit_id: Id, year: Year | None = None):
    year = year or timezone.localdate().year
    unit = unit_get(viewer=request.user, pk=unit_id)
    if not can_view_unit_private(request.user, unit):
        raise PermissionDenied(_("You may not see this unit's ratings."))
    return rating_selectors.visible_ratings(viewer=request.user).filter(
        person__unit__path__startswith=unit.path, year=year
    )


@router.get(
    "/ratings/{rating_id}",
    response={200: RatingOut, **ERRORS},
    summary="Một kết quả đánh giá, xếp loại",
    description="Với người được xem thông tin riêng của người được đánh giá; kèm ETag.",
    openapi_extra=ETAG_RESPONSE,
)
def rating(request, rating_id: Id, response: HttpResponse):
    return set_etag(response, RatingOut, _rating(request, rating_id))


@router.post(
    "/ratings/{rating_id}/propose",
    response={200: RatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Thủ trưởng đề xuất mức xếp loại (cần If-Match)",
    description=(
        "Trong trần HTXS của đơn vị và nhóm, không cao hơn điểm; thay đề xuất trước đó nên "
        "bắt buộc If-Match bằng ETag của lần GET gần nhất: thiếu → 428, đã cũ → 412. Kèm "
        "`agency_criteria`: ghi nhận đạt / chưa đạt từng tiêu chí riêng của cơ quan đối với "
        "Lao động tiên tiến trong cùng giao dịch."
    ),
)
def rating_propose(
    request, rating_id: Id, payload: RatingProposeIn, if_match: str | None = IfMatch
):
    found = for_update(_rating(request, rating_id), schema=RatingOut, if_match=if_match)
    return rating_services.rating_propose(
        actor=request.user,
        rating=found,
        level=payload.level,
        comment=payload.comment,
        agency_criteria=payload.agency_criteria,
    )


@router.post(
    "/ratings/{rating_id}/approve",
    response={200: RatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Cấp trên phê duyệt xếp loại",
    description=(
        "Phê duyệt mức đã đề xuất (hoặc mức khác theo cùng quy tắc); người đề xuất không tự "
        "phê duyệt. If-Match được kiểm tra khi có gửi. Kèm `agency_criteria`: ghi nhận đạt / "
        "chưa đạt từng tiêu chí riêng của cơ quan đối với Lao động tiên tiến trong cùng giao "
        "dịch."
    ),
)
def rating_approve(
    request, rating_id: Id, payload: RatingApproveIn, if_match: str | None = IfMatch
):
    found = for_update(
        _rating(request, rating_id), schema=RatingOut, if_match=if_match, required=False
    )
    return rating_services.rating_approve(
        actor=request.user,
        rating=found,
        level=payload.level,
        comment=payload.comment,
        agency_criteria=payload.agency_criteria,
    )


# ---------------------------------------------------------------- value-created records
class RecordIn(InputSchema):
    year: Year
    post_id: Id
    achievements: model_field(ValueRecord, "achievements") = ""
    products: model_field(ValueRecord, "products") = ""
    value_created: model_field(ValueRecord, "value_created") = ""
    value_quantity: model_field(ValueRecord, "value_quantity") | None = None
    value_unit: model_field(ValueRecord, "value_unit") = ""


class RecordUpdateIn(InputSchema):
    achievements: model_field(ValueRecord, "achievements") | None = None
    products: model_field(ValueRecord, "products") | None = None
    value_created: model_field(ValueRecord, "value_created") | None = None
    value_quantity: model_field(ValueRecord, "value_quantity") | None = None
    value_unit: model_field(ValueRecord, "value_unit") | None = None


@router.get(
    "/people/{person_id}/records",
    response={200: list[RecordOut], **ERRORS},
    summary="Hồ sơ giá trị tạo ra của một người",
    description=(
        "Theo năm và vị trí công tác; với chính người đó, thủ trưởng phụ trách và bộ phận "
        "thi đua (khác: 403). Lọc theo năm."
    ),
)
@paginate(KeysetPagination, ordering=("-year", "-pk"))
def records(request, person_id: Id, year: Year | None = None):
    person = person_get(viewer=request.user, pk=person_id)
    return record_selectors.value_records_of_person(viewer=request.user, person=person, year=year)


@router.get(
    "/records/{record_id}",
    response={200: RecordOut, **ERRORS},
    summary="Một hồ sơ giá trị tạo ra",
    description="Kèm ETag để sửa bằng PATCH.",
    openapi_extra=ETAG_RESPONSE,
)
def record(request, record_id: Id, response: HttpResponse):
    return set_etag(
        response, RecordOut, record_selectors.value_record_get(viewer=request.user, pk=record_id)
    )


@router.post(
    "/people/{person_id}/records",
    response={201: RecordOut, **ERRORS},
    summary="Ghi hồ sơ giá trị tạo ra cho một vị trí trong năm",
    description=(
        "Thủ trưởng phụ trách (hoặc lãnh đạo, quản trị) ghi thành tích, sản phẩm, giá trị tạo "
        "ra. Đã có hồ sơ cho vị trí và năm đó: 422 (sửa bằng PATCH /records/{id} với If-Match)."
    ),
)
def record_create(request, person_id: Id, payload: RecordIn):
    person = person_get(viewer=request.user, pk=person_id)
    if not rules.can_edit_value_record(request.user, person):
        raise PermissionDenied(_("You may not edit this person's record."))
    existing = record_selectors.value_records_of_person(
        viewer=request.user, person=person, year=payload.year
    ).filter(post_id=payload.post_id)
    if existing.exists():
        raise ValidationError(
            {"post_id": _("A record of this post and year exists: update it with If-Match.")}
        )
    post = (
        record_selectors.person_posts_in_year(person=person, year=payload.year)
        .filter(pk=payload.post_id)
        .first()
    )
    if post is None:
        raise ValidationError(
            {
                "post_id": _("The person did not hold this post in %(year)s.")
                % {"year": payload.year}
            }
        )
    created = record_services.value_record_save(
        actor=request.user, person=person, post=post, **payload.dict(exclude={"post_id"})
    )
    return Status(201, record_selectors.value_record_get(viewer=request.user, pk=created.pk))


@router.patch(
    "/records/{record_id}",
    response={200: RecordOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa hồ sơ giá trị tạo ra (cần If-Match)",
    description=(
        "Chỉ các trường gửi lên được thay; liên kết mục tiêu và minh chứng giữ nguyên. Bắt "
        "buộc If-Match: thiếu → 428, đã cũ → 412."
    ),
)
def record_update(request, record_id: Id, payload: RecordUpdateIn, if_match: str | None = IfMatch):
    found = for_update(
        record_selectors.value_record_get(viewer=request.user, pk=record_id),
        schema=RecordOut,
        if_match=if_match,
    )
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    current = {
        name: getattr(found, name)
        for name in ("achievements", "products", "value_created", "value_quantity", "value_unit")
    }
    if found.post_id is None:
        raise ValidationError(_("This record's post was removed from the position history."))
    saved = record_services.value_record_save(
        actor=request.user,
        person=found.person,
        year=found.year,
        post=found.post,
        goals=list(found.goals.all()),
        key_results=list(found.key_results.all()),
        **{**current, **changes},
    )
    return record_selectors.value_record_get(viewer=request.user, pk=saved.pk)


# ---------------------------------------------------------------- initiatives
class InitiativeIn(InputSchema):
    kind: model_field(Initiative, "kind") = "initiative"
    title: model_field(Initiative, "title")
    scope: model_field(Initiative, "scope")
    year: Year
    decision_number: model_field(Initiative, "decision_number") = ""
    decision_date: Day | None = None
    recognized_by: model_field(Initiative, "recognized_by") = ""
    unit_id: Id | None = None
    author_ids: list[Id] = Field(min_length=1, max_length=LINKS_MAX)


@router.get(
    "/initiatives",
    response={200: list[InitiativeOut], **ERRORS},
    summary="Sổ sáng kiến, đề tài",
    description="Công khai với cán bộ; lọc theo năm, phạm vi ảnh hưởng, loại. Năm mới trước.",
)
@paginate(KeysetPagination, ordering=("-year", "-pk"))
def initiatives(
    request,
    year: Year | None = None,
    scope: model_field(Initiative, "scope") | None = None,
    kind: model_field(Initiative, "kind") | None = None,
):
    return record_selectors.initiative_list(viewer=request.user, year=year, scope=scope, kind=kind)


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, **ERRORS},
    summary="Một sáng kiến, đề tài",
    description="Kèm ETag để sửa bằng PATCH.",
    openapi_extra=ETAG_RESPONSE,
)
def initiative(request, initiative_id: Id, response: HttpResponse):
    return set_etag(
        response,
        InitiativeOut,
        record_selectors.initiative_get(viewer=request.user, pk=initiative_id),
    )


router.patch(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa một sáng kiến, đề tài trong sổ (cần If-Match)",
    description=(
        "Bộ phận thi đua; chỉ các trường gửi lên được thay (tác giả: cả danh sách). Bắt buộc "
        "If-Match bằng ETag của GET: thiếu → 428, đã cũ → 412."
    ),
)(initiative_update)  # thidua/emulation/api_records.py


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **ERRORS},
    summary="Vào sổ một sáng kiến, đề tài đã được công nhận",
    description="Bộ phận thi đua; tác giả là người trong danh bạ (mã định danh).",
)
def initiative_create(request, payload: InitiativeIn):
    authors = [person_get(viewer=request.user, pk=pk) for pk in dict.fromkeys(payload.author_ids)]
    unit = unit_get(viewer=request.user, pk=payload.unit_id) if payload.unit_id else None
    created = record_services.initiative_register(
        actor=request.user,
        authors=authors,
        unit=unit,
        **payload.dict(exclude={"author_ids", "unit_id"}),
    )
    return Status(201, record_selectors.initiative_get(viewer=request.user, pk=created.pk))


# A movement's steps, scores and lessons; the rating's other steps; the period scores, the
# head's sheet, the approver's list and the unit ratings; evidence, invitations and good
# practices (their own modules).
router.add_router("", movements_router)
router.add_router("", ratings_router)
router.add_router("", periods_router)
router.add_router("", unit_ratings_router)
router.add_router("", records_router)
router.add_router("", assessments_router)  # an external assessor's answer, no account
