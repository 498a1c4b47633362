"""Reads for proposals, council sessions, ballots, decisions and certificates, each scoped to
the viewer (eligibility histories come from `thidua.awards.history`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from thidua.awards.rules import can_see_ballots, is_council_member, is_emulation_office
from thidua.core import agency_settings
from thidua.core.audit_labels import action_label
from thidua.core.models import AuditEvent
from thidua.emulation.models import (
    PendingCase,
)
from thidua.org.models import Person
from thidua.org.rules import viewer_scope

from ..ballot_rule import early_count_warning, explain, still_to_vote, votes_to_count
from ..choices import AwardCode, AwardsAudit, BallotStatus, ProposalStatus
from ..eligibility import HistoryError, compile_settings
from ..models import (
    Award,
    Ballot,
    BallotParticipation,
    CertificateLayout,
    CouncilMember,
    CouncilSession,
    Decision,
    Proposal,
)
from .settings import eligibility_settings


# ---------------------------------------------------------------- eligibility history
def open_pending_cases(person: Person, *, on: date | None = None) -> list[PendingCase]:
    """Cases about the person still being handled on a date (today by default)."""
    on = on or timezone.localdate()
    return list(
        PendingCase.objects.filter(person=person, opened_on__lte=on).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=on)
        )
    )


def people_with_open_case(person_ids: set[int], *, on: date | None = None) -> set[int]:
    """Those of `person_ids` with a case still being handled on a date (today by default).
    One query: open cases are few, so all are read rather than thousands of ids passed."""
    if not person_ids:
        return set()
    on = on or timezone.localdate()
    return person_ids & set(
        PendingCase.objects.filter(opened_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .values_list("person_id", flat=True)
    )


# ---------------------------------------------------------------- proposals
def proposal_list(*, viewer, filters: dict | None = None) -> QuerySet[Proposal]:
    """The office sees every proposal; a head sees those made by or about the units of their
    subtree; a council member also sees those brought before a council session (a unit's
    drafts stay the unit's until then); others see none."""
    qs = Proposal.objects.select_related("proposing_unit", "person__unit", "unit")
    if not is_emulation_office(viewer):
        scope = viewer_scope(viewer)
        q = Q(pk__in=[])
        for path in scope.unit_paths:
            q |= Q(proposing_unit__path__startswith=path)
        if is_council_member(viewer):
            q |= Q(pk__in=CouncilSession.proposals.through.objects.values("proposal_id"))
        elif viewer.is_authenticated:
            # A seat at a session (the role since ended) still opens its proposals' dossiers,
            # which the member's ballots link to.
            q |= Q(
                pk__in=CouncilSession.proposals.through.objects.filter(
                    councilsession__members__person__user=viewer
                ).values("proposal_id")
            )
        qs = qs.filter(q)
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    return qs.order_by("-created_at", "-id")


def proposal_get(*, viewer, pk: int) -> Proposal:
    return proposal_list(viewer=viewer).get(pk=pk)


def next_to_check(*, viewer, after: Proposal) -> Proposal | None:
    """The office's next dossier waiting for its check after `after`, in the list's order
    (newest first; from the top again past the last), so the office goes through them
    without going back to the list each time. None for others, or when none waits."""
    if not is_emulation_office(viewer):
        return None
    waiting = proposal_list(viewer=viewer, filters={"status": ProposalStatus.SUBMITTED})
    waiting = waiting.exclude(pk=after.pk)
    later = waiting.filter(
        Q(created_at__lt=after.created_at) | Q(created_at=after.created_at, id__lt=after.id)
    )
    return later.first() or waiting.first()


def proposals_chosen(*, viewer, pks: set[int]) -> list[Proposal]:
    """The proposals chosen by id, every one the viewer may see; Proposal.DoesNotExist when one
    is not (the page's and the API's 404: not there and not theirs read alike)."""
    found = list(proposal_list(viewer=viewer).filter(pk__in=pks))
    if len(found) != len(pks):
        raise Proposal.DoesNotExist
    return found


# ---------------------------------------------------------------- one achievement, one award
def same_achievement_forms(*, on: date) -> frozenset[str]:
    """The forms one achievement earns only once (law.py ONE_ACHIEVEMENT, by default Giấy
    khen, Bằng khen cấp Bộ and Bằng khen Thủ tướng), as the settings in force on `on` say.
    Settings the engine refuses fall back to the law's defaults (the engine reports them)."""
    try:
        policy = compile_settings(eligibility_settings(on=on))
    except HistoryError:
        policy = compile_settings(None)
    try:
        return frozenset(policy.resolve("ONE_ACHIEVEMENT", on)[1]["same_achievement_forms"])
    except KeyError:  # no version of the rule in force on that date
        return frozenset()


def same_achievement_awards(*, year: int, forms) -> list[dict]:
    """Every live proposal (not rejected, not yet decided: a decided one is its award) and
    every award of the registry not revoked, for the year and these forms, as small dicts
    (kind "proposal" or "award", pk, person_id, unit_id, code, status or decision). Two
    queries, whatever the number of subjects; callers pick their subjects' rows."""
    forms = sorted(forms)
    if not forms:
        return []
    rows = [
        {"kind": "proposal", **row}
        for row in Proposal.objects.filter(year=year, code__in=forms)
        .exclude(status__in=(ProposalStatus.REJECTED, ProposalStatus.DECIDED))
        .order_by("id")
        .values("pk", "person_id", "unit_id", "code", "status")
    ]
    rows += [
        {"kind": "award", **row}
        for row in Award.objects.filter(year=year, code__in=forms, revoked_on__isnull=True)
        .order_by("decision_date", "id")
        .values("pk", "person_id", "unit_id", "code", "decision_number", "decision_date")
    ]
    return rows


def same_achievement_others(
    *,
    year: int,
    code: str,
    person: Person | None = None,
    unit=None,
    exclude_pk: int | None = None,
    on: date | None = None,
) -> list[dict]:
    """Live proposals and granted awards of another form of the same-achievement group for
    the same subject and year (empty when `code` is not in the group)."""
    forms = same_achievement_forms(on=on or timezone.localdate())
    if code not in forms:
        return []
    person_id = person.pk if person is not None else None
    unit_id = unit.pk if person is None and unit is not None else None
    return [
        row
        for row in same_achievement_awards(year=year, forms=forms - {code})
        if row["person_id"] == person_id
        and row["unit_id"] == unit_id
        and not (row["kind"] == "proposal" and row["pk"] == exclude_pk)
    ]


def describe_other(row: dict) -> str:
    """One other proposal or award, in words: "đề nghị số 12 — Bằng khen cấp Bộ (Nháp)" or
    "Giấy khen đã tặng theo quyết định số 5/QĐ ngày 10/01/2026"."""
    form = str(dict(AwardCode.choices).get(row["code"], row["code"]))
    if row["kind"] == "proposal":
        return _("proposal no. %(pk)s for %(form)s (%(status)s)") % {
            "pk": row["pk"],
            "form": form,
            "status": _status_label(row["status"]),
        }
    if row["kind"] == "new":
        return _("%(form)s proposed in the same batch") % {"form": form}
    return _("%(form)s granted by decision no. %(number)s of %(date)s") % {
        "form": form,
        "number": row["decision_number"],
        "date": row["decision_date"].strftime("%d/%m/%Y"),
    }


def proposal_same_achievement(proposal: Proposal) -> list[dict]:
    """For the proposal page: the other forms proposed or granted for the same achievement
    (same subject and year), as `same_achievement_others` rows (in words: proposal_links)."""
    return same_achievement_others(
        year=proposal.year,
        code=proposal.code,
        person=proposal.person,
        unit=proposal.unit,
        exclude_pk=proposal.pk,
        on=proposal.received_on or timezone.localdate(),
    )


def user_name(user) -> str:
    """A user by their name (the linked person, else the account's full name), never the
    login."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None and person.full_name:
        return person.full_name
    return user.get_full_name().strip() or _("(account without a name)")


def proposal_events(proposal: Proposal) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            target_type=proposal._meta.label_lower, target_id=str(proposal.pk)
        )
        .select_related("actor__person")
        .order_by("created_at", "id")
    )


def return_reason(proposal: Proposal) -> dict | None:
    """Why the office returned the proposal to its unit, and who (the latest return), while
    it stays returned: the head sees what to complete before sending it again."""
    if proposal.status != ProposalStatus.RETURNED:
        return None
    event = (
        proposal_events(proposal)
        .filter(action=AwardsAudit.PROPOSAL_RETURNED)
        .order_by("-created_at", "-id")
        .first()
    )
    if event is None:
        return None
    data = event.data if isinstance(event.data, dict) else {}
    return {"reason": str(data.get("reason", "")), "who": actor_name(event), "at": event.created_at}


def actor_name(event: AuditEvent) -> str:
    """Who acted, by their name: the person linked to the account, else the account's full
    name — never the user name (a login is not a name)."""
    user = event.actor
    if user is None:
        return _("(account deleted)") if event.actor_name else _("System")
    person = getattr(user, "person", None)
    if person is not None and person.full_name:
        return person.full_name
    return user.get_full_name().strip() or _("(account without a name)")


def _status_label(code) -> str:
    return str(dict(ProposalStatus.choices).get(code, code))


def _event_details(event: AuditEvent, sessions: dict[int, str]) -> list:
    data = event.data if isinstance(event.data, dict) else {}
    details: list = []  # words, and the same-achievement line as a dict
    if "from" in data and "to" in data:
        details.append(f"{_status_label(data['from'])} → {_status_label(data['to'])}")
    if "eligible" in data:
        verdict = _("Eligible") if data["eligible"] else _("Not eligible")
        details.append(f"{_('Engine verdict')}: {verdict}")
    if data.get("session") in sessions:
        details.append(f"{_('Council session')}: {sessions[data['session']]}")
    if isinstance(data.get("result"), dict):
        details.extend(explain(data["result"]))
    if data.get("number"):
        details.append(_("Decision no. %(number)s") % {"number": data["number"]})
    for key in ("reason", "note"):
        if data.get(key):
            details.append(str(data[key]))
    if data.get("same_achievement"):
        details.append(_same_achievement_line(data))
    if data.get("override_reason"):
        details.append(
            _("Override with a written reason: %(reason)s") % {"reason": data["override_reason"]}
        )
    if data.get("round_year"):
        details.append(_("From the %(year)s commendation round") % {"year": data["round_year"]})
    details.extend(_text_changes(data.get("changes")))
    return details


def _same_achievement_line(data: dict) -> dict:
    """The other proposals and awards of the same achievement an event recorded, in words
    ("text"), with the words around them and each one's text and proposal id ("others"; the
    id None for an award, or for an event stored before the ids were kept): proposal_links
    links them."""
    texts = [str(t) for t in data["same_achievement"]]
    ids = data.get("same_achievement_ids")
    ids = ids if isinstance(ids, list) and len(ids) == len(texts) else [None] * len(texts)
    others = [
        {"text": t, "pk": ref[1] if isinstance(ref, list) and ref[:1] == ["proposal"] else None}
        for t, ref in zip(texts, ids, strict=True)
    ]
    before, _mark, after = (
        _("Same achievement already carries: %(others)s") % {"others": "\x00"}
    ).partition("\x00")
    return {
        "text": before + "; ".join(texts) + after,
        "before": before,
        "after": after,
        "others": others,
    }


def _text_changes(changes) -> list[str]:
    """A unit's edit of a returned proposal in words: each field, before → after."""
    if not isinstance(changes, dict) or not isinstance(changes.get("achievements"), list):
        return []
    old, new = (Truncator(str(v or "")).chars(200) for v in changes["achievements"][:2])
    label = capfirst(Proposal._meta.get_field("achievements").verbose_name)
    return [f"{label}: “{old}” → “{new}”"]


