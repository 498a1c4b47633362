"""Việc của tôi, awards: what waits for the office, a council member and a unit head, with
the count and a link that opens for them, and gone once the work is done."""

from datetime import date

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.awards.choices import RoundStep
from thidua.awards.models import CouncilMember
from thidua.awards.nextsteps import awards_next_steps
from thidua.awards.selectors.work import round_year
from thidua.awards.services import council as services
from thidua.awards.services import round as round_services
from thidua.core import nextsteps
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.emulation.choices import RatingLevel
from thidua.org.choices import Role
from thidua.org.models import Person
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .conftest import rate
from .test_council_services import approved_path, member

pytestmark = pytest.mark.django_db


def items(user, prefix: str) -> dict:
    """The person's awards work items whose key starts with `prefix`, by key."""
    return {s.key: s for s in awards_next_steps(user) if s.key.startswith(prefix)}


def opens(client, user, step, text: str = "") -> None:
    """The item's link answers 200 for the person (and shows `text`)."""
    client.force_login(user)
    response = client.get(step.url)
    assert response.status_code == 200, step.url
    if text:
        assert text in response.content.decode()


def submitted(org, person, code="LDTT"):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code=code, year=2025, person=person
    )
    return services.proposal_submit(actor=org["head_a"].user, proposal=proposal)


def test_the_provider_is_registered():
    assert awards_next_steps in nextsteps._providers


