"""Emulation API, the annual rating's other steps (issue 15, point 2): preparing a person's
rating from the period scores, the self-assessment, the facts that make the year KHT, the
publication and the appeals (made by the person, decided by the level above) — the pages'
selectors, services and rules (thidua/emulation/views/ratings.py). A write that replaces what
another client may be replacing needs If-Match with the rating's ETag (GET
/emulation/ratings/{id}). Mounted by thidua/emulation/api.py."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import IfMatch, for_update
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Id, InputSchema, model_field
from thidua.org.selectors import person_get

from .api_schemas import RatingOut
from .models import AnnualRating, RatingAppeal
from .selectors import ratings as selectors
from .services import ratings as services

Year = Annotated[int, Field(ge=2000, le=2100)]

# No tags of its own: it inherits `emulation` from the router that mounts it (ninja adds a
# mounted router's tags to its parent's, so repeating it would tag each operation twice).
router = Router()


def _rating(request, rating_id: int) -> AnnualRating:
    return selectors.rating_get(viewer=request.user, pk=rating_id)


def _rating_for_update(
    request, rating_id: int, if_match: str | None, *, required: bool
) -> AnnualRating:
    return for_update(
        _rating(request, rating_id), schema=RatingOut, if_match=if_match, required=required
    )


class TextIn(InputSchema):
    text: model_field(AnnualRating, "self_assessment")


class ConductFactsIn(InputSchema):
    degradation: bool = Field(
        False, description="Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống."
    )
    corruption_waste: bool = Field(
        False, description="Người lãnh đạo: để xảy ra tham nhũng, lãng phí ở đơn vị phụ trách."
    )
    note: model_field(AnnualRating, "kht_facts_note") = ""


class AppealIn(InputSchema):
    text: model_field(RatingAppeal, "text")


class AppealDecideIn(InputSchema):
    upheld: bool = Field(description="true: chấp nhận (đổi mức xếp loại); false: bác.")
    level: model_field(AnnualRating, "level") | None = Field(
        None, description="Mức mới khi chấp nhận kiến nghị."
    )
    note: model_field(RatingAppeal, "decision_note")


class AppealOut(Schema):
    id: int
    rating_id: int
    text: str
    status: str
    decision_note: str
    created_at: datetime


@router.post(
    "/people/{person_id}/ratings/{year}/prepare",
    response={200: RatingOut, **ERRORS},
    summary="Lập (hoặc tính lại) kết quả xếp loại năm của một người",
    description=(
        "Từ điểm các kỳ trong năm: người được đánh giá, thủ trưởng chấm điểm người đó hoặc bộ "
        "phận thi đua; chỉ khi kết quả còn mở."
    ),
)
def rating_prepare(request, person_id: Id, year: Year):
    person = person_get(viewer=request.user, pk=person_id)
    prepared = services.annual_rating_prepare(actor=request.user, person=person, year=year)
    return _rating(request, prepared.pk)


@router.post(
    "/ratings/{rating_id}/self-assessment",
    response={200: RatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Tự đánh giá của người được đánh giá (cần If-Match)",
    description=(
        "Chỉ chính người đó, trước khi thủ trưởng đề xuất; thay nội dung tự đánh giá trước "
        "nên bắt buộc If-Match: thiếu → 428, đã cũ → 412."
    ),
)
def rating_self_assess(request, rating_id: Id, payload: TextIn, if_match: str | None = IfMatch):
    found = _rating_for_update(request, rating_id, if_match, required=True)
    services.rating_self_assess(actor=request.user, rating=found, text=payload.text)
    return _rating(request, rating_id)


@router.post(
    "/ratings/{rating_id}/conduct-facts",
    response={200: RatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận căn cứ xếp loại Không hoàn thành nhiệm vụ (cần If-Match)",
    description=(
        "Thủ trưởng chấm điểm người đó hoặc bộ phận thi đua, khi kết quả còn mở: ghi (hoặc bỏ) "
        "các căn cứ kèm kết luận, quyết định làm căn cứ; kết quả được tính lại. Bắt buộc "
        "If-Match: thiếu → 428, đã cũ → 412."
    ),
)
def rating_conduct_facts(
    request, rating_id: Id, payload: ConductFactsIn, if_match: str | None = IfMatch
):
    found = _rating_for_update(request, rating_id, if_match, required=True)
    services.rating_record_conduct_facts(
        actor=request.user,
        rating=found,
        degradation=payload.degradation,
        corruption_waste=payload.corruption_waste,
        note=payload.note,
    )
    return _rating(request, rating_id)


@router.post(
    "/ratings/{rating_id}/publish",
    response={200: RatingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Công bố kết quả xếp loại đã phê duyệt",
    description=(
        "Cấp phê duyệt hoặc bộ phận thi đua (không tự công bố cho mình); mở thời hạn kiến nghị. "
        "If-Match được kiểm tra khi có gửi."
    ),
)
def rating_publish(request, rating_id: Id, if_match: str | None = IfMatch):
    found = _rating_for_update(request, rating_id, if_match, required=False)
    services.rating_publish(actor=request.user, rating=found)
    return _rating(request, rating_id)


@router.get(
    "/ratings/{rating_id}/appeals",
    response={200: list[AppealOut], **ERRORS},
    summary="Các kiến nghị về một kết quả xếp loại",
    description="Với người được xem kết quả đó; mới trước.",
)
@paginate(KeysetPagination, ordering=("-pk",))
def appeals(request, rating_id: Id):
    return RatingAppeal.objects.filter(rating=_rating(request, rating_id))


@router.post(
    "/ratings/{rating_id}/appeals",
    response={201: AppealOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Kiến nghị về kết quả xếp loại đã công bố",
    description=(
        "Chỉ người được đánh giá, trong thời hạn kiến nghị; nêu lý do. If-Match được kiểm tra "
        "khi có gửi."
    ),
)
def rating_appeal(request, rating_id: Id, payload: AppealIn, if_match: str | None = IfMatch):
    found = _rating_for_update(request, rating_id, if_match, required=False)
    return Status(201, services.rating_appeal(actor=request.user, rating=found, text=payload.text))


@router.post(
    "/rating-appeals/{appeal_id}/decide",
    response={200: AppealOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Giải quyết một kiến nghị",
    description=(
        "Cấp phê duyệt hoặc bộ phận thi đua: chấp nhận với mức xếp loại mới (theo cùng quy "
        "tắc) hoặc bác, kèm nội dung giải quyết; kết quả được công bố lại. If-Match (ETag của "
        "kết quả xếp loại) được kiểm tra khi có gửi."
    ),
)
def appeal_decide(request, appeal_id: Id, payload: AppealDecideIn, if_match: str | None = IfMatch):
    appeal = RatingAppeal.objects.filter(pk=appeal_id).first()
    if appeal is None:
        raise RatingAppeal.DoesNotExist
    rating = _rating_for_update(request, appeal.rating_id, if_match, required=False)
    appeal = RatingAppeal.objects.select_for_update().get(pk=appeal.pk)
    appeal.rating = rating
    return services.appeal_decide(
        actor=request.user,
        appeal=appeal,
        upheld=payload.upheld,
        level=payload.level or "",
        note=payload.note,
    )
