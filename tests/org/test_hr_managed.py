"""The HR system is the source of truth for the person's fields it carries (issue 15, point
3): once the HR sync has written a person, those fields are refused by the API (422, the
field named, "managed by the HR system") and read-only in the administration, while the
fields it does not carry stay editable; a sync that replaces a value changed in Thi Đua says
so in its report instead of overwriting it without a word."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from thidua.core.audit import audit_for
from thidua.org.models import Person
from thidua.org.services import people as services_people

from .test_hr_sync import admin, everyone, row_of, sync, write_csv  # noqa: F401

API = "/api/v1/org"
# With the directory as the source, only the columns mapped by default are the HR system's:
# the name, the e-mail and the phone (docs/HR_SYNC.md); rank, grade, birth date… are not.
FROM_DIRECTORY = override_settings(
    THIDUA_HR_SYNC_SOURCE="directory", THIDUA_HR_SYNC_LDAP_ATTRS={}, THIDUA_HR_SYNC_LDAP_DEFAULTS={}
)


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


def _patch(client, person, data):
    url = f"{API}/people/{person.pk}"
    etag = client.get(url)["ETag"]
    return client.patch(url, json.dumps(data), content_type="application/json", HTTP_IF_MATCH=etag)


def _synced(org, admin, tmp_path):  # noqa: F811
    """Everyone in the export once: from now on their records are the HR system's."""
    run = sync(admin, write_csv(tmp_path / "nhansu.csv", everyone(org)))
    assert run.status == "applied", run.errors
    return run


def test_an_hr_managed_field_is_refused_by_the_api_naming_the_field(
    org,
    admin,  # noqa: F811
    client,
    tmp_path,
):
    _synced(org, admin, tmp_path)
    person = org["staff_a"]
    client.force_login(admin)
    assert client.get(f"{API}/people/{person.pk}").json()["hr_managed_fields"] == [
        "full_name",
        "date_of_birth",
        "gender",
        "category",
        "rank",
        "grade",
        "email",
        "phone",
    ]
    # the post too: a move is the HR system's (POST people/{id}/posts refuses it)
    assert client.get(f"{API}/people/{person.pk}").json()["hr_managed_post_fields"] == [
        "unit",
        "position",
    ]

    refused = _patch(client, person, {"phone": "0977111222"})

    assert refused.status_code == 422
    message = " ".join(item["msg"] for item in refused.json()["detail"])
    assert "“điện thoại” do hệ thống quản lý nhân sự quản lý" in message
    person.refresh_from_db()
    assert person.phone != "0977111222"
    # the same value sent back (a client sending the whole record) is no change
    assert _patch(client, person, {"phone": person.phone}).status_code == 200


def test_with_the_directory_as_source_the_fields_it_does_not_carry_stay_editable(
    org,
    admin,  # noqa: F811
    client,
    tmp_path,
):
    _synced(org, admin, tmp_path)
    person = org["staff_a"]
    client.force_login(admin)
    with FROM_DIRECTORY:
        assert client.get(f"{API}/people/{person.pk}").json()["hr_managed_fields"] == [
            "full_name",
            "email",
            "phone",
        ]
        accepted = _patch(client, person, {"rank": "Chuyên viên chính", "grade": 4})
        refused = _patch(client, person, {"full_name": "Tên Khác"})

    assert accepted.status_code == 200, accepted.content
    assert refused.status_code == 422
    message = " ".join(item["msg"] for item in refused.json()["detail"])
    assert "“họ và tên” do hệ thống quản lý nhân sự quản lý" in message
    person.refresh_from_db()
    assert (person.rank, person.grade) == ("Chuyên viên chính", 4)
    assert person.full_name == org["staff_a"].full_name


def test_a_record_the_hr_sync_never_wrote_is_thi_duas_own_and_editable(org, admin, client):  # noqa: F811
    person = org["staff_a"]
    client.force_login(admin)
    got = client.get(f"{API}/people/{person.pk}").json()
    assert (got["hr_managed_fields"], got["hr_managed_post_fields"]) == ([], [])
    assert _patch(client, person, {"phone": "0977111222"}).status_code == 200


