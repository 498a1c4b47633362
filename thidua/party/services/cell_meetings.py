"""Cell meetings: a hard problem, the solutions members propose, the one the cell chooses.

A cell's chosen solution becomes a goals Task. The decision belongs to the cell (the Party
side decides, the administration carries it out), so the task is owned by the member the
cell names — by default the secretary — and created through `goals.services.task_create`
without the goals "manage others' tasks" check, which is about line management, not Party
decisions; the Party check (`is_secretary_of` and the assignee being a member of the cell)
is made here and the choice is audited with the secretary as actor. The task then lives in
the assignee's task list and its status shows at the cell's next meeting.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.core.transitions import Flow, transition
from thidua.goals.services import task_create
from thidua.org.models import PartyMembership, PartyOrganization, Person

from .. import rules
from ..choices import MeetingStatus, PartyAudit
from ..models import CellMeeting, SolutionProposal

# The steps of a cell meeting, with their audit events (a meeting is held, or held with the
# solution the cell chose: both may come again).
_HELD = (PartyAudit.MEETING_HELD, PartyAudit.MEETING_SOLUTION_CHOSEN)
MEETING_FLOW = Flow(
    "party.CellMeeting",
    {
        (MeetingStatus.PLANNED, MeetingStatus.HELD): _HELD,
        (MeetingStatus.HELD, MeetingStatus.HELD): _HELD,
    },
)


def _refuse_before_the_day(meeting: CellMeeting, message: str) -> None:
    """A meeting is held on its day: what happens at it (held, the cell's choice) is refused
    before then, with the date (timezone.localdate(): the agency's day)."""
    if not meeting.day_has_come:
        raise ValidationError(message % {"date": meeting.held_on.strftime("%d/%m/%Y")})


@transaction.atomic
def meeting_create(
    *, actor, cell: PartyOrganization, held_on: date, agenda: str, hard_problem: str
) -> CellMeeting:
    if not rules.is_secretary_of(actor, cell):
        raise PermissionDenied(_("Only the cell's secretary organises its meetings."))
    agenda, hard_problem = agenda.strip(), hard_problem.strip()
    if not agenda:
        raise ValidationError({"agenda": _("Write the agenda.")})
    if not hard_problem:
        raise ValidationError({"hard_problem": _("Name the one hard problem to work on.")})
    meeting = CellMeeting.objects.create(
        cell=cell, held_on=held_on, agenda=agenda, hard_problem=hard_problem
    )
    audit_record(actor=actor, action=PartyAudit.MEETING_CREATED, target=meeting, held_on=held_on)
    return meeting


@transaction.atomic
def meeting_propose_solution(*, actor, meeting: CellMeeting, text: str) -> SolutionProposal:
    if not rules.can_propose_solution(actor, meeting):
        raise PermissionDenied(_("Only members of the cell propose solutions."))
    if meeting.chosen_solution_id is not None:
        raise ValidationError(_("The cell has already chosen a solution."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the proposed solution.")})
    author = Person.objects.get(user=actor)
    proposal = SolutionProposal.objects.create(meeting=meeting, author=author, text=text)
    audit_record(
        actor=actor, action=PartyAudit.MEETING_SOLUTION_PROPOSED, target=meeting, proposal=proposal
    )
    return proposal


@transaction.atomic
def meeting_mark_held(*, actor, meeting: CellMeeting) -> CellMeeting:
    if not rules.can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Only the cell's secretary records its meetings."))
    _refuse_before_the_day(
        meeting,
        _("The meeting is on %(date)s: it can be recorded as held from that day."),
    )
    held = PartyAudit.MEETING_HELD
    return transition(meeting, flow=MEETING_FLOW, to=MeetingStatus.HELD, actor=actor, action=held)


@transaction.atomic
def meeting_choose_solution(
    *,
    actor,
    meeting: CellMeeting,
    proposal: SolutionProposal,
    assignee: Person | None = None,
    due_date: date | None = None,
    votes: int | None = None,
) -> CellMeeting:
    """Record the cell's choice and hand it over as a task (see the module docstring)."""
    meeting = CellMeeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)
    if not rules.can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Only the cell's secretary records the cell's choice."))
    if proposal.meeting_id != meeting.pk:
        raise ValidationError(_("This solution was not proposed at this meeting."))
    if meeting.chosen_solution_id is not None:
        raise ValidationError(_("The cell has already chosen a solution."))
    _refuse_before_the_day(
        meeting,
        _(
            "The meeting is on %(date)s: the cell chooses its solution at the meeting, "
            "from that day."
        ),
    )
    if assignee is None:
        assignee = Person.objects.get(user=actor)
    elif not (
        PartyMembership.objects.as_of(timezone.localdate())
        .filter(person=assignee, organization=meeting.cell)
        .exists()
    ):
        raise ValidationError({"assignee": _("The task goes to a member of the cell.")})
    if votes is not None:
        proposal.votes = votes
        proposal.save(update_fields=["votes"])
    task = task_create(actor=SYSTEM, title=proposal.text[:300], owner=assignee, due_date=due_date)
    return transition(
        meeting,
        flow=MEETING_FLOW,
        to=MeetingStatus.HELD,
        actor=actor,
        action=PartyAudit.MEETING_SOLUTION_CHOSEN,
        also={"chosen_solution": proposal, "task": task},
        audited=["status"],
        proposal=proposal.pk,
        task=task.pk,
        assignee=assignee.pk,
    )
