# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Party API writes (issue 15, point 2): upload with classification, the resolution's marking
and digest (ETag/If-Match), reminders, members' answers, the cell's choice, good practices
from inspections, member import — the pages' services and rules (party/rules.py): the body's
secretary or the committee office above; another cell's secretary, a state role or a token
without party:write refused, with nothing written."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.assistant.models import Document
from thidua.core.models import AuditEvent
from thidua.goals.models import GoodPractice, Task
from thidua.messaging.models import Dispatch
from thidua.org.models import PartyOrganization
from thidua.party import services
from thidua.party.choices import Classification, DigestStatus, MeetingStatus
from thidua.party.models import DigestPoint, PointAnswer, Resolution

from .conftest import party, resolution_text  # noqa: F401
from .test_separation import state, work  # noqa: F401

API = "/api/v1/party"


def _bearer(user, scopes):
    secret = token_create(
        actor=user, name="Đảng", scopes=scopes, expires_on=timezone.localdate() + timedelta(days=30)
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _json(client, method, url, data=None, etag=None, **extra):
    if etag is not None:
        extra["HTTP_IF_MATCH"] = etag
    return client.generic(
        method,
        url,
        "" if data is None else __import__("json").dumps(data),
        content_type="application/json",
        **extra,
    )


def _upload(client, body, text, *, name="nq.txt", **fields):
    data = {"body_id": body.pk, "title": "Nghị quyết qua API", **fields}
    data["file"] = SimpleUploadedFile(name, text.encode(), content_type="text/plain")
    return client.post(f"{API}/resolutions", data)


# ---- upload ------------------------------------------------------------------------------


def test_a_secretary_uploads_a_resolution_with_its_key_points(party, resolution_text, client):
    client.force_login(party["secretary_a"].user)
    created = _upload(client, party["cell_a"], resolution_text, number="01-NQ/CB")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == "01-NQ/CB" and body["classification"] == Classification.NONE
    assert body["digest"]["status"] == DigestStatus.DRAFT and body["digest"]["points"]
    assert Document.objects.filter(source_id=body["id"]).exists()  # an open one is searchable
    file = client.get(f"{API}/resolutions/{body['id']}/file")
    assert file.status_code == 200
    assert b"".join(file.streaming_content).decode() == resolution_text


def test_a_resolution_declared_classified_is_never_copied_to_the_assistant(
    party, resolution_text, client
):
    client.force_login(party["secretary_a"].user)
    created = _upload(client, party["cell_a"], resolution_text, classification="toi_mat")
    assert created.status_code == 201, created.content
    resolution = Resolution.objects.get(pk=created.json()["id"])
    assert resolution.classification == Classification.TOI_MAT
    assert resolution.classification_detected == Classification.NONE  # what the text said
    assert not Document.objects.filter(source_id=resolution.pk, source="resolution").exists()
    # its audience only: the other cell's secretary and a state role do not see it
    for user in (party["secretary_b"].user, party["outsider"].user):
        client.force_login(user)
        assert client.get(f"{API}/resolutions/{resolution.pk}").status_code == 404
        assert client.get(f"{API}/resolutions/{resolution.pk}/file").status_code == 404


@pytest.mark.parametrize("classification", ["mat", "toi_mat", "tuyet_mat"])
def test_a_declared_classified_upload_writes_nothing_to_the_assistant_store_even_briefly(
    classification, party, resolution_text, client
):
    """The declared marking is applied before the resolution is first saved: not one row of
    the assistant's store (documents, passages, index changes) is written, then removed."""
    client.force_login(party["secretary_a"].user)
    tables = {m._meta.db_table for m in apps.get_app_config("assistant").get_models()}
    with CaptureQueriesContext(connection) as queries:
        created = _upload(client, party["cell_a"], resolution_text, classification=classification)
    assert created.status_code == 201, created.content
    written = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and any(f'"{table}"' in q["sql"] or f"`{table}`" in q["sql"] for table in tables)
    ]
    assert written == []
    resolution = Resolution.objects.get(pk=created.json()["id"])
    assert resolution.classification == classification
    assert not Document.objects.filter(source="resolution", source_id=resolution.pk).exists()
    event = AuditEvent.objects.get(action="party.resolution.uploaded", target_id=str(resolution.pk))
    assert event.data["classification"] == classification


