"""A campaign's header names only the channels it really sends by (issues 12/13): a campaign
chosen with SMS while SMS is switched off (no gateway) reads "in the app, e-mail", before and
after sending, and "SMS without diacritics" is not claimed either."""

import re

import pytest
from django.urls import reverse

from thidua.messaging.choices import Channel

from .test_campaigns import _campaign, _digest, _send

pytestmark = pytest.mark.django_db


def _header(page) -> str:
    """The campaign's header line: audience, bodies and channels (the <p> after the <h1>)."""
    match = re.search(r"</h1>\s*<p>(.*?)</p>", page.content.decode(), re.S)
    assert match is not None
    return " ".join(match.group(1).split())


def test_sms_switched_off_is_not_listed_before_or_after_sending(
    client, party, resolution_text, settings, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_URL = ""  # SMS switched off
    campaign = _campaign(
        party, _digest(party, resolution_text), sms_without_diacritics=True
    )  # chosen with SMS
    client.force_login(party["office"].user)
    url = reverse("party:campaign", args=[campaign.pk])
    for moment in ("before", "after"):
        page = client.get(url)
        labels = [str(Channel.IN_APP.label), str(Channel.EMAIL.label)]
        assert page.context["channel_labels"] == labels, moment
        header = _header(page)
        assert ", ".join(labels) in header, moment
        assert str(Channel.SMS.label) not in header, (moment, header)
        if moment == "before":
            _send(party, campaign, django_capture_on_commit_callbacks)


def test_sms_is_listed_when_its_gateway_is_configured(client, party, resolution_text, settings):
    settings.SMS_GATEWAY_URL = "http://sms.example/send"
    campaign = _campaign(party, _digest(party, resolution_text))
    client.force_login(party["office"].user)
    page = client.get(reverse("party:campaign", args=[campaign.pk]))
    assert str(Channel.SMS.label) in page.context["channel_labels"]
    assert str(Channel.SMS.label) in _header(page)
