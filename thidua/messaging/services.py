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

import binascii
import logging
import os
import secrets
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.jobs import job_run, job_start
from thidua.core.models import Job
from thidua.org.models import Person

from . import constants
from .channels import CHANNEL_ADAPTERS, SendError, channel_unavailable_reason
from .choices import CHANNELS_REFUSED_WHEN_CLASSIFIED, Channel, DeliveryStatus, DispatchStatus
from .models import Delivery, Dispatch
from .selectors import delivery_for_recipient, dispatch_progress
from .signals import dispatch_finished

logger = logging.getLogger(__name__)

SEND_TASK = "messaging.send_dispatch"


class RetryPending(Exception):
    """Deliveries are waiting for a retry (or for a dead worker's lease to end)."""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _new_token() -> str:
    return secrets.token_urlsafe(constants.TOKEN_BYTES)


def _batches(items: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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
        action="messaging.dispatch_created" if created else "messaging.dispatch_resumed",
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
            return _fan_out_in_postgresql(dispatch, recipients, channels, fresh=fresh)
    before = Delivery.objects.filter(dispatch=dispatch).count()
    for batch in _batches(recipients, constants.FAN_OUT_BATCH):
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


def _fan_out_in_postgresql(
    dispatch: Dispatch, recipients: Iterable[int], channels: set, *, fresh: bool = False
) -> int:
    """The fan-out as COPY streams, no per-row work in PostgreSQL beyond the insert itself.

    1. The recipient ids are read into a sorted NumPy array without duplicates.
    2. The active people among them (unknown ids dropped) are read back as (id, has
       e-mail, has phone), packed by `string_agg` into a few bytea values fetched through a
       binary server-side cursor and decoded by NumPy: for an audience of at least
       1 / FAN_OUT_SCAN_SHARE of the people table, by one scan of the people filtered here
       against the sorted ids (no temporary table, no hash join spilling to disk); for a
       smaller one, by a join with the ids COPYed into a temporary table, dropped at once.
       Either way the result is sorted by person id here.
    3. The delivery rows, their tokens drawn here (os.urandom, base64url: what
       `secrets.token_urlsafe` gives the SQLite path), are COPYed in person order (the
       delivery indexes on the person are then filled from left to right, and the
       foreign-key checks at commit walk the people in order, as a bare COPY of sorted
       rows does): straight into the delivery table when the dispatch was just created in
       this transaction (`fresh`: no row can exist yet, and the unique constraint still
       guards it); otherwise into a temporary table, then INSERT … ON CONFLICT (dispatch,
       person, channel) DO NOTHING, so that a second call only adds the rows still missing.

    Memory stays bounded: the ids and the looked-up people are kept as compact arrays (at
    most ~25 bytes a person while they are sorted, 9 bytes once sorted: 48 MB for the 5.3
    million members), never as Python objects. Returns the rows added.
    """
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        ids, flags = _active_people(raw, recipients, channels)

        if fresh:
            target = (
                f"{table} (dispatch_id, person_id, channel, status, token, attempts, "
                "last_error, provider_message_id)"
            )
        else:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS messaging_deliveries_in "
                "(person_id bigint, channel text, token text) ON COMMIT DROP"
            )
            cursor.execute("TRUNCATE messaging_deliveries_in")
            target = "messaging_deliveries_in (person_id, channel, token)"
        written = 0
        with raw.copy(f"COPY {target} FROM STDIN") as copy:
            for rows, chunk in delivery_copy_chunks(
                dispatch.pk if fresh else None, ids, flags, channels
            ):
                copy.write(chunk)
                written += rows
        if fresh:
            return written
        cursor.execute(
            f"INSERT INTO {table} "  # noqa: S608 - table names are the models' own
            "(dispatch_id, person_id, channel, status, token, attempts, last_error, "
            "provider_message_id) "
            "SELECT %s, person_id, channel, %s, token, 0, '', '' FROM messaging_deliveries_in "
            "ON CONFLICT (dispatch_id, person_id, channel) DO NOTHING",
            [dispatch.pk, DeliveryStatus.QUEUED.value],
        )
        added = cursor.rowcount
        cursor.execute("TRUNCATE messaging_deliveries_in")
    return added


# The people read back: (id, flags) as int8send || int2send, concatenated by string_agg
# in groups of 2**FAN_OUT_GROUP_BITS ids (one bytea value of at most ~10 MB each): a few
# values to fetch instead of millions of rows, decoded here without a Python object a row.
_PERSON_FLAGS = np.dtype([("id", ">i8"), ("flag", ">i2")])


