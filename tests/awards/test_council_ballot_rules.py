"""Council results keep the ballot secret and explain themselves: no count before the quorum
has voted nor with fewer votes than the minimum (nothing written when refused); the result
says the rule applied in words from the settings; the proposal history names people and
actions, never user names or codes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from thidua.awards.ballot_rule import explain
from thidua.awards.choices import BallotStatus, ProposalStatus
from thidua.awards.models import BallotVote, CouncilMember
from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import AuditEvent

from ..factories import UserFactory
from .test_council_services import approved_path, member

pytestmark = pytest.mark.django_db


def open_ballot(org, officer, histories, *, members: int, absent: int = 0):
    """A secret ballot on a CSTĐ cấp Bộ proposal before a council of `members` people, the
    last `absent` of them absent."""
    people = [member(org, f"tv-quy-tac-{n}") for n in range(members)]
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(
        actor=officer.user, title="Phiên xét", held_on=date(2026, 1, 5)
    )
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    if absent:
        gone = [p.pk for p in people[-absent:]]
        CouncilMember.objects.filter(session=session, person__in=gone).update(present=False)
    ballot = services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    return ballot, people


def vote(ballot, people, choices):
    for person, choice in zip(people, choices, strict=False):
        services.ballot_cast(ballot=ballot, voter_user=person.user, choice=choice)


def assert_nothing_written(ballot, votes: int):
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and ballot.result == {} and ballot.closed_at is None
    assert BallotVote.objects.filter(ballot=ballot).count() == votes
    assert not AuditEvent.objects.filter(action="ballot.closed").exists()
    ballot.proposal.refresh_from_db()
    assert ballot.proposal.status == ProposalStatus.IN_COUNCIL


# ---------------------------------------------------------------- counting refused
def test_counting_before_the_quorum_has_voted_is_refused(org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=10)
    vote(ballot, people, ["yes"] * 6)  # quorum 2/3 of 10: 7 must have voted
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.ballot_close(actor=officer.user, ballot=ballot)
    message = exc.value.messages[0]
    assert "Chưa thể kiểm phiếu" in message and "6/10" in message and "7" in message
    assert_nothing_written(ballot, votes=6)
    vote(ballot, people[6:], ["yes"])  # 7 of 10: the office confirms the others will not vote
    ballot = services.ballot_close(actor=officer.user, ballot=ballot, count_missing=True)
    assert ballot.status == BallotStatus.CLOSED


def test_session_page_says_how_many_votes_are_needed_to_count(client, org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=10)
    vote(ballot, people, ["yes"] * 2)
    client.force_login(officer.user)
    page = client.get(reverse("awards:session_detail", args=[ballot.session_id])).content.decode()
    assert "kiểm phiếu được khi đủ 7 thành viên bỏ phiếu" in page


def test_fewer_votes_than_the_minimum_are_never_counted(org, officer, histories):
    # two members: the quorum (2 of 2) has voted, but 2 votes are fewer than the default 3
    ballot, people = open_ballot(org, officer, histories, members=2)
    assert ballot.rule["min_votes"] == 3
    vote(ballot, people, ["yes", "no"])
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.ballot_close(actor=officer.user, ballot=ballot)
    message = exc.value.messages[0]
    assert "Không thể kiểm phiếu" in message and "tối thiểu 3" in message
    assert_nothing_written(ballot, votes=2)


def test_the_minimum_is_a_setting_snapshotted_when_the_ballot_opens(org, officer, histories):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.ballot_min_votes",
        value=8,
        reason="Hội đồng lớn",
    )
    ballot, people = open_ballot(org, officer, histories, members=10)
    vote(ballot, people, ["yes"] * 7)  # the quorum has voted, the minimum of 8 has not
    with pytest.raises(ValidationError):
        services.ballot_close(actor=officer.user, ballot=ballot)
    assert_nothing_written(ballot, votes=7)
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.ballot_min_votes",
        value=3,
        reason="Trở lại",
    )
    with pytest.raises(ValidationError):  # the ballot keeps the rule it was opened with
        services.ballot_close(actor=officer.user, ballot=ballot)
    vote(ballot, people[7:], ["yes"])
    ballot = services.ballot_close(actor=officer.user, ballot=ballot, count_missing=True)
    assert ballot.result["rule"]["min_votes"] == 8 and ballot.result["voted"] == 8


# ---------------------------------------------------------------- the rule in words
def test_result_stores_the_rule_and_says_not_met_on_all_members(client, org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=4)
    vote(ballot, people, ["yes", "yes", "yes", "no"])
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    result = ballot.result
    assert result["rule"] == {
        "quorum": pytest.approx(2 / 3),
        "threshold": 0.9,
        "base": "all_members",
        "min_votes": 3,
    }
    assert (result["yes"], result["no"], result["base"], result["approved"]) == (3, 1, 4, False)
    sentence = "cần ≥ 90 % phiếu đồng ý trên tổng số thành viên: 3/4 = 75 % — không đạt"
    with translation.override("vi"):
        assert explain(result)[0] == sentence
    client.force_login(officer.user)
    for url in (
        reverse("awards:session_detail", args=[ballot.session_id]),
        reverse("awards:proposal_detail", args=[ballot.proposal_id]),
    ):
        page = client.get(url).content.decode()
        assert sentence[1:] in page  # capitalised at the start of the line: "Cần ≥ 90 % …"
    client.force_login(people[0].user)
    voter = client.get(reverse("awards:ballot_vote", args=[ballot.pk])).content.decode()
    assert sentence[1:] in voter


def test_all_members_met_with_nine_of_ten(org, officer, histories):
    ballot, people = open_ballot(org, officer, histories, members=10)
    vote(ballot, people, ["yes"] * 9 + ["abstain"])
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    with translation.override("vi"):
        sentences = explain(ballot.result)
    assert sentences[0] == "cần ≥ 90 % phiếu đồng ý trên tổng số thành viên: 9/10 = 90 % — đạt"
    assert sentences[1] == "cần ≥ 66,7 % thành viên có mặt: 10/10 = 100 % — đạt"
    assert ballot.result["approved"] is True


@pytest.mark.parametrize(
    ("choices", "sentence"),
    [
        (["yes"] * 8, "8/8 = 100 % — đạt"),
        (["yes"] * 7 + ["no"], "7/8 = 87,5 % — không đạt"),
    ],
)
def test_base_present_says_met_and_not_met(org, officer, histories, choices, sentence):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.ballot_threshold_base",
        value="present",
        reason="t",
    )
    ballot, people = open_ballot(org, officer, histories, members=10, absent=2)
    vote(ballot, people[:8], choices)
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    with translation.override("vi"):
        assert explain(ballot.result)[0] == (
            f"cần ≥ 90 % phiếu đồng ý trên số thành viên có mặt: {sentence}"
        )
    assert ballot.result["approved"] is sentence.endswith("— đạt")


def test_too_few_present_is_said_even_when_enough_agreed(org, officer, histories):
    # all members as the base: the absent vote in writing; only 4 of 10 attended
    ballot, people = open_ballot(org, officer, histories, members=10, absent=6)
    vote(ballot, people, ["yes"] * 10)
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    with translation.override("vi"):
        threshold, quorum = explain(ballot.result)
    assert threshold.endswith("10/10 = 100 % — đạt")
    assert quorum == "cần ≥ 66,7 % thành viên có mặt: 4/10 = 40 % — không đạt"
    ballot.proposal.refresh_from_db()
    assert ballot.proposal.status == ProposalStatus.REJECTED


def test_rounding_never_contradicts_the_outcome():
    result = {"yes": 8997, "base": 10000, "members": 10000, "present": 10000, "quorum_met": True}
    rule = {"quorum": 2 / 3, "threshold": 0.9, "base": "all_members"}
    with translation.override("vi"):
        sentence = explain({**result, "rule": rule})[0]
    assert sentence.endswith("8.997/10.000 = 89,97 % — không đạt")
    with translation.override("en"):
        assert explain({**result, "rule": rule})[0] == (
            "at least 90 % of all members must agree: 8,997/10,000 = 89.97 % — not met"
        )


def test_an_older_result_is_explained_from_the_ballot_rule():
    old = {"yes": 3, "base": 4, "members": 4, "present": 4, "quorum_met": True}
    rule = {"quorum": 2 / 3, "threshold": 0.9, "base": "all_members"}
    with translation.override("vi"):
        assert explain(old, rule)[0].endswith("3/4 = 75 % — không đạt")
    assert explain({}, rule) == []


# ---------------------------------------------------------------- history in words
def test_history_names_people_and_says_actions_in_words(client, org, officer, histories):
    head = org["head_a"].user
    head.username = "user-truong-phong"
    head.save(update_fields=["username"])
    nameless = UserFactory(username="tai-khoan-quan-tri", is_superuser=True)
    named = UserFactory(
        username="tai-khoan-co-ten", is_superuser=True, first_name="Hà", last_name="Nguyễn Thu"
    )
    proposal = services.proposal_create(
        actor=head, code="CSTD_TQ", year=2025, person=histories["star"]
    )
    services.proposal_submit(actor=head, proposal=proposal)
    services.proposal_check(actor=named, proposal=proposal, accept=False, reason="Thiếu hồ sơ")
    services.proposal_submit(actor=head, proposal=proposal)
    services.proposal_override(actor=nameless, proposal=proposal, reason="Thành tích đột xuất")
    services.proposal_check(actor=officer.user, proposal=proposal, accept=True)

    with translation.override("vi"):
        rows = selectors.proposal_history(proposal)
    who = [r["who"] for r in rows]
    assert who == [
        "Phạm Quốc Huy",
        "Phạm Quốc Huy",
        named.get_full_name(),
        "Phạm Quốc Huy",
        "(tài khoản chưa có họ tên)",
        "Vũ Thị Thi Đua",
    ]
    assert [r["what"] for r in rows][:2] == ["Tạo đề nghị khen thưởng", "Gửi đề nghị khen thưởng"]
    assert "Nháp → Đơn vị đã trình" in rows[1]["details"]
    assert "Thiếu hồ sơ" in rows[2]["details"]

    client.force_login(officer.user)
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    history = page[page.index("Lịch sử") :]
    assert "Phạm Quốc Huy" in history and named.get_full_name() in history
    for code in ("proposal.created", "proposal.submitted", "draft → submitted", "→ checked"):
        assert code not in history
    for username in ("user-truong-phong", "tai-khoan-quan-tri", "tai-khoan-co-ten", "tdkt"):
        assert username not in history
    assert "Bộ phận thi đua – khen thưởng đã thẩm định hồ sơ" in history
