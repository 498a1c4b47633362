# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API, a proposal's path to the registry: a head checks and saves a proposal for her
unit and submits it, the office overrides and checks it, drafts a decision over approved
proposals, signs it (the awards enter the registry), downloads it and prints certificates —
with the pages' services, so the effect is the page's; another role refused with nothing
written, bad input 422, a stale If-Match 412."""

import json
from datetime import date

import pytest
from django.utils import timezone

from thidua.awards.choices import ProposalStatus
from thidua.awards.models import Award, CertificateLayout, Decision, Proposal
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .test_council_services import approved_path, council  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


def _json(client, method, url, data=None, **headers):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, url, body, content_type="application/json", **headers)


@pytest.fixture
def head_b(org):
    """The head of Cục B: no business with Cục A's people."""
    head = PersonFactory(unit=org["dept_b"], full_name="Vũ Văn Bình", user=UserFactory())
    role_grant(
        actor=SYSTEM,
        user=head.user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    return head


def _approved(officer, person, code="LDTT"):
    """A proposal approved by the council (LDTT: decided without a ballot)."""
    proposal = approved_path(officer.user, officer, person, code=code)
    session = services.session_create(actor=officer.user, title="P", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)
    proposal.refresh_from_db()
    return proposal


# ---- proposals ---------------------------------------------------------------------------


def test_a_head_checks_and_saves_a_proposal_another_units_head_is_refused(
    org, head_b, histories, client
):
    steady = histories["steady"]
    body = {"code": "LDTT", "year": 2025, "person_id": steady.pk, "achievements": "Tốt"}
    client.force_login(head_b.user)
    assert _json(client, "POST", f"{API}/proposals/preview", body).status_code == 403
    assert _json(client, "POST", f"{API}/proposals", body).status_code == 403
    assert not Proposal.objects.exists()
    client.force_login(org["head_a"].user)
    preview = _json(client, "POST", f"{API}/proposals/preview", body)
    assert preview.status_code == 200, preview.content
    assert preview.json()["verdict"]["eligible"] is True
    assert not Proposal.objects.exists()
    created = _json(client, "POST", f"{API}/proposals", body)
    assert created.status_code == 201, created.content
    proposal = Proposal.objects.get()
    # the page's effect: a draft with the engine's verdict, audited
    assert created.json()["id"] == proposal.pk
    assert (proposal.status, proposal.person, proposal.achievements) == (
        ProposalStatus.DRAFT,
        steady,
        "Tốt",
    )
    assert proposal.verdict["code"] == "LDTT" and proposal.verdict["eligible"] is True
    assert AuditEvent.objects.filter(action="proposal.created", target_id=str(proposal.pk)).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"code": "LDTT", "year": 2025},  # no subject
        {"code": "LDTT", "year": 2025, "person_id": 1, "unit_id": 1},  # both
        {"code": "NOPE", "year": 2025, "person_id": 1},
        {"code": "LDTT", "year": 1800, "person_id": 1},
        {"code": "LDTT", "year": 2025, "person_id": 0},
        {"code": "LDTT", "year": 2025, "person_id": 1, "achievements": "x" * 8001},
    ],
)
def test_bad_proposals_are_refused_with_422(org, histories, client, body):
    client.force_login(org["head_a"].user)
    answer = _json(client, "POST", f"{API}/proposals", body)
    assert answer.status_code == 422, answer.content
    assert not Proposal.objects.exists()


def test_submit_checks_if_match_and_judges_again_on_the_day(org, head_b, histories, client):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=histories["steady"]
    )
    client.force_login(org["head_a"].user)
    url = f"{API}/proposals/{proposal.pk}"
    etag = client.get(url)["ETag"]
    Proposal.objects.filter(pk=proposal.pk).update(achievements="Sửa ở nơi khác")
    stale = _json(client, "POST", f"{url}/submit", {}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
    client.force_login(head_b.user)
    assert _json(client, "POST", f"{url}/submit", {}).status_code == 404  # not in her scope
    client.force_login(org["head_a"].user)
    sent = _json(client, "POST", f"{url}/submit", {}, HTTP_IF_MATCH=client.get(url)["ETag"])
    assert sent.status_code == 200, sent.content
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.received_on == timezone.localdate()
    again = _json(client, "POST", f"{url}/submit", {})
    assert again.status_code == 422  # only a draft or a returned proposal


def test_the_office_overrides_and_checks_a_head_may_not(org, officer, histories, client):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="CSTD_BO", year=2025, person=histories["steady"]
    )
    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    url = f"{API}/proposals/{proposal.pk}"
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{url}/check", {"accept": True}).status_code == 403
    assert _json(client, "POST", f"{url}/override", {"reason": "Lý do"}).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
    client.force_login(officer.user)
    early = _json(client, "POST", f"{url}/check", {"accept": True})
    assert early.status_code == 422  # not eligible: an override first
    assert _json(client, "POST", f"{url}/override", {"reason": " "}).status_code == 422
    overridden = _json(client, "POST", f"{url}/override", {"reason": "Thành tích đặc biệt"})
    assert overridden.status_code == 200, overridden.content
    assert overridden.json()["override"] is True
    assert _json(client, "POST", f"{url}/check", {"accept": False}).status_code == 422  # no reason
    checked = _json(client, "POST", f"{url}/check", {"accept": True, "reason": "Đạt"})
    assert checked.status_code == 200, checked.content
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.CHECKED


