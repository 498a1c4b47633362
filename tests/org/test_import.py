"""Excel import of units and people: the service, the template and the command.

Messages are checked by their English msgids (translation.override("en")); the Vietnamese
lives in the .po file.
"""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.org import selectors
from thidua.org.choices import Gender, Role, StaffCategory, UnitChangeKind, UnitKind
from thidua.org.importing import (
    GUIDE_SHEET,
    PEOPLE_SHEET,
    UNITS_SHEET,
    RowError,
    import_template,
    people_import,
)
from thidua.org.models import Person, PersonPosition, Unit, UnitChange, UnitName
from thidua.org.services import role_grant

from ..factories import (
    PositionFactory,
    UserFactory,
    import_person_row,
    import_unit_row,
    import_workbook,
    person_import_row,
)

NOT_EXCEL = "The file is not an Excel file (.xlsx)."
BAD_DATE = "Invalid date: use the form dd/mm/yyyy"
FORMULA = "Cell contains a formula"


@pytest.fixture
def importer(db):
    user = UserFactory(username="import-admin")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


def run_import(actor, content: bytes, **kwargs):
    with translation.override("en"):
        return people_import(actor=actor, file=io.BytesIO(content), **kwargs)


def stored_rows() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "unit names": UnitName.objects.count(),
        "unit changes": UnitChange.objects.count(),
        "people": Person.objects.count(),
        "posts": PersonPosition.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def raw_workbook(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the template ---------------------------------------------------------------------


def test_template_has_vietnamese_headers_and_a_guide_with_values_and_positions(org, importer):
    PositionFactory(code="TP", name="Trưởng phòng", level=2)
    workbook = load_workbook(io.BytesIO(import_template(actor=importer)))
    assert workbook.sheetnames == [UNITS_SHEET, PEOPLE_SHEET, GUIDE_SHEET]
    assert [c.value for c in workbook["Đơn vị"][1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Tên viết tắt",
        "Loại đơn vị",
        "Mã đơn vị cấp trên",
        "Hiệu lực từ (dd/mm/yyyy)",
    ]
    assert [c.value for c in workbook["Cán bộ"][1]] == [
        "Mã cán bộ",
        "Họ và tên",
        "Ngày sinh (dd/mm/yyyy)",
        "Giới tính",
        "Loại cán bộ",
        "Ngạch",
        "Bậc",
        "Email",
        "Điện thoại",
        "Mã đơn vị",
        "Mã chức vụ",
        "Từ ngày (dd/mm/yyyy)",
    ]
    guide = {c.value for row in workbook[GUIDE_SHEET].iter_rows() for c in row}
    assert {"Cục", "Phòng", "Nam", "Nữ", "Công chức", "Người lao động"} <= guide
    assert {"TP", "Trưởng phòng", "CV", "Chuyên viên"} <= guide  # the position catalogue
    assert {"CA-P1", "Phòng A1"} <= guide  # units already in the system


def test_template_writes_formula_like_names_from_the_database_as_text(org, importer):
    PositionFactory(code="X1", name='=HYPERLINK("http://evil.example","Bấm")')
    workbook = load_workbook(io.BytesIO(import_template(actor=importer)))
    cells = [c for row in workbook[GUIDE_SHEET].iter_rows() for c in row if c.value]
    evil = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert [(c.value, c.data_type) for c in evil] == [
        ('\'=HYPERLINK("http://evil.example","Bấm")', "s")
    ]


# --- permissions ----------------------------------------------------------------------


def test_staff_may_neither_download_the_template_nor_import(org):
    content = import_workbook(people=[import_person_row()])
    before = stored_rows()
    with pytest.raises(PermissionDenied):
        import_template(actor=org["staff_a"].user)
    with pytest.raises(PermissionDenied):
        run_import(org["staff_a"].user, content)
    assert stored_rows() == before


# --- creating -------------------------------------------------------------------------


def test_import_creates_units_under_parents_in_any_order_and_people_with_posts(org, importer):
    content = import_workbook(
        units=[
            # the child comes before its parent, which is itself new and under a stored unit
            import_unit_row(code="CA-X-P1", name="Phòng X1", parent="CA-X", kind="Phòng"),
            import_unit_row(
                code="CA-X", name="Trung tâm X", short_name="TTX", parent="CA", kind="Trung tâm"
            ),
        ],
        people=[
            import_person_row(employee_code="NK0001", unit="CA-X-P1", phone="+84 912.345.678"),
            import_person_row(
                employee_code="NK0002",
                full_name="Lê Văn Bình",
                gender="Nam",
                category="Người lao động",
                email="",
                phone="",
                grade=None,
                unit="CB",
                post_from="15/08/2023",
            ),
        ],
    )
    result = run_import(importer, content, filename="nhap.xlsx")

    assert result.ok, result.errors
    assert (result.units.created, result.people.created) == (2, 2)
    centre, section = Unit.objects.get(code="CA-X"), Unit.objects.get(code="CA-X-P1")
    assert (centre.kind, centre.short_name, section.kind) == (
        UnitKind.CENTER,
        "TTX",
        UnitKind.SECTION,
    )
    assert section.parent == centre and centre.parent == org["dept_a"]
    assert section in selectors.unit_subtree(unit=org["dept_a"])
    assert centre.names.get().name == "Trung tâm X"
    assert UnitChange.objects.filter(kind=UnitChangeKind.ESTABLISH, targets=section).exists()

    lan = Person.objects.get(employee_code="NK0001")
    assert (lan.unit, lan.position.code, lan.phone) == (section, "CV", "0912345678")
    assert (lan.gender, lan.category, lan.grade) == (Gender.FEMALE, StaffCategory.CIVIL_SERVANT, 3)
    assert lan.date_of_birth == date(1990, 5, 17)
    assert lan in selectors.people_in_subtree(unit=org["dept_a"])
    binh = Person.objects.get(employee_code="NK0002")
    assert (binh.category, binh.unit, binh.email, binh.grade) == (
        StaffCategory.WORKER,
        org["dept_b"],
        "",
        None,
    )
    post = binh.posts.get()
    assert (post.unit, post.valid_from, post.valid_to, post.kind) == (
        org["dept_b"],
        date(2023, 8, 15),
        None,
        "primary",
    )

    event = AuditEvent.objects.get(action="org.imported")
    assert event.actor == importer
    assert event.data["file"] == "nhap.xlsx"
    assert event.data["units"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert event.data["people"] == {"created": 2, "updated": 0, "unchanged": 0}


def test_a_people_only_file_is_accepted(org, importer):
    result = run_import(importer, import_workbook(people=[import_person_row()]))
    assert result.ok and result.people.created == 1 and result.units.created == 0


def test_codes_and_labels_in_any_case_are_accepted(org, importer):
    content = import_workbook(
        units=[import_unit_row(code="CA-V", parent="CA", kind="division")],
        people=[
            import_person_row(employee_code="NK0001", gender="nữ", category="vien_chuc"),
            import_person_row(employee_code="NK0002", gender="NAM", category="Cán bộ"),
        ],
    )
    assert run_import(importer, content).ok
    assert Unit.objects.get(code="CA-V").kind == UnitKind.DIVISION
    assert dict(
        Person.objects.filter(employee_code__startswith="NK").values_list("gender", "category")
    ) == {
        Gender.FEMALE: StaffCategory.PUBLIC_EMPLOYEE,
        Gender.MALE: StaffCategory.CADRE,
    }


def test_phone_numbers_are_stored_as_ten_digits(org, importer):
    content = import_workbook(
        people=[
            import_person_row(employee_code="NK0001", phone="+84 912.345.678"),
            import_person_row(employee_code="NK0002", phone="091 234 5679"),
            import_person_row(employee_code="NK0003", phone=912345670),  # a number cell lost its 0
        ]
    )
    assert run_import(importer, content).ok
    assert sorted(
        Person.objects.filter(employee_code__startswith="NK").values_list("phone", flat=True)
    ) == [
        "0912345670",
        "0912345678",
        "0912345679",
    ]


def test_real_date_cells_are_accepted(org, importer):
    from datetime import datetime

    content = import_workbook(
        people=[import_person_row(date_of_birth=datetime(1985, 2, 28), post_from=date(2024, 2, 1))]
    )
    assert run_import(importer, content).ok
    person = Person.objects.get(employee_code="NK0001")
    assert (person.date_of_birth, person.posts.get().valid_from) == (
        date(1985, 2, 28),
        date(2024, 2, 1),
    )


# --- importing again and changes --------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(org, importer):
    content = import_workbook(
        units=[
            import_unit_row(code="CA-X", name="Trung tâm X", parent="CA", kind="Trung tâm"),
            import_unit_row(code="CA", name="Cục A", kind="Cục", parent="BO"),
        ],
        people=[
            import_person_row(employee_code="NK0001", unit="CA-X"),
            person_import_row(org["staff_a"]),
        ],
    )
    first = run_import(importer, content)
    assert (first.units.created, first.units.unchanged) == (1, 1)
    assert (first.people.created, first.people.unchanged) == (1, 1)
    before = stored_rows()
    stamps = dict(Person.objects.values_list("employee_code", "updated_at"))

    second = run_import(importer, content)

    assert second.ok
    assert (second.units.created, second.units.updated, second.units.unchanged) == (0, 0, 2)
    assert (second.people.created, second.people.updated, second.people.unchanged) == (0, 0, 2)
    assert stored_rows() == before  # no new rows, not even an audit event
    assert dict(Person.objects.values_list("employee_code", "updated_at")) == stamps


def test_a_new_unit_closes_the_previous_post_and_opens_one_from_the_row_date(org, importer):
    hoa = org["staff_a"]
    row = person_import_row(hoa) | {
        "unit": "CB-P1",
        "post_from": "01/06/2024",
        "email": "hoa@bo.example",
    }

    result = run_import(importer, import_workbook(people=[row]))

    assert (result.people.updated, result.people.created) == (1, 0)
    hoa.refresh_from_db()
    assert (hoa.unit, hoa.email) == (org["sec_b"], "hoa@bo.example")
    posts = list(
        hoa.posts.order_by("valid_from").values_list("unit__code", "valid_from", "valid_to")
    )
    assert posts == [
        ("CA-P1", date(2020, 1, 1), date(2024, 6, 1)),
        ("CB-P1", date(2024, 6, 1), None),
    ]
    assert hoa in selectors.people_in_subtree(unit=org["dept_b"])
    event = AuditEvent.objects.get(action="org.imported")
    assert event.data["people"] == {"created": 0, "updated": 1, "unchanged": 0}


def test_a_new_position_in_the_same_unit_also_opens_a_new_post(org, importer):
    PositionFactory(code="PTP", name="Phó Trưởng phòng", level=1)
    hoa = org["staff_a"]
    row = person_import_row(hoa) | {"position": "PTP", "post_from": "01/02/2025"}
    assert run_import(importer, import_workbook(people=[row])).ok
    current = hoa.posts.get(valid_to__isnull=True)
    assert (current.position.code, current.unit, current.valid_from) == (
        "PTP",
        org["sec_a"],
        date(2025, 2, 1),
    )
    hoa.refresh_from_db()
    assert hoa.position.code == "PTP"


def test_changed_details_update_the_person_without_a_new_post(org, importer):
    hoa = org["staff_a"]
    row = person_import_row(hoa) | {"full_name": "Trần Thị Hoa Mai", "post_from": "05/05/2025"}
    result = run_import(importer, import_workbook(people=[row]))
    assert result.people.updated == 1
    hoa.refresh_from_db()
    assert hoa.full_name == "Trần Thị Hoa Mai"
    assert hoa.posts.count() == 1  # same unit and position: the post is untouched


def test_a_new_post_must_start_after_the_current_one(org, importer):
    hoa = org["staff_a"]
    row = person_import_row(hoa) | {"unit": "CB-P1", "post_from": "01/01/2020"}
    before = stored_rows()

    result = run_import(importer, import_workbook(people=[row]))

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Cán bộ", 2, "Từ ngày")]
    assert result.errors[0].message.startswith("A new post must start after the current one")
    assert "01/01/2020" in result.errors[0].message
    assert stored_rows() == before
    hoa.refresh_from_db()
    assert hoa.unit == org["sec_a"]


def test_renaming_a_unit_keeps_the_old_name_for_earlier_dates(org, importer):
    row = import_unit_row(code="CA", name="Cục A mới", short_name="CAM", kind="Cục", parent="BO")
    result = run_import(importer, import_workbook(units=[row]))
    assert result.units.updated == 1
    today = timezone.localdate()
    names = list(org["dept_a"].names.order_by("valid_from").values_list("name", "valid_to"))
    assert names == [("Cục A", today), ("Cục A mới", None)]
    yesterday = today - timedelta(days=1)
    assert selectors.units_as_of(on=yesterday).get(code="CA").name_then == "Cục A"
    assert UnitChange.objects.filter(kind=UnitChangeKind.RENAME, sources=org["dept_a"]).exists()
    assert AuditEvent.objects.get(action="org.imported").data["units_renamed"] == ["CA"]


def test_moving_a_unit_moves_its_sub_units_and_people(org, importer):
    result = run_import(
        importer,
        import_workbook(units=[import_unit_row(code="CA", name="Cục A", kind="Cục", parent="CB")]),
    )
    assert result.units.updated == 1
    dept_a, dept_b = Unit.objects.get(code="CA"), Unit.objects.get(code="CB")
    assert dept_a.parent == dept_b and dept_a.depth == 2
    assert set(selectors.unit_subtree(unit=dept_b).values_list("code", flat=True)) == {
        "CB",
        "CB-P1",
        "CA",
        "CA-P1",
    }
    assert org["staff_a"] in selectors.people_in_subtree(unit=dept_b)


def test_a_unit_cannot_be_placed_under_its_own_sub_unit(org, importer):
    before = stored_rows()
    result = run_import(
        importer,
        import_workbook(
            units=[
                import_unit_row(code="CA", name="Cục A", kind="Cục", parent="CA-P1"),
                import_unit_row(code="NEW", name="Tự trỏ", kind="Phòng", parent="NEW"),
            ]
        ),
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Mã đơn vị cấp trên"),
        (3, "Mã đơn vị cấp trên"),
    ]
    assert result.errors[0].message == (
        "A unit cannot be placed under itself or one of its sub-units."
    )
    assert stored_rows() == before


def test_dry_run_reports_what_would_change_and_writes_nothing(org, importer):
    before = stored_rows()
    result = run_import(
        importer,
        import_workbook(
            units=[import_unit_row(code="CA-X", parent="CA")],
            people=[import_person_row(unit="CA-X"), person_import_row(org["staff_b"])],
        ),
        dry_run=True,
    )
    assert result.ok and result.dry_run
    assert (result.units.created, result.people.created, result.people.unchanged) == (1, 1, 1)
    assert stored_rows() == before


# --- bad input: nothing is written -------------------------------------------------------


def test_one_bad_row_means_nothing_is_written(org, importer):
    before = stored_rows()
    people = [import_person_row(employee_code=f"NK{i:04d}") for i in range(1, 6)]
    people[3]["date_of_birth"] = "31/02/2020"
    result = run_import(
        importer,
        import_workbook(units=[import_unit_row(code="CA-X", parent="CA")], people=people),
    )
    assert result.errors == [RowError("Cán bộ", 5, "Ngày sinh", BAD_DATE)]
    assert stored_rows() == before


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("Mã cán bộ,Họ và tên\nNK0001,Nguyễn Văn A\n".encode(), id="csv"),
        pytest.param(b"just some text pretending to be a workbook", id="text-renamed-xlsx"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_file_that_is_not_excel_is_refused(org, importer, content):
    result = run_import(importer, content)
    assert result.errors == [RowError("", None, "", NOT_EXCEL)]


def test_a_zip_that_is_not_a_workbook_is_refused(org, importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    result = run_import(importer, buffer.getvalue())
    assert result.errors == [RowError("", None, "", NOT_EXCEL)]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(org, importer, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 64 * 1024
    content = import_workbook(people=[import_person_row()]) + b"\0" * (64 * 1024)
    result = run_import(importer, content)
    assert result.errors == [RowError("", None, "", "The file is larger than 0.0625 MB.")]
    assert not Person.objects.filter(employee_code="NK0001").exists()


def test_missing_columns_are_named(org, importer):
    header = ["Mã cán bộ", "Họ và tên", "Giới tính", "Loại cán bộ", "Ngạch", "Bậc", "Email"]
    header += ["Điện thoại", "Mã đơn vị", "Từ ngày"]  # no "Ngày sinh", no "Mã chức vụ"
    content = raw_workbook({"Cán bộ": [header, ["NK0001", "Nguyễn Văn A"]]})
    result = run_import(importer, content)
    assert result.errors == [
        RowError("Cán bộ", 1, "Ngày sinh", "Missing column “Ngày sinh”."),
        RowError("Cán bộ", 1, "Mã chức vụ", "Missing column “Mã chức vụ”."),
    ]


def test_headers_in_another_order_and_case_are_accepted(org, importer):
    row = import_person_row()
    keys = ["post_from", "employee_code", "position", "unit", "full_name", "date_of_birth"]
    keys += ["gender", "category", "rank", "grade", "email", "phone"]
    names = {
        "post_from": "từ ngày",
        "employee_code": "MÃ CÁN BỘ",
        "position": "Mã chức vụ",
        "unit": "Mã đơn vị",
        "full_name": "Họ và tên",
        "date_of_birth": "Ngày sinh",
        "gender": "Giới tính",
        "category": "Loại cán bộ",
        "rank": "Ngạch",
        "grade": "Bậc",
        "email": "email",
        "phone": "Điện thoại",
    }
    content = raw_workbook({"Cán bộ": [[names[k] for k in keys], [row[k] for k in keys]]})
    assert run_import(importer, content).ok
    assert Person.objects.filter(employee_code="NK0001").exists()


def test_a_file_without_rows_is_refused(org, importer):
    result = run_import(importer, import_workbook())
    assert [(e.sheet, e.row) for e in result.errors] == [("", None)]
    assert result.errors[0].message.startswith("The file has no rows to import")


def test_duplicate_employee_codes_are_reported_on_both_rows(org, importer):
    people = [
        import_person_row(employee_code="NK0001"),
        import_person_row(employee_code="NK0002"),
        import_person_row(employee_code="NK0001", full_name="Người khác"),
    ]
    result = run_import(importer, import_workbook(people=people))
    message = "Employee code NK0001 appears more than once in the file (rows 2, 4)."
    assert result.errors == [
        RowError("Cán bộ", 2, "Mã cán bộ", message),
        RowError("Cán bộ", 4, "Mã cán bộ", message),
    ]
    assert not Person.objects.filter(employee_code__startswith="NK").exists()


def test_duplicate_unit_codes_are_reported_on_both_rows(org, importer):
    units = [import_unit_row(code="CA-X", parent="CA"), import_unit_row(code="CA-X", parent="CB")]
    result = run_import(importer, import_workbook(units=units))
    message = "Unit code CA-X appears more than once in the file (rows 2, 3)."
    assert result.errors == [
        RowError("Đơn vị", 2, "Mã đơn vị", message),
        RowError("Đơn vị", 3, "Mã đơn vị", message),
    ]


def test_unknown_unit_and_position_codes_are_reported(org, importer):
    content = import_workbook(
        units=[import_unit_row(code="CA-X", parent="KHONG-CO")],
        people=[import_person_row(unit="CA-ZZ", position="GIAMDOC")],
    )
    result = run_import(importer, content)
    assert result.errors == [
        RowError(
            "Đơn vị",
            2,
            "Mã đơn vị cấp trên",
            "Unknown unit code KHONG-CO: it is neither in the file nor in the system.",
        ),
        RowError(
            "Cán bộ",
            2,
            "Mã đơn vị",
            "Unknown unit code CA-ZZ: it is neither in the file nor in the system.",
        ),
        RowError(
            "Cán bộ",
            2,
            "Mã chức vụ",
            "Unknown position code GIAMDOC: see the list in the “Hướng dẫn” sheet.",
        ),
    ]


def test_a_closed_unit_cannot_receive_people(org, importer):
    Unit.objects.filter(pk=org["sec_b"].pk).update(valid_to=date(2023, 1, 1))
    result = run_import(importer, import_workbook(people=[import_person_row(unit="CB-P1")]))
    assert result.errors == [
        RowError("Cán bộ", 2, "Mã đơn vị", "Unit CB-P1 was closed on 01/01/2023.")
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"date_of_birth": "31/02/2020"}, "Ngày sinh", BAD_DATE),
        ({"date_of_birth": "abc"}, "Ngày sinh", BAD_DATE),
        ({"post_from": "2024-03-01"}, "Từ ngày", BAD_DATE),
        ({"post_from": None}, "Từ ngày", "This cell is required."),
        ({"date_of_birth": "01/01/2999"}, "Ngày sinh", "The year must be between 1900 and 2100."),
        (
            {"phone": "12345"},
            "Điện thoại",
            "Invalid phone number: use 10 digits starting with 0 (or +84).",
        ),
        (
            {"phone": "0912 345 67x"},
            "Điện thoại",
            "Invalid phone number: use 10 digits starting with 0 (or +84).",
        ),
        ({"phone": "+85 912 345 678"}, "Điện thoại", FORMULA),
        ({"email": "lan@@bo"}, "Email", "Invalid e-mail address."),
        ({"email": "lan at bo.example"}, "Email", "Invalid e-mail address."),
        ({"gender": "Trai"}, "Giới tính", "Unknown value “Trai”; allowed: Nam, Nữ, Khác."),
        ({"grade": "ba"}, "Bậc", "Grade must be a whole number from 1 to 99."),
        ({"full_name": ""}, "Họ và tên", "This cell is required."),
        ({"full_name": "x" * 121}, "Họ và tên", "Too long: at most 120 characters."),
    ],
)
def test_bad_cells_are_reported_by_row_and_column(org, importer, cells, column, message):
    people = [
        import_person_row(employee_code="NK0001"),
        import_person_row(employee_code="NK0002", **cells),
    ]
    before = stored_rows()
    result = run_import(importer, import_workbook(people=people))
    assert result.errors == [RowError("Cán bộ", 3, column, message)]
    assert stored_rows() == before


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"full_name": '=HYPERLINK("http://evil.example","Bấm vào")'}, "Họ và tên"),
        ({"rank": "=1+1"}, "Ngạch"),
        ({"rank": "@SUM(A1:A2)"}, "Ngạch"),
        ({"rank": "+1"}, "Ngạch"),
        ({"full_name": "-2+3"}, "Họ và tên"),
        ({"email": " =cmd|' /C calc'!A0"}, "Email"),
    ],
)
def test_formulas_in_cells_are_refused(org, importer, cells, column):
    result = run_import(importer, import_workbook(people=[import_person_row(**cells)]))
    assert result.errors == [RowError("Cán bộ", 2, column, FORMULA)]
    assert not Person.objects.filter(employee_code="NK0001").exists()


