"""A proposal the office returned is completed by its unit (issue 11, the round closed end to
end): the head of the proposing unit reads the office's reason, edits the summary of
achievements on the proposal's page and sends it again; the edit is audited before and
after in the same transaction; nobody else edits it, and no proposal in another status is
edited. The office finds it back in its queue."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.awards.choices import AwardsAudit, ProposalStatus
from thidua.awards.selectors.work import office_proposal_queues, returned_proposals
from thidua.awards.services import council as services
from thidua.awards.services import proposals as proposal_services
from thidua.core.models import AuditEvent

from ..factories import unit_head
from .test_work_items import items

pytestmark = pytest.mark.django_db
WHY = "Thiếu bản tóm tắt thành tích"
BEFORE = "Hoàn thành tốt nhiệm vụ."
AFTER = "Hoàn thành xuất sắc nhiệm vụ; chủ trì đề tài cấp Bộ năm 2025."


@pytest.fixture
def returned(org, officer, histories):
    """Cục A's head proposed Lê Văn Nam (Phòng A1) for LĐTT; the office returned it."""
    head = org["head_a"].user
    proposal = services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"], achievements=BEFORE
    )
    services.proposal_submit(actor=head, proposal=proposal)
    return services.proposal_check(actor=officer.user, proposal=proposal, accept=False, reason=WHY)


def _edit(client, user, proposal, text=AFTER):
    client.force_login(user)
    url = reverse("awards:proposal_edit", args=[proposal.pk])
    return client.post(url, {"achievements": text}, follow=True)


def _edits(proposal) -> int:
    return AuditEvent.objects.filter(
        action=AwardsAudit.PROPOSAL_EDITED, target_id=str(proposal.pk)
    ).count()


def test_the_head_reads_the_reason_edits_the_text_and_sends_it_again(
    client, org, officer, returned
):
    head = org["head_a"].user
    client.force_login(head)
    url = reverse("awards:proposal_detail", args=[returned.pk])
    page = client.get(url).content.decode()
    edit = reverse("awards:proposal_edit", args=[returned.pk])
    assert WHY in page and f'action="{edit}"' in page and BEFORE in page
    assert page.index(WHY) < page.index(edit)  # the reason first, then the text to complete

    answer = _edit(client, head, returned)
    assert answer.status_code == 200 and answer.redirect_chain[-1][0] == url
    returned.refresh_from_db()
    assert returned.achievements == AFTER and returned.status == ProposalStatus.RETURNED
    event = AuditEvent.objects.get(action=AwardsAudit.PROPOSAL_EDITED)
    assert event.actor == head and event.target_id == str(returned.pk)
    assert event.data["changes"] == {"achievements": [BEFORE, AFTER]}
    page = answer.content.decode()
    assert AFTER in page  # in the textarea and in the history (before → after)
    assert page.count(BEFORE) == 1  # only in the history now

    # the same text again writes nothing
    _edit(client, head, returned)
    assert _edits(returned) == 1

    client.post(reverse("awards:proposal_submit", args=[returned.pk]))
    returned.refresh_from_db()
    assert returned.status == ProposalStatus.SUBMITTED and returned.achievements == AFTER
    assert f'action="{edit}"' not in client.get(url).content.decode()  # sent: no more edits


def test_the_office_finds_the_completed_proposal_back_in_its_queue(client, org, officer, returned):
    head = org["head_a"].user
    assert office_proposal_queues().get(ProposalStatus.SUBMITTED) is None
    assert returned_proposals(viewer=head)["n"] == 1
    _edit(client, head, returned)
    proposal_services.proposal_submit(actor=head, proposal=returned)
    assert office_proposal_queues()[ProposalStatus.SUBMITTED]["n"] == 1
    assert returned_proposals(viewer=head)["n"] == 0
    step = items(officer.user, "awards.check")["awards.check"]
    assert step.count == 1
    client.force_login(officer.user)
    page = client.get(reverse("awards:proposal_detail", args=[returned.pk])).content.decode()
    assert AFTER in page
    assert reverse("awards:proposal_check", args=[returned.pk]) in page


@pytest.mark.parametrize("who", ["office", "other_head", "staff"])
def test_nobody_but_the_head_of_the_proposing_unit_edits_it(client, org, officer, returned, who):
    user = {
        "office": officer.user,
        "other_head": unit_head(org["dept_b"], username="truong-cuc-b").user,
        "staff": org["staff_a"].user,
    }[who]
    client.force_login(user)
    edit = reverse("awards:proposal_edit", args=[returned.pk])
    if who == "office":  # the office sees the page but no form on it
        page = client.get(reverse("awards:proposal_detail", args=[returned.pk]))
        assert page.status_code == 200 and edit not in page.content.decode()
    answer = client.post(edit, {"achievements": AFTER})
    # the office may open the proposal: 403; the others may not see it at all: 404
    assert answer.status_code == (403 if who == "office" else 404)
    with pytest.raises(PermissionDenied):
        proposal_services.proposal_edit_returned(actor=user, proposal=returned, achievements=AFTER)
    returned.refresh_from_db()
    assert returned.achievements == BEFORE and _edits(returned) == 0


@pytest.mark.parametrize("status", ["draft", "submitted", "checked"])
def test_a_proposal_in_another_status_is_not_edited(client, org, officer, histories, status):
    head = org["head_a"].user
    proposal = services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"], achievements=BEFORE
    )
    if status != "draft":
        services.proposal_submit(actor=head, proposal=proposal)
    if status == "checked":
        services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    client.force_login(head)
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert reverse("awards:proposal_edit", args=[proposal.pk]) not in page
    answer = _edit(client, head, proposal)
    assert "Chỉ sửa được đề nghị đã bị" in answer.content.decode() or (
        "Only a proposal the office returned" in answer.content.decode()
    )
    with pytest.raises(ValidationError):
        proposal_services.proposal_edit_returned(actor=head, proposal=proposal, achievements=AFTER)
    proposal.refresh_from_db()
    assert proposal.achievements == BEFORE and _edits(proposal) == 0


def test_the_edit_and_its_audit_event_are_one_transaction(org, returned):
    with (
        mock.patch.object(proposal_services, "audit_change", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        proposal_services.proposal_edit_returned(
            actor=org["head_a"].user, proposal=returned, achievements=AFTER
        )
    returned.refresh_from_db()
    assert returned.achievements == BEFORE


def test_a_text_too_long_is_refused(org, returned):
    with pytest.raises(ValidationError):
        proposal_services.proposal_edit_returned(
            actor=org["head_a"].user, proposal=returned, achievements="x" * 8001
        )
    returned.refresh_from_db()
    assert returned.achievements == BEFORE
