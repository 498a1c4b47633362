"""People kept in sync with the HR system's export (issue 15, point 3; hr_sync.py).

The `org` fixture (tests/conftest.py): BO → CA → CA-P1 and BO → CB → CB-P1, with four
people, each holding a primary post as "CV" since 01/01/2020. Messages are checked in
Vietnamese, as the nightly sync writes them (settings.LANGUAGE_CODE).
"""

import csv
import io
import json
import os
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent, Job
from thidua.org import selectors
from thidua.org.choices import EmploymentStatus, HrSyncStatus, HrSyncTrigger, Role
from thidua.org.hr_sync import hr_changes_due, hr_sync_run
from thidua.org.hr_sync_file import SYNC_COLUMNS
from thidua.org.models import HrSyncRun, Person, PersonPosition
from thidua.org.services import role_grant
from thidua.org.tasks import hr_sync_scheduled

from ..factories import PositionFactory, UserFactory

TODAY = timezone.localdate


@pytest.fixture
def admin(db):
    user = UserFactory(username="hr-admin")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


def row_of(person, **cells) -> dict:
    """The export's row for a stored person (as the HR system would write it), by column key."""
    values = {
        "employee_code": person.employee_code,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y"),
        "gender": "",
        "category": "Công chức",
        "rank": "",
        "grade": "",
        "email": person.email,
        "phone": person.phone,
        "unit": person.unit.code,
        "position": person.position.code,
        "post_from": "01/01/2020",
        "status": "Đang công tác",
        "effective_on": "",
    }
    values.update(cells)
    return values


def new_row(**cells) -> dict:
    return {
        "employee_code": "HR0001",
        "full_name": "Vũ Thị Lan",
        "date_of_birth": "12/03/1992",
        "gender": "Nữ",
        "category": "Viên chức",
        "email": "lan.vt@thidua.example",
        "phone": "0987 654 321",
        "unit": "CB-P1",
        "position": "CV",
        "post_from": "01/06/2026",
        **cells,
    }


def everyone(org, **changed) -> list[dict]:
    """A full export: every stored person, with `changed` rows (by fixture key) replaced."""
    keys = ("staff_a", "colleague_a", "head_a", "staff_b")
    return [changed.get(key) or row_of(org[key]) for key in keys]


def write_csv(path, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in SYNC_COLUMNS])  # "Ngày sinh (dd/mm/yyyy)": hints too
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in SYNC_COLUMNS])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # Excel's "CSV UTF-8"
    return str(path)


def sync(admin, source: str) -> HrSyncRun:
    with translation.override("vi"):
        return hr_sync_run(actor=admin, source=source, trigger=HrSyncTrigger.MANUAL)


def posts_of(person) -> list[tuple[str, date, date | None]]:
    return [
        (p.unit.code, p.valid_from, p.valid_to)
        for p in PersonPosition.objects.filter(person=person).order_by("valid_from")
    ]


def test_a_new_person_in_the_export_is_created_with_their_post(org, admin, tmp_path):
    source = write_csv(tmp_path / "nhansu.csv", [*everyone(org), new_row()])

    run = sync(admin, source)

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert (run.created, run.moved, run.departed, run.unchanged) == (1, 0, 0, 4)
    lan = Person.objects.get(employee_code="HR0001")
    assert (lan.full_name, lan.unit, lan.phone, lan.is_active) == (
        "Vũ Thị Lan",
        org["sec_b"],
        "0987654321",
        True,
    )
    assert posts_of(lan) == [("CB-P1", date(2026, 6, 1), None)]
    assert lan in selectors.people_in_subtree(unit=org["dept_b"])
    event = AuditEvent.objects.get(action="org.person.hr_synced", target_id=str(lan.pk))
    assert event.actor == admin and event.data["changes"]["unit"] == [None, "CB-P1"]
    assert AuditEvent.objects.filter(action="org.hr_synced").count() == 1


