# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""The members who have not acknowledged a campaign, cell by cell (walk-through of
07/12/2026, flow 1): the committee office's page listed 201 names in one column — 7,500 px at
1280 px, namesakes ("Huỳnh Mạnh Lâm" twice) with nothing to tell them apart, no cell to call.
Now each cell is a folded group with its count; a cell's secretary sees her one cell open."""

import re

from django.urls import reverse

from thidua.party import selectors

from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _campaign, _digest, _send


def _groups(page: str) -> list[tuple[str, str, list[str]]]:
    """(open or "", cell, names) of each pending-cell group on the page."""
    found = []
    for m in re.finditer(
        r'<details class="fold pending-cell"( open)?>\s*<summary><strong>([^<]+)</strong>'
        r"(.*?)</details>",
        page,
        re.S,
    ):
        names = re.findall(r"<li>([^<]+)</li>", m.group(3))
        found.append((m.group(1) or "", m.group(2), names))
    return found


def test_the_committee_office_sees_the_pending_members_folded_by_cell(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _send(
        party, _campaign(party, _digest(party, resolution_text)), django_capture_on_commit_callbacks
    )
    pending = list(selectors.campaign_pending_members(campaign, party["office"].user))
    assert {p.cell_name for p in pending} >= {"Chi bộ A", "Chi bộ B"}
    client.force_login(party["office"].user)

    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()

    groups = {cell: (opened, names) for opened, cell, names in _groups(page)}
    assert groups["Chi bộ A"] == (
        "",
        sorted([party["secretary_a"].full_name, party["member_a"].full_name]),
    )
    assert groups["Chi bộ B"] == ("", [party["secretary_b"].full_name])


def test_a_cell_secretary_sees_her_one_cell_open(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _send(
        party, _campaign(party, _digest(party, resolution_text)), django_capture_on_commit_callbacks
    )
    client.force_login(party["secretary_a"].user)

    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()

    [(opened, cell, names)] = _groups(page)
    assert (opened, cell) == (" open", "Chi bộ A")
    assert names == sorted([party["secretary_a"].full_name, party["member_a"].full_name])
