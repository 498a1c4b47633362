"""The awards demo: a 2025 council session run through the real services (a secret ballot
on a CSTĐ cấp Bộ, a Bằng khen decided without one), a person just eligible for CSTĐ toàn
quốc and one just not; on the day it is loaded, a supplementary session held that day with an
open ballot for the council and Bằng khen proposals for the office to check; a second load
changes nothing."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from thidua.awards.models import Award, Ballot, BallotVote, CouncilSession, Proposal
from thidua.awards.selectors.registry import yearly_review
from thidua.emulation.models import Initiative
from thidua.org.models import Person


@pytest.fixture
def demo(db):
    call_command("demo")


def counts():
    return (
        Award.objects.count(),
        Proposal.objects.count(),
        CouncilSession.objects.count(),
        Ballot.objects.count(),
        BallotVote.objects.count(),
        Initiative.objects.count(),
    )


def test_the_2025_session_holds_a_closed_approved_ballot_and_a_decision_without_one(demo):
    session = CouncilSession.objects.get(status="closed")
    assert "2025" in session.title
    members = set(session.members.values_list("person__user__username", flat=True))
    assert {"hoidong", "botruong", "thutruong", "truongdonvi"} <= members
    assert session.chair.user.username == "botruong"

    ballot = Ballot.objects.get(session=session)
    assert ballot.status == "closed"
    assert ballot.proposal.code == "CSTD_BO" and ballot.proposal.status == "approved"
    result = ballot.result
    assert result["approved"] is True and result["quorum_met"] is True
    assert result["yes"] == result["members"] == len(members)
    assert BallotVote.objects.filter(ballot=ballot, choice="yes").count() == len(members)

    without = session.proposals.exclude(pk=ballot.proposal_id).get()
    assert (without.code, without.status, without.ballots.exists()) == ("BK_BO", "approved", False)
    assert all(p.verdict["eligible"] and p.year == 2025 for p in session.proposals.all())
    # last year's session: held in January 2026 and closed, not open on the day of the demo
    assert session.status == "closed"
    assert session.held_on == min(timezone.localdate(), date(2026, 1, 26))
    # its dossiers were received with the year's files, before the session, not today
    received = {p.received_on for p in session.proposals.all()}
    assert received == {date(2026, 1, 15)} and max(received) <= session.held_on

    before = counts()
    call_command("demo")
    assert counts() == before


def test_the_2025_review_finds_one_just_eligible_for_cstd_tq_and_one_just_not(demo):
    officer = get_user_model().objects.get(username="thiduakhenthuong")
    rows = yearly_review(year=2025, received_on=timezone.localdate(), viewer=officer)
    eligible = [r for r in rows if "CSTD_TQ" in r.eligible]
    assert len(eligible) == 1
    person = Person.objects.get(pk=eligible[0].person_id)
    assert person.initiatives.filter(year=2025, scope="toan_quoc").exists()

    just_not = Person.objects.get(
        initiatives__year=2025, initiatives__scope="bo", initiatives__title__startswith="Nền tảng"
    )
    row = next(r for r in rows if r.person_id == just_not.pk)
    verdict = next(v for v in row.verdicts if v.code == "CSTD_TQ")
    assert not verdict.eligible
    reasons = " ".join(verdict.reasons)
    assert "Đạt Chiến sĩ thi đua cấp Bộ 2 lần liên tục (2021, 2024)" in reasons
    assert "toàn quốc" in reasons
    tq = next(v for v in eligible[0].verdicts if v.code == "CSTD_TQ")
    assert "Đạt Chiến sĩ thi đua cấp Bộ 2 lần liên tục (2021, 2024)" in " ".join(tq.reasons)


def test_on_the_day_it_is_loaded_a_ballot_waits_for_the_council_and_proposals_for_the_office(
    demo,
):
    """Issue 12, point 1: whatever the date, the council has a ballot to cast and the office
    submitted proposals to check, through the real services."""
    from thidua.core.nextsteps import kind_of, work_for

    today = timezone.localdate()
    session = CouncilSession.objects.get(status="open")
    assert session.held_on == today and "2025" in session.title
    ballot = Ballot.objects.get(session=session)
    assert ballot.status == "open" and not ballot.participations.exists()
    assert (ballot.proposal.code, ballot.proposal.status) == ("CSTD_BO", "in_council")
    assert ballot.proposal.verdict["eligible"]
    submitted = Proposal.objects.filter(status="submitted")
    assert submitted.count() == 3
    assert all(p.code == "BK_BO" and p.verdict["eligible"] for p in submitted)
    assert {p.received_on for p in submitted} == {today}

    users = get_user_model().objects
    for username in ("hoidong", "botruong", "thutruong", "truongdonvi"):
        assert "awards.ballot" in {kind_of(i) for i in work_for(users.get(username=username))}
    office = [
        i for i in work_for(users.get(username="thiduakhenthuong")) if i.key == "awards.check"
    ]
    assert [i.count for i in office] == [3]
