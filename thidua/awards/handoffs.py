"""What a council action that succeeded says (issue 12, hand-offs): what happened, and what
waits next and for whom. Names, never codes; numbers as the language writes them."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.numbers import format_number

from .choices import ProposalStatus
from .selectors import council as selectors


def _subject(proposal) -> dict:
    return {"subject": proposal.person or proposal.unit}


def submitted(proposal) -> str:
    return _(
        "The proposal for %(subject)s is sent to the emulation & commendation office; it now "
        "waits for the office to check the dossier."
    ) % _subject(proposal)


def submitted_many(n: int) -> str:
    return ngettext(
        "%(n)s proposal is sent to the emulation & commendation office; it now waits for the "
        "office to check the dossier.",
        "%(n)s proposals are sent to the emulation & commendation office; they now wait for "
        "the office to check the dossiers.",
        n,
    ) % {"n": format_number(n)}


def overridden(proposal) -> str:
    if proposal.status == ProposalStatus.SUBMITTED:
        text = _(
            "Your override of the verdict for %(subject)s is recorded with its reason; the "
            "proposal now waits for the office to check the dossier."
        )
    else:
        text = _(
            "Your override of the verdict for %(subject)s is recorded with its reason; the "
            "proposal goes on although the engine found it not eligible."
        )
    return text % _subject(proposal)


def checked(proposal) -> str:
    if proposal.status == ProposalStatus.RETURNED:
        text = _(
            "The proposal for %(subject)s is returned to its unit with your reason; it now "
            "waits for the unit to complete the dossier and submit it again."
        )
    else:
        text = _(
            "The dossier of %(subject)s is checked; the proposal now waits to be put before "
            "the emulation & commendation council at a session."
        )
    return text % _subject(proposal)


def _about(proposal) -> dict:
    """A proposal's subject and title by their names (never the title's code)."""
    return {**_subject(proposal), "title": proposal.get_code_display()}


def session_created(session) -> str:
    count = len(selectors.session_members(session))
    return ngettext(
        "Created “%(session)s” with %(count)s council member; it now waits for the office "
        "to record attendance and put checked proposals before it.",
        "Created “%(session)s” with %(count)s council members; it now waits for the office "
        "to record attendance and put checked proposals before it.",
        count,
    ) % {"session": session.display_name, "count": format_number(count)}


def attended(session, _result) -> str:
    members = selectors.session_members(session)
    return _(
        "Recorded attendance at “%(session)s”: %(present)s of %(members)s members present; "
        "the proposals before the session now wait for the council's decision."
    ) % {
        "session": session.display_name,
        "present": format_number(sum(m.present for m in members)),
        "members": format_number(len(members)),
    }


def rescheduled(_session, session) -> str:
    return _(
        "“%(session)s” is now dated %(date)s; its attendance, ballots and decisions can be "
        "recorded from that day."
    ) % {"session": session.display_name, "date": date_format(session.held_on, "SHORT_DATE_FORMAT")}


def added(session, count: int) -> str:
    return ngettext(
        "Put %(count)s proposal before “%(session)s”; it now waits for the council's "
        "decision (a title decided by secret ballot waits for the office to open the ballot).",
        "Put %(count)s proposals before “%(session)s”; they now wait for the council's "
        "decision (a title decided by secret ballot waits for the office to open the ballot).",
        count,
    ) % {"count": format_number(count), "session": session.display_name}


def decided(_session, proposal) -> str:
    if proposal.status == ProposalStatus.APPROVED:
        text = _(
            "The council approved the proposal of %(title)s for %(subject)s; it now waits for "
            "the office to draft the award decision."
        )
    else:
        text = _(
            "The council did not approve the proposal of %(title)s for %(subject)s; the "
            "proposal ends here and nothing more waits on it."
        )
    return text % _about(proposal)


def closed(session, _result) -> str:
    proposals = selectors.session_proposals(session)
    approved = [p for p in proposals if p.status == ProposalStatus.APPROVED]
    if not approved:
        text = _(
            "Closed “%(session)s”; the council approved none of its proposals, so no award "
            "decision waits on it."
        ) % {"session": session.display_name}
    else:
        text = ngettext(
            "Closed “%(session)s”; its %(count)s approved proposal now waits for the office "
            "to draft the award decision.",
            "Closed “%(session)s”; its %(count)s approved proposals now wait for the office "
            "to draft the award decision.",
            len(approved),
        ) % {"session": session.display_name, "count": format_number(len(approved))}
    deferred = sum(p.deferred_here for p in proposals)
    if deferred:
        text += " " + ngettext(
            "%(count)s proposal the council did not decide is back with the office, to put "
            "before a later session.",
            "%(count)s proposals the council did not decide are back with the office, to put "
            "before a later session.",
            deferred,
        ) % {"count": format_number(deferred)}
    return text


def ballot_opened(_session, ballot) -> str:
    return _(
        "The secret ballot on the proposal of %(title)s for %(subject)s is open; it now waits "
        "for the council members to vote, then for the office to count the votes."
    ) % _about(ballot.proposal)


def ballot_counted(ballot) -> str:
    if ballot.result.get("approved"):
        text = _(
            "The secret ballot on the proposal of %(title)s for %(subject)s is counted: the "
            "council approved it; it now waits for the office to draft the award decision."
        )
    else:
        text = _(
            "The secret ballot on the proposal of %(title)s for %(subject)s is counted: the "
            "council did not approve it; the proposal ends here and nothing more waits on it."
        )
    return text % _about(ballot.proposal)


def decision_drafted(decision) -> str:
    count = len(selectors.decision_proposal_ids(decision))
    if decision.is_higher:
        return ngettext(
            "The submission of %(count)s proposal to the %(authority)s is saved: download it "
            "(Tờ trình) and, when the decision comes, record its number, date and issuer.",
            "The submission of %(count)s proposals to the %(authority)s is saved: download it "
            "(Tờ trình) and, when the decision comes, record its number, date and issuer.",
            count,
        ) % {"count": format_number(count), "authority": decision.get_authority_display()}
    return ngettext(
        "The draft award decision on %(count)s proposal is saved; it now waits for the office "
        "to enter the number and date from the document register.",
        "The draft award decision on %(count)s proposals is saved; it now waits for the office "
        "to enter the number and date from the document register.",
        count,
    ) % {"count": format_number(count)}
