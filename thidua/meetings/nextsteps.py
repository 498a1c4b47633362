"""What giao ban meetings ask of a person (registered with thidua.core.nextsteps.register):
of the one who prepares a meeting (its chair, or whoever planned it), to record the
conclusions of a meeting whose date has passed and to plan the next month's giao ban; of an
assignee, their open assignments. An assignment whose task the goals app already lists as due
(`goals.nextsteps.due_tasks`, the same window, read once for both) is not listed twice."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.nextsteps import TODO, NextStep, moment
from thidua.goals.nextsteps import due_tasks
from thidua.org.rules import viewer_scope
from thidua.org.selectors import viewer_person

from .selectors import assignments_open, meetings_to_conclude, meetings_to_prepare


def _month(year: int, month: int) -> str:
    return f"{month:02d}/{year}"


def _preparer_steps(user) -> list[NextStep]:
    steps = []
    for meeting in meetings_to_conclude(viewer=user):
        steps.append(
            NextStep(
                title=_("Record the conclusions of Giao ban %(month)s (held %(day)s)")
                % {
                    "month": _month(meeting.year, meeting.month),
                    "day": meeting.held_on.strftime("%d/%m/%Y"),
                },
                url=reverse("meetings:detail", args=[meeting.pk]),
                detail=meeting.scope_label,
                section=TODO,
                key=f"meetings.conclude:{meeting.pk}",
                since=moment(meeting.held_on),
            )
        )
    for due in meetings_to_prepare(viewer=user):
        query = urlencode({"scope": due.scope_key, "year": due.year, "month": due.month})
        scope = due.unit if due.unit is not None else due.unit_group
        steps.append(
            NextStep(
                title=_("Prepare the giao ban of %(month)s")
                % {"month": _month(due.year, due.month)},
                url=f"{reverse('meetings:list')}?{query}",
                detail=str(scope),
                section=TODO,
                key=f"meetings.prepare:{due.scope_key}:{due.year}-{due.month:02d}",
                since=moment(due.since),
            )
        )
    return steps


def _assignment_detail(c) -> str:
    """An assignment's deadline and the goal (and key result) it serves, by title."""
    parts = [_("due %(day)s") % {"day": c.deadline.strftime("%d/%m/%Y")}] if c.deadline else []
    if c.goal_id:
        key_result = c.task.key_result if c.task_id and c.task else None
        parts.append(
            _("serves %(goal)s — key result: %(key_result)s")
            % {"goal": c.goal.title, "key_result": key_result.title}
            if key_result
            else _("serves %(goal)s") % {"goal": c.goal.title}
        )
    return " · ".join(parts)


def meetings_next_steps(user) -> list[NextStep]:
    if user is None or not user.is_authenticated:
        return []
    steps = _preparer_steps(user)
    person_id = viewer_scope(user).person_id
    if person_id is None:
        return steps
    person = viewer_person(user=user)  # the person of viewer_scope's person_id
    listed = {task.pk for task in due_tasks(user, person)} if person else set()
    for c in assignments_open(person_id=person_id).exclude(task_id__in=listed)[:10]:
        meeting = c.meeting
        steps.append(
            NextStep(
                title=_("Giao ban %(month)s/%(year)s assigned you: %(text)s")
                % {"month": f"{meeting.month:02d}", "year": meeting.year, "text": c.text[:120]},
                url=reverse("meetings:detail", args=[meeting.pk]),
                detail=_assignment_detail(c),
                section=TODO,
                key=f"meetings.assignment:{c.pk}",
                since=moment(meeting.closed_at or meeting.held_on),
            )
        )
    return steps