def test_a_move_is_dated_the_old_post_closes_and_the_new_one_opens_that_day(org, admin, tmp_path):
    day = TODAY() + timedelta(days=30)
    head = PositionFactory(code="TP", name="Trưởng phòng", is_head=True, level=2)
    hoa = org["staff_a"]
    moved = row_of(hoa, unit="CB-P1", position="TP", post_from=day.strftime("%d/%m/%Y"))

    run = sync(admin, write_csv(tmp_path / "a.csv", everyone(org, staff_a=moved)))

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert run.moved == 1
    assert posts_of(hoa) == [("CA-P1", date(2020, 1, 1), day), ("CB-P1", day, None)]
    [line] = [c for c in run.changes if c["code"] == hoa.employee_code]
    assert (line["unit_from"], line["unit_to"], line["on"]) == ("CA-P1", "CB-P1", day.isoformat())
    # until that day she still works in CA-P1; from it, in CB-P1 as head of section
    hoa.refresh_from_db()
    assert hoa.unit == org["sec_a"]
    assert hoa in selectors.people_in_subtree(unit=org["dept_a"])
    assert hr_changes_due(today=day - timedelta(days=1)) == {"left": 0, "moved": 0}
    assert hr_changes_due(today=day) == {"left": 0, "moved": 1}
    hoa.refresh_from_db()
    assert (hoa.unit, hoa.position) == (org["sec_b"], head)
    assert hoa not in selectors.people_in_subtree(unit=org["dept_a"])
    assert hoa in selectors.people_in_subtree(unit=org["dept_b"])


def test_a_move_whose_day_has_passed_moves_the_person_now(org, admin, tmp_path):
    day = TODAY() - timedelta(days=3)
    hoa = org["staff_a"]
    moved = row_of(hoa, unit="CB-P1", post_from=day.strftime("%d/%m/%Y"))

    sync(admin, write_csv(tmp_path / "a.csv", everyone(org, staff_a=moved)))

    hoa.refresh_from_db()
    assert hoa.unit == org["sec_b"]
    assert posts_of(hoa) == [("CA-P1", date(2020, 1, 1), day), ("CB-P1", day, None)]


def test_a_retirement_is_dated_the_person_counts_in_the_unit_until_that_day(org, admin, tmp_path):
    day = TODAY() + timedelta(days=10)
    nam = org["colleague_a"]
    retired = row_of(nam, status="Nghỉ hưu", effective_on=day.strftime("%d/%m/%Y"))

    run = sync(admin, write_csv(tmp_path / "a.csv", everyone(org, colleague_a=retired)))

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert run.departed == 1
    nam.refresh_from_db()
    assert (nam.status, nam.status_since) == (EmploymentStatus.RETIRED, day)
    assert posts_of(nam) == [("CA-P1", date(2020, 1, 1), day)]
    # before the day: still in the unit, on the posts of the day before
    assert nam in selectors.people_in_subtree(unit=org["dept_a"])
    holders = PersonPosition.objects.as_of(day - timedelta(days=1)).values_list("person", flat=True)
    assert nam.pk in holders
    assert nam.pk not in PersonPosition.objects.as_of(day).values_list("person", flat=True)
    # the nightly run on that day takes him off the staff
    assert hr_changes_due(today=day)["left"] == 1
    nam.refresh_from_db()
    assert nam.is_active is False
    assert nam not in selectors.people_in_subtree(unit=org["dept_a"])
    assert nam not in selectors.people_in_subtree(unit=org["dept_a"], active_only=False).filter(
        is_active=True
    )
    # the next export with the same retirement changes nothing
    again = sync(admin, write_csv(tmp_path / "b.csv", [*everyone(org, colleague_a=retired), {}]))
    assert again.status == HrSyncStatus.APPLIED and again.departed == 0, again.errors


def test_a_leave_whose_day_has_passed_takes_the_person_off_the_staff_now(org, admin, tmp_path):
    day = TODAY() - timedelta(days=1)
    chau = org["staff_b"]
    left = row_of(chau, status="nghỉ việc", effective_on=day.isoformat())  # ISO dates too

    sync(admin, write_csv(tmp_path / "a.csv", everyone(org, staff_b=left)))

    chau.refresh_from_db()
    assert (chau.status, chau.is_active) == (EmploymentStatus.LEFT, False)
    assert chau not in selectors.people_in_subtree(unit=org["root"])
    assert not PersonPosition.objects.filter(person=chau, valid_to__isnull=True).exists()


