"""What giao ban meetings ask of a person: their open assignments (registered with
thidua.core.nextsteps.register)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.nextsteps import TODO, NextStep, moment
from thidua.org.rules import viewer_scope

from .selectors import assignments_open


def meetings_next_steps(user) -> list[NextStep]:
    if user is None or not user.is_authenticated:
        return []
    person_id = viewer_scope(user).person_id
    if person_id is None:
        return []
    steps = []
    for c in assignments_open(person_id=person_id)[:10]:
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
