"""The HR export still names a unit merged in Thi Đua (issue 15, point 3; hr_sync_plan.py).

A ministry merges units in Thi Đua on the day of the decision; the HR system often keeps the
old unit codes for weeks. Its rows naming the merged unit are read as the unit it was merged
into (so the sync neither refuses the whole file nor moves anyone back), and the report says
so; a unit closed without a single successor (dissolved, split) still refuses the row.
"""

from datetime import date

from thidua.org.choices import HrSyncStatus
from thidua.org.models import Person
from thidua.org.services import unit_create, unit_dissolve, unit_merge, unit_split

from .test_hr_sync import everyone, posts_of, row_of, sync, write_csv

MERGED_ON = date(2026, 7, 1)


def test_rows_naming_a_merged_unit_are_read_as_the_unit_it_was_merged_into(
    org, org_admin, tmp_path
):
    unit_merge(actor=org_admin, sources=[org["sec_a"]], target=org["sec_b"], effective_on=MERGED_ON)
    hoa, nam = org["staff_a"], org["colleague_a"]
    before = posts_of(hoa)
    rows = everyone(
        org,
        staff_a=row_of(hoa, unit="CA-P1"),  # the HR system still uses the old code
        colleague_a=row_of(nam, unit="CA-P1"),
    )

    run = sync(org_admin, write_csv(tmp_path / "nhansu.csv", rows))

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert (run.moved, run.unchanged) == (0, 4)
    hoa.refresh_from_db()
    assert hoa.unit == org["sec_b"]
    assert (
        posts_of(hoa)
        == before
        == [("CA-P1", date(2020, 1, 1), MERGED_ON), ("CB-P1", MERGED_ON, None)]
    )
    assert run.message == (
        "2 dòng ghi mã đơn vị CA-P1, đã sáp nhập vào CB-P1 ngày 01/07/2026: được đọc là CB-P1."
    )


def test_a_unit_merged_twice_is_read_as_the_last_unit(org, org_admin, tmp_path):
    unit_merge(actor=org_admin, sources=[org["sec_a"]], target=org["sec_b"], effective_on=MERGED_ON)
    unit_merge(
        actor=org_admin, sources=[org["sec_b"]], target=org["dept_b"], effective_on=date(2026, 9, 1)
    )
    hoa = org["staff_a"]

    run = sync(
        org_admin,
        write_csv(tmp_path / "nhansu.csv", everyone(org, staff_a=row_of(hoa, unit="CA-P1"))),
    )

    assert run.status == HrSyncStatus.APPLIED, run.errors
    hoa.refresh_from_db()
    assert hoa.unit == org["dept_b"] and run.moved == 0
    assert "CA-P1, đã sáp nhập vào CB ngày 01/07/2026" in run.message


def test_a_new_person_in_a_merged_unit_joins_the_unit_it_was_merged_into(org, org_admin, tmp_path):
    unit_merge(actor=org_admin, sources=[org["sec_a"]], target=org["sec_b"], effective_on=MERGED_ON)
    new = {
        "employee_code": "HR0009",
        "full_name": "Ngô Thị Mai",
        "date_of_birth": "02/02/1990",
        "category": "Công chức",
        "unit": "CA-P1",
        "position": "CV",
        "post_from": "01/08/2026",
    }

    run = sync(org_admin, write_csv(tmp_path / "nhansu.csv", [*everyone(org), new]))

    assert run.status == HrSyncStatus.APPLIED, run.errors
    assert Person.objects.get(employee_code="HR0009").unit == org["sec_b"]
    assert posts_of(Person.objects.get(employee_code="HR0009")) == [
        ("CB-P1", date(2026, 8, 1), None)
    ]


def test_a_dissolved_or_split_unit_is_still_refused_with_its_closing_day(org, org_admin, tmp_path):
    spare = unit_create(
        actor=org_admin,
        parent=org["dept_b"],
        code="CB-P9",
        name="Phòng B9",
        kind="section",
        valid_from=date(2024, 1, 1),
    )
    unit_dissolve(actor=org_admin, unit=spare, effective_on=MERGED_ON)
    unit_split(
        actor=org_admin,
        source=org["sec_a"],
        into=[
            {"code": "CA-P2", "name": "Phòng A2", "kind": "section"},
            {"code": "CA-P3", "name": "Phòng A3", "kind": "section"},
        ],
        effective_on=MERGED_ON,
    )
    hoa, chau = org["staff_a"], org["staff_b"]
    rows = everyone(
        org,
        staff_a=row_of(hoa, unit="CA-P1"),
        staff_b=row_of(chau, unit="CB-P9", post_from="01/08/2026"),
    )

    run = sync(org_admin, write_csv(tmp_path / "nhansu.csv", rows))

    assert run.status == HrSyncStatus.REFUSED
    # Hoa's and her colleague's rows (a split leaves people in the old unit until assigned)
    assert sorted(e["message"] for e in run.errors) == [
        "Đơn vị CA-P1 đã ngừng hoạt động từ ngày 01/07/2026.",
        "Đơn vị CA-P1 đã ngừng hoạt động từ ngày 01/07/2026.",
        "Đơn vị CB-P9 đã ngừng hoạt động từ ngày 01/07/2026.",
    ]
