"""The office goes from one dossier to the next (walk-through of 07/12/2026, round flow 3):
after the round, 'Việc của tôi' listed 68 proposals to check; each 'Hồ sơ hợp lệ' left the
office on the proposal it had just checked, with no way on but back to the list. A proposal's
page now links the office to the next dossier waiting for its check."""

import pytest
from django.urls import reverse

from thidua.awards.services import council as services

pytestmark = pytest.mark.django_db
NEXT = "Hồ sơ tiếp theo cần thẩm định"


def _link(pk: int) -> str:
    return f'href="{reverse("awards:proposal_detail", args=[pk])}"'


def test_each_dossier_links_the_office_to_the_next_one_waiting_for_its_check(
    client, org, officer, histories
):
    head = org["head_a"].user
    made = [
        services.proposal_create(actor=head, code=code, year=2025, person=histories[who])
        for code, who in (("LDTT", "steady"), ("LDTT", "star"), ("CSTDCS", "star"))
    ]
    for p in made:
        services.proposal_submit(actor=head, proposal=p)
    newest, middle, oldest = reversed(made)  # the list shows the newest first
    client.force_login(officer.user)

    page = client.get(reverse("awards:proposal_detail", args=[newest.pk])).content.decode()
    assert any(w in page for w in (NEXT, "Next dossier to check"))
    assert _link(middle.pk) in page

    client.post(
        reverse("awards:proposal_check", args=[middle.pk]), {"decision": "accept", "reason": ""}
    )
    after_check = client.get(reverse("awards:proposal_detail", args=[middle.pk]))
    assert _link(oldest.pk) in after_check.content.decode()  # checked: on to the next
    last = client.get(reverse("awards:proposal_detail", args=[oldest.pk])).content.decode()
    assert _link(newest.pk) in last  # from the top again; the checked one is not offered
    assert _link(middle.pk) not in last

    client.force_login(head)  # the unit's head checks nothing: no such link
    theirs = client.get(reverse("awards:proposal_detail", args=[newest.pk])).content.decode()
    assert NEXT not in theirs and "Next dossier to check" not in theirs
