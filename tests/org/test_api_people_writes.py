"""Organisation API, a person's record (issue 15, point 2): a new person and a change of
their own fields, for administrators only, through thidua/org/services/people.py — a
secretary or a member of staff is refused with nothing written; bad input answers 422 with
the Vietnamese message and writes nothing; a change needs If-Match (428 without, 412 when
stale); each write is audited."""

import json
from datetime import date, timedelta

import pytest
from django.utils import translation

from thidua.accounts.tokens import token_create
from thidua.core.models import AuditEvent
from thidua.org.models import Person, PersonPosition

from ..factories import PositionFactory
from ..party.conftest import party  # noqa: F401

API = "/api/v1/org"
TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


def _send(client, method, url, data, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    call = getattr(client, method)
    return call(url, json.dumps(data), content_type="application/json", **headers)


def _new(org, position, **extra):
    return {
        "employee_code": "NV-API-1",
        "full_name": "  Nguyễn   Văn  Mới ",
        "unit_id": org["sec_a"].pk,
        "position_id": position.pk,
        "category": "cong_chuc",
        "post_from": "2025-06-01",
        "email": "moi@thidua.example",
        **extra,
    }


def _messages(answer) -> str:
    return " ".join(item["msg"] for item in answer.json()["detail"])


def test_an_administrator_adds_a_person_with_a_first_post(org, org_admin, client):
    position = PositionFactory()
    client.force_login(org_admin)
    answer = _send(client, "post", f"{API}/people", _new(org, position, grade=3))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["full_name"] == "Nguyễn Văn Mới" and body["employee_code"] == "NV-API-1"
    assert body["unit_id"] == org["sec_a"].pk and body["grade"] == 3
    person = Person.objects.get(employee_code="NV-API-1")
    post = PersonPosition.objects.get(person=person)
    assert (post.unit_id, post.position_id, post.valid_from) == (
        org["sec_a"].pk,
        position.pk,
        date(2025, 6, 1),
    )
    event = AuditEvent.objects.get(action="person.created", target_id=str(person.pk))
    assert event.actor_id == org_admin.pk


def test_bad_new_people_are_refused_in_vietnamese_with_nothing_written(org, org_admin, client):
    position = PositionFactory()
    client.force_login(org_admin)
    taken = org["staff_a"].employee_code
    before = (Person.objects.count(), PersonPosition.objects.count(), AuditEvent.objects.count())
    answers = {
        "taken": _send(client, "post", f"{API}/people", _new(org, position, employee_code=taken)),
        "email": _send(client, "post", f"{API}/people", _new(org, position, email="không-phải")),
        "early": _send(
            client, "post", f"{API}/people", _new(org, position, post_from="2019-01-01")
        ),
        "category": _send(client, "post", f"{API}/people", _new(org, position, category="x")),
        "blank": _send(client, "post", f"{API}/people", _new(org, position, full_name="  ")),
        "long": _send(client, "post", f"{API}/people", _new(org, position, full_name="A" * 121)),
    }
    assert {k: a.status_code for k, a in answers.items()} == dict.fromkeys(answers, 422)
    assert "đã tồn tại" in _messages(answers["taken"])
    assert "Nhập địa chỉ email" in _messages(answers["email"])
    assert "Đơn vị" in _messages(answers["early"])
    unknown_unit = _send(client, "post", f"{API}/people", _new(org, position, unit_id=987654))
    assert unknown_unit.status_code == 404
    after = (Person.objects.count(), PersonPosition.objects.count(), AuditEvent.objects.count())
    assert after == before


@pytest.mark.parametrize("who", ["secretary", "head", "staff"])
def test_only_an_administrator_adds_or_changes_a_person(who, org, party, client):  # noqa: F811
    user = {
        "secretary": party["secretary_a"].user,
        "head": org["head_a"].user,
        "staff": org["staff_a"].user,
    }[who]
    client.force_login(user)
    position = PositionFactory()
    person = org["colleague_a"]
    before = (Person.objects.count(), Person.objects.get(pk=person.pk).full_name)
    added = _send(client, "post", f"{API}/people", _new(org, position))
    changed = _send(client, "patch", f"{API}/people/{person.pk}", {"full_name": "Khác"}, "*")
    unknown = _send(client, "patch", f"{API}/people/987654", {"full_name": "Khác"}, "*")
    assert (added.status_code, changed.status_code, unknown.status_code) == (403, 403, 403)
    assert "quản trị" in added.json()["detail"]
    assert (Person.objects.count(), Person.objects.get(pk=person.pk).full_name) == before


def test_an_administrator_changes_a_persons_own_fields_with_if_match(org, org_admin, client):
    person = org["colleague_a"]
    url = f"{API}/people/{person.pk}"
    client.force_login(org_admin)
    read = client.get(url)
    etag = read["ETag"]
    assert read.json()["employee_code"] == person.employee_code
    change = {"full_name": "Lê Văn Nam Mới", "phone": "0912 345 678", "rank": "Chuyên viên"}
    assert _send(client, "patch", url, change).status_code == 428
    done = _send(client, "patch", url, change, etag)
    assert done.status_code == 200, done.content
    assert done.json()["full_name"] == "Lê Văn Nam Mới" and done.json()["phone"] == "0912 345 678"
    assert client.get(url)["ETag"] != etag
    stale = _send(client, "patch", url, {"full_name": "Ghi đè"}, etag)
    assert stale.status_code == 412
    person.refresh_from_db()
    assert (person.full_name, person.rank, person.email) == (
        "Lê Văn Nam Mới",
        "Chuyên viên",
        f"{person.employee_code.lower()}@thidua.example",
    )
    event = AuditEvent.objects.get(action="person.updated", target_id=str(person.pk))
    assert event.data["changes"]["full_name"] == ["Lê Văn Nam", "Lê Văn Nam Mới"]


def test_a_bad_change_writes_nothing(org, org_admin, client):
    person = org["colleague_a"]
    url = f"{API}/people/{person.pk}"
    client.force_login(org_admin)
    etag = client.get(url)["ETag"]
    events = AuditEvent.objects.count()
    bad = _send(client, "patch", url, {"full_name": "Tên mới", "email": "sai@"}, etag)
    assert bad.status_code == 422 and "Nhập địa chỉ email" in _messages(bad)
    null_name = _send(client, "patch", url, {"full_name": None}, etag)
    assert null_name.status_code == 422
    key = _send(client, "patch", url, {"employee_code": "NV-KHAC"}, etag)
    assert key.status_code == 200  # not a field of the change: ignored
    person.refresh_from_db()
    assert person.full_name == "Lê Văn Nam" and person.employee_code != "NV-KHAC"
    assert AuditEvent.objects.count() == events
    assert _send(client, "patch", f"{API}/people/987654", {"rank": "X"}, "*").status_code == 404


def test_staff_see_no_etag_on_someone_elses_record(org, client):
    client.force_login(org["staff_b"].user)
    answer = client.get(f"{API}/people/{org['colleague_a'].pk}")
    assert answer.status_code == 200 and "employee_code" not in answer.json()
    assert "ETag" not in answer


def test_a_token_needs_org_write_to_add_or_change_a_person(org, org_admin, client, monkeypatch):
    monkeypatch.undo()  # a token's expiry is judged on the real clock
    secret = token_create(
        actor=org_admin,
        name="Tổ chức",
        scopes=["org:read"],
        expires_on=date.today() + timedelta(days=30),
    ).secret
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    person = org["colleague_a"]
    position = PositionFactory()
    body = json.dumps(_new(org, position))
    added = client.post(f"{API}/people", body, content_type="application/json", **bearer)
    changed = client.patch(
        f"{API}/people/{person.pk}",
        json.dumps({"full_name": "Khác"}),
        content_type="application/json",
        HTTP_IF_MATCH="*",
        **bearer,
    )
    assert (added.status_code, changed.status_code) == (403, 403)
    assert "org:write" in added.json()["detail"]
    assert not Person.objects.filter(employee_code="NV-API-1").exists()
    assert Person.objects.get(pk=person.pk).full_name == person.full_name