def test_a_file_moving_someone_into_a_unit_that_does_not_exist_changes_nothing(
    org, admin, tmp_path
):
    hoa = org["staff_a"]
    before_posts = posts_of(hoa)
    bad = row_of(hoa, unit="KHONG-CO", post_from="01/02/2026")
    rows = [new_row(), *everyone(org, staff_a=bad)]  # a good new person comes first
    events = AuditEvent.objects.count()

    run = sync(admin, write_csv(tmp_path / "sai.csv", rows))

    assert run.status == HrSyncStatus.REFUSED
    assert run.error_count == 1
    # row 3: the header is row 1 and the new person row 2
    assert run.errors == [
        {
            "sheet": "sai.csv",
            "row": 3,
            "column": "Mã đơn vị",
            "message": "Mã đơn vị KHONG-CO không tồn tại: hệ thống không có đơn vị này.",
        }
    ]
    assert run.message == "Tệp có lỗi: không thay đổi dữ liệu nào."
    assert not Person.objects.filter(employee_code="HR0001").exists()
    hoa.refresh_from_db()
    assert hoa.unit == org["sec_a"] and posts_of(hoa) == before_posts
    assert AuditEvent.objects.count() == events
    assert (run.created, run.moved) == (0, 0)


def test_every_bad_cell_is_reported_with_its_row_and_column(org, admin, tmp_path):
    rows = [
        new_row(employee_code="HR0002", phone="12345", category="Sinh viên"),
        new_row(employee_code="HR0003", status="Nghỉ hưu"),  # no effective date
        new_row(employee_code="HR0004", position="XX"),
        row_of(org["staff_a"], status="Nghỉ hưu", effective_on="01/01/2019"),  # before her post
        row_of(org["staff_b"], unit="CA-P1", post_from="01/01/2019"),  # a move into the past
    ]

    run = sync(admin, write_csv(tmp_path / "x.csv", rows))

    found = {(e["row"], e["column"]) for e in run.errors}
    assert found == {
        (2, "Loại cán bộ"),
        (2, "Điện thoại"),
        (3, "Ngày hiệu lực"),
        (4, "Mã chức vụ"),
        (5, "Ngày hiệu lực"),
        (6, "Từ ngày"),
    }
    assert run.status == HrSyncStatus.REFUSED
    assert Person.objects.filter(employee_code__startswith="HR").count() == 0


def test_the_same_file_twice_changes_nothing_the_second_time(org, admin, tmp_path):
    day = TODAY() + timedelta(days=5)
    moved = row_of(org["staff_a"], unit="CB-P1", post_from=day.strftime("%d/%m/%Y"))
    source = write_csv(tmp_path / "a.csv", [*everyone(org, staff_a=moved), new_row()])
    first = sync(admin, source)
    assert first.status == HrSyncStatus.APPLIED and first.created == first.moved == 1
    posts, events = PersonPosition.objects.count(), AuditEvent.objects.count()

    second = sync(admin, source)

    assert second.status == HrSyncStatus.ALREADY_APPLIED
    assert second.file_hash == first.file_hash
    assert (PersonPosition.objects.count(), AuditEvent.objects.count()) == (posts, events)
    # the same data in another file (re-exported) is read, and nothing differs
    with open(source, "a", encoding="utf-8") as file:
        file.write("\r\n")
    third = sync(admin, source)
    assert third.status == HrSyncStatus.APPLIED, third.errors
    assert (third.created, third.moved, third.updated, third.unchanged) == (0, 0, 0, 5)
    assert PersonPosition.objects.count() == posts
    assert AuditEvent.objects.filter(action="org.person.hr_synced").count() == 2


def test_a_json_export_is_read_like_the_csv(org, admin, tmp_path):
    day = TODAY() + timedelta(days=20)
    rows = everyone(org, head_a=row_of(org["head_a"], status="Chuyển công tác"))
    rows[2]["effective_on"] = day.isoformat()
    records = [
        {**{k: v for k, v in row.items() if v != ""}, "grade": 3 if i == 0 else None}
        for i, row in enumerate(rows)
    ]
    records.append(
        {"Mã cán bộ": "HR0009", **{k: v for k, v in new_row().items() if k != "employee_code"}}
    )
    path = tmp_path / "nhansu.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")

    run = sync(admin, str(path))

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert (run.created, run.departed, run.updated) == (1, 1, 1)
    huy = Person.objects.get(pk=org["head_a"].pk)
    assert (huy.status, huy.status_since, huy.is_active) == (
        EmploymentStatus.TRANSFERRED,
        day,
        True,
    )
    assert Person.objects.get(pk=org["staff_a"].pk).grade == 3
    assert Person.objects.filter(employee_code="HR0009", unit=org["sec_b"]).exists()


