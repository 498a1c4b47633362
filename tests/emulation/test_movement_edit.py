# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Editing a movement while it is a draft (issue 15): the office changes what it drafted — its
fields, units, clusters and criteria (reordered, removed, added) — through the service and
through the page linked from the movement; nobody else may, and a launched movement is no
longer edited; bad input is refused with nothing changed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.emulation.choices import CriterionSource, MovementStatus
from thidua.emulation.models import Movement
from thidua.emulation.services.movement_edit import movement_update
from thidua.org.choices import UnitGroupKind
from thidua.org.models import UnitGroup

from .test_movements_services import advance_to, clusters, movement  # noqa: F401

pytestmark = pytest.mark.django_db


def _fields(movement, **changes):
    """Every field of the movement as it is, with `changes`."""
    fields = {
        "name": movement.name,
        "kind": movement.kind,
        "objectives": movement.objectives,
        "period_start": movement.period_start,
        "period_end": movement.period_end,
        "launched_by": movement.launched_by,
        "scope_units": list(movement.scope_units.all()),
        "clusters": list(movement.clusters.all()),
        "criteria": [
            {
                "name": c.name,
                "description": c.description,
                "weight": c.weight,
                "max_points": c.max_points,
                "source": c.source,
            }
            for c in movement.criteria.order_by("order", "id")
        ],
    }
    return {**fields, **changes}


def _snapshot(movement):
    row = Movement.objects.get(pk=movement.pk)
    return (
        row.name,
        row.period_end,
        row.updated_at,
        sorted(row.scope_units.values_list("pk", flat=True)),
        list(row.criteria.order_by("order").values_list("name", "weight", "max_points")),
    )


def _criteria(movement):
    return list(
        Movement.objects.get(pk=movement.pk)
        .criteria.order_by("order", "id")
        .values_list("name", "weight", "max_points", "source", "order")
    )


# ---------------------------------------------------------------- the service
def test_the_office_edits_its_draft_fields_units_and_criteria(movement, officer, org):
    fields = _fields(
        movement,
        name="Thi đua chuyển đổi số và cải cách hành chính 2025",
        period_end=date(2025, 11, 30),
        scope_units=[org["dept_a"], org["dept_b"]],
        clusters=[],
        criteria=[
            {"name": "Sáng kiến", "weight": "1,5", "max_points": "25"},  # moved up, changed
            {"name": "Hoàn thành nhiệm vụ", "weight": 2, "max_points": 50},
            {"name": "Cải cách hành chính", "max_points": 25},  # added; KR progress removed
        ],
    )

    saved = movement_update(actor=officer.user, movement=movement, **fields)

    row = Movement.objects.get(pk=movement.pk)
    assert (row.name, row.period_end) == (fields["name"], date(2025, 11, 30))
    assert row.status == MovementStatus.DRAFT
    assert set(row.scope_units.all()) == {org["dept_a"], org["dept_b"]}
    assert not row.clusters.exists()
    assert _criteria(row) == [
        ("Sáng kiến", Decimal("1.5"), Decimal(25), CriterionSource.MANUAL, 0),
        ("Hoàn thành nhiệm vụ", Decimal(2), Decimal(50), CriterionSource.MANUAL, 1),
        ("Cải cách hành chính", Decimal(1), Decimal(25), CriterionSource.MANUAL, 2),
    ]
    assert saved.updated_at > movement.updated_at
    event = AuditEvent.objects.get(action="movement.updated")
    assert event.actor == officer.user and event.target_id == str(movement.pk)
    assert set(event.data["changed"]) == {
        "name",
        "period_end",
        "scope_units",
        "clusters",
        "criteria",
    }


def test_saving_what_the_draft_already_holds_changes_nothing(movement, officer):
    before = _snapshot(movement)
    movement_update(actor=officer.user, movement=movement, **_fields(movement))
    assert _snapshot(movement) == before
    assert not AuditEvent.objects.filter(action="movement.updated").exists()


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_nobody_but_the_office_edits_a_draft(movement, org, who):
    before = _snapshot(movement)
    with pytest.raises(PermissionDenied):
        movement_update(actor=org[who].user, movement=movement, **_fields(movement, name="Khác"))
    assert _snapshot(movement) == before


def test_a_launched_movement_is_no_longer_edited(movement, officer):
    launched = advance_to(movement, officer, MovementStatus.LAUNCHED)
    before = _snapshot(launched)
    with pytest.raises(ValidationError) as exc:
        movement_update(actor=officer.user, movement=launched, **_fields(launched, name="Khác"))
    assert exc.value.code == "not_draft"
    assert _snapshot(launched) == before


