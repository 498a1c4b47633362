"""Assistant API: ask (the same answer as the page, stored in the asker's history), give
feedback on an answer, and the questions it found no basis for (the gaps page, grouped)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from thidua.accounts.api_auth import ApiScope
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    Id,
    InputSchema,
    model_field,
    validation_error_items,
)

from . import selectors, services
from .api_documents import router as documents_router
from .models import Exchange

router = Router(tags=["assistant"], auth=django_auth)
# Its own scope: a child router would inherit django_auth above, not the scope the app's
# router is mounted with (config/api.py).
router.add_router("", documents_router, auth=ApiScope("assistant"))


# The raw question may carry spaces the service strips; it then applies its own limit
# (QUESTION_MAX_CHARS) with a precise message.
QUESTION_RAW_MAX = 5000


class QuestionIn(InputSchema):
    question: model_field(Exchange, "question", max_length=QUESTION_RAW_MAX)


class ExchangeOut(Schema):
    id: int
    question: str
    mode: str
    answer: dict[str, Any]
    feedback: str
    created_at: datetime


class FeedbackIn(InputSchema):
    feedback: model_field(Exchange, "feedback")


def _out(exchange: Exchange) -> dict[str, Any]:
    return {
        "id": exchange.pk,
        "question": exchange.question,
        "mode": exchange.mode,
        "answer": exchange.answer,
        "feedback": exchange.feedback,
        "created_at": exchange.created_at,
    }


@router.post(
    "/ask",
    response={200: ExchangeOut, **ERRORS},
    description=(
        "Như trang trợ lý: trả lời từ các văn bản người gọi được đọc (kèm căn cứ: văn bản, vị "
        "trí, ngày hiệu lực, đường dẫn; không văn bản nào đủ căn cứ thì “Không tìm thấy căn "
        "cứ”), hoặc với câu hỏi về chính mình thì từ dữ liệu của người gọi. Lưu vào lịch sử."
    ),
)
def ask(request, payload: QuestionIn):
    """Answer from the documents the caller may read (citations with document, place,
    effective date and link; "Không tìm thấy căn cứ" when none supports an answer) or, for a
    personal question, from the caller's own data."""
    try:
        exchange = services.question_ask(actor=request.user, question=payload.question)
    except ValidationError as exc:
        return Status(422, {"detail": validation_error_items(exc)})
    return _out(exchange)


@router.get(
    "/history",
    response={200: list[ExchangeOut], **ERRORS},
    description=(
        "Các câu hỏi và câu trả lời của chính người gọi, mới nhất trước. Phân trang bằng con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("-created_at", "-pk"))
def history(request):
    """The caller's own questions and answers, newest first, paged by cursor."""
    return selectors.exchanges_of(viewer=request.user)


@router.post(
    "/answers/{exchange_id}/feedback",
    response={200: ExchangeOut, **ERRORS},
    description=(
        "Người hỏi đánh giá một câu trả lời của mình: `useful` (hữu ích) hoặc `not_useful` "
        "(không hữu ích); câu trả lời của người khác: 404."
    ),
)
def feedback(request, exchange_id: Id, payload: FeedbackIn):
    """Record "useful" or "not_useful" for one of the caller's answers."""
    try:
        exchange = selectors.exchange_get(viewer=request.user, pk=exchange_id)
    except Exchange.DoesNotExist:
        return Status(404, {"detail": _("Not found.")})
    try:
        services.feedback_record(actor=request.user, exchange=exchange, feedback=payload.feedback)
    except ValidationError as exc:
        return Status(422, {"detail": validation_error_items(exc)})
    return _out(exchange)


# As many groups as the page shows (views/gaps.py).
GAPS_SHOWN = 300


class QuestionGapOut(Schema):
    question: str
    count: int
    not_found: int
    not_useful: int
    last_asked: datetime | date
    wordings: list[str]
    terms: list[str]


@router.get(
    "/gaps",
    response={200: list[QuestionGapOut], **ERRORS},
    summary="Câu hỏi trợ lý chưa tìm thấy căn cứ (theo nhóm)",
)
def gaps(
    request,
    days: int = Query(
        selectors.GAP_DAYS[1], ge=1, le=366, description="Khoảng thời gian (ngày): 30, 90 hoặc 365."
    ),
):
    """Như trang “Câu hỏi chưa có căn cứ”: các câu hỏi trong `days` ngày gần đây được trả lời
    “Không tìm thấy căn cứ” hoặc bị đánh giá không hữu ích, gộp theo nhóm câu tương tự, hỏi
    nhiều trước (tối đa 300 nhóm) — để người quản lý tài liệu biết còn thiếu văn bản nào.
    Bộ phận thi đua và quản trị: câu hỏi của mọi người; bí thư tổ chức đảng: của đảng viên
    mình phụ trách; người khác: 403. Không kèm gì về người hỏi."""
    if days not in selectors.GAP_DAYS:  # the selector would take the default instead
        periods = ", ".join(str(d) for d in selectors.GAP_DAYS)
        raise ValidationError({"days": _("Choose one of: %(expected)s.") % {"expected": periods}})
    groups = selectors.question_gaps(viewer=request.user, days=days)
    return [
        {
            "question": g.question,
            "count": g.count,
            "not_found": g.not_found,
            "not_useful": g.not_useful,
            "last_asked": g.last_asked,
            "wordings": g.wordings,
            "terms": g.terms,
        }
        for g in groups[:GAPS_SHOWN]
    ]
