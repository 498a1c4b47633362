"""The personal link's own statement (PostgreSQL: find + change + audit in one) must leave
exactly what the ORM path leaves: the same delivery values, the same audit event."""

import pytest
from django.db import connection
from django.urls import reverse

from thidua.core.audit import audit_record
from thidua.core.models import AuditEvent
from thidua.core.rawrows import fetch_one, select_list
from thidua.messaging.choices import Channel, DeliveryStatus
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.services import delivery_acknowledge, delivery_mark_read, dispatch_send

from .test_services import make_dispatch

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the single statement is PostgreSQL's"
)
EVENT_FIELDS = ("actor_id", "actor_name", "action", "target_type", "target_id", "data")


@pytest.fixture
def hoa_row(members, sms_gateway):
    dispatch_send(dispatch_id=make_dispatch(members, channels=[Channel.IN_APP]).pk)
    return Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)


def _event(row, action):
    return AuditEvent.objects.filter(action=action, target_id=str(row.pk)).values(*EVENT_FIELDS)


def test_the_link_writes_the_audit_event_audit_record_would(members, hoa_row):
    user = members["full"].user
    delivery_mark_read(token=hoa_row.token, viewer=user)
    delivery_acknowledge(token=hoa_row.token, viewer=user)
    for action in ("messaging.delivery_read", "messaging.delivery_acknowledged"):
        written = list(_event(hoa_row, action))
        reference = audit_record(actor=user, action=action, target=hoa_row)
        assert written == [{name: getattr(reference, name) for name in EVENT_FIELDS}]
        assert written[0]["actor_name"] == user.get_username()


def test_the_returned_row_is_what_the_database_holds(members, hoa_row):
    user = members["full"].user
    opened = delivery_mark_read(token=hoa_row.token, viewer=user)
    stored = Delivery.objects.get(pk=hoa_row.pk)
    assert (opened.status, opened.read_at, opened.claimed_until) == (
        DeliveryStatus.READ,
        stored.read_at,
        None,
    )
    assert opened.dispatch.subject == "Quán triệt Nghị quyết số 57-NQ/TW"
    assert opened.dispatch.channels == [Channel.IN_APP]  # JSON back as a list, not text
    done = delivery_acknowledge(token=hoa_row.token, viewer=user)
    stored.refresh_from_db()
    assert (done.status, done.acknowledged_at) == (stored.status, stored.acknowledged_at)
    assert done.read_at == stored.read_at == opened.read_at  # the first opening's time kept


def test_acknowledging_unopened_counts_it_read_at_the_same_moment(members, hoa_row):
    done = delivery_acknowledge(token=hoa_row.token, viewer=members["full"].user)
    stored = Delivery.objects.get(pk=hoa_row.pk)
    assert stored.status == DeliveryStatus.ACKNOWLEDGED
    assert stored.read_at == stored.acknowledged_at == done.read_at


def test_a_row_changed_in_between_is_shown_as_it_now_is(members, hoa_row):
    """The row was acknowledged (by another request) after this one found it unread: the
    opening writes nothing and shows the acknowledgement."""
    user = members["full"].user
    Delivery.objects.filter(pk=hoa_row.pk).update(status=DeliveryStatus.ACKNOWLEDGED)
    opened = delivery_mark_read(token=hoa_row.token, viewer=user)
    assert opened.status == DeliveryStatus.ACKNOWLEDGED
    assert not _event(hoa_row, "messaging.delivery_read").exists()


@on_postgresql
def test_on_postgresql_each_request_is_the_user_and_one_statement(
    client, members, hoa_row, django_assert_num_queries
):
    client.force_login(members["full"].user)
    client.get(reverse("messaging:inbox"))
    # session (database sessions in tests), the user, the link's statement
    with django_assert_num_queries(3):
        page = client.get(reverse("messaging:message", args=[hoa_row.token]))
    assert "Toàn văn bản tóm tắt" in page.content.decode()
    with django_assert_num_queries(3):
        done = client.post(
            reverse("messaging:acknowledge", args=[hoa_row.token]), headers={"HX-Request": "true"}
        )
    assert done.status_code == 200
    assert Delivery.objects.get(pk=hoa_row.pk).status == DeliveryStatus.ACKNOWLEDGED


def test_a_row_read_by_its_fixed_statement_equals_the_querysets(members, hoa_row):
    qn = connection.ops.quote_name
    sql = (
        f"SELECT {select_list(Dispatch, 'x')} FROM {qn(Dispatch._meta.db_table)} x WHERE x.id = %s"  # noqa: S608
    )
    raw = fetch_one(Dispatch, sql, [hoa_row.dispatch_id])
    orm = Dispatch.objects.get(pk=hoa_row.dispatch_id)
    names = [field.attname for field in Dispatch._meta.concrete_fields]
    assert [getattr(raw, n) for n in names] == [getattr(orm, n) for n in names]
    assert raw._state.adding is False  # a row from the database: saving it updates
    assert fetch_one(Dispatch, sql, [0]) is None


@on_postgresql
def test_on_postgresql_the_links_statement_is_prepared_once_per_connection(
    members, hoa_row, settings
):
    settings.THIDUA_PREPARED_STATEMENTS = True
    user = members["full"].user
    delivery_mark_read(token=hoa_row.token, viewer=user)
    delivery_mark_read(token=hoa_row.token, viewer=user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert len([s for s in prepared if "WITH found AS" in s]) == 1
    assert Delivery.objects.get(pk=hoa_row.pk).status == DeliveryStatus.READ


@on_postgresql
def test_with_prepared_statements_off_the_link_works_the_same(members, hoa_row, settings):
    settings.THIDUA_PREPARED_STATEMENTS = False
    done = delivery_acknowledge(token=hoa_row.token, viewer=members["full"].user)
    assert done.status == Delivery.objects.get(pk=hoa_row.pk).status == "acknowledged"
    assert _event(hoa_row, "messaging.delivery_acknowledged").count() == 1
