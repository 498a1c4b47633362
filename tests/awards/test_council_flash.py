"""The council's actions say what happened and who acts next (issue 12, "hand-offs"):
submitting, overriding, checking and returning a proposal, and creating a session, putting
proposals before it, recording attendance, deciding, opening and counting a ballot, closing
the session and drafting a decision each flash a success message on the page they lead to;
a refusal flashes its reason only."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from thidua.awards.choices import ProposalStatus
from thidua.awards.models import Ballot, CouncilSession
from thidua.awards.services import council as services
from thidua.core.numbers import format_number

from .test_council_services import approved_path, member

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


# ---------------------------------------------------------------- council sessions, ballots
# and decisions: each success says what happened and who acts next, with names and numbers
# as Vietnamese writes them (never a title's code).


def _vi(msgid, values, plural=None, count=None):
    with translation.override("vi"):
        text = ngettext(msgid, plural, count) if plural else gettext(msgid)
        return text % {k: v(count) if callable(v) else v for k, v in values.items()}


def _n(value):
    return lambda _count: format_number(value)


CREATED = (
    "Created “%(session)s” with %(count)s council member; it now waits for the office "
    "to record attendance and put checked proposals before it.",
    "Created “%(session)s” with %(count)s council members; it now waits for the office "
    "to record attendance and put checked proposals before it.",
)
ADDED = (
    "Put %(count)s proposal before “%(session)s”; it now waits for the council's "
    "decision (a title decided by secret ballot waits for the office to open the ballot).",
    "Put %(count)s proposals before “%(session)s”; they now wait for the council's "
    "decision (a title decided by secret ballot waits for the office to open the ballot).",
)
ATTENDED = (
    "Recorded attendance at “%(session)s”: %(present)s of %(members)s members present; "
    "the proposals before the session now wait for the council's decision."
)
APPROVED = (
    "The council approved the proposal of %(title)s for %(subject)s; it now waits for "
    "the office to draft the award decision."
)
NOT_APPROVED = (
    "The council did not approve the proposal of %(title)s for %(subject)s; the "
    "proposal ends here and nothing more waits on it."
)
BALLOT_OPEN = (
    "The secret ballot on the proposal of %(title)s for %(subject)s is open; it now waits "
    "for the council members to vote, then for the office to count the votes."
)
BALLOT_APPROVED = (
    "The secret ballot on the proposal of %(title)s for %(subject)s is counted: the "
    "council approved it; it now waits for the office to draft the award decision."
)
CLOSED = (
    "Closed “%(session)s”; its %(count)s approved proposal now waits for the office to "
    "draft the award decision.",
    "Closed “%(session)s”; its %(count)s approved proposals now wait for the office to "
    "draft the award decision.",
)
CLOSED_NONE = (
    "Closed “%(session)s”; the council approved none of its proposals, so no award "
    "decision waits on it."
)
DEFERRED = (
    "%(count)s proposal the council did not decide is back with the office, to put before a "
    "later session.",
    "%(count)s proposals the council did not decide are back with the office, to put before a "
    "later session.",
)
DRAFTED = (
    "The draft award decision on %(count)s proposal is saved; it now waits for the office "
    "to enter the number and date from the document register.",
    "The draft award decision on %(count)s proposals is saved; it now waits for the office "
    "to enter the number and date from the document register.",
)


@pytest.fixture
def council_session(client, org, officer, council_member, histories):
    """A session created on its page (three members), with two checked proposals waiting:
    a Chiến sĩ thi đua cấp Bộ (decided by secret ballot) and a Lao động tiên tiến."""
    members = [council_member, member(org, "tv-a"), member(org, "tv-b")]
    ballot_one = approved_path(officer.user, officer, histories["star"])
    plain_one = approved_path(officer.user, officer, histories["steady"], code="LDTT")
    client.force_login(officer.user)
    data = {"title": "Phiên họp tháng Giêng", "held_on": "2026-01-05"}
    said = _said(client, reverse("awards:session_list"), data)
    session = CouncilSession.objects.get()
    assert said == [
        (
            constants.SUCCESS,
            _vi(CREATED[0], {"session": session.display_name, "count": _n(3)}, CREATED[1], 3),
        )
    ]
    return session, members, ballot_one, plain_one


def _about(proposal):
    return {"subject": proposal.person.full_name, "title": proposal.get_code_display()}


def test_adding_proposals_and_attendance_say_what_waits(client, council_session):
    session, members, ballot_one, plain_one = council_session
    url = reverse("awards:session_add_proposals", args=[session.pk])
    assert [level for level, _t in _said(client, url, {})] == [constants.ERROR]
    said = _said(client, url, {"proposals": [ballot_one.pk, plain_one.pk]})
    values = {"session": session.display_name, "count": _n(2)}
    assert said == [(constants.SUCCESS, _vi(ADDED[0], values, ADDED[1], 2))]
    seats = list(session.members.order_by("pk"))
    url = reverse("awards:session_attendance", args=[session.pk])
    said = _said(client, url, {"present": [seats[0].pk, seats[1].pk]})
    values = {
        "session": session.display_name,
        "present": format_number(2),
        "members": format_number(3),
    }
    assert said == [(constants.SUCCESS, _vi(ATTENDED, values))]


def test_deciding_balloting_closing_and_drafting_say_who_acts_next(
    client, council_session, officer
):
    session, members, ballot_one, plain_one = council_session
    services.session_add_proposals(
        actor=officer.user, session=session, proposals=[ballot_one, plain_one]
    )
    decide = reverse("awards:session_decide", args=[session.pk])
    # a title decided by ballot cannot be decided by hand: its refusal only
    said = _said(client, decide, {"proposal": ballot_one.pk, "decision": "approve"})
    assert [level for level, _t in said] == [constants.ERROR]
    said = _said(client, decide, {"proposal": plain_one.pk, "decision": "approve"})
    assert said == [(constants.SUCCESS, _vi(APPROVED, _about(plain_one)))]
    assert "LDTT" not in said[0][1] and plain_one.get_code_display() in said[0][1]

    said = _said(
        client, reverse("awards:ballot_open", args=[session.pk]), {"proposal": ballot_one.pk}
    )
    assert said == [(constants.SUCCESS, _vi(BALLOT_OPEN, _about(ballot_one)))]
    assert "CSTD_BO" not in said[0][1]
    ballot = Ballot.objects.get(proposal=ballot_one)
    for person in members:
        services.ballot_cast(ballot=ballot, voter_user=person.user, choice="yes")
    said = _said(client, reverse("awards:ballot_close", args=[ballot.pk]), {})
    assert said == [(constants.SUCCESS, _vi(BALLOT_APPROVED, _about(ballot_one)))]

    said = _said(client, reverse("awards:session_close", args=[session.pk]), {})
    values = {"session": session.display_name, "count": _n(2)}
    assert said == [(constants.SUCCESS, _vi(CLOSED[0], values, CLOSED[1], 2))]
    assert [level for level, _t in _said(client, decide, {"proposal": plain_one.pk})] == [
        constants.ERROR
    ]

    data = {"summary": "tặng danh hiệu", "issuer": "Bộ Thử nghiệm"}
    said = _said(client, reverse("awards:decision_new"), {**data, "proposals": [plain_one.pk]})
    assert said == [(constants.SUCCESS, _vi(DRAFTED[0], {"count": _n(1)}, DRAFTED[1], 1))]


def test_a_proposal_not_approved_and_a_session_with_none_say_nothing_waits(
    client, council_session, officer
):
    session, _members, _ballot_one, plain_one = council_session
    services.session_add_proposals(actor=officer.user, session=session, proposals=[plain_one])
    said = _said(
        client,
        reverse("awards:session_decide", args=[session.pk]),
        {"proposal": plain_one.pk, "decision": "reject", "note": "Chưa đủ"},
    )
    assert said == [(constants.SUCCESS, _vi(NOT_APPROVED, _about(plain_one)))]
    said = _said(client, reverse("awards:session_close", args=[session.pk]), {})
    assert said == [(constants.SUCCESS, _vi(CLOSED_NONE, {"session": session.display_name}))]


def test_closing_a_session_says_which_proposals_go_back_for_a_later_one(
    client, council_session, officer
):
    session, _members, _ballot_one, plain_one = council_session
    services.session_add_proposals(actor=officer.user, session=session, proposals=[plain_one])
    said = _said(client, reverse("awards:session_close", args=[session.pk]), {})
    expected = (
        _vi(CLOSED_NONE, {"session": session.display_name})
        + " "
        + _vi(DEFERRED[0], {"count": _n(1)}, DEFERRED[1], 1)
    )
    assert said == [(constants.SUCCESS, expected)]