def _recipient_ids(recipients: Iterable[int]) -> np.ndarray:
    """The recipient ids, sorted, each once (int64)."""
    parts = [
        np.fromiter(map(int, batch), dtype=np.int64, count=len(batch))
        for batch in _batches(recipients, constants.FAN_OUT_COPY_IDS)
    ]
    if not parts:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(parts))


def _active_people(raw, recipients: Iterable[int], channels: set) -> tuple[array, bytearray]:
    """The active people among `recipients`, each once, sorted by id, as (ids, flags): flag
    bit 1 has an e-mail address (when e-mail is a channel), bit 2 a phone (when SMS is)."""
    ids, flags = array("q"), bytearray()
    wanted = _recipient_ids(recipients)
    if not len(wanted):
        return ids, flags
    person_table = Person._meta.db_table
    email_sql = "p.email <> ''" if Channel.EMAIL in channels else "false"
    phone_sql = "p.phone <> ''" if Channel.SMS in channels else "false"
    raw.execute(
        "SELECT greatest(c.reltuples, 0)::bigint FROM pg_class c WHERE c.oid = %s::regclass",
        [person_table],
    )
    share = constants.FAN_OUT_SCAN_SHARE  # 0: never scan (the tests of the join)
    scan = share > 0 and len(wanted) * share >= raw.fetchone()[0]
    if scan:
        where = f"p.id BETWEEN {int(wanted[0])} AND {int(wanted[-1])}"
    else:
        raw.execute(
            "CREATE TEMP TABLE IF NOT EXISTS messaging_recipients_in (person_id bigint) "
            "ON COMMIT DROP"
        )
        raw.execute("TRUNCATE messaging_recipients_in")
        with raw.copy("COPY messaging_recipients_in (person_id) FROM STDIN") as copy:
            step = constants.FAN_OUT_COPY_IDS
            for start in range(0, len(wanted), step):
                copy.write("".join([f"{pk}\n" for pk in wanted[start : start + step].tolist()]))
        raw.execute("ANALYZE messaging_recipients_in")
        where = "p.id IN (SELECT person_id FROM messaging_recipients_in)"
    found_ids, found_flags = [], []
    last = len(wanted) - 1
    with raw.connection.cursor(name="messaging_fan_out_people", binary=True) as people:
        people.itersize = 1
        people.execute(
            "SELECT string_agg(int8send(p.id) || int2send(("  # noqa: S608
            f"(CASE WHEN {email_sql} THEN 1 ELSE 0 END) "
            f"| (CASE WHEN {phone_sql} THEN 2 ELSE 0 END))::int2), ''::bytea) "
            f"FROM {person_table} p WHERE p.is_active AND {where} "
            f"GROUP BY p.id >> {int(constants.FAN_OUT_GROUP_BITS)}"
        )
        for (packed,) in people:
            part = np.frombuffer(packed, dtype=_PERSON_FLAGS)
            part_ids = part["id"].astype(np.int64)
            part_flags = part["flag"].astype(np.uint8)
            if scan:
                keep = wanted[np.searchsorted(wanted, part_ids).clip(max=last)] == part_ids
                part_ids, part_flags = part_ids[keep], part_flags[keep]
            found_ids.append(part_ids)
            found_flags.append(part_flags)
    if not scan:
        raw.execute("DROP TABLE messaging_recipients_in")
    del wanted
    if not found_ids:
        return ids, flags
    all_ids = np.concatenate(found_ids)
    del found_ids
    order = np.argsort(all_ids, kind="stable")  # groups come in any order
    all_ids = all_ids[order]
    ids.frombytes(memoryview(all_ids).cast("B"))  # type: ignore[arg-type]  # int64, no copy
    del all_ids
    flags.extend(np.concatenate(found_flags)[order].tobytes())
    return ids, flags


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _raw_tokens(n: int) -> list[bytes]:
    """n tokens as `secrets.token_urlsafe(TOKEN_BYTES)` draws them (os.urandom, base64 without
    padding), from one system call; still in the standard alphabet: the caller translates
    "+/" to "-_" over its whole chunk (see delivery_copy_chunks)."""
    size = constants.TOKEN_BYTES
    raw = memoryview(os.urandom(size * n))
    b2a = binascii.b2a_base64
    return [b2a(raw[i : i + size], newline=False).rstrip(b"=") for i in range(0, size * n, size)]


