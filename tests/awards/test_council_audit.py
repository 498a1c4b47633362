"""Proposals, ballots and decisions are audited with before/after — ballots only as
participation, never the choice."""

from datetime import date

import pytest

from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core.audit import audit_for

from .test_council_services import (  # noqa: F401 (fixtures)
    approved_path,
    ballot,
    council,
    decision,
    member,
)

pytestmark = pytest.mark.django_db


def test_proposal_steps_record_the_status_before_and_after(org, officer, histories):
    proposal = approved_path(officer.user, officer, histories["steady"], code="LDTT")
    statuses = [
        e.data["changes"]["status"]
        for e in audit_for(proposal).order_by("id")
        if "status" in e.data.get("changes", {})
    ]
    assert statuses[0] == ["draft", "submitted"]
    assert statuses[-1][1] == "checked"


def test_signing_a_decision_records_number_date_and_each_proposal_decided(
    officer,
    decision,  # noqa: F811
):
    services.decision_sign(
        actor=officer.user, decision=decision, number="125/QĐ-BTN", signed_on=date(2026, 2, 1)
    )
    signed = audit_for(decision).get(action="decision.signed")
    assert signed.actor == officer.user
    assert signed.data["changes"] == {
        "number": ["", "125/QĐ-BTN"],
        "signed_on": [None, "2026-02-01"],
    }
    proposal = selectors.decision_proposals(decision)[0]
    decided = audit_for(proposal).get(action="proposal.decided")
    assert decided.data["changes"]["status"] == ["approved", "decided"]
    assert decided.data["changes"]["award"] == [None, proposal.award_id]


def test_a_vote_is_audited_as_participation_without_its_choice(
    ballot,  # noqa: F811
    council,  # noqa: F811
):
    services.ballot_cast(ballot=ballot, voter_user=council[0].user, choice="no")
    event = audit_for(ballot).get(action="ballot.participated")
    assert event.actor == council[0].user
    assert event.data == {}
