"""Writes for council sessions and secret ballots; also the import path of every awards
write of the proposal-to-decision flow (proposals, proposals from a round, decisions and
certificate layouts live in sibling modules and are re-exported here).

Every state change records an audit event on its target. A ballot keeps who has voted
(BallotParticipation, unique per member: the database refuses a second vote) apart from
the votes (BallotVote: a random id and the choice, no voter and no time), so no vote can be
tied to a voter; the audit event of a vote names the voter and never the choice.
"""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thidua.core import agency_settings
from thidua.core.audit import audit_record
from thidua.core.transitions import Flow, transition
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment

from .. import law_settings  # noqa: F401  (declares the awards.* settings)
from ..ballot_rule import (
    ALL_MEMBERS,
    PRESENT,
    as_fraction,
    early_count_warning,
    still_to_vote,
    votes_needed,
)
from ..choices import AwardsAudit, BallotStatus, ProposalStatus, SessionStatus, VoteChoice
from ..models import (
    Ballot,
    BallotParticipation,
    BallotVote,
    CouncilMember,
    CouncilSession,
    Proposal,
)
from ..rules import require_office
from ..selectors import council as selectors
from .decisions import decision_create, decision_sign, layout_save
from .proposals import (
    EDITABLE,
    PROPOSAL_FLOW,
    _locked,
    proposal_check,
    proposal_create,
    proposal_override,
    proposal_preview,
    proposal_submit,
    verdict_for,
    verdict_overridden,
)
from .proposals_from_round import BULK_BATCH, proposals_create_from_verdicts

# The flow's writes kept in sibling modules, importable from here as before.
__all__ = [
    "BALLOT_FLOW",
    "BULK_BATCH",
    "EDITABLE",
    "PROPOSAL_FLOW",
    "SESSION_FLOW",
    "ballot_cast",
    "ballot_close",
    "ballot_open",
    "ballot_rule",
    "decision_create",
    "decision_sign",
    "layout_save",
    "needs_ballot",
    "proposal_check",
    "proposal_create",
    "proposal_override",
    "proposal_preview",
    "proposal_submit",
    "proposals_create_from_verdicts",
    "session_add_proposals",
    "session_close",
    "session_create",
    "session_decide",
    "session_reschedule",
    "session_set_attendance",
    "tally",
    "verdict_for",
    "verdict_overridden",
]

SESSION_FLOW = Flow(
    "awards.CouncilSession",
    {(SessionStatus.OPEN, SessionStatus.CLOSED): AwardsAudit.SESSION_CLOSED},
)
BALLOT_FLOW = Flow(
    "awards.Ballot", {(BallotStatus.OPEN, BallotStatus.CLOSED): AwardsAudit.BALLOT_CLOSED}
)


# ---------------------------------------------------------------- council sessions
def _council_people(on: date) -> list[Person]:
    users = RoleAssignment.objects.as_of(on).filter(role=Role.COUNCIL_MEMBER).values("user_id")
    return list(Person.objects.filter(user__in=users).order_by("full_name", "id"))


@transaction.atomic
def session_create(
    *, actor, title: str, held_on: date, chair: Person | None = None
) -> CouncilSession:
    """A session whose members are the people holding the council-member role today."""
    require_office(actor, explain=True)
    session = CouncilSession.objects.create(title=title, held_on=held_on, chair=chair)
    people = _council_people(timezone.localdate())
    CouncilMember.objects.bulk_create(
        [CouncilMember(session=session, person=p, present=True) for p in people]
    )
    audit_record(
        actor=actor,
        action=AwardsAudit.SESSION_CREATED,
        target=session,
        members=[p.pk for p in people],
        held_on=held_on.isoformat(),
    )
    return session


def _open_session(session: CouncilSession) -> CouncilSession:
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("The session is closed."))
    return session


def _refuse_before_held(session: CouncilSession) -> None:
    """A council cannot meet before its date: attendance, ballots and decisions wait for the
    day (a session brought forward has its date changed first)."""
    if session.held_on > timezone.localdate():
        raise ValidationError(
            _(
                "“%(session)s” is dated %(date)s: its attendance, ballots and decisions can be "
                "recorded from that day. If the session was brought forward, change its date "
                "first."
            )
            % {
                "session": session.display_name,
                "date": date_format(session.held_on, "SHORT_DATE_FORMAT"),
            }
        )


