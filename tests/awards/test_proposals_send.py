"""Sending several drafts at once (walk-through of 06/12/2026, F6b): after the yearly round
made the unit's drafts, its head opened and sent each on its own page. The draft list now
offers a checkbox for each proposal the viewer may send (as the proposal's page offers the
send button), "select all" and one button; the API takes a list of ids. All or nothing: a
proposal the service refuses leaves every chosen one a draft, and the page (the API: 422)
names each refused one with its reason in Vietnamese. Each proposal sent is audited as a
single send is; a role without the right is refused, a proposal out of sight is 404."""

import json
from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.choices import AwardsAudit, ProposalStatus
from thidua.awards.models import Proposal
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.emulation.models import PendingCase
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/awards/proposals/send"
LIST = reverse("awards:proposal_list")
SEND = reverse("awards:proposal_send_many")


@pytest.fixture
def drafts(org, histories):
    """Two drafts of Cục A's people, made by its head (as the round leaves them)."""
    return [
        services.proposal_create(actor=org["head_a"].user, code="LDTT", year=2025, person=p)
        for p in (histories["steady"], histories["star"])
    ]


@pytest.fixture
def head_b(org):
    head = PersonFactory(unit=org["dept_b"], full_name="Vũ Văn Bình", user=UserFactory())
    role_grant(
        actor=SYSTEM, user=head.user, role=Role.UNIT_HEAD, unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )  # fmt: skip
    return head


def _statuses(proposals) -> set[str]:
    return set(
        Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("status", flat=True)
    )


def _sent_events(proposals):
    return AuditEvent.objects.filter(
        action=AwardsAudit.PROPOSAL_SUBMITTED,
        target_id__in=[str(p.pk) for p in proposals],
    )


def test_the_head_sends_the_chosen_drafts_from_the_list(client, org, drafts):
    client.force_login(org["head_a"].user)
    page = client.get(LIST, {"status": "draft"}).content.decode()
    for p in drafts:
        assert f'name="proposals" value="{p.pk}"' in page
    assert 'data-select-all="proposals"' in page
    assert "select_all.js" in page
    assert "Gửi các đề nghị đã chọn" in page

    response = client.post(SEND, {"proposals": [p.pk for p in drafts], "status": "draft"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?status=draft"
    assert _statuses(drafts) == {ProposalStatus.SUBMITTED}
    page = client.get(response["Location"]).content.decode()
    assert "2 đề nghị đã được gửi bộ phận thi đua – khen thưởng" in page
    # audited as the single send: one event per proposal, from draft to submitted
    events = list(_sent_events(drafts))
    assert sorted(e.target_id for e in events) == sorted(str(p.pk) for p in drafts)
    assert all(e.actor_id == org["head_a"].user.pk for e in events)
    assert all(e.data.get("to") == ProposalStatus.SUBMITTED for e in events)
    for p in Proposal.objects.filter(pk__in=[p.pk for p in drafts]):
        assert p.received_on is not None  # judged again on the day received


def test_a_colleague_without_the_right_sees_no_checkbox_and_is_refused(client, org, drafts, head_b):
    client.force_login(org["staff_a"].user)  # Cục A's staff: may not send
    assert 'name="proposals"' not in client.get(LIST, {"status": "draft"}).content.decode()
    response = client.post(SEND, {"proposals": [p.pk for p in drafts]})
    assert response.status_code == 403
    client.force_login(head_b.user)  # another unit's head: not even in sight
    assert client.post(SEND, {"proposals": [drafts[0].pk]}).status_code == 404
    assert _statuses(drafts) == {ProposalStatus.DRAFT}
    assert not _sent_events(drafts).exists()


def test_one_refused_none_sent_and_the_page_says_why(client, org, drafts, histories):
    star = histories["star"]
    PendingCase.objects.create(person=star, kind="complaint", opened_on=date(2026, 1, 5))
    client.force_login(org["head_a"].user)
    response = client.post(SEND, {"proposals": [p.pk for p in drafts], "status": "draft"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 đề nghị đã chọn không gửi được nên chưa đề nghị nào được gửi" in page
    assert f"{star.full_name} đang có vụ việc chưa xử lý xong" in page
    assert reverse("awards:proposal_detail", args=[drafts[1].pk]) in page
    # the choice is kept for a second try
    assert f'value="{drafts[0].pk}"' in page and "checked" in page
    assert _statuses(drafts) == {ProposalStatus.DRAFT}
    assert not _sent_events(drafts).exists()


def test_nothing_chosen_is_sent_back_with_an_error(client, org, drafts):
    client.force_login(org["head_a"].user)
    response = client.post(SEND, {"status": "draft"}, follow=True)
    assert "Hãy chọn ít nhất một đề nghị để gửi." in response.content.decode()
    assert _statuses(drafts) == {ProposalStatus.DRAFT}


def _post(client, ids):
    return client.post(API, json.dumps({"proposal_ids": ids}), content_type="application/json")


def test_the_api_sends_them_together_with_the_same_rules(client, org, drafts, histories, head_b):
    client.force_login(org["staff_a"].user)
    assert _post(client, [p.pk for p in drafts]).status_code in (403, 404)
    client.force_login(head_b.user)
    assert _post(client, [p.pk for p in drafts]).status_code == 404
    assert _statuses(drafts) == {ProposalStatus.DRAFT}

    star = histories["star"]
    case = PendingCase.objects.create(person=star, kind="complaint", opened_on=date(2026, 1, 5))
    client.force_login(org["head_a"].user)
    refused = _post(client, [p.pk for p in drafts])
    assert refused.status_code == 422
    [item] = refused.json()["detail"]
    assert item["loc"] == ["body", "proposal_ids", drafts[1].pk]
    assert "đang có vụ việc chưa xử lý xong" in item["msg"]
    assert _statuses(drafts) == {ProposalStatus.DRAFT}
    assert not _sent_events(drafts).exists()

    case.delete()
    sent = _post(client, [p.pk for p in drafts])
    assert sent.status_code == 200, sent.content
    assert sorted(row["id"] for row in sent.json()) == sorted(p.pk for p in drafts)
    assert {row["status"] for row in sent.json()} == {ProposalStatus.SUBMITTED}
    assert _sent_events(drafts).count() == 2
    again = _post(client, [drafts[0].pk])
    assert again.status_code == 422  # only a draft or a returned proposal
