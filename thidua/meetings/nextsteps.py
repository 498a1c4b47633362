"""What giao ban meetings ask of a person: their open assignments (registered with
thidua.core.nextsteps.register). An assignment whose task the goals app already lists as due
(`goals.selectors.tasks_due`, the same window) is not listed twice."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.nextsteps import TODO, NextStep, moment
from thidua.goals.selectors import tasks_due
from thidua.org.models import Person
from thidua.org.rules import viewer_scope

from .selectors import assignments_open


def meetings_next_steps(user) -> list[NextStep]:
    if user is None or not user.is_authenticated:
        return []
    person_id = viewer_scope(user).person_id
    if person_id is None:
        return []
    person = Person.objects.filter(pk=person_id).first()
    listed = set(tasks_due(person=person).values_list("pk", flat=True)) if person else set()
    steps = []
    for c in assignments_open(person_id=person_id).exclude(task_id__in=listed)[:10]:
        meeting = c.meeting
        steps.append(
            NextStep(
                title=_("Giao ban %(month)s/%(year)s assigned you: %(text)s")
                % {"month": f"{meeting.month:02d}", "year": meeting.year, "text": c.text[:120]},
                url=reverse("meetings:detail", args=[meeting.pk]),
                detail=_("due %(day)s") % {"day": c.deadline.strftime("%d/%m/%Y")}
                if c.deadline
                else "",
                section=TODO,
                key=f"meetings.assignment:{c.pk}",
                since=moment(meeting.closed_at or meeting.held_on),
            )
        )
    return steps
