"""Reads of the messaging app, scoped to the viewer."""

from typing import Any

from django.db.models import Count, QuerySet

from .choices import Channel, DeliveryStatus
from .models import Delivery, Dispatch
from .rules import can_view_dispatch_progress


def delivery_for_recipient(*, token: str, viewer: Any) -> Delivery | None:
    """The delivery behind a personal link, with its dispatch, only for the person it was
    sent to (one query)."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    return (
        Delivery.objects.select_related("dispatch")
        .filter(token=token, person__user_id=viewer.pk)
        .first()
    )


def inbox_for(*, viewer: Any) -> QuerySet[Delivery]:
    """The viewer's in-app messages, newest first."""
    if not getattr(viewer, "is_authenticated", False):
        return Delivery.objects.none()
    return (
        Delivery.objects.select_related("dispatch")
        .filter(person__user_id=viewer.pk, channel=Channel.IN_APP)
        .exclude(status__in=DeliveryStatus.pending())
        .order_by("-id")
    )


def dispatch_for_progress(*, viewer: Any, pk: int) -> Dispatch | None:
    dispatch = Dispatch.objects.filter(pk=pk).first()
    if dispatch is None or not can_view_dispatch_progress(viewer, dispatch):
        return None
    return dispatch


def dispatch_progress(dispatch: Dispatch) -> dict[str, Any]:
    """Counts by status and channel in one grouped query. "sent" counts every row that got
    at least that far (delivered, read, acknowledged included), "read" includes acknowledged."""
    rows = (
        Delivery.objects.filter(dispatch_id=dispatch.pk)
        .order_by()
        .values_list("channel", "status")
        .annotate(n=Count("pk"))
    )
    by_status: dict[str, int] = dict.fromkeys(DeliveryStatus.values, 0)
    by_channel: dict[str, dict[str, int]] = {}
    for channel, status, n in rows:
        by_status[status] += n
        by_channel.setdefault(channel, dict.fromkeys(DeliveryStatus.values, 0))[status] += n
    s = DeliveryStatus
    created = sum(by_status.values())
    return {
        "created": created,
        "queued": by_status[s.QUEUED] + by_status[s.SENDING],
        "sent": sum(by_status[x] for x in s.reached_sent()),
        "delivered": by_status[s.DELIVERED] + by_status[s.READ] + by_status[s.ACKNOWLEDGED],
        "failed": by_status[s.FAILED],
        "read": by_status[s.READ] + by_status[s.ACKNOWLEDGED],
        "acknowledged": by_status[s.ACKNOWLEDGED],
        "finished": created > 0 and by_status[s.QUEUED] + by_status[s.SENDING] == 0,
        "by_status": by_status,
        "by_channel": by_channel,
    }
