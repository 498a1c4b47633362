"""What waits for a person in awards ("Việc của tôi"): proposals to check, to put before the
council, to decide; decisions to sign; the yearly round's next step; ballots to cast; drafts
to send and proposals returned to the unit; and one's own new awards. Each read takes one or
two queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from thidua.emulation.models import AnnualRating
from thidua.emulation.rules import has_office_duty
from thidua.org.rules import viewer_scope

from ..ballot_rule import PRESENT
from ..choices import BallotStatus, ProposalStatus, RoundStep, RoundStepStatus, SessionStatus
from ..history import FINAL_RATING_STATUSES
from ..models import Award, Ballot, CouncilMember, Decision, Proposal, RoundStepResult
from .council import ballot_votes_to_count


def office_proposal_queues() -> dict[str, dict]:
    """For the emulation office: per status — submitted (to check), checked (to put before
    the council), approved and in no decision yet (to decide) — how many proposals wait and
    since when ("first": the oldest change of status, "received": the oldest receipt date).
    One grouped query."""
    rows = (
        Proposal.objects.filter(
            Q(status__in=(ProposalStatus.SUBMITTED, ProposalStatus.CHECKED))
            | Q(status=ProposalStatus.APPROVED, decision__isnull=True)
        )
        .order_by()
        .values("status")
        .annotate(n=Count("id"), first=Min("updated_at"), received=Min("received_on"))
    )
    return {row["status"]: row for row in rows}


def unsigned_decisions() -> list[Decision]:
    """Draft decisions not yet signed (number and date from the document register), each
    with `n_proposals`, oldest first. One query."""
    return list(
        Decision.objects.filter(signed_on__isnull=True)
        .annotate(n_proposals=Count("proposals"))
        .order_by("created_at", "id")
    )


def returned_proposals(*, viewer) -> dict:
    """Proposals returned to a unit the viewer heads (a unit head's or leader's subtree), and
    those the viewer made themselves — a minister or deputy over the whole ministry, who holds
    no unit of their own, sends the Bằng khen proposals and completes them when returned (the
    office's own are not "returned to your unit"): {"n": how many, "first": the oldest
    return}. One query."""
    q = Q(pk__in=[])
    if not has_office_duty(viewer):
        q |= Q(created_by=viewer)
    for path in viewer_scope(viewer).unit_paths:
        q |= Q(proposing_unit__path__startswith=path)
    return Proposal.objects.filter(q, status=ProposalStatus.RETURNED).aggregate(
        n=Count("id"), first=Min("updated_at")
    )


def drafts_to_send(*, viewer) -> dict:
    """Draft proposals waiting to be sent to the office by a unit the viewer heads — those the
    yearly round made (the office's "create the proposals") and those a head began — where no
    head of a unit nearer the proposing unit may send them (goals.selectors.is_nearest_head):
    {"n": how many, "first": the oldest}. Two queries and two for the heads below."""
    from thidua.goals.selectors import heads_below, is_nearest_head

    scope = viewer_scope(viewer)
    if not scope.unit_paths:
        return {"n": 0, "first": None}
    under = Q(pk__in=[])
    for path in scope.unit_paths:
        under |= Q(proposing_unit__path__startswith=path)
    rows = list(
        Proposal.objects.filter(under, status=ProposalStatus.DRAFT)
        .order_by()
        .values("proposing_unit__path")
        .annotate(n=Count("id"), first=Min("created_at"))
    )
    if not rows:
        return {"n": 0, "first": None}
    below = heads_below(viewer=viewer)
    mine = [
        row
        for row in rows
        if is_nearest_head(
            viewer_paths=scope.unit_paths,
            below=below,
            unit_path=row["proposing_unit__path"],
            excluded=set(),
        )
    ]
    return {
        "n": sum(row["n"] for row in mine),
        "first": min((row["first"] for row in mine), default=None),
    }


RECENT_AWARD_DAYS = 60  # how long one's own new award is pointed out on the home page


def recent_awards(*, viewer, today: date | None = None) -> list[Award]:
    """The viewer's own awards decided in the last RECENT_AWARD_DAYS days (not imported
    history, not revoked), newest first: the end of the round, as the person sees it. One
    query."""
    person_id = viewer_scope(viewer).person_id if viewer.is_authenticated else None
    if person_id is None:
        return []
    today = today or timezone.localdate()
    return list(
        Award.objects.filter(
            person_id=person_id,
            imported=False,
            revoked_on__isnull=True,
            decision_date__gte=today - timedelta(days=RECENT_AWARD_DAYS),
        )
        .select_related("person")
        .order_by("-decision_date", "-id")
    )


def ballots_to_cast(*, viewer) -> list[Ballot]:
    """Open ballots of open sessions where the viewer holds a seat, has not voted and may
    vote (a ballot counted on those present is for members present), with the proposal's
    subject, oldest first. Two queries."""
    if not viewer.is_authenticated:
        return []
    seats = {
        session_id: (pk, present)
        for pk, session_id, present in CouncilMember.objects.filter(
            person__user=viewer, session__status=SessionStatus.OPEN
        ).values_list("pk", "session_id", "present")
    }
    if not seats:
        return []
    ballots = (
        Ballot.objects.filter(status=BallotStatus.OPEN, session_id__in=list(seats))
        .exclude(participations__member_id__in=[pk for pk, _present in seats.values()])
        .select_related("proposal__person", "proposal__unit")
        .order_by("created_at", "id")
    )
    return [b for b in ballots if b.rule.get("base") != PRESENT or seats[b.session_id][1]]


def ballots_to_count() -> list[dict]:
    """Per open council session: its open secret ballots that may now be counted — the
    quorum of members and the minimum number of votes have voted (services.council counts
    only then) — as {"session", "n", "first"}. Two queries, whatever the number of ballots."""
    ballots = list(
        Ballot.objects.filter(status=BallotStatus.OPEN, session__status=SessionStatus.OPEN)
        .annotate(voted=Count("participations", distinct=True))
        .select_related("session", "proposal")
        .order_by("created_at", "id")
    )
    if not ballots:
        return []
    members = dict(
        CouncilMember.objects.filter(session_id__in={b.session_id for b in ballots})
        .values("session_id")
        .annotate(n=Count("id"))
        .values_list("session_id", "n")
    )
    found: dict[int, dict] = {}
    for ballot in ballots:
        if ballot.voted < ballot_votes_to_count(ballot, members.get(ballot.session_id, 0)):
            continue
        row = found.setdefault(
            ballot.session_id, {"session": ballot.session, "n": 0, "first": ballot.created_at}
        )
        row["n"] += 1
    return list(found.values())


@dataclass(frozen=True)
class RoundWork:
    """The step of a year's round that waits for the office: "start" (no round yet),
    "run", "confirm", "failed" (run it again) or "propose" (create the proposals)."""

    year: int
    action: str
    step: str
    since: datetime | date


def round_year(today: date | None = None) -> int:
    """The year whose round the office runs now (as the rounds page proposes): last year's
    until December, this year's from December on."""
    today = today or timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def round_work() -> list[RoundWork]:
    """The rounds of last year and this year that wait for the office: a round whose next
    step is to run, confirm, run again or turn into proposals (nothing while a step runs,
    nothing once the proposals are made), and the current round year (`round_year`) when
    some of its individual ratings are final and it has no round yet — waiting since 1
    December of that year. Two queries at most (the second, an EXISTS over the ratings,
    only while that year has no round; or, for a round of a year not ended whose ratings
    step waits, an EXISTS over the people still unrated: `_waits_for_year_end`)."""
    current = round_year()
    steps: dict[int, dict[str, Any]] = {}
    started: dict[int, datetime] = {}
    for row in RoundStepResult.objects.filter(round__year__gte=current - 1).values(
        "round__year", "round__created_at", "step", "status", "computed_at", "confirmed_at"
    ):
        steps.setdefault(row["round__year"], {})[row["step"]] = row
        started[row["round__year"]] = row["round__created_at"]
    work = []
    if (
        current not in steps
        and AnnualRating.objects.filter(year=current, status__in=FINAL_RATING_STATUSES).exists()
    ):
        work.append(
            RoundWork(
                year=current, action="start", step=RoundStep.RATINGS, since=date(current, 12, 1)
            )
        )
    for year, by_step in steps.items():
        item = _round_next(year, by_step, started[year])
        if item is not None and not _waits_for_year_end(item):
            work.append(item)
    return sorted(work, key=lambda w: w.year)


