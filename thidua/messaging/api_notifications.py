"""Notifications API (the bell 🔔, issue 15, point 2): my notifications of waiting work,
unread first, the bell's number, open one (mark it read) and mark all read — the same core
selectors and services as the bell's pages (thidua/core/views/notifications.py). Each
person's own only: another person's notification is a 404. Mounted by
thidua/messaging/api.py (scope `messaging`)."""

from datetime import datetime

from django.db.models import Case, IntegerField, Value, When
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Id
from thidua.core.models import Notification
from thidua.core.selectors import notifications_open, notifications_unread_count
from thidua.core.services import (
    notification_open,
    notifications_mark_all_read,
    notifications_sync,
)

router = Router()


class NotificationOut(Schema):
    id: int
    title: str
    url: str = Field(description="Trang của việc đang chờ (đường dẫn trong trang web).")
    count: int
    raised_at: datetime
    read_at: datetime | None
    done_at: datetime | None
    unread: bool


class UnreadCountOut(Schema):
    unread: int = Field(description="Số thông báo việc đang chờ chưa mở (con số trên chuông).")


class MarkedOut(Schema):
    marked: int = Field(description="Số thông báo vừa được đánh dấu đã đọc.")


def _with_unread(notes):
    # 1/0, not a boolean: the cursor carries the sort values, and it takes no booleans.
    return notes.annotate(
        unread=Case(
            When(read_at__isnull=True, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


@router.get(
    "/notifications",
    response={200: list[NotificationOut], **ERRORS},
    summary="Thông báo của tôi",
    description=(
        "Như trang Thông báo: các việc đang chờ người gọi, chưa đọc trước, mới trước; "
        "`done=true`: các việc đã xong. Trang đầu (không có `cursor`) cập nhật thông báo "
        "theo việc đang chờ như khi mở trang. Phân trang con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("-unread", "-raised_at", "-pk"))
def notifications(request, done: bool = False):
    if not request.GET.get("cursor"):
        notifications_sync(user=request.user)
    if done:
        notes = Notification.objects.filter(user=request.user, done_at__isnull=False)
    else:
        notes = notifications_open(user=request.user)
    return _with_unread(notes)


@router.get(
    "/notifications/unread-count",
    response={200: UnreadCountOut, **ERRORS},
    summary="Số thông báo chưa đọc",
    description="Con số trên chuông: thông báo việc đang chờ mà người gọi chưa mở.",
)
def notifications_unread(request):
    return {"unread": notifications_unread_count(user=request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    summary="Đánh dấu một thông báo đã đọc",
    description=(
        "Như mở thông báo trên trang; mở lại không thay đổi gì. Thông báo của người khác: 404."
    ),
)
def notification_read(request, notification_id: Id):
    note = notification_open(user=request.user, pk=notification_id)
    return _with_unread(Notification.objects.filter(pk=note.pk)).get()


@router.post(
    "/notifications/read-all",
    response={200: MarkedOut, **ERRORS},
    summary="Đánh dấu tất cả thông báo đã đọc",
    description="Như nút trên trang Thông báo: mọi thông báo việc đang chờ thành đã đọc.",
)
def notifications_read_all(request):
    return {"marked": notifications_mark_all_read(user=request.user)}
