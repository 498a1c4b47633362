"""Messaging API: my inbox, a message, read and acknowledge — as its recipient (allowed)
and as another person (refused, nothing written)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.messaging.choices import DeliveryStatus
from thidua.messaging.models import Delivery
from thidua.messaging.services import dispatch_create, dispatch_send
from thidua.org.models import Person

from ..factories import PersonFactory, UserFactory


@pytest.fixture
def sent(db):
    hoa = PersonFactory(full_name="Trần Thị Hoa", user=UserFactory(username="hoa"))
    nam = PersonFactory(full_name="Lê Văn Nam", user=UserFactory(username="nam"))
    dispatch = dispatch_create(
        actor=None,
        source_label="api-test-1",
        subject="Nghị quyết mới",
        body="Toàn văn bản tóm tắt nghị quyết.",
        channels=["in_app"],
        recipients=[hoa.pk, nam.pk],
    )
    dispatch_send(dispatch_id=dispatch.pk)
    return {"hoa": hoa, "nam": nam}


def _row(person: Person) -> Delivery:
    return Delivery.objects.get(person=person)


def test_my_inbox_lists_only_my_messages(sent, client):
    client.force_login(sent["hoa"].user)
    body = client.get("/api/v1/messaging/inbox").json()
    assert [m["id"] for m in body["items"]] == [_row(sent["hoa"]).pk]
    assert body["items"][0]["subject"] == "Nghị quyết mới"
    assert body["next_cursor"] is None


def test_the_recipient_reads_and_acknowledges_with_a_token(sent):
    row = _row(sent["hoa"])
    secret = token_create(
        actor=sent["hoa"].user,
        name="Ứng dụng",
        scopes=["messaging:write"],
        expires_on=timezone.localdate() + timedelta(days=30),
    ).secret
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    shown = api.get(f"/api/v1/messaging/messages/{row.pk}")
    assert shown.status_code == 200 and shown.json()["body"].startswith("Toàn văn")
    row.refresh_from_db()
    assert row.read_at is None  # reading by GET writes nothing
    assert api.post(f"/api/v1/messaging/messages/{row.pk}/read").json()["status"] == "read"
    done = api.post(f"/api/v1/messaging/messages/{row.pk}/acknowledge")
    assert done.status_code == 200
    row.refresh_from_db()
    assert row.status == DeliveryStatus.ACKNOWLEDGED and row.acknowledged_at is not None


def test_another_person_cannot_read_or_acknowledge_my_message(sent, client):
    row = _row(sent["hoa"])
    client.force_login(sent["nam"].user)
    assert client.get(f"/api/v1/messaging/messages/{row.pk}").status_code == 404
    assert client.post(f"/api/v1/messaging/messages/{row.pk}/acknowledge").status_code == 404
    assert client.post(f"/api/v1/messaging/messages/{row.pk}/read").status_code == 404
    row.refresh_from_db()
    assert row.read_at is None and row.acknowledged_at is None
