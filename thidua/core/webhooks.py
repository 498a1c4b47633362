"""Webhooks: other systems told when something they need happens, signed, retried, logged.

    webhook_publish(event="awards.decision.signed", payload={...})   # inside the service

`webhook_publish` writes one `WebhookDelivery` per active endpoint subscribed to the event
in the caller's transaction (an outbox: a rolled-back action sends nothing, a committed one
is never lost) and hands each to the background after the commit. `webhook_deliver` POSTs
the JSON body

    {"id": "<event uuid>", "event": "awards.decision.signed", "created_at": "...", "data": {...}}

with the headers `X-ThiDua-Event`, `X-ThiDua-Delivery` (the event id: the receiver drops a
repeat) and `X-ThiDua-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
endpoint's secret>`. A 2xx answer within `THIDUA_WEBHOOK_TIMEOUT_SECONDS` is delivered; any
other answer, a timeout or a refused connection is retried after 1 min, 5 min, 30 min, 2 h,
6 h, 12 h then given up (`RETRY_AFTER`). An endpoint that fails `THIDUA_WEBHOOK_DISABLE_AFTER`
attempts in a row (any events) is disabled, with the reason and an audit event; its pending
deliveries wait, and go out when an administrator enables it again. The beat task
`webhooks_send_due` (every minute) sends what is due, including what the broker never got.

Payloads carry identifiers, numbers, dates and links — never a classified resolution's
title or text. Endpoints are managed by administrators in the admin (Django admin, model
permissions); the delivery log is read-only there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actors import SYSTEM
from .audit import audit_record
from .choices import CoreAudit, WebhookDeliveryStatus
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# The events other systems may subscribe to: name -> what happened (shown to administrators).
EVENTS: dict[str, Any] = {
    "awards.decision.signed": _("A commendation decision was signed"),
    "party.digest.approved": _("A resolution digest was approved"),
    "party.campaign.finished": _("A Party campaign finished sending"),
    "emulation.rating.approved": _("A quality rating was approved"),
    "core.webhook.ping": _("Test event"),
}
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
SIGNATURE_HEADER = "X-ThiDua-Signature"


def _timeout() -> float:
    return float(getattr(settings, "THIDUA_WEBHOOK_TIMEOUT_SECONDS", 5))


def _disable_after() -> int:
    return int(getattr(settings, "THIDUA_WEBHOOK_DISABLE_AFTER", 20))


def site_url(path: str) -> str:
    """An absolute link for another system (THIDUA_SITE_URL + path)."""
    return f"{settings.THIDUA_SITE_URL}{path}"


def secret_new() -> str:
    return secrets.token_hex(32)


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The value of X-ThiDua-Signature for a body sent at `timestamp` (unix seconds)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def signature_valid(
    *, secret: str, header: str, body: bytes, tolerance: int = 300, now: float | None = None
) -> bool:
    """What a receiver checks (documented for them, used by the tests): the HMAC and age."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, header)


