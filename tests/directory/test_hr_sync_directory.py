"""The HR sync reading people from the directory's attributes (thidua/directory/hr_source.py;
issue 15, point 3), against the real OpenLDAP server of these tests (ldap_server.py): the
entries are added under ou=hr by the directory's administrator for each test, and the sync
turns them into the export's rows — the same checks, dated changes and report as the file,
nothing applied when an entry has a problem."""

import contextlib
from datetime import date, timedelta

import ldap
import ldap.modlist
import pytest
from django.test import override_settings
from django.utils import timezone, translation

from thidua.core.actors import SYSTEM
from thidua.org.choices import EmploymentStatus, HrSyncStatus, HrSyncTrigger, Role
from thidua.org.hr_sync import hr_sync_run
from thidua.org.models import HrSyncRun, Person, PersonPosition
from thidua.org.services import role_grant
from thidua.org.tasks import hr_sync_scheduled

from ..factories import PersonFactory, PositionFactory, UnitFactory, UserFactory
from . import ldap_server as ds

HR = f"ou=hr,{ds.SUFFIX}"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{ds.SUFFIX}", "admin-secret"  # ldap_server.SLAPD_CONF


def entry_dn(uid: str) -> str:
    return f"uid={uid},{HR}"


@pytest.fixture
def hr_directory(ldap_server, use_directory):
    """Point the sync at ou=hr of the test directory; `add(uid, **attributes)` adds an entry,
    and every entry is removed after the test."""
    use_directory(ldap_server.uri)
    admin = ldap.initialize(ldap_server.uri)
    admin.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
    with contextlib.suppress(ldap.ALREADY_EXISTS):
        admin.add_s(
            HR, ldap.modlist.addModlist({"objectClass": [b"organizationalUnit"], "ou": [b"hr"]})
        )
    added: list[str] = []

    def add(uid: str, **attributes: str) -> str:
        values = {"objectClass": [b"inetOrgPerson"], "uid": [uid.encode()]}
        values["sn"] = [attributes.pop("sn", uid).encode()]
        for name, value in attributes.items():
            values[name] = [value.encode("utf-8")]
        admin.add_s(entry_dn(uid), ldap.modlist.addModlist(values))
        added.append(entry_dn(uid))
        return entry_dn(uid)

    def modify(uid: str, **attributes: str) -> None:
        admin.modify_s(
            entry_dn(uid),
            [(ldap.MOD_REPLACE, k, [v.encode("utf-8")]) for k, v in attributes.items()],
        )

    add.modify = modify  # type: ignore[attr-defined]
    with override_settings(
        THIDUA_HR_SYNC_SOURCE="directory",
        THIDUA_HR_SYNC_LDAP_BASE=HR,
        THIDUA_HR_SYNC_LDAP_FILTER="",
        THIDUA_HR_SYNC_LDAP_ATTRS={},
        THIDUA_HR_SYNC_LDAP_DEFAULTS={"category": "Công chức"},
        THIDUA_HR_SYNC_FULL_EXPORT=True,
    ):
        yield add
    for dn in reversed(added):
        admin.delete_s(dn)
    admin.unbind_s()


@pytest.fixture
def staff(db):
    root = UnitFactory(code="BO", name="Bộ Thử nghiệm", kind="ministry")
    ca = UnitFactory(code="CA", name="Cục A", parent=root)
    cb = UnitFactory(code="CB", name="Cục B", parent=root)
    cv = PositionFactory(code="CV", name="Chuyên viên")
    PositionFactory(code="TP", name="Trưởng phòng", is_head=True, level=2)
    admin = UserFactory(username="hr-admin")
    role_grant(actor=SYSTEM, user=admin, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    since = date(2020, 1, 1)
    people = {}
    for code, name in (("NV-HR-02", "Trần Văn Bình"), ("NV-HR-03", "Lê Thị Cúc")):
        person = PersonFactory(employee_code=code, full_name=name, unit=ca, position=cv)
        PersonPosition.objects.filter(person=person).update(valid_from=since)
        people[code] = person
    return {"ca": ca, "cb": cb, "admin": admin, **people}


def sync(staff) -> HrSyncRun:
    with translation.override("vi"):
        return hr_sync_run(actor=staff["admin"], trigger=HrSyncTrigger.MANUAL)


def posts_of(person) -> list[tuple[str, str, date, date | None]]:
    return [
        (p.unit.code, p.position.code, p.valid_from, p.valid_to)
        for p in PersonPosition.objects.filter(person=person).order_by("valid_from")
    ]


def the_staff(hr_directory, **changes):
    """The three people in the directory, each entry's attributes changed by `changes`."""
    entries = {
        "an": {"employeeNumber": "NV-HR-01", "cn": "Nguyễn Văn An", "departmentNumber": "CB"},
        "binh": {"employeeNumber": "NV-HR-02", "cn": "Trần Văn Bình", "departmentNumber": "CA"},
        "cuc": {"employeeNumber": "NV-HR-03", "cn": "Lê Thị Cúc", "departmentNumber": "CA"},
    }
    for uid, attributes in entries.items():
        attributes = {"title": "CV", "mail": f"{uid}@bo.test", **attributes}
        attributes.update(changes.get(uid, {}))
        hr_directory(uid, **{k: v for k, v in attributes.items() if v is not None})


def test_people_read_from_the_directory_are_added_moved_and_retired_on_the_day_seen(
    staff, hr_directory, monkeypatch
):
    the_staff(
        hr_directory,
        an={"title": "Chuyên viên"},  # a position's name, not its code
        binh={"departmentNumber": "CB", "title": "TP"},
        cuc={"employeeType": "Nghỉ hưu"},
    )
    today = timezone.localdate()

    run = sync(staff)

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert run.file_name == f"LDAP {HR}"
    assert (run.rows, run.created, run.moved, run.departed) == (3, 1, 1, 1)
    an = Person.objects.get(employee_code="NV-HR-01")
    assert (an.full_name, an.unit.code, an.position.code, an.category) == (
        "Nguyễn Văn An",
        "CB",
        "CV",
        "cong_chuc",  # THIDUA_HR_SYNC_LDAP_DEFAULTS' "Công chức"
    )
    assert posts_of(an) == [("CB", "CV", today, None)]
    assert posts_of(staff["NV-HR-02"]) == [
        ("CA", "CV", date(2020, 1, 1), today),
        ("CB", "TP", today, None),
    ]
    cuc = Person.objects.get(employee_code="NV-HR-03")
    assert (cuc.status, cuc.status_since, cuc.is_active) == (EmploymentStatus.RETIRED, today, False)
    # the report names the directory entries instead of row numbers
    assert {line["row"] for line in run.changes} == {
        entry_dn("an"),
        entry_dn("binh"),
        entry_dn("cuc"),
    }

    # the same directory again: not re-applied; a day later the retirement keeps its day
    assert sync(staff).status == HrSyncStatus.ALREADY_APPLIED
    hr_directory.modify("an", telephoneNumber="0987 654 321")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=1))
    later = sync(staff)
    assert later.status == HrSyncStatus.APPLIED, later.errors
    assert (later.departed, later.updated, later.moved) == (0, 1, 0)
    cuc.refresh_from_db()
    assert cuc.status_since == today


