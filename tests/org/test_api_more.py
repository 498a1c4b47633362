"""Organisation API, the remaining writes (issue 15, point 2): dissolving a unit and adding a
position to the catalogue — administrators only, through org.services; a unit with people or
sub-units still in it is refused, as are a duplicate code and a stale ETag, with nothing
written. And the HR sync's page speaks of the directory, not of a file, when the people come
from the directory (THIDUA_HR_SYNC_SOURCE=directory)."""

import json
from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.models import AuditEvent
from thidua.org.models import Position, Unit, UnitChange, UnitName

from ..factories import UnitFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/org"
TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _post(client, url, data=None, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.post(url, json.dumps(data or {}), content_type="application/json", **headers)


def _units():
    return sorted(Unit.objects.values_list("pk", "valid_to"))


def test_an_administrator_dissolves_an_empty_unit(org, org_admin, client):
    empty = UnitFactory(code="CA-P9", name="Phòng A9", parent=org["dept_a"], kind="section")
    url = f"{API}/units/{empty.pk}"
    body = {"effective_on": "2025-08-01", "basis": "QĐ 12/QĐ-BTN"}
    client.force_login(org["head_a"].user)
    assert _post(client, f"{url}/close", body).status_code == 403
    assert Unit.objects.get(pk=empty.pk).valid_to is None
    client.force_login(org_admin)
    etag = client.get(url)["ETag"]
    Unit.objects.filter(pk=empty.pk).update(short_name="A9")  # someone changed it meanwhile
    assert _post(client, f"{url}/close", body, etag).status_code == 412
    assert Unit.objects.get(pk=empty.pk).valid_to is None
    closed = _post(client, f"{url}/close", body, client.get(url)["ETag"])
    assert closed.status_code == 200, closed.content
    assert closed.json()["kind"] == "dissolve" and closed.json()["source_ids"] == [empty.pk]
    empty.refresh_from_db()
    assert empty.valid_to == date(2025, 8, 1)
    assert UnitName.objects.get(unit=empty).valid_to == date(2025, 8, 1)
    change = UnitChange.objects.get(kind="dissolve")
    assert change.basis == "QĐ 12/QĐ-BTN"
    assert AuditEvent.objects.filter(action="unit.dissolved", target_id=str(empty.pk)).exists()
    assert _post(client, f"{url}/close", body).status_code == 422  # already closed


def test_a_unit_with_people_or_sub_units_is_not_dissolved(org, org_admin, client):
    client.force_login(org_admin)
    before = _units()
    body = {"effective_on": "2025-08-01"}
    with_people = _post(client, f"{API}/units/{org['sec_a'].pk}/close", body)
    assert with_people.status_code == 422, with_people.content
    with_children = _post(client, f"{API}/units/{org['dept_b'].pk}/close", body)
    assert with_children.status_code == 422
    assert _units() == before
    assert not UnitChange.objects.filter(kind="dissolve").exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"effective_on": "01/08/2025"},
        {"effective_on": "2025-08-01", "basis": "x" * 1000},
        {"effective_on": "2000-01-01"},  # before the unit was established
    ],
)
def test_bad_closing_input_is_refused_with_422(org, org_admin, client, body):
    empty = UnitFactory(code="CA-P8", name="Phòng A8", parent=org["dept_a"], valid_from=TODAY)
    client.force_login(org_admin)
    assert _post(client, f"{API}/units/{empty.pk}/close", body).status_code == 422
    assert Unit.objects.get(pk=empty.pk).valid_to is None


def test_an_administrator_adds_a_position(org, org_admin, client):
    body = {"code": "PVT", "name": "Phó Vụ trưởng", "is_deputy": True, "level": 3}
    client.force_login(org["head_a"].user)
    assert _post(client, f"{API}/positions", body).status_code == 403
    assert not Position.objects.filter(code="PVT").exists()
    client.force_login(org_admin)
    created = _post(client, f"{API}/positions", body)
    assert created.status_code == 201, created.content
    position = Position.objects.get(code="PVT")
    assert (position.name, position.is_deputy, position.is_head, position.level) == (
        "Phó Vụ trưởng",
        True,
        False,
        3,
    )
    assert created.json()["id"] == position.pk
    assert AuditEvent.objects.filter(action="position.created").exists()
    listed = client.get(f"{API}/positions?search=PVT").json()["items"]
    assert [p["code"] for p in listed] == ["PVT"]
    count = Position.objects.count()
    for bad in (
        body,  # the same code
        {**body, "code": "PVT2", "is_head": True},  # head and deputy
        {**body, "code": ""},
        {**body, "code": "x" * 40},
        {**body, "code": "PVT3", "level": -1},
        {"code": "PVT4"},
    ):
        assert _post(client, f"{API}/positions", bad).status_code == 422, bad
    assert Position.objects.count() == count


@pytest.mark.parametrize("source", ["file", "directory"])
def test_the_sync_page_speaks_of_its_source(org_admin, client, source):
    client.force_login(org_admin)
    with override_settings(
        THIDUA_HR_SYNC_SOURCE=source, AUTH_LDAP_SERVER_URI="", THIDUA_HR_SYNC_PATH=""
    ):
        page = client.get(reverse("org:hr_sync"))
    assert page.status_code == 200
    text = page.content.decode()
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        no_server = _(
            "No directory server is configured (AUTH_LDAP_SERVER_URI): the nightly sync reads "
            "nothing."
        )
        not_in_directory, not_in_file = _("Not in the directory"), _("Not in the file")
    if source == "directory":
        assert no_server in text and "THIDUA_HR_SYNC_PATH" not in text
        assert not_in_file not in text
    else:
        assert "THIDUA_HR_SYNC_PATH" in text and no_server not in text
        assert not_in_directory not in text
