# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API: a returned proposal completed by its unit (issue 11; issue 15, point 2: the
API does what the proposal page's edit form does, through the same service). PATCH
/proposals/{id} with the summary: the head of the proposing unit edits it (audited
proposal.edited), If-Match required (stale: 412), the office 403, another unit 404, a
proposal not returned 422 with the reason, too long 422, a read-only token 403 — nothing
written in each refusal."""

import json
from datetime import date, timedelta

import pytest

from thidua.accounts.tokens import token_create
from thidua.awards.choices import ProposalStatus
from thidua.awards.services import council as services

from ..factories import unit_head
from .test_returned_proposal_edit import AFTER, BEFORE, _edits, returned  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/awards/proposals"


def _patch(client, proposal, text=AFTER, if_match="*", **headers):
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.generic(
        "PATCH",
        f"{API}/{proposal.pk}",
        json.dumps({"achievements": text}),
        content_type="application/json",
        **headers,
    )


def _unchanged(proposal) -> None:
    proposal.refresh_from_db()
    assert proposal.achievements == BEFORE and _edits(proposal) == 0


def test_the_head_completes_the_returned_proposal_then_sends_it(client, org, returned):
    client.force_login(org["head_a"].user)
    etag = client.get(f"{API}/{returned.pk}")["ETag"]

    edited = _patch(client, returned, if_match=etag)

    assert edited.status_code == 200, edited.content
    assert edited.json()["achievements"] == AFTER
    assert edited.json()["status"] == ProposalStatus.RETURNED
    assert edited["ETag"] == client.get(f"{API}/{returned.pk}")["ETag"] != etag
    returned.refresh_from_db()
    assert returned.achievements == AFTER and _edits(returned) == 1
    sent = client.post(f"{API}/{returned.pk}/submit", {}, content_type="application/json")
    assert sent.status_code == 200 and sent.json()["status"] == ProposalStatus.SUBMITTED


def test_if_match_is_required_and_a_stale_one_refused(client, org, returned):
    client.force_login(org["head_a"].user)
    etag = client.get(f"{API}/{returned.pk}")["ETag"]
    assert _patch(client, returned, if_match=None).status_code == 428
    _unchanged(returned)
    assert _patch(client, returned, "Bản thứ nhất", if_match=etag).status_code == 200

    stale = _patch(client, returned, "Bản thứ hai", if_match=etag)

    assert stale.status_code == 412
    returned.refresh_from_db()
    assert returned.achievements == "Bản thứ nhất" and _edits(returned) == 1


def test_the_office_is_refused_and_another_unit_sees_nothing(client, org, officer, returned):
    client.force_login(officer.user)
    refused = _patch(client, returned)
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(unit_head(org["dept_b"], username="truong-cuc-b").user)
    assert _patch(client, returned).status_code == 404
    client.force_login(org["staff_a"].user)
    assert _patch(client, returned).status_code == 404
    _unchanged(returned)


def test_a_read_only_token_is_refused(client, org, returned):
    secret = token_create(
        actor=org["head_a"].user,
        name="API",
        scopes=["awards:read"],
        expires_on=date.today() + timedelta(days=5),
    ).secret
    refused = _patch(client, returned, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 403 and "awards:write" in refused.json()["detail"]
    _unchanged(returned)


def test_a_proposal_not_returned_is_left_as_it_is_with_the_reason(client, org, histories):
    head = org["head_a"].user
    proposal = services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"], achievements=BEFORE
    )
    services.proposal_submit(actor=head, proposal=proposal)
    client.force_login(head)

    refused = _patch(client, proposal)

    assert refused.status_code == 422
    words = " ".join(item["msg"] for item in refused.json()["detail"])
    assert "Chỉ sửa được đề nghị" in words or "Only a proposal the office returned" in words
    _unchanged(proposal)


def test_a_summary_too_long_is_a_422_and_nothing_is_written(client, org, returned):
    client.force_login(org["head_a"].user)

    refused = _patch(client, returned, "x" * 8001)

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "achievements"
    _unchanged(returned)
    assert _patch(client, returned, "x" * 8000).status_code == 200