def test_a_formula_typed_as_text_is_refused_too(org, importer):
    workbook = load_workbook(
        io.BytesIO(import_workbook(units=[import_unit_row(code="CA-X", parent="CA")]))
    )
    cell = workbook["Đơn vị"]["B2"]
    cell.value, cell.data_type = "=1+1", "s"  # a text cell, not a formula cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(importer, buffer.getvalue())
    assert result.errors == [RowError("Đơn vị", 2, "Tên đơn vị", FORMULA)]


def test_every_problem_in_the_file_is_reported_at_once(org, importer):
    people = [
        import_person_row(employee_code="NK0001", date_of_birth="abc", email="x"),
        import_person_row(employee_code="NK0002", position="??"),
        import_person_row(employee_code="NK0003", phone="1"),
    ]
    result = run_import(importer, import_workbook(people=people))
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Ngày sinh"),
        (2, "Email"),
        (3, "Mã chức vụ"),
        (4, "Điện thoại"),
    ]


# --- scale and progress ------------------------------------------------------------------


def _people(n: int) -> list[dict]:
    return [
        import_person_row(employee_code=f"NK{i:05d}", email=f"nk{i}@bo.example") for i in range(n)
    ]


def test_the_number_of_queries_does_not_grow_with_the_rows(org, importer):
    small, large = import_workbook(people=_people(20)), import_workbook(people=_people(200))
    with CaptureQueriesContext(connection) as small_queries:
        assert run_import(importer, small).ok
    Person.objects.filter(employee_code__startswith="NK").delete()
    with CaptureQueriesContext(connection) as large_queries:
        assert run_import(importer, large).ok
    # ten times the rows: at most a few more INSERT batches (SQLite caps parameters per query)
    assert len(large_queries) - len(small_queries) <= 4
    assert Person.objects.filter(employee_code__startswith="NK").count() == 200


