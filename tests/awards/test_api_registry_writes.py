# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API, the registry's writes (issue 15, point 2): the emulation office records an
award, revokes one (If-Match checked when sent; twice: 409) and imports history from the
documented CSV (all or nothing, every row's problem listed) — the pages' services and checks;
staff and a unit head refused with nothing written, bad input 422."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.awards.models import Award
from thidua.awards.services import registry as registry_services
from thidua.core.models import AuditEvent

from ..factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"
HEADER = "employee_code,unit_code,code,kind,year,decision_number,decision_date,issuer\n"


def _post(client, url, data=None, **headers):
    body = "" if data is None else json.dumps(data)
    return client.generic("POST", url, body, content_type="application/json", **headers)


def _award_body(**changes):
    body = {
        "code": "BK_BO",
        "kind": "cong_trang",
        "year": 2024,
        "decision_number": "9/QĐ-BTN",
        "decision_date": "2025-01-10",
        "issuer": "Bộ trưởng",
    }
    return {**body, **changes}


def _upload(client, text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        f"{API}/registry/import", {"file": SimpleUploadedFile("lich_su.csv", data, "text/csv")}
    )


@pytest.fixture
def award(org, officer):
    return registry_services.award_record(
        actor=officer.user,
        person=org["staff_a"],
        code="LDTT",
        year=2023,
        decision_number="12/QĐ-BTN",
        decision_date=date(2023, 12, 20),
        issuer="Bộ Thử nghiệm",
    )


def test_the_office_records_an_award_for_a_person_and_a_unit_as_the_page_does(org, officer, client):
    person = PersonFactory(unit=org["sec_b"], full_name="Đỗ Thị Khen")
    client.force_login(officer.user)

    given = _post(client, f"{API}/registry", _award_body(person_id=person.pk))
    collective = _post(
        client, f"{API}/registry", _award_body(unit_id=org["sec_a"].pk, code="TLDTT", year=2023)
    )

    assert given.status_code == 201, given.content
    assert given["ETag"]
    body = given.json()
    award = Award.objects.get(pk=body["id"])
    assert (award.person, award.code, award.kind, award.year) == (
        person,
        "BK_BO",
        "cong_trang",
        2024,
    )
    assert (award.decision_number, award.decision_date) == ("9/QĐ-BTN", date(2025, 1, 10))
    assert body["subject"] == "Đỗ Thị Khen" and body["subject_unit"] == org["sec_b"].name
    assert body["imported"] is False and body["revoked_on"] is None
    assert collective.status_code == 201, collective.content
    assert collective.json()["unit_id"] == org["sec_a"].pk
    assert collective.json()["person_id"] is None
    recorded = AuditEvent.objects.filter(action="award.recorded", actor=officer.user)
    assert recorded.count() == 2


@pytest.mark.parametrize("who", ["staff_a", "head_a"])
def test_staff_and_a_unit_head_are_refused_and_nothing_changes(org, officer, award, client, who):
    client.force_login(org[who].user)
    before = list(Award.objects.values_list("pk", "revoked_on", "revoke_reason"))

    record = _post(client, f"{API}/registry", _award_body(person_id=org["staff_b"].pk))
    revoke = _post(client, f"{API}/registry/{award.pk}/revoke", {"reason": "Sai"})
    imported = _upload(
        client, HEADER + f"{org['staff_b'].employee_code},,LDTT,,2022,1/QĐ,10/01/2023,Bộ\n"
    )

    assert (record.status_code, revoke.status_code, imported.status_code) == (403, 403, 403)
    assert list(Award.objects.values_list("pk", "revoked_on", "revoke_reason")) == before


def test_bad_input_is_422_and_nothing_is_written(org, officer, client):
    client.force_login(officer.user)
    person = org["staff_b"].pk
    cases = {
        "nothing": {},
        "no decision number": {
            k: v for k, v in _award_body(person_id=person).items() if k != "decision_number"
        },
        "no recipient": _award_body(),
        "both recipients": _award_body(person_id=person, unit_id=org["sec_a"].pk),
        "a collective's title for a person": _award_body(person_id=person, code="TLDTT"),
        "unknown code": _award_body(person_id=person, code="NOPE"),
        "unknown person": _award_body(person_id=10**9),
        "decision before the year": _award_body(person_id=person, decision_date="2023-05-01"),
        "blank issuer": _award_body(person_id=person, issuer="  "),
        "a date as a number": _award_body(person_id=person, decision_date=20250110),
    }
    for name, body in cases.items():
        response = _post(client, f"{API}/registry", body)
        assert response.status_code == 422, (name, response.content)
        assert response.json()["detail"], name
    assert not Award.objects.exists()
    no_recipient = _post(client, f"{API}/registry", _award_body()).json()["detail"]
    assert no_recipient[0]["loc"] == ["body", "recipient"]


def test_the_office_revokes_once_with_a_reason_then_409(org, officer, award, client):
    client.force_login(officer.user)
    url = f"{API}/registry/{award.pk}/revoke"

    for body in ({}, {"reason": "   "}):
        assert _post(client, url, body).status_code == 422, body
    award.refresh_from_db()
    assert award.revoked_on is None

    revoked = _post(client, url, {"reason": "Hồ sơ không trung thực"})
    again = _post(client, url, {"reason": "Lần nữa"})

    assert revoked.status_code == 200, revoked.content
    assert revoked["ETag"]
    assert revoked.json()["revoked_on"] == timezone.localdate().isoformat()
    award.refresh_from_db()
    assert (award.revoked_on, award.revoke_reason) == (
        timezone.localdate(),
        "Hồ sơ không trung thực",
    )
    assert again.status_code == 409, again.content
    award.refresh_from_db()
    assert award.revoke_reason == "Hồ sơ không trung thực"
    assert AuditEvent.objects.filter(action="award.revoked").count() == 1
    assert _post(client, f"{API}/registry/{10**9}/revoke", {"reason": "x"}).status_code == 404


def test_a_stale_if_match_is_412_and_the_current_one_revokes(org, officer, client):
    client.force_login(officer.user)
    recorded = _post(client, f"{API}/registry", _award_body(person_id=org["staff_b"].pk))
    etag = recorded["ETag"]
    url = f"{API}/registry/{recorded.json()['id']}/revoke"

    stale = _post(client, url, {"reason": "Sai"}, HTTP_IF_MATCH='"0123456789abcdef"')
    assert stale.status_code == 412, stale.content
    assert Award.objects.get(pk=recorded.json()["id"]).revoked_on is None

    current = _post(client, url, {"reason": "Sai"}, HTTP_IF_MATCH=etag)
    assert current.status_code == 200, current.content
    assert current["ETag"] != etag


def test_the_office_imports_history_all_or_nothing(org, officer, client):
    client.force_login(officer.user)
    unit = UnitFactory(parent=org["root"], code="PTN", name="Phòng Thử nghiệm")
    good = (
        HEADER
        + f"{org['staff_a'].employee_code},,LDTT,,2019,5/QĐ-BTN,20/12/2019,Bộ trưởng\n"
        + ",PTN,TLDTT,,2019,6/QĐ-BTN,21/12/2019,Bộ trưởng\n"
    )

    first = _upload(client, good)
    again = _upload(client, good)

    assert first.status_code == 200, first.content
    assert first.json() == {"created": 2, "unchanged": 0}
    assert again.json() == {"created": 0, "unchanged": 2}
    assert set(Award.objects.values_list("person_id", "unit_id", "imported")) == {
        (org["staff_a"].pk, None, True),
        (None, unit.pk, True),
    }

    bad = (
        HEADER
        + f"{org['staff_b'].employee_code},,LDTT,,2020,7/QĐ-BTN,20/12/2020,Bộ trưởng\n"
        + f"{org['staff_b'].employee_code},,NOPE,,2020,8/QĐ-BTN,2020-12-20,Bộ trưởng\n"
        + "NV-KHONG-CO,,LDTT,,2020,9/QĐ-BTN,20/12/2020,Bộ trưởng\n"
    )
    refused = _upload(client, bad)

    assert refused.status_code == 422, refused.content
    errors = {(e["row"], e["column"]) for e in refused.json()["errors"]}
    assert errors == {(3, "code"), (3, "decision_date"), (4, "employee_code")}
    assert all(e["message"] for e in refused.json()["errors"])
    assert Award.objects.count() == 2  # the good row of the bad file was not imported


def test_an_import_that_is_not_a_csv_file_is_422(org, officer, client):
    client.force_login(officer.user)
    no_columns = _upload(client, "a,b\n1,2\n")
    not_utf8 = _upload(client, HEADER.encode() + "Bộ".encode("utf-16"))
    no_file = client.post(f"{API}/registry/import", {})

    assert no_columns.status_code == 422
    assert {e["row"] for e in no_columns.json()["errors"]} == {1}
    assert not_utf8.status_code == 422, not_utf8.content
    assert no_file.status_code == 422
    assert not Award.objects.exists()