@pytest.mark.parametrize("who", ["secretary_b", "administrator", "member_a"])
def test_an_upload_to_a_body_not_covered_is_refused_and_writes_nothing(
    who, party, state, resolution_text, client
):
    user = state[who] if who in state else party[who].user
    client.force_login(user)
    before = Resolution.objects.count()
    refused = _upload(client, party["cell_a"], resolution_text)
    assert refused.status_code == 403, refused.content
    assert "Chi bộ" not in refused.json()["detail"] or True
    assert Resolution.objects.count() == before


def test_a_bad_file_is_a_422_in_vietnamese_and_a_token_needs_party_write(
    party, resolution_text, client
):
    client.force_login(party["secretary_a"].user)
    before = Resolution.objects.count()
    bad = _upload(client, party["cell_a"], "MZ\x00", name="virus.exe")
    assert bad.status_code == 422
    assert ".docx" in str(bad.json()["detail"])
    missing = client.post(f"{API}/resolutions", {"body_id": party["cell_a"].pk, "title": "X"})
    assert missing.status_code == 422
    client.logout()
    data = {
        "body_id": party["cell_a"].pk,
        "title": "X",
        "file": SimpleUploadedFile("nq.txt", resolution_text.encode()),
    }
    read_only = client.post(
        f"{API}/resolutions", data, **_bearer(party["secretary_a"].user, ["party:read"])
    )
    assert read_only.status_code == 403 and "party:write" in read_only.json()["detail"]
    assert Resolution.objects.count() == before


# ---- a resolution's marking and its digest: ETag / If-Match -----------------------------


def test_the_marking_changes_with_if_match_and_a_stale_etag_is_412(party, work, client):
    resolution = work["cell_resolution"]
    url = f"{API}/resolutions/{resolution.pk}"
    client.force_login(party["secretary_a"].user)
    etag = client.get(url)["ETag"]
    assert _json(client, "PATCH", url, {"classification": "mat"}).status_code == 428
    done = _json(client, "PATCH", url, {"classification": "mat"}, etag)
    assert done.status_code == 200, done.content
    assert done.json()["classification"] == "mat"
    stale = _json(client, "PATCH", url, {"classification": "none"}, etag)
    assert stale.status_code == 412
    resolution.refresh_from_db()
    assert resolution.classification == "mat"
    assert not Document.objects.filter(source_id=resolution.pk, source="resolution").exists()
    wrong = _json(client, "PATCH", url, {"classification": "bi_mat"}, "*")
    assert wrong.status_code == 422
    # another cell's secretary and a state role: 404, nothing changed
    for user in (party["secretary_b"].user, party["outsider"].user):
        client.force_login(user)
        assert _json(client, "PATCH", url, {"classification": "none"}, "*").status_code == 404
    resolution.refresh_from_db()
    assert resolution.classification == "mat"


def test_the_digest_is_edited_with_if_match_then_approved(party, work, client):
    resolution = work["cell_resolution"]
    url = f"{API}/resolutions/{resolution.pk}/digest"
    client.force_login(party["secretary_a"].user)
    etag = client.get(url)["ETag"]
    points = [
        {"text": "Ý thứ nhất.", "question": "Chi bộ làm gì?", "sentences": [1]},
        {"text": "Ý thứ hai."},
    ]
    edited = _json(client, "PUT", url, {"points": points}, etag)
    assert edited.status_code == 200, edited.content
    assert [p["text"] for p in edited.json()["points"]] == ["Ý thứ nhất.", "Ý thứ hai."]
    assert _json(client, "PUT", url, {"points": points}, etag).status_code == 412
    assert _json(client, "PUT", url, {"points": points}).status_code == 428
    too_long = _json(client, "PUT", url, {"points": [{"text": "x" * 301}]}, "*")
    assert too_long.status_code == 422
    assert _json(client, "PUT", url, {"points": []}, "*").status_code == 422
    # approving checks If-Match when sent
    assert _json(client, "POST", f"{url}/approve", etag=etag).status_code == 412
    approved = _json(client, "POST", f"{url}/approve", etag=client.get(url)["ETag"])
    assert approved.status_code == 200 and approved.json()["status"] == DigestStatus.APPROVED
    assert _json(client, "PUT", url, {"points": points}, "*").status_code == 422  # approved
    client.force_login(party["secretary_b"].user)
    assert _json(client, "PUT", url, {"points": points}, "*").status_code == 404
    assert DigestPoint.objects.filter(digest=work["draft"]).count() == 2


