"""Writes of the messaging app: create a dispatch and its deliveries, send, read, acknowledge.

Sending is at-least-once with idempotency keys (CLARIFICATIONS "Exactly-once"):
1. a worker claims a chunk of due deliveries in one short transaction (status SENDING,
   attempts + 1, a lease in `claimed_until`; FOR UPDATE SKIP LOCKED on PostgreSQL, an
   IMMEDIATE transaction on SQLite), so two workers never hold the same row;
2. it sends each outside any transaction and records SENT in its own short UPDATE;
3. a row whose worker died stays SENDING until its lease ends, then is claimed again and
   resent with the same token (same Message-ID / SMS request id), which the receiving side
   de-duplicates. A row the database records as SENT is never sent again.
"""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.core.jobs import job_run, job_start
from thidua.core.models import Job
from thidua.core.transitions import Flow, transition
from thidua.org.models import Person

from . import constants, personal_link
from .channels import CHANNEL_ADAPTERS, SendError, channel_unavailable_reason
from .choices import (
    CHANNELS_REFUSED_WHEN_CLASSIFIED,
    UNREAD_STATUSES,
    Channel,
    DeliveryStatus,
    DispatchStatus,
    MessagingAudit,
)
from .fanout import fan_out_in_postgresql, id_batches
from .models import Delivery, Dispatch
from .selectors import delivery_for_recipient, dispatch_progress
from .signals import dispatch_finished

logger = logging.getLogger(__name__)

SEND_TASK = "messaging.send_dispatch"

# A dispatch is queued when first started (draft) or started again to send what is still
# pending (done); one already queued or sending is left as it is (its job is started again).
DISPATCH_FLOW = Flow(
    "messaging.Dispatch",
    {
        (DispatchStatus.DRAFT, DispatchStatus.QUEUED): MessagingAudit.DISPATCH_QUEUED,
        (DispatchStatus.DONE, DispatchStatus.QUEUED): MessagingAudit.DISPATCH_QUEUED,
    },
)


class RetryPending(Exception):
    """Deliveries are waiting for a retry (or for a dead worker's lease to end)."""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _new_token() -> str:
    return secrets.token_urlsafe(constants.TOKEN_BYTES)


# --- creating ---------------------------------------------------------------------------


