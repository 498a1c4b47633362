"""The Excel people import and the HR system's people (issue 15): for a person the HR sync
has written, a row changing a field the HR system carries — a detail or the post (unit,
position) — is a row error naming the field, and the file applies nothing; a row repeating
the stored values, or changing only what the HR system does not carry, passes."""

import io

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from thidua.org.importing import people_import
from thidua.org.models import Person

from ..factories import PositionFactory, import_workbook, person_import_row
from .test_hr_sync import admin, everyone, sync, write_csv  # noqa: F401

MANAGED = "do hệ thống quản lý nhân sự quản lý: hãy sửa trong hệ thống đó"
# the directory as the HR sync's source carries the name, the e-mail and the phone only
FROM_DIRECTORY = override_settings(
    THIDUA_HR_SYNC_SOURCE="directory", THIDUA_HR_SYNC_LDAP_ATTRS={}, THIDUA_HR_SYNC_LDAP_DEFAULTS={}
)


def _import(actor, people):
    with translation.override("vi"):
        return people_import(actor=actor, file=io.BytesIO(import_workbook(people=people)))


def _hr_synced(person) -> Person:
    Person.objects.filter(pk=person.pk).update(hr_synced_at=timezone.now())
    person.refresh_from_db()
    return person


def test_a_changed_hr_field_of_a_synced_person_is_a_row_error_and_nothing_is_applied(
    org,
    admin,  # noqa: F811
    tmp_path,
):
    assert sync(admin, write_csv(tmp_path / "nhansu.csv", everyone(org))).status == "applied"
    hoa, nam = (Person.objects.get(pk=org[k].pk) for k in ("staff_a", "colleague_a"))
    own = Person.objects.create(
        employee_code="TD-1", full_name="Trần Thị Riêng", category="cong_chuc", unit=org["sec_a"]
    )
    rows = [
        person_import_row(hoa) | {"phone": "0977111222", "full_name": "Trần Thị Hoa Mai"},
        person_import_row(nam) | {"email": "nam.moi@bo.example"},
        {**person_import_row(nam), "employee_code": own.employee_code, "phone": "0977000111"},
    ]
    rows[2].update(full_name=own.full_name, unit="CA-P1", position="CV")

    result = _import(admin, rows)

    errors = [(e.row, e.column, e.message) for e in result.errors]
    assert [(row, column) for row, column, _m in errors] == [
        (2, "Họ và tên"),
        (2, "Điện thoại"),
        (3, "Email"),
    ]
    assert all(MANAGED in message for _r, _c, message in errors)
    assert "Trường “điện thoại” do hệ thống quản lý nhân sự quản lý" in errors[1][2]
    hoa.refresh_from_db()
    own.refresh_from_db()
    assert (hoa.phone, hoa.full_name) == (org["staff_a"].phone, org["staff_a"].full_name)
    assert own.phone == ""  # Thi Đua's own record would have passed, but nothing is applied


def test_a_synced_person_repeated_unchanged_passes_and_thi_duas_own_record_is_changed(
    org,
    admin,  # noqa: F811
):
    hoa = _hr_synced(org["staff_a"])
    nam = org["colleague_a"]

    result = _import(
        admin, [person_import_row(hoa), person_import_row(nam) | {"phone": "0977111222"}]
    )

    assert result.ok, result.errors
    assert (result.people.unchanged, result.people.updated) == (1, 1)
    nam.refresh_from_db()
    assert nam.phone == "0977111222"


def test_a_field_the_hr_source_does_not_carry_may_still_be_changed_by_the_import(
    org,
    admin,  # noqa: F811
):
    hoa = _hr_synced(org["staff_a"])
    with FROM_DIRECTORY:
        passed = _import(admin, [person_import_row(hoa) | {"rank": "Chuyên viên chính"}])
        refused = _import(admin, [person_import_row(hoa) | {"full_name": "Tên Khác"}])

    assert passed.ok, passed.errors
    assert [(e.column, MANAGED in e.message) for e in refused.errors] == [("Họ và tên", True)]
    hoa.refresh_from_db()
    assert (hoa.rank, hoa.full_name) == ("Chuyên viên chính", org["staff_a"].full_name)


@pytest.mark.parametrize(
    ("cells", "columns"),
    [
        ({"unit": "CB-P1"}, ["Mã đơn vị"]),
        ({"position": "PTP"}, ["Mã chức vụ"]),
        ({"unit": "CB-P1", "position": "PTP"}, ["Mã đơn vị", "Mã chức vụ"]),
    ],
)
def test_moving_a_synced_person_is_a_row_error_naming_the_unit_or_position(
    org,
    admin,  # noqa: F811
    cells,
    columns,
):
    PositionFactory(code="PTP", name="Phó Trưởng phòng", level=1)
    hoa = _hr_synced(org["staff_a"])
    row = person_import_row(hoa) | {"post_from": "01/06/2026", **cells}

    result = _import(admin, [row])

    assert [e.column for e in result.errors] == columns
    field = {"Mã đơn vị": "đơn vị", "Mã chức vụ": "chức vụ"}
    assert [e.message for e in result.errors] == [
        f"Trường “{field[c]}” do hệ thống quản lý nhân sự quản lý: hãy sửa trong hệ thống đó, "
        "lần đồng bộ sau sẽ đưa thay đổi vào Thi Đua."
        for c in columns
    ]
    assert hoa.posts.count() == 1
    hoa.refresh_from_db()
    assert hoa.unit == org["sec_a"]


def test_an_unknown_unit_code_for_a_synced_person_is_named_once(org, admin):  # noqa: F811
    hoa = _hr_synced(org["staff_a"])

    result = _import(
        admin, [person_import_row(hoa) | {"unit": "KHONG-CO", "post_from": "01/06/2026"}]
    )

    assert [e.column for e in result.errors] == ["Mã đơn vị"]
    assert MANAGED not in result.errors[0].message


def test_the_templates_guide_says_the_hr_systems_people_are_changed_there(org, admin):  # noqa: F811
    from openpyxl import load_workbook

    from thidua.org.importing import GUIDE_SHEET, import_template

    with translation.override("vi"):
        workbook = load_workbook(io.BytesIO(import_template(actor=admin)))
    guide = {c.value for row in workbook[GUIDE_SHEET].iter_rows() for c in row}
    assert any(
        isinstance(v, str) and v.startswith("Cán bộ được đồng bộ từ hệ thống quản lý nhân sự")
        for v in guide
    )
