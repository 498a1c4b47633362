# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""The Party campaigns' acknowledgement cycle time lists each campaign once in its slowest
lists (issue 13, point 5): not once a member, but with how many members acknowledged it this
month or have not yet — counted within the viewer's Party bodies — its slowest or oldest wait,
and the body only when those members all belong to one."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.goals import cycle_time
from thidua.goals.models import CycleTimeStat
from thidua.messaging.choices import DeliveryStatus
from thidua.messaging.models import Delivery
from thidua.party.choices import AudienceKind
from thidua.party.cycle_time import KIND, member_count_words

from ..factories import PersonFactory, UserFactory
from .conftest import _member, party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send

TODAY = date(2025, 7, 20)
FIRST_SENT = timezone.make_aware(datetime.combine(date(2025, 7, 1), time(8)))
SECOND_SENT = timezone.make_aware(datetime.combine(date(2025, 7, 10), time(8)))


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _acknowledge(campaign, person, days: int) -> None:
    at = campaign.sent_at + timedelta(days=days)
    Delivery.objects.filter(dispatch=campaign.dispatch, person=person).update(
        status=DeliveryStatus.ACKNOWLEDGED, read_at=at, acknowledged_at=at
    )


@pytest.fixture
def campaigns(party, resolution_text, django_capture_on_commit_callbacks):
    """Chi bộ A has four members (its secretary, member_a, m1, m2), Chi bộ B one (its
    secretary). The first campaign (01/07, both cells): member_a acknowledges in 2 days, m1 in
    3; the secretaries and m2 have not. The second (10/07, Chi bộ A): member_a in 1 day, m2
    in 4; Chi bộ A's secretary and m1 have not."""
    for name in ("m1", "m2"):
        party[name] = PersonFactory(
            unit=party["member_a"].unit, user=UserFactory(username=f"dangvien-{name}")
        )
        _member(party[name], party["cell_a"])
    sent = []
    for when, bodies in ((FIRST_SENT, ["cell_a", "cell_b"]), (SECOND_SENT, ["cell_a"])):
        digest = _digest(party, resolution_text)
        campaign = _send(
            party,
            _campaign(
                party, digest, audience=AudienceKind.CELLS, bodies=[party[b] for b in bodies]
            ),
            django_capture_on_commit_callbacks,
        )
        type(campaign).objects.filter(pk=campaign.pk).update(sent_at=when)
        campaign.refresh_from_db()
        sent.append(campaign)
    first, second = sent
    _acknowledge(first, party["member_a"], 2)
    _acknowledge(first, party["m1"], 3)
    _acknowledge(second, party["member_a"], 1)
    _acknowledge(second, party["m2"], 4)
    return first, second


def _kind(viewer):
    panel = cycle_time.cycle_panel(viewer=viewer, today=TODAY)
    return next((k for k in panel.kinds if k.key == KIND), None)


def _url(campaign) -> str:
    return reverse("party:campaign", args=[campaign.pk])


def test_the_committee_office_sees_each_campaign_once(party, campaigns):
    first, second = campaigns
    kind = _kind(party["office"].user)
    # the figures still count every member's acknowledgement: 1, 2, 3 and 4 days
    assert (kind.current.items, kind.current.median) == (4, Decimal("2.5"))
    assert [(i.url, i.days, i.count_text, i.detail) for i in kind.slowest_closed] == [
        (_url(second), Decimal("4.0"), member_count_words(2, False), party["cell_a"].name),
        (_url(first), Decimal("3.0"), member_count_words(2, False), party["cell_a"].name),
    ]
    # open the longest: the first campaign waits for three members in two cells (no single
    # body to name), the second for two in Chi bộ A; the oldest wait first
    assert [(i.url, i.count_text, i.detail) for i in kind.slowest_open] == [
        (_url(first), member_count_words(3, True), ""),
        (_url(second), member_count_words(2, True), party["cell_a"].name),
    ]
    assert kind.slowest_open[0].days > kind.slowest_open[1].days
    assert [i.title for i in kind.slowest_open] == [str(first), str(second)]


def test_a_cells_secretary_counts_her_cell_only(party, campaigns):
    first, second = campaigns
    cell_a = _kind(party["secretary_a"].user)
    assert [(i.url, i.count_text) for i in cell_a.slowest_open] == [
        (_url(first), member_count_words(2, True)),  # herself and m2, not Chi bộ B's secretary
        (_url(second), member_count_words(2, True)),
    ]
    cell_b = _kind(party["secretary_b"].user)
    assert cell_b.slowest_closed == []
    assert [(i.url, i.count_text, i.detail) for i in cell_b.slowest_open] == [
        (_url(first), member_count_words(1, True), party["cell_b"].name)
    ]
    # the member's name never shows
    for item in [*cell_a.slowest_open, *cell_b.slowest_open]:
        for person in (party["secretary_a"], party["m2"], party["secretary_b"]):
            assert person.full_name not in f"{item.title} {item.detail} {item.count_text}"


def test_the_stored_summary_lists_campaigns_once_and_counts_the_members_open(party, campaigns):
    live = _kind(party["office"].user)
    cycle_time.refresh_summary(today=TODAY)
    stored = CycleTimeStat.objects.get(kind=KIND, month=date(2025, 7, 1), path="")
    assert stored.open_items == 5  # three members of the first campaign, two of the second
    after = _kind(party["office"].user)
    assert [(i.url, i.count_text, i.detail) for i in after.slowest_open] == [
        (i.url, i.count_text, i.detail) for i in live.slowest_open
    ]
    assert [(i.url, i.days) for i in after.slowest_closed] == [
        (i.url, i.days) for i in live.slowest_closed
    ]


def test_the_dashboard_lists_each_campaign_once_in_each_list(client, party, campaigns):
    first, second = campaigns
    client.force_login(party["office"].user)
    page = client.get(reverse("goals:dashboard")).content.decode()
    panel = page.split('id="cycle-partyacknowledgement"')[1]
    still_open = panel.split('class="small slowest-open"')[1].split("</ol>")[0]
    assert still_open.count(_url(first)) == 1 and still_open.count(_url(second)) == 1
    assert member_count_words(3, True) in still_open
    closed = panel.split('class="small slowest-closed"')[1].split("</ol>")[0]
    assert closed.count(_url(first)) == 1 and closed.count(_url(second)) == 1