def test_the_office_checks_submitted_proposals_then_puts_them_before_the_council(
    client, org, officer, council_member, histories
):
    proposal = submitted(org, histories["steady"])
    work = items(officer.user, "awards.")
    check = work["awards.check"]
    assert check.section == nextsteps.TODO and check.count == 1 and check.since is not None
    assert "awards.council" not in work
    opens(client, officer.user, check, histories["steady"].full_name)
    # not the office's work for the head who proposed, nor for a council member
    assert "awards.check" not in items(org["head_a"].user, "awards.")
    assert "awards.check" not in items(council_member.user, "awards.")

    submitted(org, histories["star"], code="CSTDCS")
    assert items(officer.user, "awards.check")["awards.check"].count == 2

    services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    work = items(officer.user, "awards.")
    assert work["awards.check"].count == 1
    council = work["awards.council"]
    assert council.count == 1
    opens(client, officer.user, council)

    session = services.session_create(actor=officer.user, title="Phiên 1", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    assert "awards.council" not in items(officer.user, "awards.")


def test_a_returned_proposal_waits_for_the_head_of_its_unit_until_sent_again(
    client, org, officer, histories
):
    proposal = submitted(org, histories["steady"])
    services.proposal_check(actor=officer.user, proposal=proposal, accept=False, reason="Thiếu")
    returned = items(org["head_a"].user, "awards.returned")["awards.returned"]
    assert returned.count == 1
    opens(client, org["head_a"].user, returned, histories["steady"].full_name)
    # nobody else's: not the office that returned it, not a staff member of the unit
    assert not items(officer.user, "awards.returned")
    assert not items(org["staff_a"].user, "awards.")
    # a head of another department does not see it
    head_b = PersonFactory(unit=org["dept_b"], user=UserFactory(username="head-b"))
    role_grant(
        actor=SYSTEM,
        user=head_b.user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    assert not items(head_b.user, "awards.returned")

    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    assert not items(org["head_a"].user, "awards.returned")
    assert items(officer.user, "awards.check")["awards.check"].count == 1


@pytest.fixture
def ballot_session(org, officer, council_member, histories):
    """A session of three seated members with a secret ballot open on a CSTĐ cấp Bộ."""
    seated = [council_member, member(org, "tv-a"), member(org, "tv-b")]
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(actor=officer.user, title="Phiên", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    ballot = services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    return {"session": session, "ballot": ballot, "seated": seated}


def test_a_seated_member_votes_once_then_the_ballot_is_gone(
    client, org, officer, ballot_session, histories
):
    ballot = ballot_session["ballot"]
    voter = ballot_session["seated"][0]
    key = f"awards.ballot:{ballot.pk}"
    step = items(voter.user, "awards.ballot")[key]
    assert step.count == 1 and step.since == ballot.created_at
    opens(client, voter.user, step, histories["star"].full_name)
    # the office opens ballots but has no seat; a member given the role after the session
    # was made holds no seat in it
    assert not items(officer.user, "awards.ballot")
    late = member(org, "tv-late")
    assert not items(late.user, "awards.ballot")

    services.ballot_cast(ballot=ballot, voter_user=voter.user, choice="yes")
    assert not items(voter.user, "awards.ballot")
    assert key in items(ballot_session["seated"][1].user, "awards.ballot")


def test_an_absent_member_is_not_asked_to_vote_when_only_those_present_count(
    org, officer, council_member, histories
):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.ballot_threshold_base",
        value="present",
        reason="t",
    )
    other = member(org, "tv-a")
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(actor=officer.user, title="Phiên", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    CouncilMember.objects.filter(session=session, person=other).update(present=False)
    ballot = services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    assert f"awards.ballot:{ballot.pk}" in items(council_member.user, "awards.ballot")
    assert not items(other.user, "awards.ballot")


def test_approved_proposals_go_into_a_decision_that_is_then_signed(client, org, officer, histories):
    proposal = submitted(org, histories["steady"])
    services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    session = services.session_create(actor=officer.user, title="Phiên", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)

    decide = items(officer.user, "awards.decide")["awards.decide"]
    assert decide.count == 1
    opens(client, officer.user, decide, histories["steady"].full_name)
    assert not items(org["head_a"].user, "awards.decide")

    decision = services.decision_create(
        actor=officer.user, proposals=[proposal], summary="tặng danh hiệu", issuer="Bộ"
    )
    work = items(officer.user, "awards.")
    assert "awards.decide" not in work
    sign = work[f"awards.sign:{decision.pk}"]
    assert sign.count == 1
    opens(client, officer.user, sign, "tặng danh hiệu")
    assert not items(org["head_a"].user, "awards.sign")

    services.decision_sign(
        actor=officer.user, decision=decision, number="5/QĐ", signed_on=date(2026, 2, 1)
    )
    assert not items(officer.user, "awards.sign")


def test_the_rounds_next_step_waits_for_the_office(client, org, officer):
    year = round_year()
    person = PersonFactory(unit=org["sec_a"])
    rate(person, {year - 3: RatingLevel.HTT})  # an old year's ratings ask for nothing
    assert not items(officer.user, "awards.round")
    for rated in Person.objects.filter(is_active=True):  # everyone rated: nothing to wait for
        rate(rated, {year: RatingLevel.HTT})
    start = items(officer.user, "awards.round")[f"awards.round:{year}"]
    assert start.since.date() == date(year, 12, 1)
    opens(client, officer.user, start)
    assert not items(org["head_a"].user, "awards.round")
    administrator = UserFactory(username="round-admin")  # may start it, but it is not theirs
    role_grant(
        actor=SYSTEM, user=administrator, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1)
    )
    assert not items(administrator, "awards.round")

    round_ = round_services.round_start(
        actor=officer.user, year=year, received_on=date(year + 1, 1, 15)
    )
    work = items(officer.user, "awards.round")
    assert f"awards.round:{year}" not in work
    run = work[f"awards.round:{year}:{RoundStep.RATINGS}"]
    opens(client, officer.user, run, str(year))

    with TestCase.captureOnCommitCallbacks(execute=True):
        round_services.round_step_run(actor=officer.user, round_=round_, step=RoundStep.RATINGS)
    confirm = items(officer.user, "awards.round")[f"awards.round:{year}:{RoundStep.RATINGS}"]
    assert confirm.title != run.title  # now to check and confirm

    round_services.round_step_confirm(actor=officer.user, round_=round_, step=RoundStep.RATINGS)
    work = items(officer.user, "awards.round")
    assert list(work) == [f"awards.round:{year}:{RoundStep.UNIT_RATINGS}"]
    assert not items(org["head_a"].user, "awards.round")


def test_a_round_of_a_year_not_ended_pushes_no_step_while_ratings_are_missing(
    org, officer, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 6))
    unrated = PersonFactory(unit=org["sec_a"])
    others = Person.objects.filter(is_active=True).exclude(pk=unrated.pk)
    for person in others:
        rate(person, {2026: RatingLevel.HTT})
    assert "awards.round:2026" in items(officer.user, "awards.round")  # may be planned now
    round_services.round_start(actor=officer.user, year=2026, received_on=date(2027, 1, 15))

    # December 2026: the year's ratings are still coming in, its heads are asked to rate
    assert not items(officer.user, "awards.round")
    assert items(org["head_a"].user, "awards.round_ratings")

    rate(unrated, {2026: RatingLevel.HT})
    assert list(items(officer.user, "awards.round")) == [f"awards.round:2026:{RoundStep.RATINGS}"]


def test_queries_do_not_grow_with_the_items(org, officer, ballot_session, histories):
    voter = ballot_session["seated"][0].user
    awards_next_steps(officer.user)  # the viewer's scope is read once and kept
    awards_next_steps(voter)
    with CaptureQueriesContext(connection) as office_one:
        awards_next_steps(officer.user)
    with CaptureQueriesContext(connection) as voter_one:
        awards_next_steps(voter)

    proposal = submitted(org, histories["steady"])
    services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    services.session_add_proposals(
        actor=officer.user, session=ballot_session["session"], proposals=[proposal]
    )
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.secret_ballot_codes",
        value=["CSTD_BO", "LDTT"],
        reason="t",
    )
    services.ballot_open(actor=officer.user, session=ballot_session["session"], proposal=proposal)
    submitted(org, histories["steady"], code="CSTDCS")
    with CaptureQueriesContext(connection) as office_more:
        awards_next_steps(officer.user)
    with CaptureQueriesContext(connection) as voter_more:
        awards_next_steps(voter)
    assert len(items(voter, "awards.ballot")) == 2
    assert len(office_more) == len(office_one)
    assert len(voter_more) == len(voter_one)


def test_the_office_is_told_when_a_ballot_can_be_counted_and_not_before(
    client, org, officer, ballot_session, histories
):
    """Three seated members, a minimum of three votes: after two votes nothing waits for the
    office; once the third has voted the session's ballot waits to be counted, on a page
    that opens for the office; counted, it is gone."""
    ballot, seated = ballot_session["ballot"], ballot_session["seated"]
    key = f"awards.count:{ballot_session['session'].pk}"
    for voter in seated[:2]:
        services.ballot_cast(ballot=ballot, voter_user=voter.user, choice="yes")
    assert key not in items(officer.user, "awards.count")

    services.ballot_cast(ballot=ballot, voter_user=seated[2].user, choice="yes")
    step = items(officer.user, "awards.count")[key]
    assert step.count == 1 and step.since == ballot.created_at
    client.force_login(officer.user)
    assert client.get(step.url).status_code == 200
    # the members are not asked to count
    assert not items(seated[0].user, "awards.count")

    services.ballot_close(actor=officer.user, ballot=ballot)
    assert key not in items(officer.user, "awards.count")