def _waits_for_year_end(item: RoundWork) -> bool:
    """The ratings step of a round whose year has not ended waits, pushing nothing, while
    someone active still lacks a final rating for the year: the ratings come at the year's
    end and the heads are asked to rate their people (nextsteps.round_ratings_step). It
    comes back once everyone is rated or the year has ended. One query, for such a round."""
    from thidua.org.models import Person

    if item.step != RoundStep.RATINGS or item.year < timezone.localdate().year:
        return False
    rated = (
        AnnualRating.objects.filter(year=item.year, status__in=FINAL_RATING_STATUSES)
        .exclude(level="")
        .values("person_id")
    )
    return Person.objects.filter(is_active=True).exclude(pk__in=rated).exists()


def _round_next(year: int, by_step: dict[str, dict], started: datetime) -> RoundWork | None:
    since: datetime | date = started
    for step in RoundStep.values:
        row = by_step.get(step)
        if row is None:
            return None
        status = row["status"]
        if step == RoundStep.PROPOSALS:
            if status == RoundStepStatus.NOT_RUN:
                return RoundWork(year=year, action="propose", step=step, since=since)
            return None
        if status == RoundStepStatus.CONFIRMED:
            since = row["confirmed_at"] or since
            continue
        if status == RoundStepStatus.RUNNING:
            return None
        if status == RoundStepStatus.COMPUTED:
            return RoundWork(
                year=year, action="confirm", step=step, since=row["computed_at"] or since
            )
        action = "failed" if status == RoundStepStatus.FAILED else "run"
        return RoundWork(year=year, action=action, step=step, since=since)
    return None
