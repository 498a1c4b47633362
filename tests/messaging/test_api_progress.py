# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""A dispatch's sending progress through the API (issue 15, point 2), as its page
(/messages/dispatch/<id>/progress/): the same counts (selectors.dispatch_progress) for
whoever follows the dispatch (rules.can_view_dispatch_progress) — its author and the
administrator for a dispatch no app owns the rule of, Party roles only for a Party
campaign's — and a 404 for everyone else, as on the page."""

import pytest
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.messaging.selectors import dispatch_progress
from thidua.messaging.services import dispatch_send
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from ..party.conftest import party, resolution_text  # noqa: F401  (fixtures)
from .test_party_dispatch_progress import START, _state_user, campaign  # noqa: F401
from .test_services import make_dispatch

API = "/api/v1/messaging/dispatches"


def _get(client, user, dispatch_id):
    client.force_login(user)
    return client.get(f"{API}/{dispatch_id}/progress")


@pytest.fixture
def author(db):
    return PersonFactory(full_name="Nguyễn Văn Thư", user=UserFactory(username="thuky")).user


@pytest.fixture
def notice(members, author):
    """A giao ban's notice (a source no app owns the rule of), not sent yet."""
    return make_dispatch(members, actor=author, source_label="meetings.notice:7")


def test_the_author_follows_it_with_the_pages_counts(client, members, author, notice):
    waiting = _get(client, author, notice.pk)
    assert waiting.status_code == 200, waiting.content
    data = waiting.json()
    assert (data["dispatch_id"], data["subject"]) == (notice.pk, notice.subject)
    # Hoa in the app and by e-mail, Nam in the app; no SMS gateway here, so no SMS, said why
    assert data["created"] == data["queued"] == 3
    assert (data["sent"], data["finished"]) == (0, False)
    assert set(data["skipped_channels"]) == {"sms"}
    assert data["skipped_channels"] == notice.skipped_channels

    dispatch_send(dispatch_id=notice.pk)
    notice.refresh_from_db()
    data = _get(client, author, notice.pk).json()
    expected = dispatch_progress(notice)
    assert {k: data[k] for k in expected} == expected
    assert data["finished"] is True and data["queued"] == 0
    assert data["status"] == notice.status
    assert set(data["by_channel"]) == set(notice.channels)
    page = client.get(reverse("messaging:dispatch_progress", args=[notice.pk])).content.decode()
    assert f'data-count="sent">{data["sent"]}<' in page


def test_the_administrator_follows_it_and_nobody_else(client, members, notice):
    admin = PersonFactory(user=UserFactory(username="quantri")).user
    role_grant(actor=SYSTEM, user=admin, role=Role.ADMINISTRATOR, valid_from=START)
    assert _get(client, admin, notice.pk).status_code == 200
    leader = PersonFactory(user=UserFactory(username="lanhdao")).user
    role_grant(actor=SYSTEM, user=leader, role=Role.LEADERSHIP, valid_from=START)
    for user in (members["full"].user, leader, UserFactory(username="nguoila")):
        response = _get(client, user, notice.pk)
        assert response.status_code == 404
        assert "created" not in response.json()
        page = client.get(reverse("messaging:dispatch_progress", args=[notice.pk]))
        assert page.status_code == 404


def test_a_party_campaigns_dispatch_is_followed_by_its_office_only(client, org, party, campaign):
    office = party["office"].user
    data = _get(client, office, campaign.dispatch_id).json()
    assert (data["created"], data["acknowledged"]) == (8, 1)
    assert data["by_channel"]["in_app"]["acknowledged"] == 1
    colleague = PersonFactory(user=UserFactory(username="vanphong-2"))
    role_grant(
        actor=SYSTEM,
        user=colleague.user,
        role=Role.PARTY_SECRETARY,
        party_organization=party["committee"],
        valid_from=START,
    )
    assert _get(client, colleague.user, campaign.dispatch_id).status_code == 200
    admin = _state_user(org, "quantri", Role.ADMINISTRATOR)
    refused = (admin, party["secretary_a"].user, party["member_a"].user, party["outsider"].user)
    for user in refused:
        assert _get(client, user, campaign.dispatch_id).status_code == 404


def test_anonymous_callers_and_unknown_dispatches(client, author, notice):
    assert client.get(f"{API}/{notice.pk}/progress").status_code == 401
    assert _get(client, author, notice.pk + 1000).status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999", "abc", "0", "-1", "1.5"])
def test_an_id_no_dispatch_can_have_is_a_422(client, author, notice, value):
    response = _get(client, author, value)
    assert response.status_code == 422
    [item] = response.json()["detail"]
    assert item["loc"] == ["path", "dispatch_id"]
