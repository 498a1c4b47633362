"""Assistant API: ask (the same answer as the page, stored in the asker's history) and give
feedback on an answer."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from thidua.core.api_schemas import (
    ERRORS,
    Id,
    InputSchema,
    model_field,
    validation_error_items,
)

from . import selectors, services
from .models import Exchange

router = Router(tags=["assistant"], auth=django_auth)


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


@router.post("/ask", response={200: ExchangeOut, **ERRORS})
def ask(request, payload: QuestionIn):
    """Answer from the documents the caller may read (citations with document, place,
    effective date and link; "Không tìm thấy căn cứ" when none supports an answer) or, for a
    personal question, from the caller's own data."""
    try:
        exchange = services.question_ask(actor=request.user, question=payload.question)
    except ValidationError as exc:
        return Status(422, {"detail": validation_error_items(exc)})
    return _out(exchange)


@router.get("/history", response={200: list[ExchangeOut], **ERRORS})
def history(request):
    """The caller's own recent questions and answers, oldest first."""
    return [_out(x) for x in selectors.exchange_history(viewer=request.user)]


@router.post("/answers/{exchange_id}/feedback", response={200: ExchangeOut, **ERRORS})
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
