"""Party work tells the subscribed systems when a digest is approved and when a campaign
has finished sending — a classified resolution by its number only, never its title."""

import json

import pytest

from thidua.core import webhooks
from thidua.core.models import WebhookEndpoint
from thidua.party.choices import Classification

from .test_campaigns import _campaign, _digest, _send

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(webhook_receiver):
    return WebhookEndpoint.objects.create(
        name="Hệ thống văn bản của Đảng ủy",
        url=webhook_receiver.url,
        secret=webhooks.secret_new(),
        events=["party.digest.approved", "party.campaign.finished"],
    )


def _events(receiver):
    return [json.loads(body) for body in receiver.bodies()]


def test_an_approved_digest_is_sent_with_its_resolution(
    party, resolution_text, endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        digest = _digest(party, resolution_text)
    [event] = _events(webhook_receiver)
    assert event["event"] == "party.digest.approved"
    assert event["data"]["digest"]["id"] == digest.pk
    assert event["data"]["digest"]["points"] == digest.points.count() > 0
    assert event["data"]["resolution"]["title"] == "Nghị quyết chuyển đổi số"
    assert event["data"]["resolution"]["number"] == "01-NQ/ĐU"


def test_a_classified_resolution_is_named_by_its_number_only(
    party, resolution_text, endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _digest(party, resolution_text, classification=Classification.MAT)
    [event] = _events(webhook_receiver)
    resolution = event["data"]["resolution"]
    assert resolution["classified"] is True and resolution["title"] == ""
    assert "chuyển đổi số" not in json.dumps(event, ensure_ascii=False).lower()


def test_a_campaign_finished_sending_is_sent_once_with_its_counts(
    party, resolution_text, endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)
    campaign = _campaign(party, digest, channels=("in_app",))
    _send(party, campaign, django_capture_on_commit_callbacks)
    finished = [e for e in _events(webhook_receiver) if e["event"] == "party.campaign.finished"]
    [event] = finished
    campaign.refresh_from_db()
    assert event["data"]["campaign"]["id"] == campaign.pk
    assert event["data"]["campaign"]["recipients"] == campaign.dispatch.deliveries.count() > 0
    assert event["data"]["campaign"]["failed_deliveries"] == 0
    assert event["data"]["digest_id"] == digest.pk