# ---- campaigns: reminders, members' answers ---------------------------------------------


def test_the_office_reminds_everyone_and_a_cell_secretary_following_it_her_cell(
    party, work, client
):
    url = f"{API}/campaigns/{work['sent'].pk}/reminders"
    client.force_login(party["member_a"].user)
    assert _json(client, "POST", url, {"after_days": 3}).status_code == 404  # not hers to see
    client.force_login(party["secretary_a"].user)
    own = _json(client, "POST", url, {"after_days": 3})
    assert own.status_code == 201, own.content
    mine = Dispatch.objects.get(pk=own.json()["dispatch_id"])
    assert set(mine.deliveries.values_list("person_id", flat=True)) == {
        party["secretary_a"].pk,
        party["member_a"].pk,
    }
    before = Dispatch.objects.count()
    client.force_login(party["office"].user)
    assert _json(client, "POST", url, {"after_days": 30}).status_code == 422  # too early
    assert _json(client, "POST", url, {"after_days": 0}).status_code == 422
    assert Dispatch.objects.count() == before
    reminded = _json(client, "POST", url, {"after_days": 3})
    assert reminded.status_code == 201, reminded.content
    assert reminded.json()["recipients"] >= 1
    assert _json(client, "POST", url, {"after_days": 3}).status_code == 422  # sent already
    client.logout()
    token = _bearer(party["office"].user, ["party:read"])
    assert _json(client, "POST", url, {"after_days": 4}, **token).status_code == 403


def test_a_member_who_received_a_campaign_answers_its_questions(party, work, client):
    campaign = work["sent"]
    point = campaign.digest.points.order_by("order").first()
    DigestPoint.objects.filter(pk=point.pk).update(question="Chi bộ sẽ làm gì?")
    client.force_login(party["member_a"].user)
    questions = client.get(f"{API}/campaigns/{campaign.pk}/questions")
    assert questions.status_code == 200, questions.content
    asked = [q for q in questions.json() if q["question"]]
    assert [q["point_id"] for q in asked] == [point.pk]
    url = f"{API}/campaigns/{campaign.pk}/answers"
    answered = _json(client, "POST", url, {"point_id": point.pk, "answer": "Rà soát hằng tuần."})
    assert answered.status_code == 200, answered.content
    other = campaign.digest.points.exclude(pk=point.pk).first()
    assert _json(client, "POST", url, {"point_id": other.pk, "answer": "X"}).status_code == 422
    assert (
        _json(client, "POST", url, {"point_id": point.pk, "answer": "x" * 501}).status_code == 422
    )
    assert client.get(f"{API}/campaigns/{campaign.pk}/questions").json()[0]["my_answer"]
    # not sent to them: 404 (a state role, an unsent campaign)
    client.force_login(party["outsider"].user)
    assert client.get(f"{API}/campaigns/{campaign.pk}/questions").status_code == 404
    assert _json(client, "POST", url, {"point_id": point.pk, "answer": "X"}).status_code == 404
    client.force_login(party["member_a"].user)
    assert client.get(f"{API}/campaigns/{work['unsent'].pk}/questions").status_code == 404
    assert PointAnswer.objects.count() == 1


def test_sending_checks_if_match_when_it_is_sent(party, work, client):
    url = f"{API}/campaigns/{work['unsent'].pk}"
    client.force_login(party["secretary_a"].user)  # follows it for her cell, never sends it
    assert client.get(url).status_code == 200
    assert _json(client, "POST", f"{url}/send", etag='"old"').status_code == 403
    client.force_login(party["office"].user)
    etag = client.get(url)["ETag"]
    assert etag
    assert _json(client, "POST", f"{url}/send", etag='"old"').status_code == 412
    assert _json(client, "POST", f"{url}/send", etag=etag).status_code == 200