@transaction.atomic
def session_reschedule(*, actor, session: CouncilSession, held_on: date) -> CouncilSession:
    """Change the date of a session that was moved (brought forward or put off). Only before
    the council has decided anything at it: its ballots snapshot the rules in force on the
    date, and what was recorded happened on the date it has."""
    require_office(actor, explain=True)
    session = _open_session(session)
    fixed = selectors.session_date_fixed(session)
    if fixed:
        raise ValidationError(fixed)
    before, session.held_on = session.held_on, held_on
    session.save(update_fields=["held_on"])
    audit_record(
        actor=actor,
        action=AwardsAudit.SESSION_RESCHEDULED,
        target=session,
        before=before.isoformat(),
        after=held_on.isoformat(),
    )
    return session


@transaction.atomic
def session_set_attendance(*, actor, session: CouncilSession, present_ids) -> CouncilSession:
    """Who attends (the others are absent). Not while a ballot is being counted on."""
    require_office(actor, explain=True)
    session = _open_session(session)
    _refuse_before_held(session)
    present_ids = {int(pk) for pk in present_ids}
    session.members.update(present=False)
    session.members.filter(pk__in=present_ids).update(present=True)
    audit_record(
        actor=actor,
        action=AwardsAudit.SESSION_ATTENDANCE,
        target=session,
        present=sorted(present_ids),
    )
    return session


@transaction.atomic
def session_add_proposals(*, actor, session: CouncilSession, proposals) -> int:
    """Put checked proposals before the council."""
    require_office(actor, explain=True)
    session = _open_session(session)
    ids = [p.pk for p in proposals]
    rows = list(Proposal.objects.select_for_update().filter(pk__in=ids))
    wrong = [p for p in rows if p.status != ProposalStatus.CHECKED]
    if wrong or len(rows) != len(set(ids)):
        raise ValidationError(_("Only proposals whose dossier was checked can go to the council."))
    session.proposals.add(*rows)
    for proposal in rows:
        transition(
            proposal,
            flow=PROPOSAL_FLOW,
            actor=actor,
            to=ProposalStatus.IN_COUNCIL,
            action=AwardsAudit.PROPOSAL_IN_COUNCIL,
            session=session.pk,
        )
    audit_record(
        actor=actor, action=AwardsAudit.SESSION_PROPOSALS_ADDED, target=session, proposals=ids
    )
    return len(rows)


def needs_ballot(code: str, settings: dict | None = None, *, on: date | None = None) -> bool:
    """Whether this title is decided by secret ballot, by `settings` (the agency's "awards."
    settings) or the settings in force on `on` (the session's date; today when None)."""
    settings = settings or agency_settings.values("awards.", on=on)
    return code in (settings.get("awards.secret_ballot_codes") or [])


def ballot_rule(code: str, *, on: date | None = None) -> dict:
    """The rule a ballot on this title is counted by, as the settings in force on `on` (the
    session's date; today when None) say."""
    settings = agency_settings.values("awards.", on=on)
    return {
        "quorum": float(selectors.per_code(settings["awards.council_quorum"], code)),
        "threshold": float(selectors.per_code(settings["awards.ballot_threshold"], code)),
        "base": selectors.per_code(settings["awards.ballot_threshold_base"], code),
        "min_votes": int(selectors.per_code(settings["awards.ballot_min_votes"], code)),
    }


def _in_session(session: CouncilSession, proposal: Proposal) -> Proposal:
    proposal = _locked(proposal)
    if not session.proposals.filter(pk=proposal.pk).exists():
        raise ValidationError(_("This proposal is not before this session."))
    if proposal.status != ProposalStatus.IN_COUNCIL:
        raise ValidationError(_("The council has already decided on this proposal."))
    return proposal