def proposal_history(proposal: Proposal) -> list[dict]:
    """The proposal's audit events as a reader sees them: when, who by name, what in words
    (audit labels), and the details — statuses by their labels, ballot results as the rule
    applied, reasons and notes (the other forms of the same achievement as a dict, which
    proposal_links.history links for the viewer). Two queries."""
    events = list(proposal_events(proposal))
    session_ids = {
        e.data["session"]
        for e in events
        if isinstance(e.data, dict) and isinstance(e.data.get("session"), int)
    }
    sessions = dict(
        CouncilSession.objects.filter(pk__in=session_ids).values_list("pk", "title")
        if session_ids
        else []
    )
    return [
        {
            "at": e.created_at,
            "who": actor_name(e),
            "what": action_label(e.action),
            "details": _event_details(e, sessions),
        }
        for e in events
    ]


def proposal_ballots(proposal: Proposal) -> list[Ballot]:
    """The proposal's counted ballots, each with the rule applied in words."""
    ballots = list(
        proposal.ballots.filter(status=BallotStatus.CLOSED)
        .select_related("session")
        .order_by("closed_at", "id")
    )
    for ballot in ballots:
        ballot.rule_sentences = explain(ballot.result, ballot.rule)  # type: ignore[attr-defined]
    return ballots


