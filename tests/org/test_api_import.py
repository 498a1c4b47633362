# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Organisation API, the Excel import (issue 15, point 2): an administrator uploads the page's
template and follows the job, as on the page (org.importing); a dry run saves nothing; a
file with a wrong row saves nothing and the job lists the row; a file that is not .xlsx is
refused before it is stored; the template is the page's; a secretary or staff member is
refused, and sees no one else's import job."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from thidua.core.choices import JobStatus
from thidua.core.models import Job
from thidua.org.importing import (
    JOB_KIND,
    PEOPLE_SHEET,
    UNITS_SHEET,
    UPLOAD_DIR,
    XLSX_CONTENT_TYPE,
)
from thidua.org.models import Person

from ..factories import import_person_row, import_workbook
from ..party.conftest import party  # noqa: F401

API = "/api/v1/org"


def _upload(client, capture, content: bytes, name="nhap.xlsx", **data):
    file = SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)
    with capture(execute=True):
        return client.post(f"{API}/import", {"file": file, **data})


def _stored() -> set[str]:
    return (
        set(default_storage.listdir(UPLOAD_DIR)[1]) if default_storage.exists(UPLOAD_DIR) else set()
    )


def test_an_administrator_imports_people_and_follows_the_job(
    org, org_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    content = import_workbook(people=[import_person_row()])
    answer = _upload(client, django_capture_on_commit_callbacks, content)
    assert answer.status_code == 202, answer.content
    job_id = answer.json()["id"]
    followed = client.get(f"{API}/import/jobs/{job_id}")
    assert followed.status_code == 200
    body = followed.json()
    assert (body["status"], body["file_name"]) == (JobStatus.SUCCEEDED, "nhap.xlsx")
    assert body["result"]["people"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert Person.objects.filter(employee_code="NK0001").exists()


def test_a_dry_run_saves_nothing(org, org_admin, client, django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    content = import_workbook(people=[import_person_row()])
    answer = _upload(client, django_capture_on_commit_callbacks, content, dry_run="true")
    assert answer.status_code == 202
    result = client.get(f"{API}/import/jobs/{answer.json()['id']}").json()["result"]
    assert result["dry_run"] is True and result["ok"] is True
    assert not Person.objects.filter(employee_code="NK0001").exists()


def test_a_wrong_row_saves_nothing_and_the_job_names_it(
    org, org_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    content = import_workbook(
        people=[
            import_person_row(),
            import_person_row(employee_code="NK2", date_of_birth="31/02/2020"),
        ]
    )
    with translation.override("vi"):
        answer = _upload(client, django_capture_on_commit_callbacks, content)
    body = client.get(f"{API}/import/jobs/{answer.json()['id']}").json()
    assert body["status"] == JobStatus.FAILED
    assert body["result"]["error_count"] == 1
    (problem,) = body["result"]["errors"]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("Cán bộ", 3, "Ngày sinh")
    assert not Person.objects.filter(employee_code__in=["NK0001", "NK2"]).exists()


def test_a_file_that_is_not_excel_is_refused_in_vietnamese_and_not_stored(
    org, org_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    before = _stored()
    with translation.override("vi"):
        answer = _upload(
            client, django_capture_on_commit_callbacks, b"Ma,Ten\nNK1,A\n", name="nhap.csv"
        )
    assert answer.status_code == 422
    (item,) = answer.json()["detail"]
    assert item["loc"] == ["body", "file"] and "Excel" in item["msg"]
    assert item["msg"] != "The file is not an Excel file (.xlsx)."
    assert not Job.objects.exists() and _stored() == before


def test_no_one_but_an_administrator_imports_or_reads_an_import_job(
    org,
    party,
    org_admin,
    client,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    job = Job.objects.create(kind=JOB_KIND, created_by=org_admin, params={"filename": "a.xlsx"})
    content = import_workbook(people=[import_person_row()])
    for user in (party["secretary_a"].user, org["head_a"].user, org["staff_a"].user):
        client.force_login(user)
        answer = _upload(client, django_capture_on_commit_callbacks, content)
        assert answer.status_code == 403
        assert client.get(f"{API}/import/jobs/{job.pk}").status_code == 403
    assert Job.objects.count() == 1 and not Person.objects.filter(employee_code="NK0001")
    client.force_login(org_admin)
    assert client.get(f"{API}/import/jobs/{job.pk}").json()["result"] is None
    assert client.get(f"{API}/import/jobs/987654").status_code == 404


def test_the_template_is_the_pages_for_administrators_only(org, org_admin, client):
    client.force_login(org["staff_a"].user)
    assert client.get(f"{API}/import/template").status_code == 403
    client.force_login(org_admin)
    answer = client.get(f"{API}/import/template")
    assert answer.status_code == 200 and answer["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(answer.content))
    assert {UNITS_SHEET, PEOPLE_SHEET} <= set(workbook.sheetnames)
