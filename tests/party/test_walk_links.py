"""What a cell's secretary and the committee office are shown on a campaign and a resolution:
no link that answers 404 for the reader, and people named, not their login."""

from django.urls import reverse

from .test_campaigns import _campaign, _digest, _send


def test_a_cell_secretary_is_not_linked_to_the_committees_resolution_they_cannot_open(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)
    campaign = _send(party, _campaign(party, digest), django_capture_on_commit_callbacks)
    resolution_url = reverse("party:resolution", args=[digest.resolution.pk])

    client.force_login(party["secretary_a"].user)
    page = client.get(reverse("party:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert digest.resolution.title in page.content.decode()
    assert resolution_url not in page.content.decode()
    assert client.get(resolution_url).status_code == 404

    client.force_login(party["office"].user)
    page = client.get(reverse("party:campaign", args=[campaign.pk]))
    assert resolution_url in page.content.decode()
    assert client.get(resolution_url).status_code == 200


def test_the_approved_digest_names_the_approver_not_their_login(client, party, resolution_text):
    digest = _digest(party, resolution_text)
    office = party["office"]
    client.force_login(office.user)
    page = client.get(reverse("party:resolution", args=[digest.resolution.pk])).content.decode()
    assert office.full_name in page
    assert f"{office.user.username} " not in page
