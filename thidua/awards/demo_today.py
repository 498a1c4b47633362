"""Demo awards work open on the day the demo is loaded (issue 12, point 1: every role's
"Việc của tôi" has real work whatever the date): a supplementary council session held today
on the last judged year (the latest year whose ratings are published) with an open secret
ballot on a CSTĐ cấp Bộ the members have not cast yet, and Bằng khen proposals submitted by
the heads of the people's units and waiting for the office's check. Through the real
services; the people are the engine's eligible ones (people are fictional).
Loading twice changes nothing: the session of that year, once there, is not made again."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.emulation.choices import RatingStatus
from thidua.emulation.models import AnnualRating, PendingCase
from thidua.org.models import Person, Unit

from .models import CouncilSession, Proposal
from .rules import heads_unit
from .selectors.registry import yearly_review
from .services import council

OFFICER, MINISTER = "thiduakhenthuong", "botruong"
HEADS = ("truongdonvi", "thutruong", MINISTER)  # who sends a Cục's proposals, nearest first
SUBMITTED = 3  # Bằng khen proposals waiting for the office's check
SESSION_TITLE = "Phiên họp bổ sung của Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {year}"


def judged_year() -> int | None:
    """The latest year whose annual ratings are published (the year a round judges)."""
    return (
        AnnualRating.objects.filter(status=RatingStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def _eligible(rows, code: str, *, year: int, within: set[int] | None = None) -> list[int]:
    """The people the engine finds eligible for `code` in `year`, without a proposal of it
    for that year or an open case (which refuses a proposal), in `rows`' order."""
    taken = set(Proposal.objects.filter(year=year, code=code).values_list("person_id", flat=True))
    taken |= set(PendingCase.objects.values_list("person_id", flat=True))
    return [
        r.person_id
        for r in rows
        if code in r.eligible
        and r.person_id not in taken
        and (within is None or r.person_id in within)
    ]


@transaction.atomic
def waiting_work_load() -> str:
    """The open session with its ballot and the submitted proposals (see the module)."""
    users = get_user_model().objects.filter(username__in=(OFFICER, *HEADS))
    by_name = {u.username: u for u in users}
    officer = by_name.get(OFFICER)
    year = judged_year()
    if officer is None or year is None:
        return ""
    title = SESSION_TITLE.format(year=year)
    if CouncilSession.objects.filter(title=title).exists():
        return ""
    today = timezone.localdate()
    rows = yearly_review(year=year, received_on=today, viewer=officer)
    lines = []
    # Bằng khen cấp Bộ, each sent by the head of the person's Cục or Vụ (the unit head's,
    # a deputy minister's over his block, the minister's): the office checks them.
    heads = [by_name[n] for n in HEADS if n in by_name]
    units = {u.path: u for u in Unit.objects.filter(valid_to__isnull=True)}
    sent = []
    eligible = Person.objects.filter(pk__in=_eligible(rows, "BK_BO", year=year))
    for person in eligible.select_related("unit").order_by("employee_code"):
        proposing = units.get("/".join(person.unit.path.split("/")[:2]) + "/")
        actor = next((h for h in heads if proposing and heads_unit(h, proposing)), None)
        if actor is None:
            continue
        proposal = council.proposal_create(
            actor=actor,
            code="BK_BO",
            year=year,
            person=person,
            proposing_unit=proposing,
            achievements=f"Hoàn thành xuất sắc nhiệm vụ năm {year} (minh hoạ).",
        )
        council.proposal_submit(actor=actor, proposal=proposal)
        sent.append(actor.username)
        if len(sent) == SUBMITTED:
            break
    if sent:
        lines.append(
            f"{len(sent)} Bằng khen proposals submitted by {', '.join(sorted(set(sent)))}, "
            "waiting for the office's check"
        )
    # A CSTĐ cấp Bộ before a session held today: its secret ballot is open.
    candidate = next(iter(_eligible(rows, "CSTD_BO", year=year)), None)
    if candidate is None:
        return "\n".join(lines)
    proposal = council.proposal_create(
        actor=officer,
        code="CSTD_BO",
        year=year,
        person=Person.objects.select_related("unit").get(pk=candidate),
        achievements=f"Thành tích năm {year}, hồ sơ bổ sung (minh hoạ).",
    )
    council.proposal_submit(actor=officer, proposal=proposal)
    proposal = council.proposal_check(actor=officer, proposal=proposal, accept=True)
    session = council.session_create(
        actor=officer,
        title=title,
        held_on=today,
        chair=Person.objects.filter(user__username=MINISTER).first(),
    )
    council.session_add_proposals(actor=officer, session=session, proposals=[proposal])
    council.ballot_open(actor=officer, session=session, proposal=proposal)
    lines.append(
        f"a supplementary council session of {session.members.count()} members held today: "
        f"the secret ballot on a CSTĐ cấp Bộ {year} is open"
    )
    return "\n".join(lines)
