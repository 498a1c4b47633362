"""Proposals, council sessions, secret ballots, decisions and their documents."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from docx import Document

from thidua.awards import documents
from thidua.awards.choices import BallotStatus, ProposalStatus
from thidua.awards.history import history_for
from thidua.awards.models import Award, BallotParticipation, BallotVote, CouncilMember
from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import AuditEvent
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(org, name: str):
    person = PersonFactory(unit=org["root"], full_name=name, user=UserFactory(username=name))
    role_grant(
        actor=SYSTEM, user=person.user, role=Role.COUNCIL_MEMBER, valid_from=date(2020, 1, 1)
    )
    return person


@pytest.fixture
def council(org, council_member):
    """Ten council members (the fixture's one and nine more)."""
    return [council_member] + [member(org, f"tv{n}") for n in range(9)]


def approved_path(actor, officer, person, code="CSTD_BO", year=2025):
    """A proposal made, submitted, overridden where needed and checked."""
    proposal = services.proposal_create(actor=actor, code=code, year=year, person=person)
    services.proposal_submit(actor=actor, proposal=proposal)
    proposal.refresh_from_db()
    if not proposal.verdict["eligible"]:
        services.proposal_override(
            actor=officer.user, proposal=proposal, reason="Thành tích đặc biệt"
        )
    return services.proposal_check(actor=officer.user, proposal=proposal, accept=True)


@pytest.fixture
def ballot(org, officer, council, histories):
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(
        actor=officer.user, title="Phiên họp 1", held_on=date(2026, 1, 20)
    )
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    return services.ballot_open(actor=officer.user, session=session, proposal=proposal)


def vote_all(ballot, council, choices):
    for person, choice in zip(council, choices, strict=False):
        services.ballot_cast(ballot=ballot, voter_user=person.user, choice=choice)


# ---------------------------------------------------------------- proposals
def test_proposal_carries_the_engine_verdict_for_its_code(org, histories):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=histories["steady"]
    )
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.verdict["code"] == "LDTT"
    assert proposal.verdict["eligible"] is True
    assert proposal.verdict["rule_version"]
    assert proposal.verdict["basis"] and proposal.verdict["confidence"] == "F"
    assert any(r.startswith("✓") for r in proposal.verdict["reasons"])


def test_history_for_a_person_reads_the_registers(histories):
    Award.objects.create(
        person=histories["star"],
        code="CSTDCS",
        year=2024,
        decision_number="1/QĐ",
        decision_date=date(2025, 1, 10),
        issuer="Bộ",
    )
    history = history_for(histories["star"], 2025)
    years = {y["year"]: y for y in history["years"]}
    assert years[2025]["rating"] == "HTXS"
    assert years[2024]["titles"] == ["CSTDCS"]
    assert years[2025]["initiatives"][0]["scope"] == "bo"
    assert years[2023]["research"][0]["scope"] == "co_so"
    assert history["pending_case"] is False
    assert history_for(histories["pending"], 2025)["pending_case"] is True
    assert "discipline" in {
        k for y in history_for(histories["disciplined"], 2025)["years"] for k in y
    }


def test_override_needs_a_reason_and_is_recorded(org, officer, histories):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="CSTD_TQ", year=2025, person=histories["star"]
    )
    assert proposal.verdict["eligible"] is False
    with pytest.raises(ValidationError):
        services.proposal_override(actor=officer.user, proposal=proposal, reason="  ")
    with pytest.raises(PermissionDenied):
        services.proposal_override(actor=org["head_a"].user, proposal=proposal, reason="x")
    services.proposal_override(actor=officer.user, proposal=proposal, reason="Thành tích đột xuất")
    proposal.refresh_from_db()
    assert proposal.override and proposal.override_by == officer.user
    assert proposal.override_reason == "Thành tích đột xuất"
    event = AuditEvent.objects.get(action="proposal.overridden", target_id=str(proposal.pk))
    assert event.data["reason"] == "Thành tích đột xuất" and event.actor == officer.user


def test_proposal_for_a_person_with_a_pending_case_is_refused(org, officer, histories):
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=officer.user, code="LDTT", year=2025, person=histories["pending"]
        )
    assert "Đỗ Minh Châu" in exc.value.messages[0] and "complaint" in exc.value.messages[0]


def test_a_head_proposes_only_in_their_subtree(org, histories):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=org["head_a"].user, code="LDTT", year=2025, person=histories["disciplined"]
        )
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=org["staff_a"].user, code="LDTT", year=2025, person=histories["steady"]
        )


