# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Emulation API, records beyond their text: a record's evidence (download, replace, remove
with If-Match), editing an initiative (If-Match), inviting external assessors and their
summary, and the office's queue of good practices (publish, decline) — the role allowed and
what it changes, a role refused with nothing changed, bad input (422), a stale ETag (412)."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from thidua.emulation.models import ExternalAssessment, Initiative, Lesson, ValueRecord
from thidua.emulation.services.records import initiative_register, value_record_save
from thidua.goals.choices import PracticeStatus
from thidua.goals.models import GoodPractice
from thidua.org.models import Unit

from .test_api_steps import _json
from .test_ratings_services import head_b  # noqa: F401
from .test_records_services import PDF, director, post_of  # noqa: F401

TODAY = date(2026, 12, 10)
API = "/api/v1/emulation"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def record(org):
    staff = org["staff_a"]
    return value_record_save(
        actor=staff.user,
        person=staff,
        year=2026,
        post=post_of(staff),
        achievements="Số hoá 12.000 hồ sơ",
    )


def put_evidence(client, url, name, content, **headers):
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="' + name.encode() + b'"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n--XyZ--\r\n"
    )
    return client.generic(
        "POST", url, body, content_type="multipart/form-data; boundary=XyZ", **headers
    )


# ---- evidence ----------------------------------------------------------------------------


