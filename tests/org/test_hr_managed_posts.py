"""A person's post is the HR system's too (issue 15): every export row carries the unit, the
position and the day the post began, so a move made in Thi Đua for a person the HR sync has
written would stop the next sync (its row's post began before the local one: the whole file
refused). The API refuses such a move with 422 naming the field, the administration shows
the unit and position read-only and refuses a change of a primary post; a reappointment to
the same post, acting and concurrent posts, and Thi Đua's own records are as before."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from thidua.org.models import Person, PersonPosition

from ..factories import PositionFactory
from .test_hr_sync import admin, everyone, row_of, sync, write_csv  # noqa: F401

API = "/api/v1/org"
MANAGED = "do hệ thống quản lý nhân sự quản lý: hãy sửa trong hệ thống đó"


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


def _hr_synced(person) -> Person:
    Person.objects.filter(pk=person.pk).update(hr_synced_at=timezone.now())
    person.refresh_from_db()
    return person


def _post(client, person, **data):
    body = {"valid_from": "2026-06-01", **data}
    return client.post(
        f"{API}/people/{person.pk}/posts", json.dumps(body), content_type="application/json"
    )


def test_a_local_move_of_a_synced_person_would_stop_the_next_sync(
    org,
    admin,  # noqa: F811
    tmp_path,
):
    """Why the move is refused: written directly (as no path allows any more), the next
    export — which still has the person in their old post since 2020 — is refused whole."""
    hoa = org["staff_a"]
    hr_row = row_of(hoa)
    PersonPosition.objects.filter(person=hoa).update(valid_to=date(2026, 6, 1))
    PersonPosition.objects.create(
        person=hoa, unit=org["sec_b"], position=hoa.position, valid_from=date(2026, 6, 1)
    )

    run = sync(admin, write_csv(tmp_path / "nhansu.csv", everyone(org, staff_a=hr_row)))

    assert run.status != "applied"
    assert any(
        "must start after" in e["message"] or "phải bắt đầu sau" in e["message"] for e in run.errors
    ), run.errors


def test_the_api_refuses_moving_a_synced_person_naming_unit_and_position(
    org,
    admin,  # noqa: F811
    client,
):
    head = PositionFactory(code="PTP", name="Phó Trưởng phòng", level=1)
    hoa = _hr_synced(org["staff_a"])
    client.force_login(admin)

    moved = _post(client, hoa, unit_id=org["sec_b"].pk, position_id=hoa.position_id)
    promoted = _post(client, hoa, unit_id=hoa.unit_id, position_id=head.pk)

    assert (moved.status_code, promoted.status_code) == (422, 422)
    assert [(i["loc"], MANAGED in i["msg"]) for i in moved.json()["detail"]] == [
        (["body", "unit_id"], True)
    ]
    assert "Trường “đơn vị”" in moved.json()["detail"][0]["msg"]
    assert [i["loc"] for i in promoted.json()["detail"]] == [["body", "position_id"]]
    assert "Trường “chức vụ”" in promoted.json()["detail"][0]["msg"]
    assert list(PersonPosition.objects.filter(person=hoa).values_list("unit_id", flat=True)) == [
        org["sec_a"].pk
    ]


def test_acting_posts_a_reappointment_and_thi_duas_own_records_are_as_before(
    org,
    admin,  # noqa: F811
    client,
):
    hoa = _hr_synced(org["staff_a"])
    nam = org["colleague_a"]
    client.force_login(admin)

    acting = _post(client, hoa, unit_id=org["sec_b"].pk, position_id=hoa.position_id, kind="acting")
    again = _post(client, hoa, unit_id=hoa.unit_id, position_id=hoa.position_id)
    own = _post(client, nam, unit_id=org["sec_b"].pk, position_id=nam.position_id)

    assert (acting.status_code, again.status_code, own.status_code) == (201, 201, 201)
    nam.refresh_from_db()
    assert nam.unit == org["sec_b"]


def test_the_administration_shows_the_post_read_only_and_refuses_a_primary_post(
    org,
    admin_client,
):
    hoa = _hr_synced(org["staff_a"])
    url = reverse("admin:org_person_change", args=[hoa.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    assert "unit" not in form.fields and "position" not in form.fields  # read-only
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(user="", is_active="on")
    if hoa.date_of_birth:
        data.pop("date_of_birth", None)
    post = hoa.posts.get()
    data.update(
        {
            "posts-TOTAL_FORMS": 1,
            "posts-INITIAL_FORMS": 1,
            "posts-0-id": post.pk,
            "posts-0-person": hoa.pk,
            "posts-0-unit": org["sec_b"].pk,
            "posts-0-position": post.position_id,
            "posts-0-kind": "primary",
            "posts-0-valid_from": "01/01/2020",
            "posts-0-valid_to": "",
            "posts-0-decision": "",
        }
    )

    refused = admin_client.post(url, data)

    assert refused.status_code == 200
    assert "Vị trí công tác chính do hệ thống quản lý nhân sự quản lý" in refused.content.decode()
    post.refresh_from_db()
    assert post.unit == org["sec_a"]
    data["posts-0-unit"] = org["sec_a"].pk  # the post as it is: the rest of the page saves
    assert admin_client.post(url, data).status_code == 302
