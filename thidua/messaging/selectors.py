"""Reads of the messaging app, scoped to the viewer."""

from typing import Any

from django.db.models import Count, Q, QuerySet

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
    """Counts by status and channel of every delivery of the dispatch (one grouped query)."""
    return deliveries_progress(Delivery.objects.filter(dispatch_id=dispatch.pk))


def deliveries_progress(deliveries: QuerySet[Delivery]) -> dict[str, Any]:
    """Counts by status and channel of `deliveries` (a dispatch's, or the part of them a
    viewer may follow) in one grouped query. "sent" counts every row that got at least that
    far (delivered, read, acknowledged included), "read" includes acknowledged."""
    rows = deliveries.order_by().values_list("channel", "status").annotate(n=Count("pk"))
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
        # messages per channel, in the channels' order: 12 messages are 6 members on two
        # channels (walk-through of 07/12/2026: a cell of 6 read "Đã tạo 12" and wondered)
        "per_channel": {
            c: {"created": sum(by_channel[c].values())} for c in Channel.values if c in by_channel
        },
    }


FOLLOW_UP = "#"  # a source "party.campaign#5#remind-7" follows up "party.campaign#5"


def _ancestors(label: str) -> set[str]:
    parts = label.split(FOLLOW_UP)
    return {FOLLOW_UP.join(parts[:i]) for i in range(1, len(parts))}


def _thread(label: str, known: set[str]) -> str:
    """The first message `label` follows up: the shortest of `known` that it is or extends
    with "#…"."""
    return min(
        (k for k in known if label == k or label.startswith(k + FOLLOW_UP)),
        key=len,
        default=label,
    )


def messages_to_acknowledge(*, viewer: Any) -> list[Delivery]:
    """The viewer's in-app messages not yet acknowledged ("Đã đọc và quán triệt"), one per
    message: a follow-up (a reminder, whose source extends its message's with "#…") and the
    message it follows up count once, under the newest of them, and not at all once any of
    them is acknowledged by the person on any channel (the e-mail's or SMS's link included).
    Each carries `thread_dispatch_id` (the first message's dispatch) and `waiting_since`;
    oldest first. Two queries."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    waiting = list(
        inbox_for(viewer=viewer)
        .filter(acknowledged_at__isnull=True)
        .exclude(status=DeliveryStatus.FAILED)
        .order_by("id")
    )
    if not waiting:
        return []
    labels = {d.dispatch.source_label: d.dispatch_id for d in waiting}
    related = Q(dispatch__source_label__in=set(labels).union(*map(_ancestors, labels)))
    for label in labels:
        related |= Q(dispatch__source_label__startswith=label + FOLLOW_UP)
    acknowledged = set(
        Delivery.objects.filter(related, person__user_id=viewer.pk, acknowledged_at__isnull=False)
        .values_list("dispatch__source_label", flat=True)
        .distinct()
    )
    known = set(labels) | acknowledged
    done = {_thread(label, known) for label in acknowledged}
    threads: dict[str, Delivery] = {}
    for delivery in waiting:
        thread = _thread(delivery.dispatch.source_label, known)
        if thread in done:
            continue
        first = threads.get(thread)
        delivery.thread_dispatch_id = labels.get(thread, delivery.dispatch_id)  # type: ignore[attr-defined]
        delivery.waiting_since = (  # type: ignore[attr-defined]
            first.waiting_since  # type: ignore[attr-defined]
            if first is not None
            else delivery.sent_at or delivery.dispatch.created_at
        )
        threads[thread] = delivery
    return sorted(threads.values(), key=lambda d: d.id)
