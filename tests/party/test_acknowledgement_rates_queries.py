"""A campaign's acknowledgement rates per cell (the campaign page and GET /api/v1/party/
campaigns/{id}/acknowledgements) cost the same few queries however many cells and members
the campaign reached: the dispatch ids, then one grouped query (bench.api_lists measures
it on a Đảng bộ of 6,000 members). The rates themselves are unchanged: each cell counts its
members once, whatever their channels, and a reminder's acknowledgement counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.messaging.models import Delivery
from thidua.org.models import PartyMembership
from thidua.party import selectors, services

from ..factories import PartyOrganizationFactory, PersonFactory
from .conftest import _member
from .test_campaigns import _campaign, _digest, _send

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest(party, resolution_text):
    return _digest(party, resolution_text)


def _rates(campaign, user) -> tuple[list[dict], int]:
    selectors.acknowledgement_rates(campaign, user)  # the viewer's scope read once
    with CaptureQueriesContext(connection) as captured:
        rates = selectors.acknowledgement_rates(campaign, user)
    return rates, len(captured.captured_queries)


def _cells(party, count: int, members: int) -> list:
    cells = []
    for n in range(count):
        cell = PartyOrganizationFactory(
            code=f"CB-X{n}", name=f"Chi bộ X{n}", parent=party["committee"]
        )
        for _ in range(members):
            _member(PersonFactory(unit=party["office"].unit), cell)
        cells.append(cell)
    return cells


def test_the_rates_cost_the_same_queries_for_more_cells_and_members(
    party, digest, django_capture_on_commit_callbacks
):
    small = _send(party, _campaign(party, digest), django_capture_on_commit_callbacks)
    office = party["office"].user
    rates, few = _rates(small, office)
    assert len(rates) == 3 and few <= 3

    _cells(party, 6, members=4)
    large = _send(party, _campaign(party, digest), django_capture_on_commit_callbacks)
    rates, many = _rates(large, office)
    assert len(rates) == 9
    assert many == few


def test_each_cell_counts_its_members_once_and_a_reminders_acknowledgement(
    party, digest, django_capture_on_commit_callbacks
):
    (cell,) = _cells(party, 1, members=3)
    campaign = _send(party, _campaign(party, digest), django_capture_on_commit_callbacks)
    first, second, _third = (
        m.person for m in PartyMembership.objects.filter(organization=cell).order_by("pk")
    )
    now = timezone.now()
    # every channel's delivery of the first member read, one acknowledged
    Delivery.objects.filter(dispatch=campaign.dispatch, person=first).update(read_at=now)
    Delivery.objects.filter(dispatch=campaign.dispatch, person=first, channel="in_app").update(
        acknowledged_at=now
    )
    campaign.sent_at -= timedelta(days=4)
    campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminder = services.campaign_remind(
            actor=party["office"].user, campaign=campaign, after_days=3
        )
    Delivery.objects.filter(dispatch=reminder, person=second).update(
        read_at=now, acknowledged_at=now
    )
    rates, _ = _rates(campaign, party["office"].user)
    row = next(r for r in rates if r["cell_id"] == cell.pk)
    assert (row["members"], row["read"], row["acknowledged"]) == (3, 2, 2)
