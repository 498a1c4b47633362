"""Webhooks: another system receives signed events once committed, retried with backoff,
logged, and its endpoint disabled after repeated failure."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from thidua.core import webhooks
from thidua.core.audit import audit_for
from thidua.core.choices import WebhookDeliveryStatus
from thidua.core.models import WebhookDelivery, WebhookEndpoint

from ..factories import UserFactory
from .test_worker import worker  # noqa: F401 (fixture: a real Celery worker)

pytestmark = pytest.mark.django_db

EVENT = "party.digest.approved"


@pytest.fixture
def endpoint(webhook_receiver):
    return WebhookEndpoint.objects.create(
        name="Hệ thống quản lý văn bản",
        url=webhook_receiver.url,
        secret=webhooks.secret_new(),
        events=[EVENT],
    )


def _publish(capture, payload=None, event=EVENT):
    with capture(execute=True):
        return webhooks.webhook_publish(event=event, payload=payload or {"digest": {"id": 7}})


def test_a_committed_event_arrives_signed_with_its_id_and_data(
    endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    [delivery] = _publish(django_capture_on_commit_callbacks, {"digest": {"id": 7, "số": "ư"}})
    [received] = webhook_receiver.received
    body = json.loads(received.body)
    assert body["event"] == EVENT and body["data"] == {"digest": {"id": 7, "số": "ư"}}
    assert body["id"] == str(delivery.event_id) == received.headers["x-thidua-delivery"]
    assert received.headers["x-thidua-event"] == EVENT
    header = received.headers["x-thidua-signature"]
    assert webhooks.signature_valid(secret=endpoint.secret, header=header, body=received.body)
    # A receiver with another secret, or a body changed on the way, refuses it.
    assert not webhooks.signature_valid(secret="x" * 64, header=header, body=received.body)
    assert not webhooks.signature_valid(
        secret=endpoint.secret, header=header, body=received.body.replace(b"7", b"8")
    )
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)


def test_an_old_signature_is_refused_by_the_documented_check(endpoint):
    body = b'{"event":"x"}'
    old = webhooks.signature(secret=endpoint.secret, timestamp=1_000_000, body=body)
    assert not webhooks.signature_valid(secret=endpoint.secret, header=old, body=body)
    assert not webhooks.signature_valid(secret=endpoint.secret, header="garbage", body=body)


def test_nothing_is_sent_for_a_rolled_back_action_or_to_an_endpoint_not_subscribed(
    endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        name="Khác", url=webhook_receiver.url + "/other", secret="s", events=["x"]
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        webhooks.webhook_publish(event=EVENT, payload={})
        raise RuntimeError("the action failed")
    assert not WebhookDelivery.objects.exists()
    _publish(django_capture_on_commit_callbacks)
    assert [r.path for r in webhook_receiver.received] == ["/hooks/thidua"]
    with pytest.raises(ValueError):
        webhooks.webhook_publish(event="no.such.event", payload={})


def test_a_failing_endpoint_is_retried_with_backoff_then_delivered(
    endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.status = 503
    [delivery] = _publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.PENDING
    assert (delivery.attempts, delivery.last_status_code) == (1, 503)
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    # Not due yet: nothing is sent again.
    assert webhooks.webhooks_send_due() == {}
    assert len(webhook_receiver.received) == 1
    webhooks.webhooks_send_due(now=timezone.now() + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - timezone.now() > timedelta(minutes=4)  # then 5 min
    webhook_receiver.status = 204
    webhooks.webhooks_send_due(now=timezone.now() + timedelta(minutes=6))
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED and delivery.attempts == 3
    # The three attempts carried the same event id: the receiver can drop repeats.
    ids = {json.loads(b)["id"] for b in webhook_receiver.bodies()}
    assert ids == {str(delivery.event_id)}
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_an_endpoint_that_times_out_is_logged_and_retried(
    endpoint, webhook_receiver, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_WEBHOOK_TIMEOUT_SECONDS = 1
    webhook_receiver.delay = 3
    [delivery] = _publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.PENDING
    assert delivery.last_status_code is None
    assert "timed out" in delivery.last_error.lower()
    assert delivery.next_attempt_at > timezone.now()


def test_a_redirect_or_a_refused_connection_is_a_failure_not_a_delivery(
    endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.status = 302
    [delivery] = _publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (WebhookDeliveryStatus.PENDING, 302)
    endpoint.url = "http://127.0.0.1:9/nobody-listens"
    endpoint.save()
    [other] = _publish(django_capture_on_commit_callbacks)
    other.refresh_from_db()
    assert other.status == WebhookDeliveryStatus.PENDING and other.last_error


def test_after_repeated_failures_the_endpoint_is_disabled_and_waits_for_an_administrator(
    endpoint, webhook_receiver, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_WEBHOOK_DISABLE_AFTER = 3
    webhook_receiver.status = 500
    for _ in range(3):
        _publish(django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert "3 failed attempts in a row" in endpoint.disabled_reason
    assert audit_for(endpoint).filter(action="core.webhook.disabled").exists()
    # While disabled nothing is attempted, and new events wait for nobody.
    assert webhooks.webhooks_send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert webhooks.webhook_publish(event=EVENT, payload={}) == []
    assert len(webhook_receiver.received) == 3
    # Enabled again: the three waiting deliveries go out now.
    webhook_receiver.status = 200
    admin = UserFactory(is_staff=True, is_superuser=True)
    webhooks.webhook_endpoint_enable(actor=admin, endpoint=endpoint)
    assert webhooks.webhooks_send_due() == {"delivered": 3}
    assert not WebhookDelivery.objects.exclude(status=WebhookDeliveryStatus.DELIVERED).exists()


def test_a_delivery_is_given_up_after_the_last_retry(
    endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.status = 500
    [delivery] = _publish(django_capture_on_commit_callbacks)
    later = timezone.now()
    for _ in range(webhooks.MAX_ATTEMPTS):
        later += timedelta(days=1)
        webhooks.webhooks_send_due(now=later)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.next_attempt_at is None
    assert len(webhook_receiver.received) == webhooks.MAX_ATTEMPTS


def test_administrators_add_endpoints_in_the_admin_and_read_a_log_they_cannot_change(
    client, webhook_receiver
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.post(
        "/admin/core/webhookendpoint/add/",
        {"name": "Kho dữ liệu", "url": "ftp://example.org/x", "events": [EVENT]},
    )
    assert "https://" in page.content.decode()
    assert not WebhookEndpoint.objects.exists()
    client.post(
        "/admin/core/webhookendpoint/add/",
        {"name": "Kho dữ liệu", "url": webhook_receiver.url, "events": [EVENT], "is_active": "on"},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert len(endpoint.secret) == 64 and endpoint.events == [EVENT]
    # The signing secret is never copied into the audit log.
    created = audit_for(endpoint).get()
    assert "secret" not in json.dumps(created.data)
    client.post(
        "/admin/core/webhookendpoint/",
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
    )
    delivery = WebhookDelivery.objects.get(event="core.webhook.ping")
    assert client.get(f"/admin/core/webhookdelivery/{delivery.pk}/change/").status_code == 200
    assert client.get("/admin/core/webhookdelivery/add/").status_code == 403
    assert client.post(f"/admin/core/webhookdelivery/{delivery.pk}/delete/").status_code == 403


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_event_handed_over_after_the_commit(
    worker,  # noqa: F811 (the fixture imported above)
    webhook_receiver,
    settings,
):
    import time

    from celery import current_app

    from .test_worker import REDIS

    settings.THIDUA_JOBS_MODE = "celery"
    current_app.conf.broker_url = REDIS
    current_app.conf.task_default_queue = worker
    try:
        WebhookEndpoint.objects.create(
            name="Kho", url=webhook_receiver.url, secret=webhooks.secret_new(), events=[EVENT]
        )
        with transaction.atomic():
            [delivery] = webhooks.webhook_publish(event=EVENT, payload={"digest": {"id": 1}})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            delivery.refresh_from_db()
            if delivery.status != WebhookDeliveryStatus.PENDING:
                break
            time.sleep(0.3)
    finally:
        current_app.conf.task_default_queue = "thidua"
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    assert json.loads(webhook_receiver.received[0].body)["data"] == {"digest": {"id": 1}}
