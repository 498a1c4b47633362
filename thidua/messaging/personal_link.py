"""The member's personal link on PostgreSQL: one statement per request.

Opening the link (GET) and pressing "Đã đọc" (POST) are the busiest requests of a Party
campaign — millions of members within days. Each is, in one statement: find the delivery
sent to this signed-in person (with its dispatch, for the page), change its status only if
it still needs changing (a concurrent second press matches nothing: the UPDATE re-checks
the row it waits for), and insert the audit event for a change — the same row
`thidua.core.audit.audit_record` writes. A single statement is atomic by itself: no
BEGIN/COMMIT round trips, no ORM building the query on every request
(`thidua.core.rawrows`). `services.delivery_mark_read` / `delivery_acknowledge` call this
on PostgreSQL and do the same steps with the ORM elsewhere (SQLite in development).
"""

import json
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone

from thidua.core.audit import audit_values
from thidua.core.models import AuditEvent
from thidua.core.rawrows import build, hot_cursor, select_list
from thidua.org.models import Person

from .choices import UNREAD_STATUSES, DeliveryStatus, MessagingAudit
from .models import Delivery, Dispatch

READ, ACKNOWLEDGED = "read", "acknowledged"
AUDIT_ACTIONS = {
    READ: MessagingAudit.DELIVERY_READ,
    ACKNOWLEDGED: MessagingAudit.DELIVERY_ACKNOWLEDGED,
}


@cache
def _statement(change: str) -> str:
    qn = connection.ops.quote_name
    delivery, dispatch = Delivery._meta, Dispatch._meta
    person = Person._meta
    audit = {field.name: field.column for field in AuditEvent._meta.concrete_fields}
    audit_columns = ", ".join(
        qn(audit[name])
        for name in ("actor", "actor_name", "action", "target_type", "target_id", "data")
    )
    # typed: a server-bound NULL in a SELECT list would otherwise be text
    actor_type = AuditEvent._meta.get_field("actor").db_type(connection)
    if change == READ:
        assignments = f"{qn('status')} = %s, {qn('read_at')} = %s"
        condition = f"{qn('status')} = ANY(%s)"
    else:
        assignments = (
            f"{qn('status')} = %s, {qn('acknowledged_at')} = %s, "
            f"{qn('read_at')} = COALESCE({qn('read_at')}, %s)"
        )
        condition = f"{qn('status')} <> %s"
    # Every name comes from the models' metadata, quoted; every value is a parameter.
    return f"""
WITH found AS (
    SELECT d.{qn(delivery.pk.column)} AS found_pk,
        {select_list(Delivery, "d")}, {select_list(Dispatch, "s")}
    FROM {qn(delivery.db_table)} d
    JOIN {qn(person.db_table)} p ON p.{qn(person.pk.column)} = d.{qn("person_id")}
    JOIN {qn(dispatch.db_table)} s ON s.{qn(dispatch.pk.column)} = d.{qn("dispatch_id")}
    WHERE d.{qn("token")} = %s AND p.{qn("user_id")} = %s
), changed AS (
    UPDATE {qn(delivery.db_table)}
    SET {assignments}, {qn("claimed_until")} = NULL
    WHERE {qn(delivery.pk.column)} = (SELECT found_pk FROM found)
      AND {condition}
    RETURNING {qn(delivery.pk.column)}, {qn("read_at")}
), logged AS (
    INSERT INTO {qn(AuditEvent._meta.db_table)}
        ({audit_columns}, {qn(audit["created_at"])})
    SELECT %s::{actor_type}, %s, %s, %s, changed.{qn(delivery.pk.column)}::text, %s::jsonb, %s
    FROM changed
)
SELECT found.*, changed.{qn(delivery.pk.column)} IS NOT NULL, changed.{qn("read_at")}
FROM found LEFT JOIN changed ON true
"""  # noqa: S608


def apply(*, change: str, token: str, viewer: Any) -> Delivery | None:
    """Open (`READ`) or acknowledge (`ACKNOWLEDGED`) the delivery behind `token` for the
    signed-in `viewer`; None when it was not sent to them. The row comes back with its new
    values (and its dispatch) without being read again."""
    now = timezone.now()
    if change == READ:
        values: list[Any] = [DeliveryStatus.READ, now, list(UNREAD_STATUSES)]
    else:
        values = [DeliveryStatus.ACKNOWLEDGED, now, now, DeliveryStatus.ACKNOWLEDGED]
    event = audit_values(actor=viewer, action=AUDIT_ACTIONS[change])
    audit = [event["actor_id"], event["actor_name"], event["action"], Delivery._meta.label_lower]
    params = [token, viewer.pk, *values, *audit, json.dumps(event["data"]), now]
    with hot_cursor() as cursor:
        cursor.execute(_statement(change), params)
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(Delivery._meta.concrete_fields)
    delivery = build(Delivery, row[1 : 1 + width])  # row[0] is found_pk
    dispatch = build(Dispatch, row[1 + width : -2])
    Delivery._meta.get_field("dispatch").set_cached_value(delivery, dispatch)
    changed, read_at = row[-2], row[-1]
    if changed:
        delivery.claimed_until, delivery.read_at = None, read_at
        delivery.status = DeliveryStatus.READ if change == READ else DeliveryStatus.ACKNOWLEDGED
        if change == ACKNOWLEDGED:
            delivery.acknowledged_at = now
    elif _needed_change(delivery, change):
        delivery.refresh_from_db()  # another request changed it in between: show what it wrote
    return delivery


def _needed_change(delivery: Delivery, change: str) -> bool:
    if change == READ:
        return delivery.status in UNREAD_STATUSES
    return delivery.status != DeliveryStatus.ACKNOWLEDGED