@transaction.atomic
def dispatch_create(
    *,
    actor: Any,
    source_label: str,
    subject: str,
    body: str,
    sms_text: str = "",
    link_base: str = "",
    sender: str = "",
    channels: Iterable[str],
    recipients: Iterable[int],
    classified: bool = False,
) -> Dispatch:
    """Create (or resume) the dispatch for `source_label` and its delivery rows.

    Calling it again with the same source adds only the rows still missing, so a fan-out
    interrupted half-way is finished by simply calling it again.
    """
    channels = list(dict.fromkeys(channels))
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValidationError(_("Unknown channel: %(c)s") % {"c": ", ".join(sorted(unknown))})
    if classified and set(channels) & CHANNELS_REFUSED_WHEN_CLASSIFIED:
        raise ValidationError(_("Classified messages are never sent by e-mail or SMS."))
    if Channel.IN_APP not in channels:
        channels.insert(0, Channel.IN_APP)  # every member always gets it in the app
    skipped = {
        c: r for c in channels if (r := channel_unavailable_reason(c, classified=classified))
    }
    usable = [c for c in channels if c not in skipped]

    dispatch, created = Dispatch.objects.select_for_update().get_or_create(
        source_label=source_label,
        defaults={
            "subject": subject,
            "body": body,
            "sms_text": sms_text,
            "link_base": link_base,
            "sender": sender[:255],
            "channels": usable,
            "skipped_channels": skipped,
            "classified": classified,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if not created and dispatch.classified != classified:
        raise ValidationError(_("This message was already created with another classification."))
    added = deliveries_fan_out(dispatch=dispatch, recipients=recipients, fresh=created)
    audit_record(
        actor=actor,
        action=MessagingAudit.DISPATCH_CREATED if created else MessagingAudit.DISPATCH_RESUMED,
        target=dispatch,
        source=source_label,
        channels=dispatch.channels,
        skipped=dispatch.skipped_channels,
        deliveries_added=added,
    )
    return dispatch


def deliveries_fan_out(
    *, dispatch: Dispatch, recipients: Iterable[int], fresh: bool = False
) -> int:
    """One QUEUED row per (person, channel the person has), set-based; returns rows added.

    In-app always; e-mail when the person has an address; SMS when they have a phone.
    Inactive people get nothing. Existing rows are left alone (unique constraint);
    `fresh` says the dispatch was just created, so no row can exist yet.
    """
    channels = set(dispatch.channels)
    if connection.vendor == "postgresql":
        with transaction.atomic():  # temporary tables and the server-side cursor need one
            return fan_out_in_postgresql(dispatch, recipients, channels, fresh=fresh)
    before = Delivery.objects.filter(dispatch=dispatch).count()
    for batch in id_batches(recipients, constants.FAN_OUT_BATCH):
        people = Person.objects.filter(pk__in=batch, is_active=True).values_list(
            "pk", "email", "phone"
        )
        rows = []
        for pk, email, phone in people.iterator(chunk_size=constants.FAN_OUT_BATCH):
            if Channel.IN_APP in channels:
                rows.append((pk, Channel.IN_APP.value))
            if Channel.EMAIL in channels and email:
                rows.append((pk, Channel.EMAIL.value))
            if Channel.SMS in channels and phone:
                rows.append((pk, Channel.SMS.value))
        Delivery.objects.bulk_create(
            [
                Delivery(dispatch=dispatch, person_id=pk, channel=ch, token=_new_token())
                for pk, ch in rows
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    return Delivery.objects.filter(dispatch=dispatch).count() - before


# --- sending ----------------------------------------------------------------------------


@transaction.atomic
def dispatch_start(*, dispatch: Dispatch, actor: Any) -> Job:
    """Queue the dispatch for sending by a background job (Celery or a thread)."""
    if (
        dispatch.status == DispatchStatus.DONE
        and not Delivery.objects.filter(
            dispatch=dispatch, status__in=DeliveryStatus.pending()
        ).exists()
    ):
        raise ValidationError(_("This message has already been sent."))
    if DISPATCH_FLOW.allows(dispatch.status, DispatchStatus.QUEUED):
        transition(
            dispatch,
            flow=DISPATCH_FLOW,
            to=DispatchStatus.QUEUED,
            actor=actor,
            record_changes=False,
        )
    return job_start(
        kind="messaging.send",
        task_name=SEND_TASK,
        params={"dispatch_id": dispatch.pk},
        actor=actor,
    )


def dispatches_resume_stalled(*, actor: Any) -> list[int]:
    """Queue a job again for every dispatch left unfinished (its worker died): claims make a
    second sender on the same dispatch harmless. For the beat schedule (as SYSTEM)."""
    ids = list(
        Dispatch.objects.filter(
            status__in=[DispatchStatus.QUEUED, DispatchStatus.SENDING]
        ).values_list("pk", flat=True)
    )
    for dispatch in Dispatch.objects.filter(pk__in=ids):
        with transaction.atomic():
            dispatch_start(dispatch=dispatch, actor=actor)
    return ids


@dataclass
class ChunkResult:
    claimed: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0


def _due_q(now) -> Q:
    return Q(status=DeliveryStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ) | Q(status=DeliveryStatus.SENDING, claimed_until__lt=now)


def _claim(*, dispatch_id: int, chunk_size: int) -> list[int]:
    now = timezone.now()
    lease = timedelta(
        seconds=_setting("MESSAGING_SEND_LEASE_SECONDS", constants.SEND_LEASE_SECONDS)
    )
    with transaction.atomic():  # IMMEDIATE on SQLite: the write lock is taken at BEGIN
        due = (
            Delivery.objects.filter(dispatch_id=dispatch_id)
            .exclude(channel=Channel.IN_APP)
            .filter(_due_q(now))
            .order_by("pk")
        )
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:chunk_size])
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                status=DeliveryStatus.SENDING,
                claimed_until=now + lease,
                attempts=F("attempts") + 1,
            )
    return ids


def _send_in_app(*, dispatch_id: int) -> int:
    """In-app messages are rows the inbox reads: sending them is one UPDATE."""
    return Delivery.objects.filter(
        dispatch_id=dispatch_id, channel=Channel.IN_APP, status=DeliveryStatus.QUEUED
    ).update(status=DeliveryStatus.SENT, sent_at=timezone.now())


def _record_failure(delivery: Delivery, exc: SendError, result: ChunkResult) -> None:
    now = timezone.now()
    max_attempts = _setting("MESSAGING_MAX_ATTEMPTS", constants.MAX_ATTEMPTS)
    mine = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    if exc.retryable and delivery.attempts < max_attempts:
        base = _setting("MESSAGING_RETRY_BASE_SECONDS", constants.RETRY_BASE_SECONDS)
        delay = min(base * 2 ** (delivery.attempts - 1), constants.RETRY_MAX_SECONDS)
        mine.update(
            status=DeliveryStatus.QUEUED,
            claimed_until=None,
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=str(exc)[:500],
        )
        result.retry += 1
    else:
        mine.update(status=DeliveryStatus.FAILED, claimed_until=None, last_error=str(exc)[:500])
        result.failed += 1


def deliveries_send_chunk(
    *, dispatch_id: int, chunk_size: int = constants.SEND_CHUNK
) -> ChunkResult:
    """Claim and send one chunk of due e-mail/SMS deliveries of a dispatch."""
    result = ChunkResult()
    ids = _claim(dispatch_id=dispatch_id, chunk_size=chunk_size)
    result.claimed = len(ids)
    if not ids:
        return result
    claimed = (
        Delivery.objects.filter(pk__in=ids).select_related("dispatch", "person").order_by("pk")
    )
    by_channel: dict[str, list[Delivery]] = {}
    for delivery in claimed:
        by_channel.setdefault(delivery.channel, []).append(delivery)
    for channel, deliveries in by_channel.items():
        with CHANNEL_ADAPTERS[channel]() as adapter:
            for delivery in deliveries:
                try:
                    sent = adapter.send(delivery)
                except SendError as exc:
                    logger.info("Delivery %s not sent: %s", delivery.pk, exc)
                    _record_failure(delivery, exc, result)
                    continue
                # Recorded at once, in its own statement: a crash after this line never
                # causes this member a second copy.
                Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
                    status=DeliveryStatus.SENT,
                    sent_at=timezone.now(),
                    claimed_until=None,
                    provider_message_id=sent.provider_message_id,
                    last_error="",
                )
                result.sent += 1
    return result