@transaction.atomic
def ballot_open(*, actor, session: CouncilSession, proposal: Proposal) -> Ballot:
    """A secret ballot on a proposal whose title needs one, with a snapshot of the rule in
    force on the session's date."""
    require_office(actor, explain=True)
    session = _open_session(session)
    _refuse_before_held(session)
    proposal = _in_session(session, proposal)
    if not needs_ballot(proposal.code, on=session.held_on):
        raise ValidationError(_("This title is decided without a secret ballot."))
    if Ballot.objects.filter(session=session, proposal=proposal).exists():
        raise ValidationError(_("A ballot on this proposal was already opened in this session."))
    ballot = Ballot.objects.create(
        session=session, proposal=proposal, rule=ballot_rule(proposal.code, on=session.held_on)
    )
    audit_record(
        actor=actor,
        action=AwardsAudit.BALLOT_OPENED,
        target=ballot,
        proposal=proposal.pk,
        rule=ballot.rule,
    )
    audit_record(
        actor=actor, action=AwardsAudit.PROPOSAL_BALLOT_OPENED, target=proposal, ballot=ballot.pk
    )
    return ballot


@transaction.atomic
def ballot_cast(*, ballot: Ballot, voter_user, choice: str) -> None:
    """One vote by a council member of the session; the vote itself is not tied to them."""
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose agree, disagree or abstain.")})
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("This ballot is closed."))
    member = selectors.member_for(ballot.session, voter_user)
    if member is None:
        raise PermissionDenied(_("Only members of this council session may vote."))
    if ballot.rule.get("base") == PRESENT and not member.present:
        raise PermissionDenied(_("Only members present may vote on this ballot."))
    try:
        with transaction.atomic():
            BallotParticipation.objects.create(ballot=ballot, member=member)
    except IntegrityError:
        raise ValidationError(_("You have already voted on this ballot.")) from None
    BallotVote.objects.create(ballot=ballot, choice=choice)
    audit_record(actor=voter_user, action=AwardsAudit.BALLOT_PARTICIPATED, target=ballot)


def tally(*, rule: dict, members: int, present: int, counts: dict[str, int]) -> dict:
    """Quorum: present / members ≥ quorum. Passed: agree / base ≥ threshold, the base being
    all members or those present, as the rule says. Exact fractions, no rounding. The result
    keeps the rule it applied, so the page can say it in words (ballot_rule.explain)."""
    quorum = as_fraction(rule["quorum"])
    threshold = as_fraction(rule["threshold"])
    base = members if rule.get("base", ALL_MEMBERS) == ALL_MEMBERS else present
    yes = counts.get(VoteChoice.YES, 0)
    quorum_met = members > 0 and Fraction(present, members) >= quorum
    threshold_met = base > 0 and Fraction(yes, base) >= threshold
    return {
        "members": members,
        "present": present,
        "voted": sum(counts.values()),
        "yes": yes,
        "no": counts.get(VoteChoice.NO, 0),
        "abstain": counts.get(VoteChoice.ABSTAIN, 0),
        "base": base,
        "quorum_met": quorum_met,
        "threshold_met": threshold_met,
        "yes_share": float(Fraction(yes, base)) if base else 0.0,
        "approved": quorum_met and threshold_met,
        "rule": dict(rule),
    }


def _refuse_early_count(ballot: Ballot, *, members: int, voted: int) -> None:
    """No count before the quorum of members has voted, nor with fewer votes than the
    minimum: a small count could reveal how one member voted."""
    rule = ballot.rule
    needed = votes_needed(rule["quorum"], members)
    if voted < needed:
        raise ValidationError(
            _(
                "The ballot cannot be counted yet: %(voted)s of %(members)s members have "
                "voted, and at least %(needed)s must have (the quorum)."
            )
            % {"voted": voted, "members": members, "needed": needed}
        )
    minimum = selectors.ballot_min_votes(rule, ballot.proposal.code)
    if voted < minimum:
        raise ValidationError(
            _(
                "The ballot cannot be counted: %(voted)s votes were cast, fewer than the "
                "minimum of %(minimum)s — a count this small could reveal a member's vote."
            )
            % {"voted": voted, "minimum": minimum}
        )