def test_a_json_record_with_a_bad_unit_is_refused_by_its_position_in_the_list(org, admin, tmp_path):
    path = tmp_path / "nhansu.json"
    path.write_text(json.dumps([new_row(), new_row(employee_code="HR0005", unit="ZZ")]))

    run = sync(admin, str(path))

    assert run.status == HrSyncStatus.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Mã đơn vị")]
    assert not Person.objects.filter(employee_code__in=["HR0001", "HR0005"]).exists()


def test_someone_missing_from_a_full_export_is_listed_not_removed(org, admin, tmp_path):
    rows = everyone(org)[:3]  # staff_b is not in the file

    run = sync(admin, write_csv(tmp_path / "a.csv", rows))

    chau = org["staff_b"]
    assert run.status == HrSyncStatus.APPLIED
    assert run.not_in_file_count == 1
    assert run.not_in_file == [[chau.employee_code, chau.full_name]]
    chau.refresh_from_db()
    assert chau.is_active and chau.status == EmploymentStatus.WORKING
    assert posts_of(chau) == [("CB-P1", date(2020, 1, 1), None)]


def test_a_person_back_on_the_staff_gets_a_new_post(org, admin, tmp_path):
    chau = org["staff_b"]
    gone = TODAY() - timedelta(days=100)
    back = TODAY() - timedelta(days=2)
    sync(
        admin,
        write_csv(
            tmp_path / "a.csv",
            everyone(
                org,
                staff_b=row_of(chau, status="Nghỉ việc", effective_on=gone.strftime("%d/%m/%Y")),
            ),
        ),
    )
    run = sync(
        admin,
        write_csv(
            tmp_path / "b.csv",
            everyone(org, staff_b=row_of(chau, unit="CA-P1", post_from=back.strftime("%d/%m/%Y"))),
        ),
    )

    assert run.returned == 1, run.errors
    chau.refresh_from_db()
    assert (chau.status, chau.is_active, chau.unit) == (
        EmploymentStatus.WORKING,
        True,
        org["sec_a"],
    )
    assert posts_of(chau) == [("CB-P1", date(2020, 1, 1), gone), ("CA-P1", back, None)]


def test_a_missing_file_is_reported_not_an_error(admin, tmp_path):
    run = sync(admin, str(tmp_path / "empty-folder"))
    assert run.status == HrSyncStatus.NO_FILE
    assert run.message == "Không tìm thấy tệp kết xuất tại nơi hệ thống nhân sự đặt tệp."


def test_a_non_administrator_cannot_sync_nor_read_the_reports(org, admin, client, tmp_path):
    source = write_csv(tmp_path / "a.csv", everyone(org))
    run = sync(admin, source)
    staff = org["head_a"].user  # a unit head: still not an administrator
    with pytest.raises(PermissionDenied):
        hr_sync_run(actor=staff, source=source)
    client.force_login(staff)

    assert client.get(reverse("org:hr_sync")).status_code == 403
    assert client.get(reverse("org:hr_sync_run", args=[run.pk])).status_code == 403
    assert client.post(reverse("org:hr_sync_start")).status_code == 403
    assert not Job.objects.filter(kind="org.hr_sync").exists()
    assert HrSyncRun.objects.count() == 1