def webhook_publish(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint subscribed to it (in the caller's transaction)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            event_id=event_id,
            payload=data,
            status=WebhookDeliveryStatus.PENDING,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    ids = [d.pk for d in deliveries if d.pk is not None] or list(
        WebhookDelivery.objects.filter(event_id=event_id).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _hand_over(ids))
    return deliveries


def _hand_over(ids: list[int]) -> None:
    mode = settings.THIDUA_JOBS_MODE
    if mode == "celery":
        from .tasks import webhook_deliver as task

        for pk in ids:
            try:
                task.apply_async(args=(pk,), ignore_result=True, retry_policy={"max_retries": 1})
            except Exception as exc:  # the broker is down: webhooks_send_due picks it up
                logger.warning("Webhook delivery %s waits for the broker: %s", pk, exc)
                return
    elif mode == "thread":
        threading.Thread(target=_deliver_in_thread, args=(ids,), daemon=True).start()
    else:  # "inline": tests and management commands
        for pk in ids:
            webhook_deliver(delivery_id=pk)


def _deliver_in_thread(ids: list[int]) -> None:
    close_old_connections()
    try:
        for pk in ids:
            webhook_deliver(delivery_id=pk)
    finally:
        connections.close_all()


def _claim(delivery_id: int, now: Any) -> WebhookDelivery | None:
    """Take the delivery if it is due and its endpoint active; push its next attempt past
    the request's timeout so a second worker does not send it at the same time."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=WebhookDeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        endpoint__is_active=True,
    ).update(next_attempt_at=now + timedelta(seconds=_timeout() + 30))
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: the event is never re-sent elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(
        {
            "id": str(delivery.event_id),
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    if not endpoint.url.lower().startswith(("https://", "http://")):
        return None, "address is not http(s)"
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "ThiDua-Webhooks/1",
            "X-ThiDua-Event": delivery.event,
            "X-ThiDua-Delivery": str(delivery.event_id),
            SIGNATURE_HEADER: signature(
                secret=endpoint.secret, timestamp=int(time.time()), body=body
            ),
        },
    )
    try:
        with _OPENER.open(request, timeout=_timeout()) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(exc).__name__}: {reason}"[:500]


def webhook_deliver(*, delivery_id: int, now: Any = None) -> str:
    """Send one due delivery (due at `now`, default: now); record the outcome; schedule the
    retry or give up."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return "not due"
    endpoint = delivery.endpoint
    code, error = _post(endpoint, delivery)
    attempts = delivery.attempts + 1
    if code is not None and 200 <= code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDeliveryStatus.DELIVERED,
            attempts=attempts,
            last_status_code=code,
            last_error="",
            delivered_at=timezone.now(),
            next_attempt_at=None,
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return "delivered"
    logger.warning(
        "Webhook %s to endpoint %s failed (attempt %s): %s",
        delivery.event,
        endpoint.pk,
        attempts,
        error or code,
    )
    given_up = attempts >= MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDeliveryStatus.FAILED if given_up else WebhookDeliveryStatus.PENDING,
        attempts=attempts,
        last_status_code=code,
        last_error=(error or f"HTTP {code}")[:500],
        next_attempt_at=None if given_up else timezone.now() + RETRY_AFTER[attempts - 1],
    )
    _endpoint_failed(endpoint_id=endpoint.pk, error=error or f"HTTP {code}")
    return "given up" if given_up else "retry"


@transaction.atomic
def _endpoint_failed(*, endpoint_id: int, error: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    if endpoint.is_active and endpoint.consecutive_failures >= _disable_after():
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = (
            f"{endpoint.consecutive_failures} failed attempts in a row; last: {error}"
        )[:300]
        endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
        logger.error("Webhook endpoint %s disabled: %s", endpoint.pk, endpoint.disabled_reason)
        audit_record(
            actor=SYSTEM,
            action=CoreAudit.WEBHOOK_DISABLED,
            target=endpoint,
            failures=endpoint.consecutive_failures,
            error=error[:200],
        )


def webhooks_send_due(*, now: Any = None, limit: int = 500) -> dict[str, int]:
    """Send every delivery whose attempt is due (beat task, every minute)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for pk in due:
        outcome = webhook_deliver(delivery_id=pk, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@transaction.atomic
def webhook_endpoint_enable(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """An administrator enables an endpoint again: its waiting deliveries go out now."""
    endpoint.is_active = True
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.save(
        update_fields=[
            "is_active",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "updated_at",
        ]
    )
    endpoint.deliveries.filter(status=WebhookDeliveryStatus.PENDING).update(
        next_attempt_at=timezone.now()
    )
    audit_record(actor=actor, action=CoreAudit.WEBHOOK_ENABLED, target=endpoint)
    return endpoint


def webhook_ping(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A test event to one endpoint, whatever it subscribes to (from the admin)."""
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="core.webhook.ping",
        event_id=uuid.uuid4(),
        payload={"by": getattr(actor, "username", "")},
        status=WebhookDeliveryStatus.PENDING,
        next_attempt_at=timezone.now(),
    )
    audit_record(actor=actor, action=CoreAudit.WEBHOOK_PINGED, target=endpoint)
    transaction.on_commit(lambda: _hand_over([delivery.pk]))
    return delivery
