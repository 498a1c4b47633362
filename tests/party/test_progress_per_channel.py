# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""The sending progress says its counts are messages, one per member and channel, and how many
went on each channel (walk-through of 07/12/2026, flow 1): the secretary of a cell of 6 read
"Đã tạo 12 · Đã gửi 12" beside "Thành viên 6" and could not tell why."""

import re

from django.urls import reverse

from thidua.messaging.models import Delivery
from thidua.party import selectors

from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send


def test_the_progress_counts_each_channels_messages(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _send(
        party,
        _campaign(party, _digest(party, resolution_text), channels=("in_app", "email")),
        django_capture_on_commit_callbacks,
    )
    secretary = party["secretary_a"].user
    mine = selectors.campaign_scoped_deliveries(campaign, secretary).filter(
        dispatch_id=campaign.dispatch_id
    )
    in_app = mine.filter(channel="in_app").values("pk").distinct().count()
    email = Delivery.objects.filter(pk__in=mine.values("pk"), channel="email").count()
    assert in_app == 2 and email >= 1
    progress = selectors.campaign_progress(campaign, secretary)
    assert progress["per_channel"] == {"in_app": {"created": 2}, "email": {"created": email}}
    assert progress["created"] == in_app + email

    client.force_login(secretary)
    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()
    [line] = re.findall(r'<p class="muted per-channel">(.*?)</p>', page, re.S)
    assert re.findall(r":\s*(\d+)", line) == ["2", str(email)]
