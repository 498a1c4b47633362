# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""A cell's secretary follows the committee's campaign that reached her cell (walk-through C1
of 06/12/2026): it is listed on her resolutions page, its page names her own cell's members who
have not acknowledged (no other cell's), and she reminds them — and only them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from thidua.messaging.models import Delivery
from thidua.org.models import Person
from thidua.party import rules, selectors, services
from thidua.party.nextsteps import party_next_steps

from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send


def _sent_days_ago(party, resolution_text, capture, days=8):
    campaign = _send(party, _campaign(party, _digest(party, resolution_text)), capture)
    campaign.sent_at -= timedelta(days=days)
    campaign.save(update_fields=["sent_at"])
    return campaign


def _names(*people):
    return sorted(Person.objects.get(pk=p.pk).full_name for p in people)


def test_her_cells_campaigns_are_listed_on_her_resolutions_page(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_days_ago(party, resolution_text, django_capture_on_commit_callbacks)
    client.force_login(party["secretary_a"].user)

    page = client.get(reverse("party:resolutions")).content.decode()

    assert reverse("party:campaign", args=[campaign.pk]) in page
    assert list(selectors.campaigns_reaching(viewer=party["secretary_a"].user)) == [campaign]
    assert not selectors.campaigns_reaching(viewer=party["office"].user).exists()  # its own


def test_campaign_page_names_only_her_cells_pending_members_with_a_remind_button(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_days_ago(party, resolution_text, django_capture_on_commit_callbacks)
    client.force_login(party["secretary_a"].user)

    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()

    for name in _names(party["secretary_a"], party["member_a"]):
        assert name in page
    assert party["secretary_b"].full_name not in page
    assert party["office"].full_name not in page
    assert 'value="remind"' in page


def test_her_reminder_goes_to_her_cells_unacknowledged_members_only(
    party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_days_ago(party, resolution_text, django_capture_on_commit_callbacks)
    now = timezone.now()
    Delivery.objects.filter(dispatch=campaign.dispatch, person=party["secretary_a"]).update(
        read_at=now, acknowledged_at=now, status="acknowledged"
    )
    secretary_a = party["secretary_a"].user
    assert rules.reminds_own_members(secretary_a, campaign)
    assert list(selectors.campaign_pending_members(campaign, secretary_a)) == [party["member_a"]]

    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.campaign_remind(actor=secretary_a, campaign=campaign, after_days=7)

    reminded = set(Delivery.objects.filter(dispatch=dispatch).values_list("person_id", flat=True))
    assert reminded == {party["member_a"].pk}
    # the committee office's own reminder is still possible and goes to everyone pending
    with django_capture_on_commit_callbacks(execute=True):
        whole = services.campaign_remind(
            actor=party["office"].user, campaign=campaign, after_days=7
        )
    reminded = set(Delivery.objects.filter(dispatch=whole).values_list("person_id", flat=True))
    assert reminded == {party[k].pk for k in ("member_a", "secretary_b", "office")}


def test_a_plain_member_may_not_remind(party, resolution_text, django_capture_on_commit_callbacks):
    campaign = _sent_days_ago(party, resolution_text, django_capture_on_commit_callbacks)

    with pytest.raises(PermissionDenied):
        services.campaign_remind(actor=party["member_a"].user, campaign=campaign, after_days=7)


def test_her_work_list_counts_her_cells_members_who_have_not_acknowledged(
    party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent_days_ago(party, resolution_text, django_capture_on_commit_callbacks)
    now = timezone.now()
    Delivery.objects.filter(dispatch=campaign.dispatch, person=party["secretary_a"]).update(
        read_at=now, acknowledged_at=now, status="acknowledged"
    )

    steps = [
        s for s in party_next_steps(party["secretary_a"].user) if s.key.startswith("party.follow:")
    ]
    assert [(s.key, s.count, s.url) for s in steps] == [
        (f"party.follow:{campaign.pk}", 1, reverse("party:campaign", args=[campaign.pk]))
    ]
    Delivery.objects.filter(dispatch=campaign.dispatch, person=party["member_a"]).update(
        read_at=now, acknowledged_at=now, status="acknowledged"
    )
    assert not [
        s for s in party_next_steps(party["secretary_a"].user) if s.key.startswith("party.follow:")
    ]
