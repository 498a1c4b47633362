"""Messaging's PostgreSQL fan-out: a dispatch's delivery rows written as COPY streams.

`services.deliveries_fan_out` calls `fan_out_in_postgresql` on PostgreSQL (and writes the
same rows with bulk_create on SQLite). The recipients are read into compact NumPy arrays,
the active people among them read back packed by `string_agg`, and the rows, each with its
own token, COPYed in person order: no Python object and no server-side work per row.
`delivery_copy_chunks` is also the bench's bare COPY (bench/party_fanout.py).
"""

import binascii
import os
from array import array
from collections.abc import Iterable, Iterator
from itertools import islice

import numpy as np
from django.db import connection

from thidua.org.models import Person

from . import constants
from .choices import Channel, DeliveryStatus
from .models import Delivery, Dispatch


def id_batches(items: Iterable[int], size: int) -> Iterator[list[int]]:
    """The ids in lists of at most `size`, in their order (any iterable, read once)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def fan_out_in_postgresql(
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
        for batch in id_batches(recipients, constants.FAN_OUT_COPY_IDS)
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