# ---------------------------------------------------------------- council
def session_list(*, viewer) -> QuerySet[CouncilSession]:
    if not (is_emulation_office(viewer) or is_council_member(viewer)):
        raise PermissionDenied
    return CouncilSession.objects.annotate(
        n_proposals=Count("proposals", distinct=True), n_members=Count("members", distinct=True)
    ).order_by("-held_on", "-id")


def session_get(*, viewer, pk: int) -> CouncilSession:
    return session_list(viewer=viewer).select_related("chair").get(pk=pk)


def ballot_get(*, viewer, pk: int) -> Ballot:
    """A ballot with its session, for those who see ballots (council members vote, the
    office runs them): PermissionDenied for anyone else, Ballot.DoesNotExist for no such."""
    if not can_see_ballots(viewer):
        raise PermissionDenied
    return Ballot.objects.select_related("session").get(pk=pk)


def session_members(session: CouncilSession) -> list[CouncilMember]:
    return list(
        session.members.select_related("person__unit", "person__position").order_by(
            "person__full_name", "id"
        )
    )


def session_proposals(session: CouncilSession) -> list[Proposal]:
    """The proposals put before the session, each with `deferred_here`: the session closed
    without the council deciding it (it went back to the office, perhaps to a later session,
    whose result is not this session's)."""
    rows = list(
        session.proposals.select_related("person__unit", "person__position", "unit").order_by(
            "code", "id"
        )
    )
    deferred = set(
        AuditEvent.objects.filter(
            action=AwardsAudit.PROPOSAL_DEFERRED,
            target_type=Proposal._meta.label_lower,
            data__session=session.pk,
        ).values_list("target_id", flat=True)
    )
    for proposal in rows:
        proposal.deferred_here = str(proposal.pk) in deferred  # type: ignore[attr-defined]
    return rows