@transaction.atomic
def ballot_close(*, actor, ballot: Ballot, count_missing: bool = False) -> Ballot:
    """Count once: the proposal is approved or rejected by the rule snapshot. Refused, with
    nothing written, while fewer members than the quorum (or than the minimum number of
    votes) have voted; while some members who may vote have not, refused too unless the
    office confirms they will not (`count_missing`): their votes could still change the
    result, and the refusal says so from the numbers alone."""
    require_office(actor, explain=True)
    ballot = Ballot.objects.select_for_update().select_related("proposal").get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("This ballot was already closed."))
    _refuse_before_held(ballot.session)
    members = list(ballot.session.members.values_list("present", flat=True))
    choices = list(ballot.votes.values_list("choice", flat=True))
    _refuse_early_count(ballot, members=len(members), voted=len(choices))
    seats = {"members": len(members), "present": sum(members), "voted": len(choices)}
    missing = still_to_vote(ballot.rule, **seats)
    if missing and not count_missing:
        warning = early_count_warning(ballot.rule, **seats)
        then = _(
            "Count once every member has voted, or confirm that the members who have not "
            "voted will not vote."
        )
        raise ValidationError(f"{warning} {then}")
    counts: dict[str, int] = dict.fromkeys(VoteChoice.values, 0)
    for choice in choices:
        counts[choice] += 1
    # Rewrite the votes in a random order: the table's physical order no longer follows the
    # order of arrival, which the participations (who voted) keep.
    random.SystemRandom().shuffle(choices)
    ballot.votes.all().delete()
    BallotVote.objects.bulk_create(BallotVote(ballot=ballot, choice=choice) for choice in choices)
    rule = {
        **ballot.rule,
        "min_votes": selectors.ballot_min_votes(ballot.rule, ballot.proposal.code),
    }
    result = tally(rule=rule, members=len(members), present=sum(members), counts=counts)
    transition(
        ballot,
        flow=BALLOT_FLOW,
        to=BallotStatus.CLOSED,
        actor=actor,
        also={"result": result, "closed_at": timezone.now()},
        audited=["status", "closed_at"],
        result=result,
        not_voted=missing,
    )
    proposal = _locked(ballot.proposal)
    approved = result["approved"]
    transition(
        proposal,
        flow=PROPOSAL_FLOW,
        actor=actor,
        to=ProposalStatus.APPROVED if approved else ProposalStatus.REJECTED,
        action=AwardsAudit.PROPOSAL_APPROVED if approved else AwardsAudit.PROPOSAL_REJECTED,
        ballot=ballot.pk,
        result=result,
    )
    return ballot


@transaction.atomic
def session_decide(
    *, actor, session: CouncilSession, proposal: Proposal, approve: bool, note: str = ""
) -> Proposal:
    """The council's decision on a proposal whose title needs no secret ballot."""
    require_office(actor, explain=True)
    session = _open_session(session)
    _refuse_before_held(session)
    proposal = _in_session(session, proposal)
    if needs_ballot(proposal.code, on=session.held_on):
        raise ValidationError(_("This title needs a secret ballot."))
    return transition(
        proposal,
        flow=PROPOSAL_FLOW,
        actor=actor,
        to=ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED,
        action=AwardsAudit.PROPOSAL_APPROVED if approve else AwardsAudit.PROPOSAL_REJECTED,
        session=session.pk,
        note=note.strip(),
    )


@transaction.atomic
def session_close(*, actor, session: CouncilSession) -> CouncilSession:
    """Close the session. Its proposals the council did not decide are deferred: back to
    "checked", so the office can put them before a later session (each move recorded on the
    proposal with this session; `selectors.session_proposals` marks them `deferred_here`)."""
    require_office(actor, explain=True)
    session = _open_session(session)
    if session.ballots.filter(status=BallotStatus.OPEN).exists():
        raise ValidationError(_("Close every ballot before closing the session."))
    undecided = list(
        Proposal.objects.select_for_update()
        .filter(pk__in=session.proposals.filter(status=ProposalStatus.IN_COUNCIL).values("pk"))
        .order_by("pk")
    )
    transition(session, flow=SESSION_FLOW, to=SessionStatus.CLOSED, actor=actor)
    for proposal in undecided:
        transition(
            proposal,
            flow=PROPOSAL_FLOW,
            actor=actor,
            to=ProposalStatus.CHECKED,
            action=AwardsAudit.PROPOSAL_DEFERRED,
            session=session.pk,
        )
    return session
