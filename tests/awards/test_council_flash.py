"""The proposal actions say what happened and whom the proposal waits for now (issue 12,
"hand-offs"): submitting, overriding, checking and returning each flash a success message
on the proposal's page; a refusal flashes its reason only."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from thidua.awards.choices import ProposalStatus
from thidua.awards.services import council as services

pytestmark = pytest.mark.django_db


def _said(client, url, data):
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(response.request["PATH_INFO"])
    return [(m.level, str(m)) for m in response.context["messages"]]


def _expected(msgid, subject):
    with translation.override("vi"):
        return gettext(msgid) % {"subject": subject}


SUBMITTED = (
    "The proposal for %(subject)s is sent to the emulation & commendation office; it now "
    "waits for the office to check the dossier."
)
CHECKED = (
    "The dossier of %(subject)s is checked; the proposal now waits to be put before the "
    "emulation & commendation council at a session."
)
RETURNED = (
    "The proposal for %(subject)s is returned to its unit with your reason; it now "
    "waits for the unit to complete the dossier and submit it again."
)
OVERRIDDEN_TO_CHECK = (
    "Your override of the verdict for %(subject)s is recorded with its reason; the "
    "proposal now waits for the office to check the dossier."
)


def test_submitting_says_it_waits_for_the_office(client, org, histories):
    person = histories["steady"]
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=person
    )
    client.force_login(org["head_a"].user)
    said = _said(client, reverse("awards:proposal_submit", args=[proposal.pk]), {})
    assert said == [(constants.SUCCESS, _expected(SUBMITTED, person.full_name))]
    assert person.full_name in said[0][1]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    # a second submission is refused: its reason only, no success
    said = _said(client, reverse("awards:proposal_submit", args=[proposal.pk]), {})
    assert [level for level, _t in said] == [constants.ERROR]


def test_checking_says_it_waits_for_the_council(client, org, officer, histories):
    person = histories["steady"]
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=person
    )
    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    client.force_login(officer.user)
    url = reverse("awards:proposal_check", args=[proposal.pk])
    said = _said(client, url, {"decision": "accept"})
    assert said == [(constants.SUCCESS, _expected(CHECKED, person.full_name))]
    assert _said(client, url, {"decision": "accept"})[0][0] == constants.ERROR


def test_returning_says_it_waits_for_the_unit(client, org, officer, histories):
    person = histories["steady"]
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=person
    )
    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    client.force_login(officer.user)
    url = reverse("awards:proposal_check", args=[proposal.pk])
    # without a reason: refused, nothing said of a return
    said = _said(client, url, {"decision": "return"})
    assert [level for level, _t in said] == [constants.ERROR]
    said = _said(client, url, {"decision": "return", "reason": "Thiếu minh chứng"})
    assert said == [(constants.SUCCESS, _expected(RETURNED, person.full_name))]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_override_says_it_waits_for_the_check(client, org, officer, histories):
    person = histories["star"]
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="CSTD_TQ", year=2025, person=person
    )
    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    assert not proposal.verdict.get("eligible")
    client.force_login(officer.user)
    said = _said(
        client, reverse("awards:proposal_override", args=[proposal.pk]), {"reason": "Đặc biệt"}
    )
    assert said == [(constants.SUCCESS, _expected(OVERRIDDEN_TO_CHECK, person.full_name))]
    said = _said(
        client, reverse("awards:proposal_check", args=[proposal.pk]), {"decision": "accept"}
    )
    assert said == [(constants.SUCCESS, _expected(CHECKED, person.full_name))]
