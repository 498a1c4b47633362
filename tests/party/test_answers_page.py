# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""The member's answers page of a digest (walk-through of 07/12/2026, flow 1): it says to
acknowledge "from the message" and linked to the inbox, not to her message; its answer boxes
were two-line monospace ones. Now it links straight to her own message (and says when she has
acknowledged), and the answer boxes are the full-width proportional ones of the key points."""

import re

from django.urls import reverse

from thidua.messaging.models import Delivery
from thidua.messaging.services import delivery_acknowledge

from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send


def test_the_answers_page_leads_to_her_own_message_and_has_full_width_boxes(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _send(
        party, _campaign(party, _digest(party, resolution_text)), django_capture_on_commit_callbacks
    )
    member = party["member_a"]
    mine = Delivery.objects.get(dispatch=campaign.dispatch, person=member, channel="in_app")
    client.force_login(member.user)
    url = reverse("party:campaign_answers", args=[campaign.pk])

    page = client.get(url).content.decode()

    assert f'href="{reverse("messaging:message", args=[mine.token])}"' in page
    [box] = re.findall(r"<textarea[^>]*>", page)
    assert 'class="keypoint"' in box and "style=" not in box
    assert 'class="badge"' not in page

    delivery_acknowledge(token=mine.token, viewer=member.user)
    assert 'class="badge"' in client.get(url).content.decode()