def delivery_copy_chunks(
    dispatch_id: int | None, ids: array, flags: bytearray, channels: set
) -> Iterator[tuple[int, bytes]]:
    """The delivery rows as COPY text, in chunks of (row count, bytes): for the channels in
    `channels`, every person in-app, by e-mail and SMS when they have the address (flag bits
    1 and 2); each row with its own token. Ids, channel names, the status and base64url need
    no escaping, and no "+" or "/" occurs outside the tokens, so one translate per chunk
    makes them URL-safe.

    With a dispatch id, the delivery table's columns (dispatch_id, person_id, channel,
    status, token, attempts, last_error, provider_message_id); without, (person_id, channel,
    token) for the resume table. Also the bench's bare COPY, so both write the same bytes.
    """
    if dispatch_id is None:
        fmt = b"%d\t%s\t%s\n"
    else:
        fmt = b"%d\t" % dispatch_id + b"%d\t%s\t" + DeliveryStatus.QUEUED.value.encode()
        fmt += b"\t%s\t0\t\t\n"
    in_app, email, sms = (
        c.value.encode() if c in channels else None
        for c in (Channel.IN_APP, Channel.EMAIL, Channel.SMS)
    )
    step = constants.FAN_OUT_COPY_PEOPLE
    for start in range(0, len(ids), step):
        rows: list[tuple[int, bytes]] = []
        for pk, flag in zip(ids[start : start + step], flags[start : start + step], strict=True):
            if in_app:
                rows.append((pk, in_app))
            if flag & 1 and email:
                rows.append((pk, email))
            if flag & 2 and sms:
                rows.append((pk, sms))
        if rows:
            tokens = _raw_tokens(len(rows))
            chunk = b"".join([fmt % (*row, token) for row, token in zip(rows, tokens, strict=True)])
            yield len(rows), chunk.translate(_URLSAFE)


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
    if dispatch.status in (DispatchStatus.DRAFT, DispatchStatus.DONE):
        Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.QUEUED)
        dispatch.status = DispatchStatus.QUEUED
        audit_record(actor=actor, action="messaging.dispatch_queued", target=dispatch)
    return job_start(
        kind="messaging.send",
        task_name=SEND_TASK,
        params={"dispatch_id": dispatch.pk},
        actor=actor,
    )


def dispatches_resume_stalled(*, actor: Any = None) -> list[int]:
    """Queue a job again for every dispatch left unfinished (its worker died): claims make a
    second sender on the same dispatch harmless. For the beat schedule."""
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
            done = Dispatch.objects.get(pk=dispatch_id)
            audit_record(
                actor=None,
                action="messaging.dispatch_sent",
                target=done,
                progress=dispatch_progress(Dispatch(pk=dispatch_id)),
            )
            dispatch_finished.send(sender=Dispatch, dispatch=done)
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


def _delivery_for_recipient(*, token: str, viewer: Any) -> Delivery:
    delivery = delivery_for_recipient(token=token, viewer=viewer)
    if delivery is None:
        raise PermissionDenied(_("This message was not sent to you."))
    return delivery


UNREAD_STATUSES = (
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.DELIVERED,
)


def delivery_mark_read(*, token: str, viewer: Any) -> Delivery:
    """The member opened their message (in-app or by the personal link).

    The personal link is the busiest page when millions of members are asked to read a
    digest: one query finds the row with its dispatch; opening it again writes nothing; the
    first opening is one conditional UPDATE (a concurrent opening cannot count twice) and
    its audit event. The returned row carries the new values without being read again."""
    delivery = _delivery_for_recipient(token=token, viewer=viewer)
    if delivery.status not in UNREAD_STATUSES:
        return delivery
    now = timezone.now()
    with transaction.atomic():
        changed = Delivery.objects.filter(pk=delivery.pk, status__in=UNREAD_STATUSES).update(
            status=DeliveryStatus.READ, read_at=now, claimed_until=None
        )
        if changed:
            audit_record(actor=viewer, action="messaging.delivery_read", target=delivery)
    if changed:
        delivery.status, delivery.read_at, delivery.claimed_until = DeliveryStatus.READ, now, None
    else:  # another request changed it in between: show what it wrote
        delivery.refresh_from_db()
    return delivery


def delivery_acknowledge(*, token: str, viewer: Any) -> Delivery:
    """ "Đã đọc và quán triệt": the member confirms they read and took in the message.
    Acknowledging again changes nothing; the UPDATE is conditional, so two presses at once
    record one acknowledgement."""
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
            audit_record(actor=viewer, action="messaging.delivery_acknowledged", target=delivery)
    if changed:
        delivery.status, delivery.acknowledged_at = DeliveryStatus.ACKNOWLEDGED, now
        delivery.read_at, delivery.claimed_until = read_at, None
    else:
        delivery.refresh_from_db()
    return delivery