def test_the_office_returns_a_dossier_with_a_reason(org, officer, histories, client):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=histories["steady"]
    )
    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    client.force_login(officer.user)
    url = f"{API}/proposals/{proposal.pk}/check"
    returned = _json(client, "POST", url, {"accept": False, "reason": "Thiếu minh chứng"})
    assert returned.status_code == 200, returned.content
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.RETURNED
    listed = client.get(f"{API}/proposals?status=returned").json()["items"]
    assert [p["id"] for p in listed] == [proposal.pk]
    assert client.get(f"{API}/proposals?status=nope").status_code == 422


# ---- decisions and certificates ----------------------------------------------------------


def test_the_office_drafts_signs_and_downloads_a_decision(org, officer, council, histories, client):
    proposal = _approved(officer, histories["steady"])
    body = {"proposal_ids": [proposal.pk], "summary": "tặng danh hiệu LĐTT", "issuer": "Bộ Thử"}
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{API}/decisions", body).status_code == 403
    assert client.get(f"{API}/decisions").status_code == 403
    assert not Decision.objects.exists()
    client.force_login(officer.user)
    unknown = _json(
        client, "POST", f"{API}/decisions", {**body, "proposal_ids": [proposal.pk + 99]}
    )
    assert unknown.status_code == 422
    assert _json(client, "POST", f"{API}/decisions", {**body, "summary": ""}).status_code == 422
    created = _json(client, "POST", f"{API}/decisions", body)
    assert created.status_code == 201, created.content
    decision = Decision.objects.get()
    assert created.json()["proposal_ids"] == [proposal.pk] and created.json()["awards"] == []
    assert [d["id"] for d in client.get(f"{API}/decisions").json()["items"]] == [decision.pk]
    twice = _json(client, "POST", f"{API}/decisions", body)
    assert twice.status_code == 422  # already in a draft
    url = f"{API}/decisions/{decision.pk}"
    etag = client.get(url)["ETag"]
    docx = client.get(f"{url}/docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    Decision.objects.filter(pk=decision.pk).update(summary="Sửa ở nơi khác")
    sign = {"number": "125/QĐ-BTN", "signed_on": "2026-02-01"}
    stale = _json(client, "POST", f"{url}/sign", sign, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert not Award.objects.exists()
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{url}/sign", sign).status_code == 403
    client.force_login(officer.user)
    assert _json(client, "POST", f"{url}/sign", {**sign, "number": ""}).status_code == 422
    assert _json(client, "POST", f"{url}/sign", {**sign, "signed_on": "01/02"}).status_code == 422
    signed = _json(client, "POST", f"{url}/sign", sign, HTTP_IF_MATCH=client.get(url)["ETag"])
    assert signed.status_code == 200, signed.content
    award = Award.objects.get()
    assert (award.person, award.decision_number, award.decision_date) == (
        histories["steady"],
        "125/QĐ-BTN",
        date(2026, 2, 1),
    )
    assert signed.json()["awards"][0]["id"] == award.pk
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DECIDED
    assert _json(client, "POST", f"{url}/sign", sign).status_code == 422  # signed once

    certificate = client.get(f"{API}/certificates/{award.pk}")
    assert certificate.status_code == 200, certificate.content
    fields = {f["name"]: f for f in certificate.json()["fields"]}
    assert fields["name"]["text"] == histories["steady"].full_name
    assert fields["decision"]["text"] == "Quyết định số 125/QĐ-BTN"
    client.force_login(org["head_a"].user)
    assert client.get(f"{API}/certificates/{award.pk}").status_code == 403


def test_printer_offsets_need_if_match_and_move_the_certificate(org, officer, client):
    url = f"{API}/certificate-layouts/LDTT"
    client.force_login(org["head_a"].user)
    assert client.get(url).status_code == 403
    assert (
        _json(client, "PUT", url, {"offset_x": 1, "offset_y": 0}, HTTP_IF_MATCH="*").status_code
        == 403
    )
    client.force_login(officer.user)
    read = client.get(url)
    assert read.status_code == 200 and read.json()["fields"]["name"]["x"] == 40
    body = {"offset_x": "2.5", "offset_y": -1}
    assert _json(client, "PUT", url, body).status_code == 428
    assert _json(client, "PUT", url, body, HTTP_IF_MATCH='"stale"').status_code == 412
    assert not CertificateLayout.objects.exists()
    too_far = _json(client, "PUT", url, {"offset_x": 80, "offset_y": 0}, HTTP_IF_MATCH=read["ETag"])
    assert too_far.status_code == 422
    saved = _json(client, "PUT", url, body, HTTP_IF_MATCH=read["ETag"])
    assert saved.status_code == 200, saved.content
    layout = CertificateLayout.objects.get(code="LDTT")
    assert (str(layout.offset_x_mm), str(layout.offset_y_mm)) == ("2.5", "-1.0")
    assert _json(client, "PUT", url, body, HTTP_IF_MATCH=read["ETag"]).status_code == 412
    assert client.get(f"{API}/certificate-layouts/NOPE").status_code == 422
