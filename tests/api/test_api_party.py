# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Party API: the pages' rules through /api/v1/party/ — a body's secretary and the committee
office above it manage; a ministry-wide state role (administrator, emulation office) gets
nothing (issue 10); a classified resolution's title never reaches who may not read it; a
token needs party:read / party:write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.party import services
from thidua.party.choices import Classification, DigestStatus, InspectionStatus
from thidua.party.models import Campaign, CellMeeting, Inspection

from ..party.conftest import party, resolution_text  # noqa: F401
from ..party.test_separation import state, work  # noqa: F401

API = "/api/v1/party"


def _bearer(user, scopes):
    secret = token_create(
        actor=user,
        name="Đảng",
        scopes=scopes,
        expires_on=timezone.localdate() + timedelta(days=30),
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# ---- Party roles vs state roles ----------------------------------------------------------


@pytest.mark.parametrize("role", ["administrator", "emulation_officer", "superuser"])
def test_a_state_role_gets_no_party_data_through_the_api(role, state, party, work, client):
    client.force_login(state[role])
    for path in ("bodies", "resolutions", "campaigns", "meetings", "inspections"):
        assert _ids(client.get(f"{API}/{path}")) == [], path
    for path in (
        f"resolutions/{work['top_resolution'].pk}",
        f"resolutions/{work['top_resolution'].pk}/digest",
        f"campaigns/{work['sent'].pk}",
        f"campaigns/{work['sent'].pk}/acknowledgements",
        f"meetings/{work['meeting'].pk}",
        f"inspections/{work['inspection'].pk}",
        f"bodies/{party['committee'].pk}/members",
    ):
        assert client.get(f"{API}/{path}").status_code == 404, path
    # ... and every write is refused, nothing written
    before = (Campaign.objects.count(), Inspection.objects.count(), CellMeeting.objects.count())
    refused = [
        client.post(f"{API}/resolutions/{work['cell_resolution'].pk}/digest/approve"),
        client.post(
            f"{API}/resolutions/{work['top_resolution'].pk}/campaigns",
            {"audience": "cells", "body_ids": [party["cell_a"].pk]},
            content_type="application/json",
        ),
        client.post(f"{API}/campaigns/{work['unsent'].pk}/send"),
        client.post(
            f"{API}/inspections",
            {
                "kind": "kiem_tra",
                "by_body_id": party["committee"].pk,
                "planned_on": "2030-01-01",
                "subject": "Thử",
            },
            content_type="application/json",
        ),
        client.post(
            f"{API}/meetings",
            {
                "cell_id": party["cell_a"].pk,
                "held_on": "2030-01-01",
                "agenda": "A",
                "hard_problem": "B",
            },
            content_type="application/json",
        ),
    ]
    assert [r.status_code for r in refused] == [404, 404, 404, 403, 403]
    assert (
        Campaign.objects.count(),
        Inspection.objects.count(),
        CellMeeting.objects.count(),
    ) == before
    assert work["unsent"].__class__.objects.get(pk=work["unsent"].pk).dispatch_id is None


def test_the_committee_office_lists_its_subtree_and_a_cell_secretary_her_cell(party, work, client):
    client.force_login(party["office"].user)
    bodies = _ids(client.get(f"{API}/bodies"))
    assert bodies == [party["committee"].pk, party["cell_a"].pk, party["cell_b"].pk]
    resolutions = _ids(client.get(f"{API}/resolutions"))
    assert set(resolutions) == {work["cell_resolution"].pk, work["top_resolution"].pk}
    members = client.get(f"{API}/bodies/{party['cell_a'].pk}/members").json()["items"]
    assert {m["id"] for m in members} == {party["secretary_a"].pk, party["member_a"].pk}

    client.force_login(party["secretary_b"].user)
    assert _ids(client.get(f"{API}/bodies")) == [party["cell_b"].pk]
    assert _ids(client.get(f"{API}/resolutions")) == []
    # another cell's members and resolution: not hers
    assert client.get(f"{API}/bodies/{party['cell_a'].pk}/members").status_code == 404
    assert client.get(f"{API}/resolutions/{work['cell_resolution'].pk}").status_code == 404


def test_resolution_detail_has_the_text_and_the_current_digest(party, work, client):
    client.force_login(party["secretary_a"].user)
    shown = client.get(f"{API}/resolutions/{work['cell_resolution'].pk}").json()
    assert "chuyển đổi số" in shown["text"]
    assert shown["digest"]["status"] == DigestStatus.DRAFT
    assert shown["digest"]["points"], "the proposed key points"


def test_the_secretary_approves_her_digest_and_another_secretary_cannot(party, work, client):
    url = f"{API}/resolutions/{work['cell_resolution'].pk}/digest/approve"
    client.force_login(party["secretary_b"].user)
    assert client.post(url).status_code == 404
    work["draft"].refresh_from_db()
    assert work["draft"].status == DigestStatus.DRAFT
    client.force_login(party["secretary_a"].user)
    assert _ids(client.get(f"{API}/digests/to-approve")) == [work["draft"].pk]
    response = client.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == DigestStatus.APPROVED
    again = client.post(url)
    assert again.status_code == 422
    assert "đã được duyệt" in again.json()["detail"][0]["msg"]


def test_campaign_created_and_sent_then_rates_per_cell_scoped(
    party, work, client, django_capture_on_commit_callbacks
):
    client.force_login(party["office"].user)
    created = client.post(
        f"{API}/resolutions/{work['top_resolution'].pk}/campaigns",
        {"audience": "cells", "body_ids": [party["cell_a"].pk], "channels": ["in_app"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    campaign = created.json()
    assert campaign["body_ids"] == [party["cell_a"].pk]
    assert campaign["sent_at"] is None
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{API}/campaigns/{campaign['id']}/send")
    assert sent.status_code == 200
    assert sent.json()["sent_at"] is not None
    assert client.post(f"{API}/campaigns/{campaign['id']}/send").status_code == 422
    rates = client.get(f"{API}/campaigns/{campaign['id']}/acknowledgements").json()
    assert [(r["cell_id"], r["members"]) for r in rates] == [(party["cell_a"].pk, 2)]
    # the other cell's secretary: the sent committee-wide campaign reached her cell, and she
    # sees only her own cell's counts
    client.force_login(party["secretary_b"].user)
    rates = client.get(f"{API}/campaigns/{work['sent'].pk}/acknowledgements").json()
    assert [r["cell_id"] for r in rates] == [party["cell_b"].pk]
    assert client.post(f"{API}/campaigns/{work['unsent'].pk}/send").status_code in (403, 404)


def test_a_campaign_to_a_body_not_covered_is_refused_saying_which(party, work, client):
    client.force_login(party["secretary_a"].user)
    services.digest_approve(actor=party["secretary_a"].user, digest=work["draft"])
    response = client.post(
        f"{API}/resolutions/{work['cell_resolution'].pk}/campaigns",
        {"audience": "cells", "body_ids": [party["cell_b"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert str(party["cell_b"].pk) in response.json()["detail"]
    assert not Campaign.objects.filter(digest=work["draft"]).exists()


def test_a_classified_resolutions_title_is_hidden_from_who_may_not_read_it(party, work, client):
    services.resolution_set_classification(
        actor=party["office"].user,
        resolution=work["top_resolution"],
        classification=Classification.MAT,
    )
    title = str(work["top_resolution"])
    client.force_login(party["secretary_b"].user)  # the campaign reached her cell
    shown = client.get(f"{API}/campaigns/{work['sent'].pk}")
    assert shown.status_code == 200
    assert shown.json()["resolution_title"] is None
    assert shown.json()["classified"] is True
    listed = client.get(f"{API}/campaigns")
    assert title not in listed.content.decode()
    assert client.get(f"{API}/resolutions/{work['top_resolution'].pk}").status_code == 404
    client.force_login(party["office"].user)
    assert client.get(f"{API}/campaigns/{work['sent'].pk}").json()["resolution_title"] == title


def test_meetings_members_propose_and_only_the_secretary_schedules(party, work, client):
    client.force_login(party["member_a"].user)
    assert _ids(client.get(f"{API}/meetings")) == [work["meeting"].pk]
    proposed = client.post(
        f"{API}/meetings/{work['meeting'].pk}/proposals",
        {"text": "Phân công theo cặp."},
        content_type="application/json",
    )
    assert proposed.status_code == 201
    detail = client.get(f"{API}/meetings/{work['meeting'].pk}").json()
    assert len(detail["proposals"]) == 2
    body = {
        "cell_id": party["cell_a"].pk,
        "held_on": str(timezone.localdate()),
        "agenda": "Sinh hoạt tháng",
        "hard_problem": "Chậm báo cáo",
    }
    assert client.post(f"{API}/meetings", body, content_type="application/json").status_code == 403
    client.force_login(party["secretary_a"].user)
    created = client.post(f"{API}/meetings", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["cell_id"] == party["cell_a"].pk
    blank = client.post(
        f"{API}/meetings", {**body, "agenda": "   "}, content_type="application/json"
    )
    assert blank.status_code == 422
    # another cell's secretary sees none of cell A's meetings
    client.force_login(party["secretary_b"].user)
    assert client.get(f"{API}/meetings/{work['meeting'].pk}").status_code == 404


def test_inspections_planned_and_done_by_the_office_and_not_by_a_cell_below(party, work, client):
    client.force_login(party["secretary_a"].user)
    assert client.get(f"{API}/inspections/{work['inspection'].pk}").status_code == 404
    refused = client.post(
        f"{API}/inspections/{work['inspection'].pk}/done",
        {"done_on": str(timezone.localdate()), "findings": "Tốt"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    client.force_login(party["office"].user)
    assert _ids(client.get(f"{API}/inspections")) == [work["inspection"].pk]
    future = client.post(
        f"{API}/inspections/{work['inspection'].pk}/done",
        {"done_on": str(timezone.localdate() + timedelta(days=3)), "findings": "Tốt"},
        content_type="application/json",
    )
    assert future.status_code == 422
    assert future.json()["detail"][0]["loc"] == ["body", "done_on"]
    done = client.post(
        f"{API}/inspections/{work['inspection'].pk}/done",
        {"done_on": str(timezone.localdate()), "findings": "Thực hiện tốt."},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == InspectionStatus.DONE
    planned = client.post(
        f"{API}/inspections",
        {
            "kind": "giam_sat",
            "by_body_id": party["committee"].pk,
            "planned_on": str(timezone.localdate()),
            "subject_person_id": party["member_a"].pk,
        },
        content_type="application/json",
    )
    assert planned.status_code == 201, planned.content
    assert planned.json()["subject_person_id"] == party["member_a"].pk


def test_a_token_needs_the_party_scope(party, work, client):
    office = party["office"].user
    wrong = client.get(f"{API}/resolutions", **_bearer(office, ["goals:read"]))
    assert wrong.status_code == 403
    assert "party:read" in wrong.json()["detail"]
    read = _bearer(office, ["party:read"])
    assert _ids(client.get(f"{API}/resolutions", **read))
    refused = client.post(f"{API}/campaigns/{work['unsent'].pk}/send", **read)
    assert refused.status_code == 403
    assert "party:write" in refused.json()["detail"]
    assert Campaign.objects.get(pk=work["unsent"].pk).dispatch_id is None