def test_the_person_attaches_evidence_with_if_match_others_cannot(org, record, head_b, client):
    url = f"{API}/records/{record.pk}"
    client.force_login(org["staff_a"].user)
    assert client.get(f"{url}/evidence").status_code == 404  # none yet
    etag = client.get(url)["ETag"]
    assert put_evidence(client, f"{url}/evidence", "bien-ban.pdf", PDF).status_code == 428
    client.force_login(head_b.user)
    refused = put_evidence(client, f"{url}/evidence", "x.pdf", PDF, HTTP_IF_MATCH="*")
    assert refused.status_code in (403, 404)
    assert not ValueRecord.objects.get(pk=record.pk).evidence

    client.force_login(org["staff_a"].user)
    wrong = put_evidence(client, f"{url}/evidence", "setup.exe", b"MZ\x90\x00", HTTP_IF_MATCH=etag)
    assert wrong.status_code == 422
    assert "PDF" in wrong.json()["detail"][0]["msg"]
    saved = put_evidence(client, f"{url}/evidence", "bien-ban.pdf", PDF, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["has_evidence"] is True
    assert saved.json()["achievements"] == "Số hoá 12.000 hồ sơ"  # the text kept
    download = client.get(f"{url}/evidence")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.force_login(head_b.user)
    assert client.get(f"{url}/evidence").status_code in (403, 404)

    client.force_login(org["head_a"].user)  # the head may edit the record of his people
    stale = _json(client, "DELETE", f"{url}/evidence", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert ValueRecord.objects.get(pk=record.pk).evidence
    removed = _json(client, "DELETE", f"{url}/evidence", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert removed.status_code == 200, removed.content
    assert removed.json()["has_evidence"] is False
    assert not ValueRecord.objects.get(pk=record.pk).evidence


# ---- initiatives -------------------------------------------------------------------------


def test_the_office_edits_an_initiative_with_if_match_others_cannot(officer, org, client):
    initiative = initiative_register(
        actor=officer.user,
        title="Một cửa điện tử",
        scope="bo",
        year=2026,
        authors=[org["staff_a"]],
        decision_number="12/QĐ",
    )
    url = f"{API}/initiatives/{initiative.pk}"
    client.force_login(org["head_a"].user)
    etag = client.get(url)["ETag"]
    assert _json(client, "PATCH", url, {"title": "X"}, HTTP_IF_MATCH="*").status_code == 403
    client.force_login(officer.user)
    assert _json(client, "PATCH", url, {"title": "X"}).status_code == 428
    assert _json(client, "PATCH", url, {"scope": "vu_tru"}, HTTP_IF_MATCH=etag).status_code == 422
    edited = _json(
        client,
        "PATCH",
        url,
        {
            "title": "Một cửa điện tử liên thông",
            "author_ids": [org["staff_a"].pk, org["head_a"].pk],
        },
        HTTP_IF_MATCH=etag,
    )
    assert edited.status_code == 200, edited.content
    assert sorted(edited.json()["author_ids"]) == sorted([org["staff_a"].pk, org["head_a"].pk])
    assert edited.json()["decision_number"] == "12/QĐ"  # what was not sent is kept
    stale = _json(client, "PATCH", url, {"title": "Khác"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Initiative.objects.get(pk=initiative.pk).title == "Một cửa điện tử liên thông"


# ---- external assessors ------------------------------------------------------------------


def test_the_head_invites_assessors_for_a_director_once_and_reads_the_summary(
    org, director, head_b, client
):
    url = f"{API}/people/{director.pk}/records/2026"
    client.force_login(head_b.user)
    assert _json(client, "POST", f"{url}/invitations", {"count": 2}).status_code == 403
    client.force_login(director.user)  # never for oneself
    assert _json(client, "POST", f"{url}/invitations", {"count": 2}).status_code == 403
    client.force_login(org["staff_a"].user)
    assert client.get(f"{url}/assessments").status_code == 403
    assert not ExternalAssessment.objects.exists()

    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{url}/invitations", {"count": 11}).status_code == 422
    future = _json(client, "POST", f"{API}/people/{director.pk}/records/2027/invitations", {})
    assert future.status_code == 422
    made = _json(client, "POST", f"{url}/invitations", {"count": 2, "valid_days": 10})
    assert made.status_code == 201, made.content
    links = [i["url"] for i in made.json()]
    assert len(set(links)) == 2 and all("/assess/" in link for link in links)
    assert ExternalAssessment.objects.filter(person=director, year=2026).count() == 2
    summary = client.get(f"{url}/assessments").json()
    assert (summary["invited"], summary["answered"], summary["mean"]) == (2, 0, None)
    # an ordinary staff member is not a director: no invitation for them
    staff_url = f"{API}/people/{org['staff_a'].pk}/records/2026/invitations"
    assert _json(client, "POST", staff_url, {"count": 1}).status_code == 403


# ---- good practices ----------------------------------------------------------------------


@pytest.fixture
def practice(org):
    return GoodPractice.objects.create(
        text="Giao ban trực tuyến mỗi sáng thứ Hai, kết luận gửi ngay trong ngày.",
        unit=org["sec_a"],
        found_on=date(2026, 11, 20),
        found_by="field_visit",
        source_type=ContentType.objects.get_for_model(Unit),
        source_id=org["sec_a"].pk,
    )


def test_the_office_publishes_a_proposed_practice_others_see_none(officer, org, practice, client):
    client.force_login(org["head_a"].user)
    assert client.get(f"{API}/practices/proposed").json()["items"] == []
    body = {"title": "Giao ban trực tuyến", "summary": practice.text}
    assert _json(client, "POST", f"{API}/practices/{practice.pk}/publish", body).status_code == 403
    assert not Lesson.objects.exists()
    client.force_login(officer.user)
    queued = client.get(f"{API}/practices/proposed").json()["items"]
    assert [(p["id"], p["unit_name"]) for p in queued] == [(practice.pk, org["sec_a"].name)]
    bad = _json(
        client, "POST", f"{API}/practices/{practice.pk}/publish", {**body, "movement_id": 999_999}
    )
    assert bad.status_code == 422
    published = _json(client, "POST", f"{API}/practices/{practice.pk}/publish", body)
    assert published.status_code == 201, published.content
    lesson = Lesson.objects.get(pk=published.json()["lesson_id"])
    assert (lesson.unit, lesson.title) == (org["sec_a"], "Giao ban trực tuyến")
    assert GoodPractice.objects.get(pk=practice.pk).status == PracticeStatus.PUBLISHED
    again = _json(client, "POST", f"{API}/practices/{practice.pk}/publish", body)
    assert again.status_code == 404  # already decided


def test_the_office_declines_a_practice_only_with_a_reason(officer, org, practice, client):
    url = f"{API}/practices/{practice.pk}/decline"
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", url, {"reason": "Trùng"}).status_code == 403
    client.force_login(officer.user)
    blank = _json(client, "POST", url, {"reason": "  "})
    assert blank.status_code == 422 and blank.json()["detail"][0]["msg"]
    assert GoodPractice.objects.get(pk=practice.pk).status == PracticeStatus.PROPOSED
    declined = _json(client, "POST", url, {"reason": "Trùng với bài học đã có."})
    assert declined.status_code == 200, declined.content
    stored = GoodPractice.objects.get(pk=practice.pk)
    assert (stored.status, stored.decline_reason) == (
        PracticeStatus.DECLINED,
        "Trùng với bài học đã có.",
    )