def test_an_entry_in_a_unit_that_does_not_exist_changes_nothing(staff, hr_directory):
    the_staff(hr_directory, binh={"departmentNumber": "KHONG-CO"}, cuc={"employeeType": "nghỉ"})
    people_before = Person.objects.count()
    posts_before = list(PersonPosition.objects.values_list("pk", "valid_to"))

    run = sync(staff)

    assert run.status == HrSyncStatus.REFUSED
    assert (Person.objects.count(), list(PersonPosition.objects.values_list("pk", "valid_to"))) == (
        people_before,
        posts_before,
    )
    problems = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert "KHONG-CO không tồn tại" in problems[(entry_dn("binh"), "Mã đơn vị")]
    assert "Trạng thái" in {column for _row, column in problems}
    assert run.message == "Một số mục trong thư mục có lỗi: không thay đổi dữ liệu nào."


def test_a_required_value_missing_from_an_entry_is_a_problem_of_that_entry(staff, hr_directory):
    the_staff(hr_directory, an={"departmentNumber": None})

    with override_settings(THIDUA_HR_SYNC_LDAP_DEFAULTS={}):
        run = sync(staff)

    assert run.status == HrSyncStatus.REFUSED
    columns = {(e["row"], e["column"]) for e in run.errors}
    assert (entry_dn("an"), "Mã đơn vị") in columns
    assert (entry_dn("an"), "Loại cán bộ") in columns  # no category attribute nor default
    assert not Person.objects.filter(employee_code="NV-HR-01").exists()


def test_the_attribute_map_and_the_filter_are_settings(staff, hr_directory):
    the_staff(hr_directory, an={"businessCategory": "Viên chức", "employeeType": "staff"})
    with override_settings(
        THIDUA_HR_SYNC_LDAP_ATTRS={"category": "businessCategory", "status": ""},
        THIDUA_HR_SYNC_LDAP_FILTER="(&(objectClass=inetOrgPerson)(uid=an))",
        THIDUA_HR_SYNC_FULL_EXPORT=False,
    ):
        run = sync(staff)

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert run.rows == 1 and run.created == 1
    assert Person.objects.get(employee_code="NV-HR-01").category == "vien_chuc"


def test_a_directory_that_is_down_is_reported_and_nothing_changes(staff, hr_directory, settings):
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{ds.free_port()}"  # nothing listens

    run = sync(staff)

    assert run.status == HrSyncStatus.NO_FILE
    assert run.message.startswith("Không đọc được thư mục (LDAP)")
    assert Person.objects.count() == 2


def test_the_nightly_task_reads_the_directory_when_it_is_the_source(staff, hr_directory):
    the_staff(hr_directory)

    with override_settings(THIDUA_HR_SYNC_PATH=""):
        run = HrSyncRun.objects.get(pk=hr_sync_scheduled())

    assert (run.trigger, run.status, run.created) == (
        HrSyncTrigger.SCHEDULED,
        HrSyncStatus.APPLIED,
        1,
    )


def test_generalized_time_attributes_are_dates():
    from thidua.directory.hr_source import _date_value

    assert _date_value("20270101000000Z") == date(2027, 1, 1)
    assert _date_value("2027-01-31") == date(2027, 1, 31)
    assert _date_value("31/01/2027") == "31/01/2027"  # left to the cell checks
    assert _date_value("20271301000000Z") == "20271301000000Z"


def test_the_json_settings_are_read_and_checked():
    from django.core.exceptions import ImproperlyConfigured

    from thidua.directory.ldap_config import json_object_parse

    assert json_object_parse("X", "") == {}
    assert json_object_parse("X", '{"category": "businessCategory"}') == {
        "category": "businessCategory"
    }
    for bad in ("{", "[]", '{"grade": 3}'):
        with pytest.raises(ImproperlyConfigured, match="X"):
            json_object_parse("X", bad)
