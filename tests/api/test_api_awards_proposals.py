"""Awards API: the commendation proposals the caller may see, as on the proposals pages — a
head sees those of their units' subtree (with the achievements on the detail), another unit's
head sees none of them, the list never carries the achievements."""

import pytest

from thidua.awards.services import council as services

API = "/api/v1/awards"
MARKER = "Thành tích riêng của Cục A"


@pytest.fixture
def proposal(org):
    return services.proposal_create(
        actor=org["head_a"].user,
        code="LDTT",
        year=2025,
        person=org["staff_a"],
        achievements=MARKER,
    )


def test_a_head_reads_her_units_proposal_and_another_unit_sees_nothing(proposal, org, client):
    client.force_login(org["head_a"].user)
    listed = client.get(f"{API}/proposals?year=2025")
    assert [p["id"] for p in listed.json()["items"]] == [proposal.pk]
    assert MARKER not in listed.content.decode()
    detail = client.get(f"{API}/proposals/{proposal.pk}").json()
    assert detail["achievements"] == MARKER
    assert detail["subject"] == str(org["staff_a"])
    client.force_login(org["staff_b"].user)
    assert client.get(f"{API}/proposals").json()["items"] == []
    assert client.get(f"{API}/proposals/{proposal.pk}").status_code == 404
    assert client.get(f"{API}/proposals?year=1800").status_code == 422


def test_the_office_sees_every_proposal(proposal, officer, client):  # noqa: F811
    client.force_login(officer.user)
    assert [p["id"] for p in client.get(f"{API}/proposals").json()["items"]] == [proposal.pk]
