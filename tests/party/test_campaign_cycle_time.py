# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Cycle time of Party campaigns' acknowledgements on the dashboard (issue 13, point 5): from a
campaign's sending to each member's acknowledgement, open while not acknowledged — counted by
Party body and seen only by those holding a Party role over the body (the committee office,
a cell's secretary for her cell), never by a state role alone (issue 10)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from thidua.core.actors import SYSTEM
from thidua.goals import cycle_time
from thidua.goals.models import CycleTimeStat
from thidua.messaging.choices import DeliveryStatus
from thidua.messaging.models import Delivery, Dispatch
from thidua.org.choices import PartyOrgKind, PartyRole, Role
from thidua.org.models import PartyMembership
from thidua.org.services import role_grant
from thidua.party.choices import AudienceKind
from thidua.party.cycle_time import KIND

from ..factories import PartyOrganizationFactory, UserFactory
from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send

TODAY = date(2025, 7, 20)
SENT = timezone.make_aware(datetime.combine(date(2025, 7, 1), time(8)))


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def campaign(party, resolution_text, django_capture_on_commit_callbacks):
    """Sent to Chi bộ A and Chi bộ B on 01/07 08:00: Chi bộ A's member acknowledges on 03/07
    (2 days), Chi bộ B's secretary on 06/07 (5 days), Chi bộ A's secretary never."""
    sent = _send(
        party,
        _campaign(
            party,
            _digest(party, resolution_text),
            audience=AudienceKind.CELLS,
            bodies=[party["cell_a"], party["cell_b"]],
        ),
        django_capture_on_commit_callbacks,
    )
    type(sent).objects.filter(pk=sent.pk).update(sent_at=SENT)
    for person, days in ((party["member_a"], 2), (party["secretary_b"], 5)):
        Delivery.objects.filter(dispatch=sent.dispatch, person=person).update(
            status=DeliveryStatus.ACKNOWLEDGED,
            read_at=SENT + timedelta(days=days),
            acknowledged_at=SENT + timedelta(days=days),
        )
    sent.refresh_from_db()
    return sent


def _kind(viewer):
    panel = cycle_time.cycle_panel(viewer=viewer, today=TODAY)
    return next((k for k in panel.kinds if k.key == KIND), None)


@pytest.fixture
def minister(db):
    user = UserFactory(username="botruong-test")
    role_grant(actor=SYSTEM, user=user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    return user


def test_the_committee_office_sees_every_cell_with_the_panels_figures(party, campaign):
    kind = _kind(party["office"].user)
    assert kind is not None
    assert kind.current.items == 2
    assert kind.current.median == Decimal("3.5")  # 2 and 5 days
    assert kind.current.p90 == Decimal("4.7")  # 2 + 0.9 × 3
    # the office of the only Đảng bộ counts the whole Party: its cells, the slowest first
    assert [(u.name, u.median) for u in kind.units] == [
        (party["cell_b"].name, Decimal("5.0")),
        (party["cell_a"].name, Decimal("2.0")),
    ]
    assert (kind.group_label, kind.groups_caption) == (
        gettext("Party body"),
        gettext("By Party body, this month"),
    )
    assert len(kind.slowest_open) == 1  # Chi bộ A's secretary has not acknowledged
    url = reverse("party:campaign", args=[campaign.pk])
    # the campaign once (not once a member): its slowest acknowledgement, in two cells
    assert [(i.url, i.days, i.detail) for i in kind.slowest_closed] == [(url, Decimal("5.0"), "")]
    # named by the campaign and the cell, never by the member
    item = kind.slowest_open[0]
    assert item.title == str(campaign) and item.detail == party["cell_a"].name
    for person in (party["secretary_a"], party["member_a"], party["secretary_b"]):
        assert person.full_name not in f"{item.title} {item.detail}"


def test_a_cells_secretary_sees_her_cell_only(party, campaign):
    kind = _kind(party["secretary_a"].user)
    assert kind is not None
    assert (kind.current.items, kind.current.median) == (1, Decimal("2.0"))
    assert [u.name for u in kind.units] == [party["cell_a"].name]
    assert len(kind.slowest_open) == 1
    other = _kind(party["secretary_b"].user)
    assert (other.current.items, other.current.median) == (1, Decimal("5.0"))
    assert other.slowest_open == []


def test_state_roles_see_nothing_of_it(party, campaign, minister, officer, org):
    for viewer in (minister, officer.user, org["head_a"].user, org["staff_b"].user):
        assert _kind(viewer) is None
    # a unit page narrowed to a unit never counts Party bodies, whose paths look alike
    role_grant(
        actor=SYSTEM,
        user=party["office"].user,
        role=Role.UNIT_HEAD,
        unit=org["root"],
        valid_from=date(2020, 1, 1),
    )
    narrowed = cycle_time.cycle_panel(viewer=party["office"].user, unit=org["root"], today=TODAY)
    assert KIND not in [k.key for k in narrowed.kinds]


def test_the_dashboard_shows_it_to_party_roles_only(client, party, campaign, minister):
    anchor = 'id="cycle-partyacknowledgement"'
    client.force_login(party["office"].user)
    page = client.get(reverse("goals:dashboard")).content.decode()
    assert anchor in page and reverse("party:campaign", args=[campaign.pk]) in page
    client.force_login(minister)
    page = client.get(reverse("goals:dashboard")).content.decode()
    assert anchor not in page
    assert reverse("party:campaign", args=[campaign.pk]) not in page


def test_the_nightly_summary_stores_the_figures_seen_live(party, campaign):
    live_office = _kind(party["office"].user)
    live_cell = _kind(party["secretary_a"].user)

    cycle_time.refresh_summary(today=TODAY)

    stored = {
        row.path: row for row in CycleTimeStat.objects.filter(kind=KIND, month=date(2025, 7, 1))
    }
    assert stored[""].items == live_office.current.items == 2
    assert cycle_time._decimal(stored[""].median_days) == live_office.current.median
    assert cycle_time._decimal(stored[""].p90_days) == live_office.current.p90
    assert stored[""].open_items == 1
    cell_a = stored[party["cell_a"].path]
    assert (cell_a.items, cell_a.open_items) == (1, 1)
    # the cell's secretary is now answered from the stored row: the same figures
    after = _kind(party["secretary_a"].user)
    assert after.current == live_cell.current
    assert after.trend == live_cell.trend
    assert [(i.title, i.url) for i in after.slowest_open] == [
        (i.title, i.url) for i in live_cell.slowest_open
    ]
    assert _kind(party["office"].user).current == live_office.current


def test_an_acknowledgement_through_a_reminder_closes_the_members_wait(party, campaign):
    """Chi bộ A's secretary acknowledges the reminder sent after three days (on 09/07): her
    wait ends then (8 days), counted in her cell."""
    reminder = Dispatch.objects.create(
        source_label=f"{campaign.dispatch.source_label}#remind-3",
        subject="Nhắc quán triệt",
        body="…",
    )
    Delivery.objects.create(
        dispatch=reminder,
        person=party["secretary_a"],
        channel=campaign.dispatch.deliveries.first().channel,
        token="reminder-token-secretary-a",
        status=DeliveryStatus.ACKNOWLEDGED,
        acknowledged_at=SENT + timedelta(days=8),
    )
    kind = _kind(party["secretary_a"].user)
    assert (kind.current.items, kind.current.median) == (2, Decimal("5.0"))  # 2 and 8 days
    assert kind.slowest_open == []
    assert _kind(party["office"].user).current.items == 3


def test_a_member_who_moved_counts_in_the_cell_she_was_in_when_it_was_sent(party, campaign):
    """Chi bộ A's member moves to Chi bộ B on 10/07: her acknowledgement of 03/07 stays in
    Chi bộ A's figures, and Chi bộ B's secretary does not count it."""
    PartyMembership.objects.filter(person=party["member_a"]).update(valid_to=date(2025, 7, 10))
    PartyMembership.objects.create(
        person=party["member_a"],
        organization=party["cell_b"],
        role=PartyRole.MEMBER,
        joined_party_on=date(2010, 1, 1),
        valid_from=date(2025, 7, 10),
    )
    assert _kind(party["secretary_a"].user).current.items == 1
    kind_b = _kind(party["secretary_b"].user)
    assert (kind_b.current.items, kind_b.current.median) == (1, Decimal("5.0"))


def test_the_office_of_one_of_two_party_committees_counts_its_own_only(party, campaign):
    """With a second Đảng bộ in the tree, the office's figures are its own Đảng bộ's (not the
    whole Party's), by its cells."""
    PartyOrganizationFactory(code="DB2", name="Đảng bộ Khác", kind=PartyOrgKind.COMMITTEE)
    kind = _kind(party["office"].user)
    assert kind.current.items == 2
    assert [u.name for u in kind.units] == [party["committee"].name]