def dispatch_send(*, dispatch_id: int, progress=None, chunk_size: int | None = None) -> dict:
    """Send everything due of a dispatch, chunk by chunk; finish it when nothing is pending."""
    chunk_size = chunk_size or _setting("MESSAGING_SEND_CHUNK", constants.SEND_CHUNK)
    now = timezone.now()
    Dispatch.objects.filter(
        pk=dispatch_id, status__in=[DispatchStatus.DRAFT, DispatchStatus.QUEUED]
    ).update(status=DispatchStatus.SENDING, started_at=now, updated_at=now)
    total_sent = _send_in_app(dispatch_id=dispatch_id)
    total = Delivery.objects.filter(dispatch_id=dispatch_id).count()
    while True:
        chunk = deliveries_send_chunk(dispatch_id=dispatch_id, chunk_size=chunk_size)
        total_sent += chunk.sent
        if progress is not None:
            done = (
                Delivery.objects.filter(dispatch_id=dispatch_id)
                .exclude(status__in=DeliveryStatus.pending())
                .count()
            )
            progress(done, total, "sending")
        if not chunk.claimed:
            break
    pending = Delivery.objects.filter(
        dispatch_id=dispatch_id, status__in=DeliveryStatus.pending()
    ).count()
    if not pending:
        finished = Dispatch.objects.filter(pk=dispatch_id).exclude(status=DispatchStatus.DONE)
        if finished.update(status=DispatchStatus.DONE, finished_at=timezone.now()):
            sent = Dispatch.objects.get(pk=dispatch_id)
            audit_record(
                actor=SYSTEM,
                action=MessagingAudit.DISPATCH_SENT,
                target=sent,
                progress=dispatch_progress(Dispatch(pk=dispatch_id)),
            )
            dispatch_finished.send(sender=Dispatch, dispatch=sent)
    return {"ok": True, "dispatch_id": dispatch_id, "sent": total_sent, "pending": pending}


def dispatch_send_job(*, job_id: int) -> dict:
    """The body of the Celery task: run the job; ask for a retry while rows are pending."""
    outcome: dict = {}

    def work(job: Job, progress) -> dict:
        outcome.update(dispatch_send(dispatch_id=job.params["dispatch_id"], progress=progress))
        return outcome

    job_run(job_id=job_id, work=work, again=True)  # Celery retries it while rows are pending
    if outcome.get("pending"):
        raise RetryPending(f"{outcome['pending']} deliveries waiting")
    return outcome


