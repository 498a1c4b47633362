"""Writes of giao ban meetings: plan a meeting, record the chair's conclusions (an assignment
becomes the assignee's task), close the meeting once, issuing the "Thông báo kết luận" and
sending it to those assigned."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.core.transitions import Flow, transition
from thidua.goals.models import Goal, KeyResult
from thidua.goals.review import month_bounds
from thidua.goals.services import task_create
from thidua.messaging.services import dispatch_create, dispatch_start
from thidua.org.models import Person, Unit, UnitGroup

from . import rules
from .choices import ConclusionKind, MeetingsAudit, MeetingStatus
from .models import BriefingMeeting, Conclusion

TEXT_MAX = 2000
# A giao ban is closed once, with its conclusions and notice.
MEETING_FLOW = Flow(
    "meetings.BriefingMeeting",
    {(MeetingStatus.PLANNED, MeetingStatus.CLOSED): MeetingsAudit.MEETING_CLOSED},
)


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    year: int,
    month: int,
    held_on: date,
    chair: Person,
    unit: Unit | None = None,
    unit_group: UnitGroup | None = None,
) -> BriefingMeeting:
    """Plan the giao ban of `unit` (the ministry when it is the root) or of a block for a
    month. The chair must cover every unit of the meeting; so must the actor, unless the
    actor is the ministry's office preparing the ministry's or a block's (rules.may_prepare)."""
    if (unit is None) == (unit_group is None):
        raise ValidationError(_("Choose either a unit or a block for the meeting."))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationError(_("The month is not valid."))
    _check_held_on(year=year, month=month, held_on=held_on)
    paths = rules.meeting_unit_paths(unit=unit, unit_group=unit_group, on=held_on)
    # the chair's own meeting, or the ministry's office preparing the leadership's (rules)
    if not rules.may_prepare(actor, unit=unit, unit_group=unit_group, on=held_on):
        raise PermissionDenied(_("You may hold giao ban meetings only for units you lead."))
    if chair.user is None or not rules.may_hold_for(chair.user, paths):
        raise ValidationError(
            {"chair": _("The chair must be a head or leader of every unit of the meeting.")}
        )
    _check_not_planned(unit=unit, unit_group=unit_group, year=year, month=month)
    meeting = BriefingMeeting.objects.create(
        unit=unit,
        unit_group=unit_group,
        year=year,
        month=month,
        held_on=held_on,
        chair=chair,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor, action=MeetingsAudit.MEETING_CREATED, target=meeting, year=year, month=month
    )
    return meeting


def _check_held_on(*, year: int, month: int, held_on: date) -> None:
    first, last = _held_window(year, month)
    if not first <= held_on <= last:
        raise ValidationError(
            {
                "held_on": _(
                    "The giao ban of %(month)s/%(year)s is held between %(first)s and %(last)s "
                    "(in its month or the month after)."
                )
                % {
                    "month": f"{month:02d}",
                    "year": year,
                    "first": first.strftime("%d/%m/%Y"),
                    "last": last.strftime("%d/%m/%Y"),
                }
            }
        )


def _check_not_planned(
    *, unit: Unit | None, unit_group: UnitGroup | None, year: int, month: int
) -> None:
    """One giao ban a month for a unit or a block: the scope's row is locked first, so two
    plans of the same month made at once are checked one after the other."""
    if unit is not None:
        list(Unit.objects.filter(pk=unit.pk).select_for_update())
    else:
        list(UnitGroup.objects.filter(pk=unit_group.pk).select_for_update())  # type: ignore[union-attr]
    planned = BriefingMeeting.objects.filter(
        unit=unit, unit_group=unit_group, year=year, month=month
    ).first()
    if planned is not None:
        raise ValidationError(
            _(
                "The giao ban of %(month)s/%(year)s for %(scope)s is already planned "
                "(on %(day)s); open it instead of planning it again."
            )
            % {
                "month": f"{month:02d}",
                "year": year,
                "scope": planned.scope_label,
                "day": planned.held_on.strftime("%d/%m/%Y"),
            }
        )


