"""The fan-out on both databases: COPY streams on PostgreSQL (straight into the delivery
table for a fresh dispatch, through a temporary table and ON CONFLICT on a resume),
bulk_create on SQLite. Same rows either way."""

import re
from array import array

import pytest
from django.db import connection

from thidua.core.models import AuditEvent
from thidua.messaging import constants
from thidua.messaging.choices import Channel, DeliveryStatus
from thidua.messaging.fanout import delivery_copy_chunks
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.services import deliveries_fan_out, dispatch_create

from ..factories import PersonFactory

ALL = [Channel.IN_APP, Channel.EMAIL, Channel.SMS]
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


@pytest.fixture(params=["scan", "join"])
def small_batches(request, monkeypatch):
    """Every batch boundary crossed: ids, groups of people read back and COPY chunks of a
    few rows; on PostgreSQL, both ways of finding the people (one scan of the people
    table filtered in Python, or a join with a temporary table)."""
    monkeypatch.setattr(constants, "FAN_OUT_COPY_IDS", 3)
    monkeypatch.setattr(constants, "FAN_OUT_GROUP_BITS", 2)
    monkeypatch.setattr(constants, "FAN_OUT_COPY_PEOPLE", 5)
    monkeypatch.setattr(constants, "FAN_OUT_BATCH", 6)
    monkeypatch.setattr(constants, "FAN_OUT_SCAN_SHARE", 4 if request.param == "scan" else 0)


@pytest.fixture
def crowd(db):
    """23 people: every third with e-mail, every fourth with a phone, two inactive."""
    return [
        PersonFactory(
            email=f"p{i}@thidua.example" if i % 3 == 0 else "",
            phone=f"09{i:08d}" if i % 4 == 0 else "",
            is_active=i not in (5, 17),
        )
        for i in range(23)
    ]


def expected(people, channels=ALL):
    rows = set()
    for person in people:
        if not person.is_active:
            continue
        if Channel.IN_APP in channels:
            rows.add((person.pk, Channel.IN_APP.value))
        if Channel.EMAIL in channels and person.email:
            rows.add((person.pk, Channel.EMAIL.value))
        if Channel.SMS in channels and person.phone:
            rows.add((person.pk, Channel.SMS.value))
    return rows


def create(label, recipients, channels=ALL):
    return dispatch_create(
        actor=None,
        source_label=label,
        subject="Quán triệt Nghị quyết",
        body="Nội dung",
        channels=channels,
        recipients=recipients,
    )


def delivered(dispatch):
    pairs = list(Delivery.objects.filter(dispatch=dispatch).values_list("person_id", "channel"))
    assert len(pairs) == len(set(pairs))  # the unique constraint, checked again
    return set(pairs)


def test_batches_duplicates_unknown_and_inactive_ids(crowd, sms_gateway, small_batches):
    ids = [p.pk for p in crowd]
    # Each id twice, in another order, in different batches; an id nobody has; a generator.
    recipients = (pk for pk in [*ids, *reversed(ids), 10**12])
    dispatch = create("party.campaign#fan-out", recipients)
    assert delivered(dispatch) == expected(crowd)
    rows = Delivery.objects.filter(dispatch=dispatch)
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    assert set(rows.values_list("attempts", "last_error", "provider_message_id")) == {(0, "", "")}
    tokens = list(Delivery.objects.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens)
    assert all(TOKEN_RE.match(t) for t in tokens), tokens[:3]


def test_resume_after_a_partial_fan_out_adds_only_the_missing_rows(
    crowd, sms_gateway, small_batches
):
    ids = [p.pk for p in crowd]
    first = create("party.campaign#resume", ids[:10])
    kept = dict(Delivery.objects.filter(dispatch=first).values_list("id", "token").order_by("id"))
    assert delivered(first) == expected(crowd[:10])

    again = create("party.campaign#resume", ids)  # the whole audience, as after a crash
    assert again.pk == first.pk
    assert delivered(again) == expected(crowd)
    # The rows already there are untouched: same ids, same tokens (links already sent).
    assert dict(Delivery.objects.filter(pk__in=kept).values_list("id", "token")) == kept
    entry = AuditEvent.objects.filter(action="messaging.dispatch_resumed").latest("pk")
    assert entry.data["deliveries_added"] == len(expected(crowd)) - len(kept)

    # A third call changes nothing.
    tokens = set(Delivery.objects.values_list("token", flat=True))
    create("party.campaign#resume", ids)
    assert set(Delivery.objects.values_list("token", flat=True)) == tokens


def test_fan_out_on_an_existing_dispatch_outside_dispatch_create(crowd, sms_gateway):
    dispatch = Dispatch.objects.create(
        source_label="party.campaign#direct", subject="S", body="B", channels=["in_app", "sms"]
    )
    people = [p.pk for p in crowd]
    assert deliveries_fan_out(dispatch=dispatch, recipients=people[:7]) == len(
        expected(crowd[:7], ["in_app", "sms"])
    )
    added = deliveries_fan_out(dispatch=dispatch, recipients=people)
    assert added == len(expected(crowd, ["in_app", "sms"])) - len(
        expected(crowd[:7], ["in_app", "sms"])
    )
    assert delivered(dispatch) == expected(crowd, ["in_app", "sms"])


def test_an_empty_audience_creates_no_rows(db, sms_gateway):
    dispatch = create("party.campaign#empty", [])
    assert delivered(dispatch) == set()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_fan_out_writes_the_rows_in_person_order(crowd, sms_gateway, small_batches):
    """Rows go in by person id, whatever the order of the recipients and of the groups the
    people come back in (the person indexes then fill from left to right)."""
    ids = [p.pk for p in crowd]
    dispatch = create("party.campaign#order", [*reversed(ids[::2]), *ids[1::2]])
    rows = list(
        Delivery.objects.filter(dispatch=dispatch)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    assert rows == sorted(rows)
    assert set(rows) == {p.pk for p in crowd if p.is_active}
    with connection.cursor() as cursor:  # nothing left behind in the session
        cursor.execute("SELECT to_regclass('pg_temp.messaging_recipients_in')")
        assert cursor.fetchone()[0] is None


def test_copy_chunks_are_the_rows_in_copy_text_format(monkeypatch):
    monkeypatch.setattr(constants, "FAN_OUT_COPY_PEOPLE", 2)
    ids, flags = array("q", [7, 8, 9]), bytearray([0, 3, 1])
    chunks = list(delivery_copy_chunks(42, ids, flags, {"in_app", "email", "sms"}))
    assert [n for n, _ in chunks] == [4, 2]
    lines = b"".join(chunk for _, chunk in chunks).decode().splitlines()
    fields = [line.split("\t") for line in lines]
    assert [(f[0], f[1], f[2], f[3], f[5], f[6], f[7]) for f in fields] == [
        ("42", "7", "in_app", "queued", "0", "", ""),
        ("42", "8", "in_app", "queued", "0", "", ""),
        ("42", "8", "email", "queued", "0", "", ""),
        ("42", "8", "sms", "queued", "0", "", ""),
        ("42", "9", "in_app", "queued", "0", "", ""),
        ("42", "9", "email", "queued", "0", "", ""),
    ]
    assert all(TOKEN_RE.match(f[4]) for f in fields)
    resume = b"".join(c for _, c in delivery_copy_chunks(None, ids, flags, {"sms"})).decode()
    assert [line.split("\t")[:2] for line in resume.splitlines()] == [["8", "sms"]]
