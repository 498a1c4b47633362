"""Cycle time of giao ban assignments (thidua.goals.cycle_time): the tasks a meeting's
conclusions gave, from the meeting's record of them to the day they were done. Each links to
its meeting, shown only when the viewer may read the meeting."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.goals.choices import TaskStatus
from thidua.goals.cycle_kinds import tasks
from thidua.goals.cycle_time import (
    CycleKind,
    Opened,
    register,
    top_unit_paths,
    unit_names,
    unit_reach,
)

from .models import Conclusion
from .rules import can_view_meeting

KIND = "meetings.assignment"


def assignments():
    return tasks().filter(briefing_conclusion__isnull=False)


def opened(viewer, ids: list[int]) -> dict[int, Opened]:
    found = {}
    for conclusion in Conclusion.objects.filter(task_id__in=ids).select_related(
        "meeting__unit", "meeting__unit_group", "assignee"
    ):
        if can_view_meeting(viewer, conclusion.meeting):
            found[conclusion.task_id] = Opened(
                conclusion.text[:120],
                reverse("meetings:detail", args=[conclusion.meeting_id]),
                str(conclusion.assignee or ""),
            )
    return found


def register_meeting_kinds() -> None:
    register(
        CycleKind(
            key=KIND,
            label=_("Giao ban assignments (concluded → done)"),
            order=20,
            items=assignments,
            reach=unit_reach,
            opened=opened,
            group_names=unit_names,
            top_paths=top_unit_paths,
            dates=True,
            open_q=Q(status__in=[TaskStatus.TODO, TaskStatus.DOING]),
        )
    )