def _held_window(year: int, month: int) -> tuple[date, date]:
    """The days a month's giao ban may be held: from the month's first day to the last day
    of the month after (the review of a month is often held in the first days of the next)."""
    first, _ = month_bounds(year=year, month=month)
    _, last = month_bounds(year=year + month // 12, month=month % 12 + 1)
    return first, last


def _check_open(actor: Any, meeting: BriefingMeeting) -> None:
    if not rules.can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Only the heads and leaders of the meeting's units record it."))
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(_("This meeting is closed; its conclusions can no longer change."))


@transaction.atomic
def conclusion_add(
    *,
    actor: Any,
    meeting: BriefingMeeting,
    text: str,
    assignee: Person | None = None,
    deadline: date | None = None,
    goal: Goal | None = None,
    key_result: KeyResult | None = None,
) -> Conclusion:
    """Record one item of the chair's conclusions; with an assignee it is an assignment and
    becomes the assignee's task (deadline required, not before the meeting, the assignee in
    one of the meeting's units). An assignment may name the goal it serves and one of that
    goal's key results (a key result alone names its goal), in the meeting's units: the task
    is then on that key result, shown under the goal and moving it."""
    meeting = BriefingMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(actor, meeting)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write the conclusion.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("A conclusion has at most 2,000 characters.")})
    if assignee is None and (deadline or goal or key_result):
        raise ValidationError({"assignee": _("An assignment needs the person it is given to.")})
    task = None
    if assignee is not None:
        if not assignee.is_active or not rules.covers_person(meeting, assignee):
            raise ValidationError(
                {"assignee": _("The person assigned must work in one of the meeting's units.")}
            )
        if deadline is None:
            raise ValidationError({"deadline": _("An assignment needs a deadline.")})
        if deadline < meeting.held_on:
            raise ValidationError(
                {"deadline": _("The deadline cannot be before the meeting date.")}
            )
        goal = _served_goal(meeting, goal=goal, key_result=key_result, deadline=deadline)
        task = task_create(
            actor=SYSTEM,  # the meeting's right to assign was checked above and below
            title=(
                _("Giao ban %(month)s/%(year)s: %(text)s")
                % {"month": f"{meeting.month:02d}", "year": meeting.year, "text": text}
            )[:300],
            owner=assignee,
            key_result=key_result,
            due_date=deadline,
        )
    order = (meeting.conclusions.aggregate(m=Max("order"))["m"] or 0) + 1
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        order=order,
        kind=ConclusionKind.ASSIGNMENT if assignee else ConclusionKind.CONCLUSION,
        text=text,
        assignee=assignee,
        deadline=deadline,
        goal=goal,
        task=task,
    )
    audit_record(
        actor=actor,
        action=MeetingsAudit.CONCLUSION_ADDED,
        target=meeting,
        conclusion=conclusion.pk,
        assignee=assignee.pk if assignee else None,
    )
    return conclusion


def _served_goal(
    meeting: BriefingMeeting, *, goal: Goal | None, key_result: KeyResult | None, deadline: date
) -> Goal | None:
    """The goal an assignment serves, checked: in the meeting's units; with a key result, the
    key result's own goal (taken as the goal when none is chosen), the deadline within its
    period (the task moves the key result in it)."""
    if key_result is not None:
        if goal is not None and key_result.goal_id != goal.pk:
            raise ValidationError(
                {"key_result": _("The key result must be one of the chosen goal's key results.")}
            )
        goal = key_result.goal
        if not rules.covers_unit_path(meeting, goal.scope_unit.path):
            raise ValidationError(
                {
                    "key_result": _(
                        "This key result belongs to a goal outside the meeting's units; "
                        "choose a key result of a goal of the units the meeting covers."
                    )
                }
            )
        if not goal.period_start <= deadline <= goal.period_end:
            raise ValidationError(
                {
                    "deadline": _(
                        "The deadline must lie within the period of the goal the key result "
                        "belongs to (%(start)s – %(end)s)."
                    )
                    % {
                        "start": goal.period_start.strftime("%d/%m/%Y"),
                        "end": goal.period_end.strftime("%d/%m/%Y"),
                    }
                }
            )
    if goal is not None and not rules.covers_unit_path(meeting, goal.scope_unit.path):
        raise ValidationError({"goal": _("The goal must belong to the meeting's units.")})
    return goal


@transaction.atomic
def conclusion_delete(*, actor: Any, conclusion: Conclusion) -> None:
    meeting = BriefingMeeting.objects.select_for_update().get(pk=conclusion.meeting_id)
    _check_open(actor, meeting)
    task = conclusion.task
    conclusion.delete()
    if task is not None:
        task.delete()
    audit_record(actor=actor, action=MeetingsAudit.CONCLUSION_DELETED, target=meeting)


@transaction.atomic
def meeting_close(*, actor: Any, meeting: BriefingMeeting, send: bool = True) -> BriefingMeeting:
    """Close the meeting once: number its notice, and send the notice to those assigned (in
    the app, and by e-mail where they have it). A meeting closed twice is refused."""
    meeting = BriefingMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(actor, meeting)
    conclusions = list(
        meeting.conclusions.select_related("assignee", "goal", "task__key_result").order_by(
            "order", "id"
        )
    )
    if not conclusions:
        raise ValidationError(_("Record at least one conclusion before closing the meeting."))
    if timezone.localdate() < meeting.held_on:
        raise ValidationError(
            _("The meeting is on %(day)s: it can be closed, and its notice sent, from that day on.")
            % {"day": meeting.held_on.strftime("%d/%m/%Y")}
        )
    transition(
        meeting,
        flow=MEETING_FLOW,
        to=MeetingStatus.CLOSED,
        actor=actor,
        also={"closed_at": timezone.now()},
        audited=["status"],
        items=len(conclusions),
    )
    assignees = sorted({c.assignee_id for c in conclusions if c.assignee_id})
    if send and assignees:
        from .documents import notice_text

        subject, body = notice_text(meeting=meeting, conclusions=conclusions)
        dispatch = dispatch_create(
            actor=actor,
            source_label=f"meetings.notice:{meeting.pk}",
            subject=subject,
            body=body,
            sender=meeting.scope_label[:255],
            channels=["in_app", "email"],
            recipients=assignees,
        )
        dispatch_start(dispatch=dispatch, actor=actor)  # queued once this transaction commits
    return meeting
