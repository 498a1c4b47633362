from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.party import selectors, services
from thidua.party.choices import DigestStatus
from thidua.party.models import Resolution

from .pdfs import blank_pdf


def _login(client, person):
    client.force_login(person.user)
    return client


def _upload(party, text):
    return services.resolution_upload(
        actor=party["secretary_a"].user,
        body=party["cell_a"],
        title="Nghị quyết",
        file_name="nq.txt",
        data=text.encode(),
    )


def test_upload_page_creates_a_draft_and_refuses_a_scan(client, party, resolution_text):
    _login(client, party["secretary_a"])
    url = reverse("party:resolutions")
    response = client.post(
        url,
        {
            "body": party["cell_a"].pk,
            "title": "Nghị quyết",
            "file": SimpleUploadedFile("scan.pdf", blank_pdf()),
        },
    )
    assert response.status_code == 400
    assert "scan" in response.content.decode()
    assert not Resolution.objects.exists()
    response = client.post(
        url,
        {
            "body": party["cell_a"].pk,
            "title": "Nghị quyết",
            "file": SimpleUploadedFile("nq.txt", resolution_text.encode()),
        },
    )
    resolution = Resolution.objects.get()
    assert response.url == reverse("party:resolution", args=[resolution.pk])


def test_digest_editor_saves_in_the_given_order_and_approves(client, party, resolution_text):
    resolution = _upload(party, resolution_text)
    _login(client, party["secretary_a"])
    url = reverse("party:resolution", args=[resolution.pk])
    assert client.get(url).status_code == 200
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-order": "2",
        "form-0-text": "Ý thứ hai.",
        "form-1-order": "1",
        "form-1-text": "Ý thứ nhất.",
        "form-2-order": "3",
        "form-2-text": "Ý bị xoá.",
        "form-2-DELETE": "on",
        "action": "approve",
    }
    client.post(url, data)
    digest = selectors.digest_current(resolution=resolution)
    assert [p.text for p in digest.points.all()] == ["Ý thứ nhất.", "Ý thứ hai."]
    assert digest.status == DigestStatus.APPROVED


def test_digest_editor_refuses_zero_points(client, party, resolution_text):
    resolution = _upload(party, resolution_text)
    _login(client, party["secretary_a"])
    url = reverse("party:resolution", args=[resolution.pk])
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-text": "",
        "action": "save",
    }
    response = client.post(url, data, follow=True)
    assert "ít nhất một ý chính" in response.content.decode()
    assert selectors.digest_current(resolution=resolution).points.exists()


def test_resolution_and_its_file_are_hidden_from_members_and_other_cells(
    client, party, resolution_text
):
    resolution = _upload(party, resolution_text)
    for who in ("member_a", "secretary_b"):
        _login(client, party[who])
        assert client.get(reverse("party:resolution", args=[resolution.pk])).status_code == 404
        assert client.get(reverse("party:resolution_file", args=[resolution.pk])).status_code == 404
    _login(client, party["office"])
    response = client.get(reverse("party:resolution_file", args=[resolution.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == resolution_text


def test_meeting_pages_flow(client, party):
    meeting = services.meeting_create(
        actor=party["secretary_a"].user,
        cell=party["cell_a"],
        held_on=date(2021, 3, 10),
        agenda="Chương trình",
        hard_problem="Vấn đề khó",
    )
    url = reverse("party:meeting", args=[meeting.pk])
    _login(client, party["member_a"])
    client.post(url, {"action": "propose", "text": "Giải pháp của đảng viên."})
    proposal = meeting.proposals.get()
    _login(client, party["secretary_a"])
    client.post(
        url,
        {"action": "choose", "proposal": proposal.pk, "assignee": party["member_a"].pk},
    )
    meeting.refresh_from_db()
    assert meeting.task.owner == party["member_a"]
    assert "Giải pháp của đảng viên." in client.get(url).content.decode()
    _login(client, party["secretary_b"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("party:meetings")).status_code == 200


def test_inspections_page_counts_for_the_term(client, party):
    _login(client, party["office"])
    response = client.get(
        reverse("party:inspections"),
        {"body": party["committee"].pk, "start": "2015-10-01", "end": "2020-09-30"},
    )
    assert response.status_code == 200
    assert response.context["counts"]["committee_kiem_tra"] == 0


def test_an_office_plans_an_inspection_and_records_it_done_and_the_count_moves(party, client):
    from thidua.party.models import Inspection

    client.force_login(party["office"].user)
    committee = party["committee"]
    response = client.post(
        reverse("party:inspection_new"),
        {
            "kind": "kiem_tra",
            "by_body": committee.pk,
            "subject_org": party["cell_a"].pk,
            "planned_on": "2025-03-01",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    client.post(
        reverse("party:inspection_done", args=[inspection.pk]),
        {"done_on": "2025-03-20", "findings": "Chi bộ thực hiện tốt quy chế làm việc."},
    )
    inspection.refresh_from_db()
    assert inspection.done_on == date(2025, 3, 20)
    body = client.get(
        reverse("party:inspections"),
        {"body": committee.pk, "start": "2025-01-01", "end": "2025-12-31"},
    ).content.decode()
    assert "Chi bộ thực hiện tốt" in body


def test_a_member_cannot_record_an_inspection_done(party, client):
    from thidua.party.models import Inspection
    from thidua.party.services import inspection_plan

    inspection = inspection_plan(
        actor=party["office"].user,
        kind="giam_sat",
        by_body=party["committee"],
        planned_on=date(2025, 4, 1),
        subject_org=party["cell_b"],
    )
    client.force_login(party["member_a"].user)
    response = client.post(
        reverse("party:inspection_done", args=[inspection.pk]),
        {"done_on": "2025-04-02", "findings": "x"},
    )
    assert response.status_code == 404
    assert Inspection.objects.get().done_on is None
