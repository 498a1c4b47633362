"""Messaging API (issue 15, point 2): my inbox, a message, read and acknowledge — the same
selectors and services as the inbox page. A message is named by its id in the caller's own
inbox (never by its personal link's token); another person's message is a 404."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Id

from . import selectors, services
from .api_notifications import router as notifications_router
from .models import Delivery

router = Router(tags=["messaging"])


class MessageOut(Schema):
    id: int
    subject: str
    body: str
    sender: str
    channel: str
    status: str
    sent_at: datetime | None
    read_at: datetime | None
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_subject(obj):
        return obj.dispatch.subject

    @staticmethod
    def resolve_body(obj):
        return obj.dispatch.body

    @staticmethod
    def resolve_sender(obj):
        return obj.dispatch.sender


def _mine(request, message_id: int) -> Delivery:
    delivery = selectors.inbox_for(viewer=request.user).filter(pk=message_id).first()
    if delivery is None:
        raise Http404
    return delivery


@router.get(
    "/inbox",
    response={200: list[MessageOut], **ERRORS},
    summary="Hộp thư của tôi",
    description="Các tin nhắn trong ứng dụng gửi tới người gọi, mới trước. Phân trang con trỏ.",
)
@paginate(KeysetPagination, ordering=("-pk",))
def inbox(request):
    return selectors.inbox_for(viewer=request.user)


@router.get(
    "/messages/{message_id}",
    response={200: MessageOut, **ERRORS},
    summary="Một tin nhắn của tôi",
    description="Đọc nội dung không đánh dấu đã đọc (dùng POST .../read).",
)
def message(request, message_id: Id):
    return _mine(request, message_id)


@router.post(
    "/messages/{message_id}/read",
    response={200: MessageOut, **ERRORS},
    summary="Đánh dấu đã đọc",
    description="Như mở tin trên trang; mở lại không thay đổi gì.",
)
def message_read(request, message_id: Id):
    delivery = _mine(request, message_id)
    return services.delivery_mark_read(token=delivery.token, viewer=request.user)


@router.post(
    "/messages/{message_id}/acknowledge",
    response={200: MessageOut, **ERRORS},
    summary="Xác nhận đã đọc và quán triệt",
    description="Ghi nhận người nhận đã đọc và quán triệt; xác nhận lại không thay đổi gì.",
)
def message_acknowledge(request, message_id: Id):
    delivery = _mine(request, message_id)
    return services.delivery_acknowledge(token=delivery.token, viewer=request.user)


router.add_router("", notifications_router)
