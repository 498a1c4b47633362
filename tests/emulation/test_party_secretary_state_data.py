"""A Party cell's secretary with no state role (bithu in the demo) does not read the state
ratings, scores and achievement records of her cell's members: Party and state are kept
apart (a Party role gives no state right by itself). On the Party side she still sees her
members' details; the person and their head still see the rating and the records."""

# ruff: noqa: F811

from datetime import date

import pytest
from django.urls import reverse

from thidua.emulation.selectors import ratings as rating_selectors
from thidua.emulation.services import ratings as services
from thidua.org.choices import PartyOrgKind, PartyRole
from thidua.org.models import PartyMembership
from thidua.org.rules import can_view_person_private

from ..factories import PartyOrganizationFactory
from .test_ratings_services import TODAY, drafting, score_month  # noqa: F401  fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def cell(org):
    """Chi bộ Phòng A1: Hoa its secretary by her membership, Nam (no account) a member."""
    committee = PartyOrganizationFactory(code="DB", name="Đảng bộ", kind=PartyOrgKind.COMMITTEE)
    body = PartyOrganizationFactory(code="CB-A1", name="Chi bộ Phòng A1", parent=committee)
    for person, role in (
        (org["staff_a"], PartyRole.SECRETARY),
        (org["colleague_a"], PartyRole.MEMBER),
    ):
        PartyMembership.objects.create(
            person=person,
            organization=body,
            role=role,
            joined_party_on=date(2010, 1, 1),
            valid_from=date(2020, 1, 1),
        )
    return body


@pytest.fixture
def nams_rating(org, drafting):
    """Nam's rating of 2026, proposed by his head straight from the draft."""
    nam = org["colleague_a"]
    score_month(actor=org["head_a"], person=nam, item=drafting, month=1)
    rating = services.annual_rating_prepare(actor=org["head_a"].user, person=nam, year=2026)
    return services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")


def status(client, person, url) -> int:
    client.force_login(person.user)
    return client.get(url).status_code


def test_the_secretary_does_not_open_a_cell_members_rating_scores_or_records(
    org, cell, nams_rating, client
):
    nam = org["colleague_a"]
    secretary = org["staff_a"]
    assert (
        status(client, secretary, reverse("emulation:rating_detail", args=[nams_rating.pk])) == 404
    )
    assert status(client, secretary, reverse("emulation:record_year", args=[nam.pk, 2026])) == 403
    month = reverse("emulation:rating_person_month", args=[nam.pk, 2026, 1])
    assert status(client, secretary, month) == 403
    api = client.get(f"/api/v1/emulation/people/{nam.pk}/scores")
    assert api.status_code == 403
    assert nams_rating not in rating_selectors.visible_ratings(viewer=secretary.user)


def test_the_head_still_opens_them(org, cell, nams_rating, client):
    nam = org["colleague_a"]
    head = org["head_a"]
    assert status(client, head, reverse("emulation:rating_detail", args=[nams_rating.pk])) == 200
    assert status(client, head, reverse("emulation:record_year", args=[nam.pk, 2026])) == 200
    assert (
        status(client, head, reverse("emulation:rating_person_month", args=[nam.pk, 2026, 1]))
        == 200
    )


def test_the_secretary_keeps_her_own_rating_and_her_members_details_on_the_party_side(
    org, cell, drafting, client
):
    secretary = org["staff_a"]
    nam = org["colleague_a"]
    score_month(actor=org["head_a"], person=secretary, item=drafting, month=1)
    own = services.annual_rating_prepare(actor=secretary.user, person=secretary, year=2026)
    assert status(client, secretary, reverse("emulation:rating_detail", args=[own.pk])) == 200
    assert (
        status(client, secretary, reverse("emulation:record_year", args=[secretary.pk, 2026]))
        == 200
    )
    # the person's card (contact details, Party body) stays open to her cell's secretary
    assert can_view_person_private(secretary.user, nam)
    card = client.get(reverse("org:person", args=[nam.pk])).content.decode()
    assert "Chi bộ Phòng A1" in card
