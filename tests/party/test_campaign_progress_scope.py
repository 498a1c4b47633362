"""A campaign's sending progress as each Party role may follow it (issue 12, Party side): the
committee office that sent it sees every delivery; a cell's secretary whose cell it reached
sees the counts of their own cell's members only, never the whole Đảng bộ's."""

from django.urls import reverse
from django.utils import timezone

from thidua.messaging import services as messaging_services
from thidua.messaging.models import Delivery
from thidua.org.models import PartyMembership
from thidua.party import rules, selectors

from .test_campaigns import _campaign, _digest, _send


def _sent_to_the_dang_bo(party, resolution_text, capture):
    """The committee's resolution sent to the whole Đảng bộ in the app and by e-mail: four
    members (secretaries of cells A and B, a member of A, the office) → eight deliveries.
    The member of cell A acknowledges it in the app."""
    digest = _digest(party, resolution_text)
    campaign = _send(party, _campaign(party, digest, channels=("in_app", "email")), capture)
    in_app = Delivery.objects.get(
        dispatch=campaign.dispatch, person=party["member_a"], channel="in_app"
    )
    messaging_services.delivery_acknowledge(token=in_app.token, viewer=party["member_a"].user)
    return campaign


def test_the_office_follows_every_delivery_and_a_cell_secretary_only_their_cell(
    party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_to_the_dang_bo(party, resolution_text, django_capture_on_commit_callbacks)
    office, secretary_a = party["office"].user, party["secretary_a"].user
    secretary_b = party["secretary_b"].user
    assert rules.follows_whole_campaign(office, campaign)
    assert not rules.follows_whole_campaign(secretary_a, campaign)

    whole = selectors.campaign_progress(campaign, office)
    assert (whole["scoped"], whole["created"], whole["sent"], whole["acknowledged"]) == (
        False,
        8,
        8,
        1,
    )
    cell_a = selectors.campaign_progress(campaign, secretary_a)
    assert (cell_a["scoped"], cell_a["created"], cell_a["read"], cell_a["acknowledged"]) == (
        True,
        4,  # secretary A and member A, two channels each
        1,
        1,
    )
    assert cell_a["by_channel"]["in_app"]["acknowledged"] == 1
    cell_b = selectors.campaign_progress(campaign, secretary_b)
    assert (cell_b["created"], cell_b["read"], cell_b["acknowledged"]) == (2, 0, 0)


def test_a_member_who_left_the_cell_still_counts_for_the_office_not_for_the_cell(
    party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_to_the_dang_bo(party, resolution_text, django_capture_on_commit_callbacks)
    PartyMembership.objects.filter(person=party["member_a"]).update(valid_to=timezone.localdate())
    assert selectors.campaign_progress(campaign, party["office"].user)["created"] == 8
    cell_a = selectors.campaign_progress(campaign, party["secretary_a"].user)
    assert (cell_a["created"], cell_a["acknowledged"]) == (2, 0)


def test_the_campaign_page_shows_a_cell_secretary_their_cells_counts(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_to_the_dang_bo(party, resolution_text, django_capture_on_commit_callbacks)
    url = reverse("party:campaign", args=[campaign.pk])

    client.force_login(party["secretary_b"].user)
    page = client.get(url).content.decode()
    assert 'data-scope="own-bodies"' in page
    assert '<dd data-count="created">2</dd>' in page
    assert '<dd data-count="acknowledged">0</dd>' in page
    # nothing of the whole Đảng bộ, and no polling of a progress page it may not open
    assert '<dd data-count="created">8</dd>' not in page
    assert reverse("messaging:dispatch_progress", args=[campaign.dispatch_id]) not in page

    client.force_login(party["office"].user)
    page = client.get(url).content.decode()
    assert 'data-scope="own-bodies"' not in page
    assert '<dd data-count="created">8</dd>' in page
    assert '<dd data-count="acknowledged">1</dd>' in page


def test_nothing_to_follow_before_the_campaign_is_sent(party, resolution_text):
    campaign = _campaign(party, _digest(party, resolution_text), channels=("in_app",))
    assert selectors.campaign_progress(campaign, party["office"].user) is None
