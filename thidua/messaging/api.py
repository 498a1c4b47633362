"""Messaging API (issue 15, point 2): my inbox, a message, read and acknowledge — the same
selectors and services as the inbox page. A message is named by its id in the caller's own
inbox (never by its personal link's token); another person's message is a 404. A dispatch's
sending progress, for whoever follows it on its page (rules.can_view_dispatch_progress:
the owning app's registered rule, else its author and the administrator); others 404."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Id

from . import selectors, services
from .api_notifications import router as notifications_router
from .models import Delivery

router = Router(tags=["messaging"])


class InboxMessageOut(Schema):
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
    response={200: list[InboxMessageOut], **ERRORS},
    summary="Hộp thư của tôi",
    description="Các tin nhắn trong ứng dụng gửi tới người gọi, mới trước. Phân trang con trỏ.",
)
@paginate(KeysetPagination, ordering=("-pk",))
def inbox(request):
    return selectors.inbox_for(viewer=request.user)


@router.get(
    "/messages/{message_id}",
    response={200: InboxMessageOut, **ERRORS},
    summary="Một tin nhắn của tôi",
    description="Đọc nội dung không đánh dấu đã đọc (dùng POST .../read).",
)
def message(request, message_id: Id):
    return _mine(request, message_id)


@router.post(
    "/messages/{message_id}/read",
    response={200: InboxMessageOut, **ERRORS},
    summary="Đánh dấu đã đọc",
    description="Như mở tin trên trang; mở lại không thay đổi gì.",
)
def message_read(request, message_id: Id):
    delivery = _mine(request, message_id)
    return services.delivery_mark_read(token=delivery.token, viewer=request.user)


@router.post(
    "/messages/{message_id}/acknowledge",
    response={200: InboxMessageOut, **ERRORS},
    summary="Xác nhận đã đọc và quán triệt",
    description="Ghi nhận người nhận đã đọc và quán triệt; xác nhận lại không thay đổi gì.",
)
def message_acknowledge(request, message_id: Id):
    delivery = _mine(request, message_id)
    return services.delivery_acknowledge(token=delivery.token, viewer=request.user)


class DispatchProgressOut(Schema):
    dispatch_id: int
    subject: str
    sender: str
    status: str = Field(
        description="draft (nháp), queued (chờ gửi), sending (đang gửi), done (đã gửi xong)."
    )
    channels: list[str]
    skipped_channels: dict[str, str] = Field(description="Kênh không dùng → lý do.")
    started_at: datetime | None
    finished_at: datetime | None
    created: int = Field(description="Số lượt gửi (người × kênh) đã tạo.")
    queued: int = Field(description="Đang chờ hoặc đang gửi.")
    sent: int = Field(description="Đã gửi đi (kể cả đã đến, đã đọc, đã quán triệt).")
    delivered: int = Field(description="Đã đến (kể cả đã đọc, đã quán triệt).")
    failed: int
    read: int = Field(description="Đã đọc (kể cả đã quán triệt).")
    acknowledged: int
    finished: bool = Field(description="Không còn lượt nào chờ gửi.")
    by_status: dict[str, int] = Field(description="Số lượt theo từng trạng thái.")
    by_channel: dict[str, dict[str, int]] = Field(description="Theo kênh, rồi theo trạng thái.")
    per_channel: dict[str, dict[str, int]] = Field(
        description="Số lượt đã tạo theo kênh (created), theo thứ tự các kênh."
    )


@router.get(
    "/dispatches/{dispatch_id}/progress",
    response={200: DispatchProgressOut, **ERRORS},
    summary="Tiến độ gửi một đợt tin",
    description=(
        "Như trang tiến độ gửi: số lượt đã tạo, đang chờ, đã gửi, đã đến, lỗi, đã đọc, đã quán "
        "triệt, theo trạng thái và theo kênh, và các kênh không dùng kèm lý do. Chỉ người theo "
        "dõi đợt gửi: tin của Đảng (đợt quán triệt và nhắc nhở) theo quy tắc của phân hệ Đảng — "
        "người theo dõi cả đợt quán triệt, không bao giờ theo vai trò chính quyền; tin khác: người "
        "tạo và quản trị hệ thống. Người khác, như trên trang: 404."
    ),
)
def dispatch_progress(request, dispatch_id: Id):
    dispatch = selectors.dispatch_for_progress(viewer=request.user, pk=dispatch_id)
    if dispatch is None:
        raise Http404
    return {
        "dispatch_id": dispatch.pk,
        "subject": dispatch.subject,
        "sender": dispatch.sender,
        "status": dispatch.status,
        "channels": list(dispatch.channels or []),
        "skipped_channels": {str(k): str(v) for k, v in (dispatch.skipped_channels or {}).items()},
        "started_at": dispatch.started_at,
        "finished_at": dispatch.finished_at,
        **selectors.dispatch_progress(dispatch),
    }


router.add_router("", notifications_router)
