# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""A Party dispatch's progress on messaging's page (/messages/dispatch/<id>/progress/) follows
Party roles only (issue 10, point 2): whoever manages the campaign's resolution — the
committee office that sent it, or another secretary of that body — sees the whole Đảng bộ's
counts; a state role alone (the administrator, a superuser, leadership, the emulation office)
gets 404, and so does a cell's secretary whose cell it reached (they follow their cell's
part on the campaign's page). Other dispatches keep messaging's own rule (test_views.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.messaging import services as messaging_services
from thidua.messaging.models import Delivery
from thidua.org.choices import Role
from thidua.org.models import RoleAssignment
from thidua.org.services import role_grant
from thidua.party import services as party_services

from ..factories import PersonFactory, UserFactory
from ..party.conftest import party, resolution_text  # noqa: F401  (fixtures)
from ..party.test_campaigns import _campaign, _digest, _send

START = date(2020, 1, 1)
WHOLE = '<dd data-count="created">8</dd>'  # four members of the Đảng bộ, in-app and e-mail


@pytest.fixture
def campaign(party, resolution_text, django_capture_on_commit_callbacks):
    """The committee's resolution sent by its office to the whole Đảng bộ in the app and by
    e-mail (eight deliveries); the member of cell A acknowledges it in the app."""
    digest = _digest(party, resolution_text)
    sent = _send(
        party,
        _campaign(party, digest, channels=("in_app", "email")),
        django_capture_on_commit_callbacks,
    )
    in_app = Delivery.objects.get(
        dispatch=sent.dispatch, person=party["member_a"], channel="in_app"
    )
    messaging_services.delivery_acknowledge(token=in_app.token, viewer=party["member_a"].user)
    return sent


def _progress(client, user, dispatch_id):
    client.force_login(user)
    return client.get(reverse("messaging:dispatch_progress", args=[dispatch_id]))


def _state_user(org, username, role=None, *, superuser=False):
    user = UserFactory(username=username, is_superuser=superuser, is_staff=superuser)
    PersonFactory(unit=org["root"], user=user)
    if role is not None:
        role_grant(actor=SYSTEM, user=user, role=role, valid_from=START)
    return user


def test_the_committee_office_that_sent_it_sees_the_whole_dang_bo(client, party, campaign):
    response = _progress(client, party["office"].user, campaign.dispatch_id)
    assert response.status_code == 200
    page = response.content.decode()
    assert WHOLE in page
    assert '<dd data-count="acknowledged">1</dd>' in page


def test_another_secretary_of_the_committee_sees_it_though_they_did_not_send_it(
    client, party, campaign
):
    colleague = PersonFactory(user=UserFactory(username="vanphong-2"))
    role_grant(
        actor=SYSTEM,
        user=colleague.user,
        role=Role.PARTY_SECRETARY,
        party_organization=party["committee"],
        valid_from=START,
    )
    response = _progress(client, colleague.user, campaign.dispatch_id)
    assert response.status_code == 200
    assert WHOLE in response.content.decode()


@pytest.mark.parametrize(
    ("role", "superuser"),
    [
        (Role.ADMINISTRATOR, False),
        (None, True),
        (Role.LEADERSHIP, False),
        (Role.EMULATION_OFFICER, False),
    ],
    ids=["administrator", "superuser", "leadership", "emulation_office"],
)
def test_a_state_role_without_a_party_role_gets_404(client, org, campaign, role, superuser):
    user = _state_user(org, "nhanuoc", role, superuser=superuser)
    response = _progress(client, user, campaign.dispatch_id)
    assert response.status_code == 404
    assert "data-count" not in response.content.decode()


def test_the_administrator_who_is_also_the_committee_office_sees_it(client, org, party, campaign):
    user = _state_user(org, "quantri-dang", Role.ADMINISTRATOR)
    role_grant(
        actor=SYSTEM,
        user=user,
        role=Role.PARTY_SECRETARY,
        party_organization=party["committee"],
        valid_from=START,
    )
    assert _progress(client, user, campaign.dispatch_id).status_code == 200


def test_a_cell_secretary_it_reached_gets_404_here_and_their_cells_counts_on_the_party_page(
    client, party, campaign
):
    secretary_a = party["secretary_a"].user
    response = _progress(client, secretary_a, campaign.dispatch_id)
    assert response.status_code == 404
    assert "data-count" not in response.content.decode()
    party_page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()
    assert '<dd data-count="created">4</dd>' in party_page  # cell A: two members, two channels
    assert WHOLE not in party_page


def test_a_member_and_an_outsider_get_404(client, party, campaign):
    for user in (party["member_a"].user, party["outsider"].user):
        assert _progress(client, user, campaign.dispatch_id).status_code == 404


def test_the_office_no_longer_follows_it_once_its_party_role_ends(client, party, campaign):
    office = party["office"].user
    assignment = RoleAssignment.objects.get(user=office, role=Role.PARTY_SECRETARY)
    RoleAssignment.objects.filter(pk=assignment.pk).update(
        valid_to=timezone.localdate() - timedelta(days=1)
    )
    # still the dispatch's author, but no longer managing the resolution's body
    assert campaign.dispatch.created_by_id == office.pk
    assert _progress(client, office, campaign.dispatch_id).status_code == 404


def test_a_reminder_follows_its_campaigns_rule(client, org, party, campaign):
    type(campaign).objects.filter(pk=campaign.pk).update(sent_at=timezone.now() - timedelta(days=8))
    campaign.refresh_from_db()
    reminder = party_services.campaign_remind(
        actor=party["office"].user, campaign=campaign, after_days=7
    )
    assert reminder.source_label == f"party.campaign#{campaign.pk}#remind-7"
    response = _progress(client, party["office"].user, reminder.pk)
    assert response.status_code == 200
    assert '<dd data-count="created">6</dd>' in response.content.decode()  # 3 not acknowledged
    admin = _state_user(org, "quantri", Role.ADMINISTRATOR)
    assert _progress(client, admin, reminder.pk).status_code == 404
    assert _progress(client, party["secretary_a"].user, reminder.pk).status_code == 404


def test_a_party_dispatch_of_no_campaign_is_followed_by_no_one_here(client, org, party):
    author = party["office"].user
    dispatch = messaging_services.dispatch_create(
        actor=author,
        source_label="party.campaign#999999",
        subject="Không thuộc chiến dịch nào",
        body="Nội dung",
        channels=["in_app"],
        recipients=[party["member_a"].pk],
    )
    assert _progress(client, author, dispatch.pk).status_code == 404
    admin = _state_user(org, "quantri", Role.ADMINISTRATOR)
    assert _progress(client, admin, dispatch.pk).status_code == 404
