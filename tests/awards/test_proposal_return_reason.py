"""A returned proposal says why at the top of its page (walk-through of 07/12/2026, round
flow 3): the office returned Cục ATTT's head's Giấy khen with "Thiếu bản tóm tắt thành
tích"; 'Việc của tôi' took the head to the proposal, whose page showed only the send button
— the reason was the last line of the history table, below the fold on a phone."""

import pytest
from django.urls import reverse

from thidua.awards.services import council as services

pytestmark = pytest.mark.django_db
WHY = "Thiếu bản tóm tắt thành tích"


def test_the_head_reads_why_the_dossier_was_returned_before_anything_else(
    client, org, officer, histories
):
    head = org["head_a"].user
    proposal = services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"]
    )
    services.proposal_submit(actor=head, proposal=proposal)
    url = reverse("awards:proposal_detail", args=[proposal.pk])
    client.force_login(head)
    assert 'role="alert"' not in client.get(url).content.decode()  # not returned: nothing

    services.proposal_check(actor=officer.user, proposal=proposal, accept=False, reason=WHY)
    page = client.get(url).content.decode()
    banner = page.split('role="alert"', 1)[1]
    assert WHY in banner.split("</div>", 1)[0]
    assert "Vũ Thị Thi Đua" in banner.split("</div>", 1)[0]  # who returned it, by name
    assert page.index(WHY) < page.index(reverse("awards:proposal_submit", args=[proposal.pk]))

    services.proposal_submit(actor=head, proposal=proposal)  # sent again: the banner goes
    assert 'role="alert"' not in client.get(url).content.decode()
