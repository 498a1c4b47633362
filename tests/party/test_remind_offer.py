# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""The reminder the campaign page offers fits the day (walk-through of 07/12/2026, flow 1):
on the day it was sent the form offered "7 days" and, pressed, answered "sent less than 7
days ago". Now: on the day of sending, when a reminder can go; three days after, 3; a week
or more after, 7."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send


@pytest.mark.parametrize(("days", "offered"), [(0, None), (3, 3), (10, 7)])
def test_the_page_offers_the_reminder_the_day_allows(
    client, party, resolution_text, django_capture_on_commit_callbacks, days, offered
):
    campaign = _send(
        party, _campaign(party, _digest(party, resolution_text)), django_capture_on_commit_callbacks
    )
    campaign.sent_at -= timedelta(days=days)
    campaign.save(update_fields=["sent_at"])
    client.force_login(party["secretary_a"].user)

    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()

    if offered is None:
        assert 'name="after_days"' not in page
        [note] = re.findall(r'<p class="muted remind-from">(.*?)</p>', page, re.S)
        assert (
            timezone.localtime(campaign.sent_at + timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
            in note
        )
    else:
        assert f'name="after_days" value="{offered}"' in page
        assert "remind-from" not in page
        posted = client.post(
            reverse("party:campaign", args=[campaign.pk]),
            {"action": "remind", "after_days": offered},
        )
        assert posted.status_code == 302