@pytest.mark.django_db(transaction=True)
def test_progress_is_reported_while_reading_and_checking_outside_the_write_transaction(
    org, importer
):
    calls = []  # (stage, done, total, inside a transaction)

    def progress(done, total=None, stage=None):
        current = stage or calls[-1][0]
        calls.append((current, done, total, connection.in_atomic_block))

    with translation.override("en"):
        result = people_import(
            actor=importer, file=io.BytesIO(import_workbook(people=_people(450))), progress=progress
        )

    assert result.ok and result.people.created == 450
    stages = [stage for stage, *_ in calls]
    assert list(dict.fromkeys(stages)) == ["Reading the file", "Checking rows", "Saving", "Done"]
    for stage in ("Reading the file", "Checking rows"):
        assert (stage, 200, 450, False) in calls and (stage, 400, 450, False) in calls
    assert calls[-1] == ("Done", 450, 450, False)
    assert not any(in_transaction for *_, in_transaction in calls)


# --- the command -----------------------------------------------------------------------


def test_command_imports_a_file_and_prints_the_counts(org, tmp_path, capsys):
    path = tmp_path / "nhap.xlsx"
    path.write_bytes(import_workbook(people=[import_person_row()]))
    with translation.override("en"):
        call_command("import_people", str(path))
    out = capsys.readouterr().out
    assert "People: 1 new, 0 updated, 0 unchanged." in out
    assert Person.objects.filter(employee_code="NK0001").exists()
    assert AuditEvent.objects.get(action="org.imported").actor is None