def session_ballots(session: CouncilSession) -> dict[int, Ballot]:
    """The session's ballots by proposal id, with how many members have voted; an open one
    also with how many may still vote and, while some may, what counting now means (from
    the numbers alone: the votes stay secret until the count)."""
    ballots: dict[int, Any] = {
        b.proposal_id: b
        for b in session.ballots.annotate(n_voted=Count("participations"))
        .select_related("proposal")
        .order_by("id")
    }
    seats = None
    for ballot in ballots.values():
        ballot.rule_sentences = explain(ballot.result, ballot.rule)
        if ballot.status == BallotStatus.OPEN:
            if seats is None:
                seats = session.members.aggregate(
                    members=Count("id"), present=Count("id", filter=Q(present=True))
                )
            counts = {**seats, "voted": ballot.n_voted}
            ballot.votes_to_count = ballot_votes_to_count(ballot, seats["members"])
            ballot.still_to_vote = still_to_vote(ballot.rule, **counts)
            ballot.may_vote = ballot.n_voted + ballot.still_to_vote
            ballot.count_warning = early_count_warning(ballot.rule, **counts)
    return ballots


def per_code(value, code: str):
    """A setting may be one value, or a mapping of title codes (with "default")."""
    if isinstance(value, dict):
        return value.get(code, value.get("default"))
    return value


def ballot_min_votes(rule: dict, code: str) -> int:
    """The fewest votes a ballot is counted with: its snapshot; a ballot opened before the
    setting existed takes today's."""
    if "min_votes" in rule:
        return int(rule["min_votes"])
    return int(per_code(agency_settings.value("awards.ballot_min_votes"), code))


def ballot_votes_to_count(ballot: Ballot, members: int) -> int:
    """How many votes an open ballot needs before it may be counted: the quorum of all
    members and the minimum number of votes (`ballot_min_votes`: its snapshot, else today's
    setting), and at least one. The session page and the home work item both use it."""
    minimum = ballot_min_votes(ballot.rule, ballot.proposal.code)
    return max(votes_to_count(ballot.rule, members, minimum), 1)


def member_for(session: CouncilSession, user) -> CouncilMember | None:
    if not user.is_authenticated:
        return None
    return session.members.filter(person__user=user).first()