def test_an_administrator_reads_the_report_in_vietnamese_with_labels(org, admin, client, tmp_path):
    bad = row_of(org["staff_a"], unit="KHONG-CO", post_from="01/02/2026")
    refused = sync(admin, write_csv(tmp_path / "sai.csv", everyone(org, staff_a=bad)))
    retired = row_of(org["colleague_a"], status="Nghỉ hưu", effective_on="01/01/2030")
    applied = sync(admin, write_csv(tmp_path / "dung.csv", everyone(org, colleague_a=retired)))
    client.force_login(admin)

    listing = client.get(reverse("org:hr_sync")).content.decode()
    report = client.get(reverse("org:hr_sync_run", args=[refused.pk])).content.decode()
    changes = client.get(reverse("org:hr_sync_run", args=[applied.pk])).content.decode()

    assert "Từ chối: tệp có lỗi" in listing and "Đã áp dụng" in listing
    assert "Đồng bộ ngay" in listing
    assert "Mã đơn vị KHONG-CO không tồn tại" in report and "Mã đơn vị" in report
    assert "Thôi công tác tại cơ quan" in changes and "Nghỉ hưu" in changes
    assert "01/01/2030" in changes
    for raw in ("refused", "applied", "retired", "leave", "manual"):
        assert f">{raw}<" not in listing + report + changes


def test_sync_now_runs_the_sync_as_a_job_for_the_administrator(
    org, admin, client, tmp_path, django_capture_on_commit_callbacks
):
    folder = tmp_path / "drop"
    folder.mkdir()
    write_csv(folder / "nhansu.csv", [*everyone(org), new_row()])
    client.force_login(admin)

    with (
        override_settings(THIDUA_HR_SYNC_PATH=str(folder)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("org:hr_sync_start"))

    assert response.status_code == 302 and response.url == reverse("org:hr_sync")
    run = HrSyncRun.objects.get()
    assert (run.trigger, run.actor, run.status, run.created) == (
        HrSyncTrigger.MANUAL,
        admin,
        HrSyncStatus.APPLIED,
        1,
    )
    assert Job.objects.get(kind="org.hr_sync").result["run"] == run.pk


def test_the_nightly_task_reads_the_newest_file_of_the_folder(org, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    old = write_csv(folder / "2026-01-01.csv", [*everyone(org), new_row(employee_code="OLD1")])
    os.utime(old, (1_700_000_000, 1_700_000_000))
    write_csv(folder / "2026-01-02.csv", [*everyone(org), new_row(employee_code="NEW1")])
    (folder / "readme.txt").write_text("not an export")

    with override_settings(THIDUA_HR_SYNC_PATH=str(folder)):
        run_id = hr_sync_scheduled()

    run = HrSyncRun.objects.get(pk=run_id)
    assert (run.trigger, run.actor, run.file_name) == (
        HrSyncTrigger.SCHEDULED,
        None,
        "2026-01-02.csv",
    )
    assert Person.objects.filter(employee_code="NEW1").exists()
    assert not Person.objects.filter(employee_code="OLD1").exists()


def test_the_nightly_task_without_a_location_only_applies_the_changes_due(org):
    nam = org["colleague_a"]
    Person.objects.filter(pk=nam.pk).update(status=EmploymentStatus.RETIRED, status_since=TODAY())
    with override_settings(THIDUA_HR_SYNC_PATH=""):
        assert hr_sync_scheduled() is None
    assert not HrSyncRun.objects.exists()
    nam.refresh_from_db()
    assert nam.is_active is False


def test_the_sync_is_on_the_beat_schedule_at_one_in_the_morning():
    from config.celery import app

    [entry] = [
        e
        for e in app.conf.beat_schedule.values()
        if e["task"] == "thidua.org.tasks.hr_sync_scheduled"
    ]
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {0}


def test_the_documented_example_files_are_read_and_applied(org, admin):
    from django.conf import settings

    PositionFactory(code="TP", name="Trưởng phòng", is_head=True, level=2)
    PositionFactory(code="PCT", name="Phó Cục trưởng", is_deputy=True, level=3)
    docs = settings.BASE_DIR / "docs" / "examples"

    run = sync(admin, str(docs / "hr_sync_example.csv"))

    assert run.status == HrSyncStatus.APPLIED, run.errors
    # three people working are added; the two who left before Thi Đua knew them are not
    assert (run.created, run.unchanged) == (3, 2)
    assert {c["kind"] for c in run.changes if c["code"] in ("VD0003", "VD0004")} == {"not_added"}
    bao = Person.objects.get(employee_code="VD0002")
    assert posts_of(bao) == [("CB-P1", date(2027, 1, 1), None)]
    json_run = sync(admin, str(docs / "hr_sync_example.json"))
    assert json_run.status == HrSyncStatus.APPLIED and json_run.error_count == 0