# --- reports from the SMS gateway ---------------------------------------------------------

GATEWAY_STATUSES = {"delivered": DeliveryStatus.DELIVERED, "failed": DeliveryStatus.FAILED}


def delivery_report_record(*, request_id: str, status: str) -> bool:
    """Apply a delivery report; a duplicated or late report changes nothing. Returns whether
    a row changed."""
    target = GATEWAY_STATUSES.get(str(status).lower())
    if target is None:
        raise ValidationError(_("Unknown delivery status."))
    # A report may overtake our own SENT update, so SENDING is accepted too.
    rows = Delivery.objects.filter(
        token=request_id,
        channel=Channel.SMS,
        status__in=[DeliveryStatus.SENDING, DeliveryStatus.SENT],
    )
    now = timezone.now()
    if target == DeliveryStatus.DELIVERED:
        changed = rows.update(status=target, delivered_at=now, claimed_until=None)
    else:
        changed = rows.update(status=target, last_error="gateway: failed", claimed_until=None)
    return bool(changed)


# --- the member's side --------------------------------------------------------------------


def _by_link(*, change: str, token: str, viewer: Any) -> Delivery:
    delivery = None
    if getattr(viewer, "is_authenticated", False):
        delivery = personal_link.apply(change=change, token=token, viewer=viewer)
    if delivery is None:
        raise PermissionDenied(_("This message was not sent to you."))
    return delivery


def _delivery_for_recipient(*, token: str, viewer: Any) -> Delivery:
    delivery = delivery_for_recipient(token=token, viewer=viewer)
    if delivery is None:
        raise PermissionDenied(_("This message was not sent to you."))
    return delivery


def delivery_mark_read(*, token: str, viewer: Any) -> Delivery:
    """The member opened their message (in-app or by the personal link).

    The personal link is the busiest page when millions of members are asked to read a
    digest: one query finds the row with its dispatch; opening it again writes nothing; the
    first opening is one conditional UPDATE (a concurrent opening cannot count twice) and
    its audit event. The returned row carries the new values without being read again;
    on PostgreSQL all of it is one statement (`personal_link`)."""
    if connection.vendor == "postgresql":
        return _by_link(change=personal_link.READ, token=token, viewer=viewer)
    delivery = _delivery_for_recipient(token=token, viewer=viewer)
    if delivery.status not in UNREAD_STATUSES:
        return delivery
    now = timezone.now()
    with transaction.atomic():
        changed = Delivery.objects.filter(pk=delivery.pk, status__in=UNREAD_STATUSES).update(
            status=DeliveryStatus.READ, read_at=now, claimed_until=None
        )
        if changed:
            audit_record(actor=viewer, action=MessagingAudit.DELIVERY_READ, target=delivery)
    if changed:
        delivery.status, delivery.read_at, delivery.claimed_until = DeliveryStatus.READ, now, None
    else:  # another request changed it in between: show what it wrote
        delivery.refresh_from_db()
    return delivery


def delivery_acknowledge(*, token: str, viewer: Any) -> Delivery:
    """ "Đã đọc và quán triệt": the member confirms they read and took in the message.
    Acknowledging again changes nothing; the UPDATE is conditional, so two presses at once
    record one acknowledgement (on PostgreSQL, one statement: `personal_link`)."""
    if connection.vendor == "postgresql":
        return _by_link(change=personal_link.ACKNOWLEDGED, token=token, viewer=viewer)
    delivery = _delivery_for_recipient(token=token, viewer=viewer)
    if delivery.status == DeliveryStatus.ACKNOWLEDGED:
        return delivery
    now = timezone.now()
    read_at = delivery.read_at or now
    with transaction.atomic():
        changed = (
            Delivery.objects.filter(pk=delivery.pk)
            .exclude(status=DeliveryStatus.ACKNOWLEDGED)
            .update(
                status=DeliveryStatus.ACKNOWLEDGED,
                acknowledged_at=now,
                read_at=read_at,
                claimed_until=None,
            )
        )
        if changed:
            audit_record(actor=viewer, action=MessagingAudit.DELIVERY_ACKNOWLEDGED, target=delivery)
    if changed:
        delivery.status, delivery.acknowledged_at = DeliveryStatus.ACKNOWLEDGED, now
        delivery.read_at, delivery.claimed_until = read_at, None
    else:
        delivery.refresh_from_db()
    return delivery