def test_command_prints_each_problem_and_fails(org, tmp_path, capsys):
    path = tmp_path / "nhap.xlsx"
    path.write_bytes(
        import_workbook(
            people=[
                import_person_row(),
                import_person_row(employee_code="NK2", date_of_birth="abc"),
            ]
        )
    )
    with translation.override("en"), pytest.raises(CommandError, match="1 problem"):
        call_command("import_people", str(path))
    assert f"Cán bộ row 3, column Ngày sinh: {BAD_DATE}" in capsys.readouterr().err
    assert not Person.objects.filter(employee_code="NK0001").exists()


def test_command_dry_run_writes_nothing(org, tmp_path, capsys):
    path = tmp_path / "nhap.xlsx"
    path.write_bytes(import_workbook(people=[import_person_row()]))
    with translation.override("en"):
        call_command("import_people", str(path), "--dry-run")
    assert "Check only: nothing was saved." in capsys.readouterr().out
    assert not Person.objects.filter(employee_code="NK0001").exists()


def test_workbooks_are_parsed_with_xml_bomb_protection():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_each_unit_and_person_the_import_changes_is_audited_with_before_and_after(org, importer):
    """Issue 10: the import audits each row it changes, not only a count."""
    PositionFactory(code="CVC", name="Chuyên viên chính", level=1)
    first = import_workbook(
        units=[import_unit_row(code="CA-V", parent="CA")],
        people=[
            import_person_row(),
            import_person_row(employee_code="NK0002", email="b@bo.example"),
        ],
    )
    assert run_import(importer, first, filename="lan-1.xlsx").ok
    created = AuditEvent.objects.filter(action="org.person.imported").order_by("pk")
    assert [e.data["code"] for e in created] == ["NK0001", "NK0002"]
    assert created[0].actor == importer and created[0].data["file"] == "lan-1.xlsx"
    assert created[0].data["changes"]["email"] == [None, "lan@bo.example"]
    unit_event = AuditEvent.objects.get(action="org.unit.imported")
    assert unit_event.data["changes"]["parent"] == [None, "CA"]

    second = import_workbook(
        people=[
            import_person_row(email="lan.moi@bo.example", position="CVC", post_from="01/06/2024"),
            import_person_row(employee_code="NK0002", email="b@bo.example"),  # unchanged
        ]
    )
    assert run_import(importer, second, filename="lan-2.xlsx").ok
    changed = AuditEvent.objects.filter(action="org.person.imported", data__file="lan-2.xlsx")
    assert [e.data["code"] for e in changed] == ["NK0001"]
    assert changed[0].target_id == str(Person.objects.get(employee_code="NK0001").pk)
    assert changed[0].data["changes"] == {
        "email": ["lan@bo.example", "lan.moi@bo.example"],
        "position": ["CV", "CVC"],
    }
