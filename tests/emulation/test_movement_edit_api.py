# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Emulation API, editing a draft movement (PATCH /movements/{id}, issue 15): the office sends
the fields to change with the ETag of its GET — what is not sent is kept, lists are replaced
as a whole — through the page's service; If-Match required (428 without, 412 when stale, even
when only the criteria changed), a launched movement 422, other roles refused, bad input
422; nothing written when refused."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.emulation.choices import MovementStatus
from thidua.emulation.models import Movement

from .test_api_steps import _json
from .test_movements_services import advance_to, clusters, movement  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = date(2025, 7, 1)
API = "/api/v1/emulation/movements"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _state(movement):
    row = Movement.objects.get(pk=movement.pk)
    return (
        row.name,
        row.objectives,
        row.updated_at,
        sorted(row.scope_units.values_list("pk", flat=True)),
        list(row.criteria.order_by("order").values_list("name", "weight", "max_points")),
    )


def test_the_office_edits_its_draft_with_if_match_and_what_is_not_sent_is_kept(
    movement, officer, org, client
):
    client.force_login(officer.user)
    url = f"{API}/{movement.pk}"
    etag = client.get(url)["ETag"]
    objectives = movement.objectives

    edited = _json(
        client,
        "PATCH",
        url,
        {
            "name": "Thi đua số hoá 2025",
            "period_end": "2025-11-30",
            "scope_unit_ids": [org["dept_a"].pk, org["dept_b"].pk],
            "criteria": [
                {"name": "Sáng kiến", "weight": "1.5", "max_points": 40},
                {"name": "Hoàn thành nhiệm vụ", "max_points": 60, "description": "Theo kế hoạch"},
            ],
        },
        HTTP_IF_MATCH=etag,
    )

    assert edited.status_code == 200, edited.content
    body = edited.json()
    assert (body["name"], body["period_end"], body["status"]) == (
        "Thi đua số hoá 2025",
        "2025-11-30",
        MovementStatus.DRAFT,
    )
    assert body["objectives"] == objectives  # not sent: kept
    row = Movement.objects.get(pk=movement.pk)
    assert set(row.scope_units.all()) == {org["dept_a"], org["dept_b"]}
    assert row.clusters.count() == 1  # not sent: kept
    criteria = client.get(f"{url}/criteria").json()["items"]
    assert [(c["name"], Decimal(c["weight"]), Decimal(c["max_points"])) for c in criteria] == [
        ("Sáng kiến", Decimal("1.5"), Decimal(40)),
        ("Hoàn thành nhiệm vụ", Decimal(1), Decimal(60)),
    ]
    assert criteria[1]["description"] == "Theo kế hoạch"
    assert client.get(url)["ETag"] != etag


def test_if_match_is_required_and_a_stale_one_refused_even_for_criteria_alone(
    movement, officer, client
):
    client.force_login(officer.user)
    url = f"{API}/{movement.pk}"
    etag = client.get(url)["ETag"]
    before = _state(movement)

    missing = _json(client, "PATCH", url, {"name": "Khác"})
    assert missing.status_code == 428, missing.content
    assert _state(movement) == before

    criteria_only = {"criteria": [{"name": "Một tiêu chí", "max_points": 100}]}
    assert _json(client, "PATCH", url, criteria_only, HTTP_IF_MATCH=etag).status_code == 200
    stale = _json(client, "PATCH", url, {"name": "Khác"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412, stale.content
    assert Movement.objects.get(pk=movement.pk).name == movement.name


def test_a_launched_movement_is_422_and_unchanged(movement, officer, client):
    launched = advance_to(movement, officer, MovementStatus.LAUNCHED)
    client.force_login(officer.user)
    url = f"{API}/{launched.pk}"
    before = _state(launched)

    response = _json(client, "PATCH", url, {"name": "Khác"}, HTTP_IF_MATCH=client.get(url)["ETag"])

    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["msg"]
    assert _state(launched) == before


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_other_roles_are_refused_and_nothing_changes(movement, officer, org, client, who):
    url = f"{API}/{movement.pk}"
    before = _state(movement)
    client.force_login(org[who].user)
    assert _json(client, "PATCH", url, {"name": "Khác"}, HTTP_IF_MATCH="*").status_code == 403
    assert _state(movement) == before


def test_bad_input_is_422_and_nothing_changes(movement, officer, org, client):
    client.force_login(officer.user)
    url = f"{API}/{movement.pk}"
    before = _state(movement)
    cases = {
        "an unknown unit": ({"scope_unit_ids": [10**9]}, ["body", "scope_unit_ids"]),
        "no unit": ({"scope_unit_ids": []}, None),
        "a unit group that is no cluster": ({"cluster_ids": [10**9]}, ["body", "cluster_ids"]),
        "an unknown launching unit": ({"launched_by_id": 10**9}, ["body", "launched_by_id"]),
        "no criterion": ({"criteria": []}, None),
        "a weight of 0": ({"criteria": [{"name": "A", "weight": 0, "max_points": 5}]}, None),
        "a period ending before it starts": ({"period_end": "2024-12-31"}, None),
        "a blank name": ({"name": "   "}, None),
        "an unknown kind": ({"kind": "nope"}, None),
        "a date as a number": ({"period_start": 20250101}, None),
    }
    for name, (body, loc) in cases.items():
        response = _json(client, "PATCH", url, body, HTTP_IF_MATCH="*")
        assert response.status_code == 422, (name, response.content)
        if loc is not None:
            assert response.json()["detail"][0]["loc"] == loc, name
    assert _state(movement) == before
