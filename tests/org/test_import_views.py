"""The import pages: template download, upload, and the job page that polls its progress."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.actors import SYSTEM
from thidua.core.choices import JobStatus
from thidua.core.models import Job
from thidua.org.choices import Role
from thidua.org.importing import JOB_KIND, UPLOAD_DIR, XLSX_CONTENT_TYPE
from thidua.org.models import Person
from thidua.org.services import role_grant

from ..factories import UserFactory, import_person_row, import_workbook


@pytest.fixture
def importer(db):
    user = UserFactory(username="import-admin")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


@pytest.fixture
def admin_client(client, importer):
    """An administrator who chose English, so messages show their English msgids."""
    client.force_login(importer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def xlsx(content: bytes, name: str = "nhap.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def upload(client, content: bytes, capture, name: str = "nhap.xlsx", **data):
    with capture(execute=True):
        return client.post(reverse("org:import"), {"file": xlsx(content, name), **data})


def stored_uploads() -> set[str]:
    return (
        set(default_storage.listdir(UPLOAD_DIR)[1]) if default_storage.exists(UPLOAD_DIR) else set()
    )


def test_staff_are_refused_every_import_page(org, client):
    client.force_login(org["staff_a"].user)
    job = Job.objects.create(kind=JOB_KIND, created_by=None)
    content = import_workbook(people=[import_person_row()])
    responses = [
        client.get(reverse("org:import")),
        client.get(reverse("org:import_template")),
        client.post(reverse("org:import"), {"file": xlsx(content)}),
        client.get(reverse("org:job", args=[job.pk])),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert not Person.objects.filter(employee_code="NK0001").exists()
    assert Job.objects.count() == 1


def test_import_page_offers_the_template_and_an_upload_form(org, admin_client):
    body = admin_client.get(reverse("org:import")).content.decode()
    assert reverse("org:import_template") in body
    assert 'enctype="multipart/form-data"' in body
    assert 'type="file"' in body and 'name="file"' in body


def test_template_downloads_as_an_excel_attachment(org, admin_client):
    response = admin_client.get(reverse("org:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Đơn vị", "Cán bộ", "Hướng dẫn"]


def test_upload_starts_a_job_that_imports_and_shows_the_counts(
    org, admin_client, importer, django_capture_on_commit_callbacks
):
    content = import_workbook(people=[import_person_row()])
    uploads_before = stored_uploads()
    response = upload(admin_client, content, django_capture_on_commit_callbacks)

    job = Job.objects.get(kind=JOB_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("org:job", args=[job.pk])
    assert (job.status, job.created_by) == (JobStatus.SUCCEEDED, importer)
    assert job.result["people"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert Person.objects.filter(employee_code="NK0001").exists()
    assert stored_uploads() == uploads_before  # the stored upload is removed once imported

    page = admin_client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Import finished" in body and "nhap.xlsx" in body
    assert f'hx-get="{response["Location"]}"' not in body  # finished: the page stops polling


def test_a_dry_run_upload_saves_nothing(org, admin_client, django_capture_on_commit_callbacks):
    content = import_workbook(people=[import_person_row()])
    upload(admin_client, content, django_capture_on_commit_callbacks, dry_run="1")
    job = Job.objects.get(kind=JOB_KIND)
    assert job.status == JobStatus.SUCCEEDED and job.result["dry_run"] is True
    assert not Person.objects.filter(employee_code="NK0001").exists()
    body = admin_client.get(reverse("org:job", args=[job.pk])).content.decode()
    assert "Check passed: nothing was saved" in body


def test_row_errors_are_listed_on_the_job_page(
    org, admin_client, django_capture_on_commit_callbacks
):
    content = import_workbook(
        people=[
            import_person_row(),
            import_person_row(employee_code="NK2", date_of_birth="31/02/2020"),
        ]
    )
    upload(admin_client, content, django_capture_on_commit_callbacks)

    job = Job.objects.get(kind=JOB_KIND)
    assert (job.status, job.stage) == (JobStatus.FAILED, "Problems found; nothing was saved")
    assert job.result["errors"] == [
        {
            "sheet": "Cán bộ",
            "row": 3,
            "column": "Ngày sinh",
            "message": "Invalid date: use the form dd/mm/yyyy",
        }
    ]
    assert not Person.objects.filter(employee_code="NK0001").exists()
    body = admin_client.get(reverse("org:job", args=[job.pk])).content.decode()
    assert (
        "<td>Cán bộ</td><td>3</td><td>Ngày sinh</td><td>Invalid date: use the form dd/mm/yyyy</td>"
        in body
    )


def test_a_file_that_is_not_excel_is_refused_on_upload(
    org, admin_client, django_capture_on_commit_callbacks
):
    uploads_before = stored_uploads()
    response = upload(
        admin_client,
        "Mã cán bộ,Họ và tên\nNK0001,A\n".encode(),
        django_capture_on_commit_callbacks,
        name="nhap.csv",
    )
    assert response.status_code == 400
    assert "The file is not an Excel file (.xlsx)." in response.content.decode()
    assert not Job.objects.exists() and stored_uploads() == uploads_before


def test_a_file_over_the_limit_is_refused_without_being_stored(
    org, admin_client, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_MAX_UPLOAD_BYTES = 256 * 1024
    content = import_workbook(people=[import_person_row()]) + b"\0" * (300 * 1024)
    uploads_before = stored_uploads()
    response = upload(admin_client, content, django_capture_on_commit_callbacks)
    assert response.status_code == 413
    assert "The file is larger than 0.25 MB." in response.content.decode()
    assert not Job.objects.exists() and stored_uploads() == uploads_before


def test_upload_still_needs_the_csrf_token(org, importer, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(importer)
    content = import_workbook(people=[import_person_row()])

    refused = client.post(reverse("org:import"), {"file": xlsx(content)})
    client.get(reverse("org:import"))
    token = client.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(
            reverse("org:import"), {"file": xlsx(content), "csrfmiddlewaretoken": token}
        )

    assert (refused.status_code, accepted.status_code) == (403, 302)
    assert Job.objects.count() == 1


def test_upload_without_a_file_asks_for_one(org, admin_client):
    response = admin_client.post(reverse("org:import"), {})
    assert response.status_code == 400
    assert "Choose an Excel file (.xlsx) to upload." in response.content.decode()


def test_a_300_row_upload_reports_progress_to_the_end(
    org, admin_client, django_capture_on_commit_callbacks
):
    people = [import_person_row(employee_code=f"NK{i:04d}") for i in range(300)]
    upload(admin_client, import_workbook(people=people), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=JOB_KIND)
    assert (job.status, job.progress_done, job.progress_total, job.stage) == (
        JobStatus.SUCCEEDED,
        300,
        300,
        "Done",
    )
    assert Person.objects.filter(employee_code__startswith="NK").count() == 300


def test_a_running_job_polls_its_partial_with_htmx(org, admin_client, importer):
    job = Job.objects.create(
        kind=JOB_KIND,
        created_by=importer,
        status=JobStatus.RUNNING,
        progress_done=200,
        progress_total=300,
        stage="Checking rows",
    )
    url = reverse("org:job", args=[job.pk])

    page = admin_client.get(url).content.decode()
    partial = admin_client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "<html" in page and "<html" not in partial
    assert f'hx-get="{url}"' in partial and 'hx-trigger="every 1s"' in partial
    assert '<progress value="200" max="300"' in partial
    assert "200 of 300 rows" in partial and "Checking rows" in partial


def test_a_job_page_is_for_its_creator_and_administrators_only(org, client, importer):
    job = Job.objects.create(kind=JOB_KIND, created_by=org["staff_a"].user)
    url = reverse("org:job", args=[job.pk])
    other_admin = UserFactory(username="admin-2")
    role_grant(actor=SYSTEM, user=other_admin, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))

    client.force_login(org["staff_a"].user)
    assert client.get(url).status_code == 200  # the creator (no longer an administrator)
    client.force_login(org["staff_b"].user)
    assert client.get(url).status_code == 403
    client.force_login(other_admin)
    assert client.get(url).status_code == 200


def test_a_job_of_another_kind_is_not_shown(org, admin_client):
    job = Job.objects.create(kind="something.else")
    assert admin_client.get(reverse("org:job", args=[job.pk])).status_code == 404


def test_job_page_query_count_is_bounded(
    org, admin_client, importer, django_assert_max_num_queries
):
    job = Job.objects.create(kind=JOB_KIND, created_by=importer, status=JobStatus.RUNNING)
    with django_assert_max_num_queries(6):
        admin_client.get(reverse("org:job", args=[job.pk]), HTTP_HX_REQUEST="true")
