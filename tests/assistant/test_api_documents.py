"""API of the assistant's documents library (/api/v1/assistant/documents, issue 15, point 2):
as the pages — each reader lists and reads only the documents of their audience (others 404),
a document manager uploads as multipart (a classified, unreadable or foreign file: 422 and
nothing stored), the uploader or an administrator changes (If-Match) and deletes, others 403;
bad input 422 with nothing written; a stale ETag 412."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.assistant.choices import Audience
from thidua.assistant.models import Document, Passage
from thidua.core.models import AuditEvent

from .conftest import REGULATION, SECRET_PLAN

pytestmark = pytest.mark.django_db
API = "/api/v1/assistant/documents"


def _upload(client, name="ke-hoach.md", data=SECRET_PLAN, **fields):
    return client.post(API, {"file": SimpleUploadedFile(name, data), **fields})


def _patch(client, pk, body, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.patch(f"{API}/{pk}", json.dumps(body), content_type="application/json", **headers)


def test_each_reader_lists_only_the_documents_of_their_audience_paged_by_title(
    client, library, org
):
    client.force_login(org["staff_b"].user)
    first = client.get(API, {"limit": 1})
    assert first.status_code == 200, first.content
    ids = [i["id"] for i in first.json()["items"]]
    cursor = first.json()["next_cursor"]
    while cursor:
        page = client.get(API, {"limit": 1, "cursor": cursor}).json()
        ids += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert set(ids) == {library["regulation"].pk, library["secret_plan"].pk}
    found = client.get(API, {"q": "QC-01"}).json()["items"]
    assert [i["id"] for i in found] == [library["regulation"].pk]
    assert found[0]["audience_label"] and found[0]["source"] == "upload"


def test_one_document_with_its_passages_and_index_status_and_others_are_404(client, library, org):
    client.force_login(org["staff_b"].user)
    plan = library["secret_plan"]
    answer = client.get(f"{API}/{plan.pk}")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["passages"] == plan.passages.count() >= 1
    assert body["index_status"] == "indexed" and body["index_status_label"]
    assert body["audience"] == "unit" and body["audience_unit"] == str(org["dept_b"])
    assert body["may_change"] is False and answer["ETag"]
    client.force_login(org["head_a"].user)  # Cục A's head: not Cục B's plan
    assert client.get(f"{API}/{plan.pk}").status_code == 404
    assert client.get(f"{API}/999999").status_code == 404


def test_a_manager_uploads_a_file_as_on_the_page(client, org, org_admin):
    client.force_login(org_admin)
    answer = _upload(client, audience="unit", audience_unit=org["dept_b"].pk, number="KH-7")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    document = Document.objects.get(pk=body["id"])
    assert (document.audience, document.audience_unit, document.number) == (
        "unit",
        org["dept_b"],
        "KH-7",
    )
    assert body["passages"] == document.passages.count() >= 1
    assert body["index_status"] == "recent" and body["may_change"]
    assert AuditEvent.objects.filter(action="assistant.document_uploaded").count() == 1
    roles = client.post(
        API,
        {
            "file": SimpleUploadedFile("kiem-phieu.md", SECRET_PLAN),
            "audience": "roles",
            "audience_roles": ["council_member", "administrator"],
        },
    )
    assert roles.status_code == 201, roles.content
    assert sorted(roles.json()["audience_roles"]) == ["administrator", "council_member"]


@pytest.mark.parametrize(
    ("name", "data", "fields", "message"),
    [
        ("mat.txt", "MẬT\n\nKế hoạch phòng thủ mạng của Bộ năm 2026.".encode(), {}, "Mật"),
        ("anh.png", b"\x89PNG", {}, ".docx, .pdf, .txt"),
        (
            "english.txt",
            b"The council meets twice a year. Members vote by secret ballot on the titles "
            b"proposed by the units, and the minutes are sent to the ministry.",
            {},
            "tiếng Việt",
        ),
        ("k.md", SECRET_PLAN, {"audience": "unit"}, ""),
        ("k.md", SECRET_PLAN, {"audience": "roles"}, ""),
        ("k.md", SECRET_PLAN, {"audience": "nobody"}, ""),
        ("k.md", SECRET_PLAN, {"audience": "unit", "audience_unit": 999999}, ""),
        ("k.md", SECRET_PLAN, {"title": "x" * 301}, ""),
        ("k.md", SECRET_PLAN, {"effective_on": "2026-02-30"}, ""),
    ],
)
def test_a_bad_upload_is_422_in_vietnamese_and_nothing_is_stored(
    client, org, org_admin, name, data, fields, message
):
    client.force_login(org_admin)
    answer = _upload(client, name=name, data=data, HTTP_ACCEPT_LANGUAGE="vi", **fields)
    assert answer.status_code == 422, answer.content
    assert message in " ".join(item["msg"] for item in answer.json()["detail"])
    assert not Document.objects.exists() and not Passage.objects.exists()
    assert not AuditEvent.objects.filter(action="assistant.document_uploaded").exists()


def test_an_upload_without_a_file_is_422(client, org_admin):
    client.force_login(org_admin)
    assert client.post(API, {"title": "Không tệp"}).status_code == 422
    assert not Document.objects.exists()


def test_staff_may_not_upload_and_anonymous_callers_must_sign_in(client, org):
    assert _upload(client).status_code == 401
    client.force_login(org["staff_a"].user)
    refused = _upload(client)
    assert refused.status_code == 403 and refused.json()["detail"]
    assert not Document.objects.exists()


def test_the_uploader_changes_a_document_with_if_match(client, library, org, org_admin):
    client.force_login(org_admin)
    plan = library["secret_plan"]
    etag = client.get(f"{API}/{plan.pk}")["ETag"]
    assert _patch(client, plan.pk, {"title": "Kế hoạch đã sửa"}).status_code == 428
    changed = _patch(client, plan.pk, {"title": "Kế hoạch đã sửa", "audience": "everyone"}, etag)
    assert changed.status_code == 200, changed.content
    plan.refresh_from_db()
    assert (plan.title, plan.audience, plan.audience_unit) == ("Kế hoạch đã sửa", "everyone", None)
    assert plan.number == "" and changed.json()["title"] == "Kế hoạch đã sửa"
    assert AuditEvent.objects.filter(action="assistant.document_changed").count() == 1
    stale = _patch(client, plan.pk, {"number": "KH-2"}, etag)
    assert stale.status_code == 412
    plan.refresh_from_db()
    assert plan.number == ""


@pytest.mark.parametrize(
    "body",
    [
        {"title": "   "},
        {"audience": "unit", "audience_unit": None},
        {"audience": "party"},
        {"audience": "roles", "audience_roles": []},
        {"audience_roles": ["nobody"]},
        {"title": "x" * 301},
        {"effective_on": "01/02/2026"},
        {"audience": "unit", "audience_unit": 999999},
    ],
)
def test_a_bad_change_is_422_and_nothing_is_written(client, library, org_admin, body):
    client.force_login(org_admin)
    plan = library["secret_plan"]
    etag = client.get(f"{API}/{plan.pk}")["ETag"]
    answer = _patch(client, plan.pk, {"audience": "everyone", **body}, etag)
    assert answer.status_code == 422, answer.content
    plan.refresh_from_db()
    assert (
        plan.audience == Audience.UNIT
        and plan.title == "Kế hoạch nội bộ của Cục B về thử nghiệm mạng lượng tử"
    )


def test_others_may_not_change_or_delete_a_document_as_on_the_page(client, library, org, officer):
    plan = library["secret_plan"]
    client.force_login(org["staff_b"].user)  # reads it, may not change it
    etag = client.get(f"{API}/{plan.pk}")["ETag"]
    assert _patch(client, plan.pk, {"title": "Sửa"}, etag).status_code == 403
    assert client.delete(f"{API}/{plan.pk}").status_code == 403
    client.force_login(officer.user)  # a document manager, not its uploader
    regulation = library["regulation"]
    etag = client.get(f"{API}/{regulation.pk}")["ETag"]
    assert _patch(client, regulation.pk, {"title": "Sửa"}, etag).status_code == 403
    assert client.delete(f"{API}/{regulation.pk}").status_code == 403
    client.force_login(org["head_a"].user)  # may not read it: 404
    assert client.delete(f"{API}/{plan.pk}").status_code == 404
    assert Document.objects.filter(pk__in=[plan.pk, regulation.pk]).count() == 2
    plan.refresh_from_db()
    assert plan.title != "Sửa"


def test_the_uploader_deletes_a_document_and_a_stale_etag_is_412(client, library, org_admin):
    client.force_login(org_admin)
    plan = library["secret_plan"]
    etag = client.get(f"{API}/{plan.pk}")["ETag"]
    _patch(client, plan.pk, {"number": "KH-9"}, etag)
    assert client.delete(f"{API}/{plan.pk}", HTTP_IF_MATCH=etag).status_code == 412
    assert Document.objects.filter(pk=plan.pk).exists()
    assert client.delete(f"{API}/{plan.pk}").status_code == 204
    assert not Document.objects.filter(pk=plan.pk).exists()
    assert AuditEvent.objects.filter(action="assistant.document_deleted").count() == 1
    assert client.get(f"{API}/{plan.pk}").status_code == 404


def test_the_regulation_is_read_by_everyone_signed_in(client, library, org):
    client.force_login(org["staff_a"].user)
    assert client.get(f"{API}/{library['regulation'].pk}").json()["passages"] == (
        Passage.objects.filter(document=library["regulation"]).count()
    )
    assert REGULATION  # the demo regulation is the library's