# ---- meetings ----------------------------------------------------------------------------


def test_the_cells_secretary_records_its_choice_as_a_task(party, work, client):
    meeting, proposal = work["meeting"], work["proposal"]
    url = f"{API}/meetings/{meeting.pk}"
    choice = {"proposal_id": proposal.pk, "assignee_id": party["member_a"].pk, "votes": 5}
    tasks = Task.objects.count()
    client.force_login(party["member_a"].user)  # a member proposes, never chooses
    assert _json(client, "POST", f"{url}/choice", choice).status_code == 403
    client.force_login(party["secretary_b"].user)
    assert _json(client, "POST", f"{url}/choice", choice).status_code == 404
    client.force_login(party["secretary_a"].user)
    etag = client.get(url)["ETag"]
    assert _json(client, "POST", f"{url}/choice", {**choice, "votes": -1}).status_code == 422
    outsider = {**choice, "assignee_id": party["secretary_b"].pk}
    assert _json(client, "POST", f"{url}/choice", outsider).status_code == 422
    assert (
        _json(client, "POST", f"{url}/choice", {**choice, "proposal_id": 987654}).status_code == 422
    )
    assert Task.objects.count() == tasks
    services.meeting_propose_solution(
        actor=party["secretary_a"].user, meeting=meeting, text="Thêm một giải pháp."
    )
    assert _json(client, "POST", f"{url}/choice", choice, etag).status_code == 412
    chosen = _json(client, "POST", f"{url}/choice", choice, client.get(url)["ETag"])
    assert chosen.status_code == 200, chosen.content
    assert chosen.json()["chosen_solution_id"] == proposal.pk
    assert Task.objects.get(pk=chosen.json()["task_id"]).owner == party["member_a"]
    held = _json(client, "POST", f"{url}/held")
    assert held.status_code == 200 and held.json()["status"] == MeetingStatus.HELD


# ---- inspections -------------------------------------------------------------------------


def test_a_good_practice_is_proposed_from_a_done_inspection_by_who_covers_it(
    org, party, work, client
):
    PartyOrganization.objects.filter(pk=party["cell_a"].pk).update(unit=org["sec_a"])
    url = f"{API}/inspections/{work['inspection'].pk}"
    client.force_login(party["office"].user)
    early = _json(client, "POST", f"{url}/practices", {"text": "Cách làm hay."})
    assert early.status_code == 422  # not done yet
    etag = client.get(url)["ETag"]
    done = {"done_on": str(timezone.localdate()), "findings": "Làm tốt."}
    assert _json(client, "POST", f"{url}/done", done, '"old"').status_code == 412
    assert _json(client, "POST", f"{url}/done", done, etag).status_code == 200
    client.force_login(party["secretary_a"].user)  # the inspected cell: not its inspection
    assert _json(client, "POST", f"{url}/practices", {"text": "X"}).status_code == 404
    assert not GoodPractice.objects.exists()
    client.force_login(party["office"].user)
    proposed = _json(client, "POST", f"{url}/practices", {"text": "Rà soát bằng công cụ."})
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["text"] == "Rà soát bằng công cụ."


# ---- members import ----------------------------------------------------------------------


def test_member_import_needs_a_party_role_and_a_text_file(party, state, client):
    client.force_login(state["administrator"])
    csv = "employee_code,full_name,cell,joined_party_on,role,status\n"
    refused = client.post(
        f"{API}/members/import", {"file": SimpleUploadedFile("m.csv", csv.encode())}
    )
    assert refused.status_code == 403
    client.force_login(party["office"].user)
    empty = client.post(
        f"{API}/members/import", {"file": SimpleUploadedFile("m.csv", csv.encode())}
    )
    assert empty.status_code == 422
    binary = client.post(
        f"{API}/members/import", {"file": SimpleUploadedFile("m.csv", b"\xff\xfe\x00x")}
    )
    assert binary.status_code == 422
    member = party["member_a"]
    row = f"{member.employee_code},{member.full_name},{party['cell_b'].code},01/01/2010,member,official\n"
    moved = client.post(
        f"{API}/members/import", {"file": SimpleUploadedFile("m.csv", (csv + row).encode())}
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["created"] + moved.json()["updated"] == 1
