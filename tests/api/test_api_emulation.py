"""Emulation API: movements and registrations read through the pages' selectors — a draft
is the office's alone (another role gets 404), a launched movement is public to staff."""

from thidua.emulation.choices import MovementStatus

from ..emulation.test_movements_services import advance_to, frozen_today, new_movement  # noqa: F401


def test_staff_list_launched_movements_but_not_a_draft(movement, officer, org, clusters, client):
    launched = advance_to(
        new_movement(officer, org, clusters, name="Phong trào đã phát động"),
        officer,
        MovementStatus.LAUNCHED,
    )
    client.force_login(org["staff_a"].user)
    listed = client.get("/api/v1/emulation/movements").json()
    assert [m["id"] for m in listed["items"]] == [launched.pk]
    assert client.get(f"/api/v1/emulation/movements/{movement.pk}").status_code == 404
    client.force_login(officer.user)
    ids = [m["id"] for m in client.get("/api/v1/emulation/movements?limit=1").json()["items"]]
    assert len(ids) == 1
    shown = client.get(f"/api/v1/emulation/movements/{movement.pk}").json()
    assert shown["status"] == MovementStatus.DRAFT


def test_registrations_of_an_open_movement_and_of_a_draft(
    open_movement, officer, org, clusters, client
):
    draft = new_movement(officer, org, clusters, name="Phong trào nháp")
    client.force_login(org["staff_a"].user)
    response = client.get(f"/api/v1/emulation/movements/{open_movement.pk}/registrations")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
    # a draft's registrations: not to staff
    assert client.get(f"/api/v1/emulation/movements/{draft.pk}/registrations").status_code == 404