def test_bad_input_is_refused_and_nothing_changes(movement, officer, org):
    not_a_cluster = UnitGroup.objects.create(
        kind=UnitGroupKind.LEADERSHIP_BLOCK,
        name="Nhóm khác",
        leader_unit=org["dept_a"],
        valid_from=date(2020, 1, 1),
    )
    cases = {
        "name": {"name": "   "},
        "kind": {"kind": "nope"},
        "objectives": {"objectives": ""},
        "period": {"period_end": date(2024, 12, 31)},
        "scope": {"scope_units": []},
        "clusters": {"clusters": [not_a_cluster]},
        "criteria": {"criteria": []},
        "criterion_name": {"criteria": [{"name": "x" * 301, "max_points": 10}]},
        "criterion_weight": {"criteria": [{"name": "A", "weight": "0", "max_points": 10}]},
        "criterion_max_points": {"criteria": [{"name": "A", "max_points": "mười"}]},
    }
    before = _snapshot(movement)
    for code, change in cases.items():
        with pytest.raises(ValidationError) as exc:
            movement_update(actor=officer.user, movement=movement, **_fields(movement, **change))
        assert exc.value.code == code, code
    assert _snapshot(movement) == before
    assert not AuditEvent.objects.filter(action="movement.updated").exists()


# ---------------------------------------------------------------- the page
def _edit_url(movement):
    return reverse("emulation:movement_edit", kwargs={"pk": movement.pk})


def _post_data(movement, **changes):
    data = {
        "name": movement.name,
        "kind": movement.kind,
        "objectives": movement.objectives,
        "period_start": movement.period_start.strftime("%d/%m/%Y"),
        "period_end": movement.period_end.strftime("%d/%m/%Y"),
        "launched_by": movement.launched_by_id,
        "scope_units": [u.pk for u in movement.scope_units.all()],
        "clusters": [c.pk for c in movement.clusters.all()],
    }
    return {**data, **changes}


def test_the_movement_page_links_to_the_edit_page_only_for_the_office_on_a_draft(
    movement, officer, org, client
):
    client.force_login(officer.user)
    detail = reverse("emulation:movement_detail", kwargs={"pk": movement.pk})
    assert _edit_url(movement) in client.get(detail).content.decode()

    advance_to(movement, officer, MovementStatus.LAUNCHED)
    client.force_login(org["head_a"].user)
    assert _edit_url(movement) not in client.get(detail).content.decode()
    client.force_login(officer.user)
    assert _edit_url(movement) not in client.get(detail).content.decode()


def test_the_office_edits_the_draft_on_its_page(movement, officer, client):
    client.force_login(officer.user)
    page = client.get(_edit_url(movement))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{movement.name}"' in html
    # the criteria as drafted, in order, with their points as the page writes numbers
    assert 'name="crit-0-name" value="Hoàn thành nhiệm vụ"' in html
    assert 'name="crit-0-max_points" value="50"' in html
    assert 'name="crit-2-name" value="Sáng kiến"' in html
    assert 'name="crit-4-name" value=""' in html  # two empty rows to add criteria

    data = _post_data(
        movement,
        name="Thi đua số hoá 2025",
        **{
            "crit-0-name": "Hoàn thành nhiệm vụ",
            "crit-0-weight": "2,5",
            "crit-0-max_points": "60",
            "crit-0-source": "manual",
            "crit-1-name": "",  # removed
            "crit-1-weight": "1",
            "crit-1-max_points": "30",
            "crit-1-source": "kr_progress",
            "crit-2-name": "Sáng kiến",
            "crit-2-weight": "1",
            "crit-2-max_points": "20",
            "crit-2-source": "manual",
            "crit-3-name": "Đoàn kết nội bộ",
            "crit-3-weight": "1",
            "crit-3-max_points": "20",
            "crit-3-source": "manual",
        },
    )
    saved = client.post(_edit_url(movement), data)

    assert saved.status_code == 302
    assert saved["Location"] == reverse("emulation:movement_detail", kwargs={"pk": movement.pk})
    assert Movement.objects.get(pk=movement.pk).name == "Thi đua số hoá 2025"
    assert [(n, w, m) for n, w, m, _s, _o in _criteria(movement)] == [
        ("Hoàn thành nhiệm vụ", Decimal("2.5"), Decimal(60)),
        ("Sáng kiến", Decimal(1), Decimal(20)),
        ("Đoàn kết nội bộ", Decimal(1), Decimal(20)),
    ]


def test_a_bad_criterion_shows_the_form_again_and_saves_nothing(movement, officer, client):
    client.force_login(officer.user)
    before = _snapshot(movement)
    data = _post_data(
        movement,
        name="Tên mới",
        **{"crit-0-name": "Hoàn thành nhiệm vụ", "crit-0-weight": "0", "crit-0-max_points": "50"},
    )

    response = client.post(_edit_url(movement), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Tên mới"' in response.content.decode()  # what was typed is kept
    assert _snapshot(movement) == before


def test_others_are_refused_and_a_launched_movement_sends_the_office_back(
    movement, officer, org, client
):
    client.force_login(org["head_a"].user)
    # a draft is the office's alone: to others it is not there
    assert client.get(_edit_url(movement)).status_code == 404
    assert client.post(_edit_url(movement), _post_data(movement, name="Khác")).status_code == 404

    advance_to(movement, officer, MovementStatus.LAUNCHED)
    before = _snapshot(movement)
    assert client.get(_edit_url(movement)).status_code == 403
    assert client.post(_edit_url(movement), _post_data(movement, name="Khác")).status_code == 403
    client.force_login(officer.user)
    response = client.post(_edit_url(movement), _post_data(movement, name="Khác"))
    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:movement_detail", kwargs={"pk": movement.pk})
    assert _snapshot(movement) == before