def test_states_and_events_from_draft_to_checked(org, officer, histories):
    head = org["head_a"].user
    proposal = services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"]
    )
    with pytest.raises(ValidationError):
        services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    services.proposal_submit(actor=head, proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_check(actor=officer.user, proposal=proposal, accept=False, reason="")
    services.proposal_check(
        actor=officer.user, proposal=proposal, accept=False, reason="Thiếu hồ sơ"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    services.proposal_submit(actor=head, proposal=proposal)
    services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHECKED and proposal.received_on is not None
    actions = list(selectors.proposal_events(proposal).values_list("action", flat=True))
    assert actions == [
        "proposal.created",
        "proposal.submitted",
        "proposal.returned",
        "proposal.submitted",
        "proposal.checked",
    ]


def test_not_eligible_proposal_is_checked_only_after_an_override(org, officer, histories):
    proposal = services.proposal_create(
        actor=officer.user, code="CSTD_TQ", year=2025, person=histories["star"]
    )
    services.proposal_submit(actor=officer.user, proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_check(actor=officer.user, proposal=proposal, accept=True)
    services.proposal_override(actor=officer.user, proposal=proposal, reason="Lý do")
    assert (
        services.proposal_check(actor=officer.user, proposal=proposal, accept=True).status
        == ProposalStatus.CHECKED
    )


# ---------------------------------------------------------------- council and ballots
def test_session_snapshots_todays_council_members(officer, council):
    session = services.session_create(actor=officer.user, title="Phiên", held_on=date(2026, 1, 5))
    assert {m.person_id for m in session.members.all()} == {p.pk for p in council}


def test_only_checked_proposals_go_before_the_council(org, officer, council, histories):
    proposal = services.proposal_create(
        actor=officer.user, code="LDTT", year=2025, person=histories["steady"]
    )
    session = services.session_create(actor=officer.user, title="Phiên", held_on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])


def test_vote_by_a_non_member_is_refused(org, ballot):
    with pytest.raises(PermissionDenied):
        services.ballot_cast(ballot=ballot, voter_user=org["head_a"].user, choice="yes")
    assert not BallotVote.objects.exists()


def test_second_vote_by_the_same_member_is_refused_by_the_database(ballot, council):
    services.ballot_cast(ballot=ballot, voter_user=council[0].user, choice="yes")
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(ballot=ballot, voter_user=council[0].user, choice="no")
    assert "đã bỏ phiếu" in exc.value.messages[0]
    assert BallotVote.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1


def test_votes_cannot_be_linked_to_voters(ballot, council):
    fields = BallotVote._meta.get_fields()
    assert {f.name for f in fields} == {"id", "ballot", "choice"}
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in fields)
    assert isinstance(BallotVote._meta.pk, models.UUIDField)
    services.ballot_cast(ballot=ballot, voter_user=council[0].user, choice="no")
    event = AuditEvent.objects.get(action="ballot.participated")
    assert "no" not in str(event.data) and "choice" not in event.data


def test_ballot_closed_twice_is_refused(officer, ballot, council):
    vote_all(ballot, council, ["yes"] * 10)
    services.ballot_close(actor=officer.user, ballot=ballot)
    with pytest.raises(ValidationError):
        services.ballot_close(actor=officer.user, ballot=ballot)


def test_threshold_of_all_members_just_reached(officer, ballot, council):
    # defaults: quorum 2/3, 90% of all 10 members → 9 agree is enough
    vote_all(ballot, council, ["yes"] * 9 + ["no"])
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    assert ballot.status == BallotStatus.CLOSED
    assert ballot.rule == {
        "quorum": pytest.approx(2 / 3),
        "threshold": 0.9,
        "base": "all_members",
        "min_votes": 3,
    }
    assert ballot.result["yes"] == 9 and ballot.result["approved"] is True
    ballot.proposal.refresh_from_db()
    assert ballot.proposal.status == ProposalStatus.APPROVED


def test_threshold_of_all_members_one_vote_short(officer, ballot, council):
    vote_all(ballot, council, ["yes"] * 8 + ["abstain", "no"])
    ballot = services.ballot_close(actor=officer.user, ballot=ballot)
    assert ballot.result["approved"] is False
    ballot.proposal.refresh_from_db()
    assert ballot.proposal.status == ProposalStatus.REJECTED


def _absent(session, count):
    ids = list(session.members.order_by("-id").values_list("pk", flat=True)[:count])
    CouncilMember.objects.filter(pk__in=ids).update(present=False)


def test_base_all_members_counts_absentees_against(officer, ballot, council):
    _absent(ballot.session, 2)  # 8 present of 10: quorum met; 8/10 < 90%
    vote_all(ballot, council[:8], ["yes"] * 8)
    closed = services.ballot_close(actor=officer.user, ballot=ballot, count_missing=True)
    assert closed.result["approved"] is False


def test_base_present_members(officer, org, council, histories):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.ballot_threshold_base",
        value="present",
        reason="t",
    )
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(actor=officer.user, title="P", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    _absent(session, 2)
    ballot = services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    assert ballot.rule["base"] == "present"
    present = [
        m.person for m in session.members.filter(present=True).select_related("person__user")
    ]
    absent = session.members.filter(present=False).select_related("person__user").first().person
    with pytest.raises(PermissionDenied):
        services.ballot_cast(ballot=ballot, voter_user=absent.user, choice="yes")
    vote_all(ballot, present, ["yes"] * 8)
    result = services.ballot_close(actor=officer.user, ballot=ballot).result
    assert result["base"] == 8 and result["approved"] is True


def test_quorum_from_settings_both_ways(officer):
    rule = {"quorum": 2 / 3, "threshold": 0.5, "base": "present"}
    counts = {"yes": 6}
    assert services.tally(rule=rule, members=9, present=6, counts=counts)["quorum_met"] is True
    short = services.tally(rule=rule, members=9, present=5, counts={"yes": 5})
    assert short["quorum_met"] is False and short["approved"] is False


def test_quorum_setting_per_title(officer, council, histories):
    setting_override(
        actor=SYSTEM,
        key="awards.council_quorum",
        value={"CSTD_BO": 0.8, "default": 0.5},
        reason="t",
    )
    assert services.ballot_rule("CSTD_BO")["quorum"] == 0.8
    assert services.ballot_rule("CSTD_TQ")["quorum"] == 0.5


def test_titles_without_a_ballot_are_decided_by_the_council(org, officer, council, histories):
    proposal = approved_path(officer.user, officer, histories["steady"], code="LDTT")
    session = services.session_create(actor=officer.user, title="P", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    with pytest.raises(ValidationError):
        services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    services.session_decide(
        actor=officer.user, session=session, proposal=proposal, approve=True, note="Nhất trí"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert AuditEvent.objects.filter(
        action="proposal.approved", target_id=str(proposal.pk)
    ).exists()


def test_minutes_list_attendance_and_counts_never_voters(officer, ballot, council):
    vote_all(ballot, council, ["yes"] * 10)
    services.ballot_close(actor=officer.user, ballot=ballot)
    session = ballot.session
    content = documents.minutes_docx(
        session,
        selectors.session_members(session),
        selectors.session_proposals(session),
        selectors.session_ballots(session),
    )
    doc = Document(BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "BIÊN BẢN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Tổng số thành viên Hội đồng: 10; có mặt: 10" in text
    assert "10 đồng ý, 0 không đồng ý" in cells and "Thông qua" in cells
    assert council[3].full_name in cells  # attendance lists members


# ---------------------------------------------------------------- decisions
@pytest.fixture
def decision(org, officer, council, histories):
    proposal = approved_path(officer.user, officer, histories["steady"], code="LDTT")
    session = services.session_create(actor=officer.user, title="P", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)
    proposal.refresh_from_db()
    return services.decision_create(
        actor=officer.user,
        proposals=[proposal],
        summary="tặng danh hiệu Lao động tiên tiến",
        issuer="Bộ Thử nghiệm",
        signer_title="Bộ trưởng",
        signer_name="Lê Bộ Trưởng",
    )


def test_decision_docx_in_decree_30_layout_with_blank_number(decision, histories):
    doc = Document(
        BytesIO(documents.decision_docx(decision, selectors.decision_proposals(decision)))
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    head = [c.text for c in doc.tables[0].rows[0].cells]
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head[1] and "Độc lập - Tự do - Hạnh phúc" in head[1]
    )
    assert "Số: ……/QĐ-" in head[0] and "ngày …… tháng" in head[1]
    assert "Về việc tặng danh hiệu Lao động tiên tiến" in text
    assert "Nơi nhận:" in doc.tables[1].rows[0].cells[0].text
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT",
        "Họ và tên/Đơn vị",
        "Chức vụ",
        "Danh hiệu/hình thức",
    ]
    assert [c.text for c in annex.rows[2].cells][:2] == [
        "1",
        f"{histories['steady'].full_name}, Phòng A1",
    ]
    assert annex.rows[2].cells[3].text == "Lao động tiên tiến"


def test_decision_sign_creates_registry_awards_with_the_entered_number(
    officer, decision, histories
):
    assert not Award.objects.exists()
    with pytest.raises(ValidationError):
        services.decision_sign(
            actor=officer.user, decision=decision, number="", signed_on=date(2026, 2, 1)
        )
    services.decision_sign(
        actor=officer.user, decision=decision, number="125/QĐ-BTN", signed_on=date(2026, 2, 1)
    )
    award = Award.objects.get()
    assert (award.person, award.code, award.year) == (histories["steady"], "LDTT", 2025)
    assert (award.decision, award.decision_number, award.decision_date) == (
        decision,
        "125/QĐ-BTN",
        date(2026, 2, 1),
    )
    assert award.issuer == "Bộ Thử nghiệm"
    proposal = selectors.decision_proposals(decision)[0]
    assert proposal.status == ProposalStatus.DECIDED and proposal.award == award
    with pytest.raises(ValidationError):
        services.decision_sign(
            actor=officer.user, decision=decision, number="126", signed_on=date(2026, 2, 2)
        )
    decision.refresh_from_db()
    doc = Document(BytesIO(documents.decision_docx(decision, [proposal])))
    assert "Số: 125/QĐ-BTN" in doc.tables[0].rows[0].cells[0].text


def test_decision_pdf_renders(decision):
    pytest.importorskip("weasyprint")
    pdf = documents.decision_pdf(decision, selectors.decision_proposals(decision))
    assert pdf.startswith(b"%PDF")
    html = documents.decision_html(decision, selectors.decision_proposals(decision))
    assert "Liberation Serif" in html and "Số: ……/QĐ-" in html


def test_decision_only_from_approved_proposals(org, officer, histories):
    proposal = services.proposal_create(
        actor=officer.user, code="LDTT", year=2025, person=histories["steady"]
    )
    with pytest.raises(ValidationError):
        services.decision_create(actor=officer.user, proposals=[proposal], summary="x", issuer="Bộ")


def test_layout_offsets_saved_and_bounded(officer, org):
    layout = services.layout_save(actor=officer.user, code="LDTT", offset_x="2.5", offset_y="-1")
    assert (str(layout.offset_x_mm), str(layout.offset_y_mm)) == ("2.5", "-1.0")
    assert layout.fields["name"]["x"] == 40
    with pytest.raises(ValidationError):
        services.layout_save(actor=officer.user, code="LDTT", offset_x="80", offset_y="0")
    with pytest.raises(PermissionDenied):
        services.layout_save(actor=org["head_a"].user, code="LDTT", offset_x="1", offset_y="0")


def test_a_session_closed_without_deciding_a_proposal_defers_it_to_a_later_one(
    org, officer, council, histories
):
    decided = approved_path(officer.user, officer, histories["steady"], code="LDTT")
    waiting = approved_path(officer.user, officer, histories["star"], code="LDTT")
    first = services.session_create(actor=officer.user, title="P1", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=first, proposals=[decided, waiting])
    services.session_decide(
        actor=officer.user, session=first, proposal=decided, approve=True, note="Nhất trí"
    )

    services.session_close(actor=officer.user, session=first)

    # The undecided one is back with the office (not left "before the council" for ever),
    # recorded on the proposal with the session that deferred it; the decided one stays.
    waiting.refresh_from_db()
    decided.refresh_from_db()
    assert (waiting.status, decided.status) == (ProposalStatus.CHECKED, ProposalStatus.APPROVED)
    event = AuditEvent.objects.get(action="proposal.deferred", target_id=str(waiting.pk))
    assert event.data["session"] == first.pk
    assert (event.data["from"], event.data["to"]) == ("in_council", "checked")

    # The first session's page and minutes say so, whatever the next session decides.
    rows = {p.pk: p.deferred_here for p in selectors.session_proposals(first)}
    assert rows == {waiting.pk: True, decided.pk: False}

    # …and goes before the next session, where the council decides it.
    second = services.session_create(actor=officer.user, title="P2", held_on=date(2026, 2, 5))
    services.session_add_proposals(actor=officer.user, session=second, proposals=[waiting])
    services.session_decide(
        actor=officer.user, session=second, proposal=waiting, approve=True, note="Nhất trí"
    )
    waiting.refresh_from_db()
    assert waiting.status == ProposalStatus.APPROVED
    assert set(waiting.sessions.values_list("pk", flat=True)) == {first.pk, second.pk}
    minutes = Document(
        BytesIO(
            documents.minutes_docx(
                first,
                selectors.session_members(first),
                selectors.session_proposals(first),
                selectors.session_ballots(first),
            )
        )
    )
    cells = [c.text for t in minutes.tables for r in t.rows for c in r.cells]
    assert "Chưa biểu quyết, chuyển phiên họp sau" in cells and "Thông qua" in cells
    assert not selectors.session_proposals(second)[0].deferred_here
