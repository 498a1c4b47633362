"""A secret ballot counted while members may still vote (issue 11, point 5; walk-through A2,
A6, A7): refused without the office's confirmation, with a message from the numbers alone
(never from the votes); the session row says how many voted of how many; the ballot page
links the dossier and names the session's date; a session dated later records nothing yet."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation

from thidua.awards.choices import AwardsAudit, BallotStatus, ProposalStatus
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import AuditEvent
from thidua.org.choices import Role
from thidua.org.models import RoleAssignment
from thidua.org.services import role_revoke

from .test_council_ballot_rules import assert_nothing_written, open_ballot, vote
from .test_council_services import approved_path, member

pytestmark = pytest.mark.django_db

# 4 members, 90 % of all members must agree: 4 votes in favour needed, 1 still to vote.
THREE_OF_FOUR = (
    "Còn 1/4 thành viên chưa bỏ phiếu; cần ≥ 90 % phiếu đồng ý trên tổng số thành viên (4/4). "
    "Mới có 3 phiếu được bỏ: nếu kiểm phiếu bây giờ, đề nghị không thể đạt. "
    "Hãy kiểm phiếu khi mọi thành viên đã bỏ phiếu, hoặc xác nhận rằng các thành viên chưa "
    "bỏ phiếu sẽ không bỏ phiếu."
)
# 10 members: 9 votes in favour needed, 9 cast, 1 still to vote.
NINE_OF_TEN = (
    "Còn 1/10 thành viên chưa bỏ phiếu; cần ≥ 90 % phiếu đồng ý trên tổng số thành viên "
    "(9/10). Các phiếu còn lại vẫn có thể thay đổi kết quả. "
    "Hãy kiểm phiếu khi mọi thành viên đã bỏ phiếu, hoặc xác nhận rằng các thành viên chưa "
    "bỏ phiếu sẽ không bỏ phiếu."
)


def _refusal(officer, ballot) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.ballot_close(actor=officer.user, ballot=ballot)
    return exc.value.messages[0]


# ---------------------------------------------------------------- counting with members missing
@pytest.mark.parametrize(
    "choices", [["yes"] * 3, ["no"] * 3, ["yes", "no", "abstain"]], ids=["yes", "no", "mixed"]
)
def test_counting_with_a_member_missing_is_refused_from_the_counts_alone(
    org, officer, histories, choices
):
    ballot, people = open_ballot(org, officer, histories, members=4)
    vote(ballot, people, choices)
    # The same words whatever the three votes say: the numbers and the threshold, no content.
    assert _refusal(officer, ballot) == THREE_OF_FOUR
    assert_nothing_written(ballot, votes=3)


@pytest.mark.parametrize("choices", [["yes"] * 9, ["no"] * 9], ids=["yes", "no"])
def test_enough_votes_cast_says_the_rest_may_change_the_result(org, officer, histories, choices):
    ballot, people = open_ballot(org, officer, histories, members=10)
    vote(ballot, people, choices)
    assert _refusal(officer, ballot) == NINE_OF_TEN


def test_counting_with_confirmation_counts_and_records_who_did_not_vote(org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=4)
    vote(ballot, people, ["yes"] * 3)
    ballot = services.ballot_close(actor=officer.user, ballot=ballot, count_missing=True)
    assert ballot.status == BallotStatus.CLOSED
    assert ballot.result["voted"] == 3 and ballot.result["approved"] is False
    ballot.proposal.refresh_from_db()
    assert ballot.proposal.status == ProposalStatus.REJECTED
    event = AuditEvent.objects.get(action=AwardsAudit.BALLOT_CLOSED)
    assert event.data["not_voted"] == 1


def test_every_member_voted_counts_without_confirmation(org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=4)
    vote(ballot, people, ["yes"] * 4)
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    assert ballot.result["approved"] is True


def test_base_present_waits_only_for_members_present(org, officer, histories):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.ballot_threshold_base",
        value="present",
        reason="t",
    )
    ballot, people = open_ballot(org, officer, histories, members=4, absent=1)
    vote(ballot, people, ["yes"] * 3)  # the three present have voted
    assert services.ballot_close(actor=officer.user, ballot=ballot).result["approved"] is True


# ---------------------------------------------------------------- the session page
def test_session_row_after_three_of_four_votes_offers_counting_with_confirmation(
    client, org, officer, histories
):
    ballot, people = open_ballot(org, officer, histories, members=4)
    vote(ballot, people, ["yes"] * 3)
    client.force_login(officer.user)
    url = reverse("awards:session_detail", args=[ballot.session_id])
    page = client.get(url).content.decode()
    assert "3/4 thành viên đã bỏ phiếu" in page
    assert "kiểm phiếu được khi đủ" not in page
    assert "kiểm phiếu được ngay, cần xác nhận" in page
    assert "nếu kiểm phiếu bây giờ, đề nghị không thể đạt" in page
    assert 'name="count_missing" value="1" required' in page
    vote(ballot, people[3:], ["no"])
    page = client.get(url).content.decode()
    assert "4/4 thành viên đã bỏ phiếu" in page and "mọi thành viên đã bỏ phiếu" in page
    assert 'name="count_missing"' not in page


def test_closing_from_the_page_needs_the_confirmation(client, org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=4)
    vote(ballot, people, ["yes"] * 3)
    client.force_login(officer.user)
    url = reverse("awards:ballot_close", args=[ballot.pk])
    response = client.post(url, {}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == [THREE_OF_FOUR]
    assert_nothing_written(ballot, votes=3)
    client.post(url, {"count_missing": "1"})
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED


# ---------------------------------------------------------------- the ballot page
def test_ballot_page_links_the_dossier_that_opens_for_the_member(client, org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=4)
    client.force_login(people[0].user)
    page = client.get(reverse("awards:ballot_vote", args=[ballot.pk])).content.decode()
    dossier = reverse("awards:proposal_detail", args=[ballot.proposal_id])
    with translation.override("vi"):
        held = formats.date_format(ballot.session.held_on, "SHORT_DATE_FORMAT")
    assert f'href="{dossier}"' in page and f"họp ngày {held}" in page
    assert client.get(dossier).status_code == 200
    # A member whose council role has since ended keeps their seat, and the dossier with it.
    assignment = RoleAssignment.objects.get(user=people[0].user, role=Role.COUNCIL_MEMBER)
    role_revoke(actor=SYSTEM, assignment=assignment, valid_to=date(2026, 1, 1))
    assert client.get(reverse("awards:ballot_vote", args=[ballot.pk])).status_code == 200
    assert client.get(dossier).status_code == 200


# ---------------------------------------------------------------- a session dated later
@pytest.fixture
def later_session(org, officer, histories):
    for n in range(3):
        member(org, f"tv-sau-{n}")
    proposal = approved_path(officer.user, officer, histories["star"])
    held_on = timezone.localdate() + timedelta(days=2)
    session = services.session_create(actor=officer.user, title="Phiên sắp tới", held_on=held_on)
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    return session, proposal


def test_attendance_ballots_and_decisions_wait_for_the_session_date(client, officer, later_session):
    session, proposal = later_session
    with translation.override("vi"):
        held = formats.date_format(session.held_on, "SHORT_DATE_FORMAT")
    client.force_login(officer.user)
    response = client.post(
        reverse("awards:session_attendance", args=[session.pk]), {"present": []}, follow=True
    )
    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1 and f"họp ngày {held}" in said[0] and "đổi ngày họp trước" in said[0]
    assert session.members.filter(present=False).count() == 0
    with pytest.raises(ValidationError):
        services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    assert not AuditEvent.objects.filter(action=AwardsAudit.SESSION_ATTENDANCE).exists()


def test_a_session_brought_forward_has_its_date_changed_first(client, officer, later_session):
    session, proposal = later_session
    today = timezone.localdate()
    client.force_login(officer.user)
    client.post(reverse("awards:session_reschedule", args=[session.pk]), {"held_on": today})
    session.refresh_from_db()
    assert session.held_on == today
    event = AuditEvent.objects.get(action=AwardsAudit.SESSION_RESCHEDULED)
    assert event.data["after"] == today.isoformat()
    services.session_set_attendance(actor=officer.user, session=session, present_ids=[])
    services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    # Once the council has voted at it, the session keeps its date.
    with pytest.raises(ValidationError):
        services.session_reschedule(
            actor=officer.user, session=session, held_on=today + timedelta(days=1)
        )
