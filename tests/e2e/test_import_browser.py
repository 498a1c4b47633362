"""An administrator imports people from Excel in a real browser: a file with a bad row is
refused with the row and column named; the corrected file is imported."""

from datetime import date

import pytest

from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.models import Person
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory, import_person_row, import_workbook
from .test_browser import log_in

pytestmark = pytest.mark.e2e


def test_admin_uploads_a_bad_file_sees_the_row_errors_then_imports_the_fixed_one(
    transactional_db, org, live_server, page, tmp_path
):
    admin = PersonFactory(unit=org["root"], user=UserFactory(username="quantri-e2e"))
    role_grant(actor=SYSTEM, user=admin.user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    bad = tmp_path / "can-bo-loi.xlsx"
    bad.write_bytes(import_workbook(people=[import_person_row(date_of_birth="31/02/1990")]))
    good = tmp_path / "can-bo.xlsx"
    good.write_bytes(import_workbook(people=[import_person_row()]))

    log_in(page, live_server, "quantri-e2e", "mật-khẩu-thử-123")
    page.goto(f"{live_server.url}/org/import/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và nhập").click()
    page.get_by_text("Lỗi trong tệp").wait_for()
    table = page.locator("table").inner_text()
    assert "Ngày sinh" in table and "dd/mm/yyyy" in table
    assert not Person.objects.filter(employee_code="NK0001").exists()

    page.goto(f"{live_server.url}/org/import/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Tải lên và nhập").click()
    page.get_by_text("Đã nhập xong").wait_for()
    assert Person.objects.get(employee_code="NK0001").full_name == "Nguyễn Thị Lan"