def test_the_administration_shows_hr_fields_read_only_with_the_note(
    org,
    admin,  # noqa: F811
    admin_client,
    tmp_path,
):
    _synced(org, admin, tmp_path)
    own = Person.objects.create(
        employee_code="TD-1", full_name="Trần Thị Riêng", category="cong_chuc", unit=org["sec_a"]
    )
    hr_page = admin_client.get(reverse("admin:org_person_change", args=[org["staff_a"].pk]))
    own_page = admin_client.get(reverse("admin:org_person_change", args=[own.pk]))
    with FROM_DIRECTORY:
        directory_page = admin_client.get(
            reverse("admin:org_person_change", args=[org["staff_a"].pk])
        )

    hr, mine, directory = (p.content.decode() for p in (hr_page, own_page, directory_page))
    assert 'name="phone"' not in hr and 'name="full_name"' not in hr
    assert "do hệ thống quản lý nhân sự quản lý: hãy sửa trong hệ thống đó" in hr
    assert 'name="phone"' in mine and "do hệ thống quản lý nhân sự quản lý" not in mine
    assert 'name="phone"' not in directory and 'name="rank"' in directory


def test_a_change_made_in_the_administration_is_audited(org, admin_client):
    person = org["staff_a"]
    page = admin_client.get(reverse("admin:org_person_change", args=[person.pk]))
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(phone="0987654321", unit=person.unit_id, position=person.position_id, user="")
    data.update({"posts-TOTAL_FORMS": 0, "posts-INITIAL_FORMS": 0, "is_active": "on"})
    data["date_of_birth"] = person.date_of_birth.strftime("%d/%m/%Y")

    saved = admin_client.post(reverse("admin:org_person_change", args=[person.pk]), data)

    assert saved.status_code == 302, saved.content.decode()[:3000]
    event = audit_for(person).get(action="org.person.changed_in_admin")
    assert event.data["changes"]["phone"][1] == "0987654321"


def test_a_sync_replacing_a_value_changed_in_thi_dua_says_so_in_its_report(
    org,
    admin,  # noqa: F811
    admin_client,
    tmp_path,
):
    person = org["staff_a"]
    hr_row = row_of(person)  # what the HR system holds: the phone as it was
    # changed in Thi Đua while the record was still its own (or before this rule existed)
    services_people.person_update(actor=admin, person=person, phone="0977111222")

    run = sync(admin, write_csv(tmp_path / "nhansu.csv", everyone(org, staff_a=hr_row)))

    person.refresh_from_db()
    assert person.phone == hr_row["phone"] and person.hr_synced_at is not None
    line = next(line for line in run.changes if line["code"] == person.employee_code)
    assert line["local_edits"] == ["phone"]
    assert "Với 1 người, giá trị của hệ thống nhân sự đã thay thế" in run.message
    page = admin_client.get(reverse("org:hr_sync_run", args=[run.pk])).content.decode()
    assert "Đã được sửa trong Thi Đua, nay thay bằng giá trị của hệ thống nhân sự:" in page


def test_a_change_coming_from_the_hr_system_alone_is_not_called_a_local_edit(
    org,
    admin,  # noqa: F811
    tmp_path,
):
    person = org["staff_a"]
    hr_row = row_of(person)
    services_people.person_update(actor=admin, person=person, phone="0977111222")
    first = sync(admin, write_csv(tmp_path / "nhansu.csv", everyone(org, staff_a=hr_row)))
    assert "Với 1 người" in first.message  # that change replaced, and said so
    changed = {**hr_row, "email": "moi@thidua.example"}

    run = sync(admin, write_csv(tmp_path / "nhansu2.csv", everyone(org, staff_a=changed)))

    line = next(line for line in run.changes if line["code"] == person.employee_code)
    assert line["details"] == ["email"] and "local_edits" not in line
    assert "giá trị của hệ thống nhân sự đã thay thế" not in run.message


def test_with_the_directory_as_source_the_sync_leaves_the_fields_it_does_not_carry(
    org,
    admin,  # noqa: F811
    tmp_path,
):
    person = org["staff_a"]
    Person.objects.filter(pk=person.pk).update(rank="Chuyên viên chính", grade=4)
    row = row_of(person, full_name="Nguyễn Văn A Mới")  # no rank, no grade: not carried

    with FROM_DIRECTORY:
        run = sync(admin, write_csv(tmp_path / "nhansu.csv", everyone(org, staff_a=row)))

    person.refresh_from_db()
    assert run.status == "applied", run.errors
    assert (person.full_name, person.rank, person.grade) == (
        "Nguyễn Văn A Mới",
        "Chuyên viên chính",
        4,
    )
