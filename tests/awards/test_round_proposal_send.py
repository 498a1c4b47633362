"""A proposal made from the yearly round keeps the round's verdict and receipt date when its
unit sends it (walk-through of 07/12/2026, flow 2): the round judged it with this round's
facts (the members' titles of the same round, the CSTĐCS kept within the cap) on the round's
receipt date; sending it judged it again on the day it was sent, without them, and under the
law in force that day — on the demo every CSTĐCS and collective title the round found
eligible turned "not eligible" once sent, and the office had to override each one."""

from datetime import date

import pytest

from thidua.awards.choices import ProposalStatus
from thidua.awards.models import Proposal, RoundVerdict
from thidua.awards.services import proposals as proposal_services
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .test_round import run_and_confirm

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)


def test_a_proposal_from_the_round_is_sent_with_the_rounds_verdict_and_receipt_date(
    officer, org, section
):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, services.COMPUTED_STEPS)
    services.round_propose(actor=officer.user, round_=round_)
    made = Proposal.objects.filter(year=2025)
    assert made.exists()
    head = PersonFactory(unit=org["dept_b"], user=UserFactory(username="truong-b"))
    role_grant(
        actor=SYSTEM,
        user=head.user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    before = {p.pk: (p.received_on, p.verdict) for p in made}
    sent = proposal_services.proposals_submit(actor=head.user, proposals=list(made))
    assert {p.status for p in sent} == {ProposalStatus.SUBMITTED}
    for proposal in Proposal.objects.filter(pk__in=before):
        received_on, verdict = before[proposal.pk]
        assert received_on is None and proposal.received_on == RECEIVED
        assert proposal.verdict["eligible"] == verdict["eligible"]
        assert proposal.verdict["reasons"] == verdict["reasons"]
    # each one was eligible in the round and still is: the office need not override any
    round_eligible = RoundVerdict.objects.filter(round=round_, proposal__isnull=False)
    assert all(v.eligible for v in round_eligible)
    assert all(p.verdict["eligible"] for p in Proposal.objects.filter(pk__in=before))