def ballots_for_voter(*, viewer) -> list[tuple[Ballot, bool]]:
    """Open ballots of sessions where the viewer holds a seat, and whether they have voted
    (never what)."""
    if not viewer.is_authenticated:
        return []
    seats = CouncilMember.objects.filter(person__user=viewer)
    ballots = list(
        Ballot.objects.filter(session__members__in=seats, status=BallotStatus.OPEN)
        .select_related("session", "proposal__person", "proposal__unit")
        .distinct()
        .order_by("session__held_on", "id")
    )
    voted = set(
        BallotParticipation.objects.filter(member__in=seats, ballot__in=ballots).values_list(
            "ballot_id", flat=True
        )
    )
    return [(b, b.pk in voted) for b in ballots]


def ballot_get_for_voter(*, viewer, pk: int) -> tuple[Ballot, CouncilMember]:
    ballot = Ballot.objects.select_related("session", "proposal__person", "proposal__unit").get(
        pk=pk
    )
    member = member_for(ballot.session, viewer)
    if member is None:
        raise PermissionDenied
    return ballot, member


def has_voted(ballot: Ballot, member: CouncilMember) -> bool:
    return BallotParticipation.objects.filter(ballot=ballot, member=member).exists()


# ---------------------------------------------------------------- decisions
def decision_list(*, viewer) -> QuerySet[Decision]:
    if not is_emulation_office(viewer):
        raise PermissionDenied
    return Decision.objects.annotate(n_awards=Count("awards")).order_by("-created_at", "-id")


def decision_get(*, viewer, pk: int) -> Decision:
    return decision_list(viewer=viewer).get(pk=pk)


def decision_proposal_ids(decision: Decision) -> list[int]:
    """The proposals a decision covers."""
    return list(decision.proposals.order_by("id").values_list("pk", flat=True))


def decision_proposals(decision: Decision) -> list[Proposal]:
    return list(
        decision.proposals.select_related(
            "person__unit", "person__position", "unit", "award"
        ).order_by("code", "person__full_name", "unit__name", "id")
    )


def proposals_in_drafts() -> set[int]:
    """Proposals already listed in an unsigned decision."""
    return set(
        Proposal.objects.filter(
            decision__signed_on__isnull=True, decision__isnull=False
        ).values_list("pk", flat=True)
    )


def approved_proposals(*, viewer) -> QuerySet[Proposal]:
    if not is_emulation_office(viewer):
        raise PermissionDenied
    return (
        Proposal.objects.filter(status=ProposalStatus.APPROVED)
        .exclude(pk__in=proposals_in_drafts())
        .select_related("person__unit", "unit")
        .order_by("code", "id")
    )


# ---------------------------------------------------------------- certificates
def award_get(*, viewer, pk: int) -> Award:
    if not is_emulation_office(viewer):
        raise PermissionDenied
    return Award.objects.select_related("person__unit", "unit", "decision").get(pk=pk)


def layout_for(code: str) -> CertificateLayout:
    """The saved layout for a title or form, or an unsaved one with the default positions."""
    layout = CertificateLayout.objects.filter(code=code).first()
    if layout is None:
        layout = CertificateLayout(code=code)
    if not layout.fields:
        layout.fields = dict(DEFAULT_FIELDS)
    return layout


# Default positions on an A4 landscape blank (mm from the top-left corner; size in pt).
DEFAULT_FIELDS = {
    "title": {"x": 40, "y": 70, "w": 217, "size": 24},
    "name": {"x": 40, "y": 95, "w": 217, "size": 22},
    "unit": {"x": 40, "y": 112, "w": 217, "size": 14},
    "reason": {"x": 40, "y": 125, "w": 217, "size": 13},
    "decision": {"x": 40, "y": 160, "w": 120, "size": 11},
    "date": {"x": 170, "y": 160, "w": 90, "size": 12},
}
AWARD_CODES = [c for c, _label in AwardCode.choices]


def session_date_fixed(session: CouncilSession) -> str:
    """Why the date of `session` may no longer change ("" while it may): a ballot opened at it
    took the rules in force on that date; a proposal decided at it was decided on that day.
    The page offers the change only while this is empty. Two queries at most."""
    if session.proposals.exclude(status=ProposalStatus.IN_COUNCIL).exists():
        return _("The council has already voted or decided at this session: its date stays.")
    if session.ballots.exists():
        return _(
            "A secret ballot has been opened at this session with the rules in force on its "
            "date: the date stays."
        )
    return ""
