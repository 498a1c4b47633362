"""Tasks and daily work logs (the "1% a day" streak counts working days only)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.core.audit import audit_record
from thidua.core.transitions import Flow, transition
from thidua.org.models import Person
from thidua.org.work_calendar import day_off_reason, is_working_day, work_calendar

from .. import rules
from ..choices import (
    GoalsAudit,
    TaskStatus,
)
from ..models import (
    DailyLog,
    KeyResult,
    Task,
)

# A task may be set to any status from any other (reopened, cancelled, restored — or set
# again to the one it has, which dates a done task again): the table declares them all, so
# only a status that is not a task's is refused.
TASK_FLOW = Flow(
    "goals.Task",
    {(before, after): GoalsAudit.TASK_STATUS_SET for before in TaskStatus for after in TaskStatus},
)


# ---------------------------------------------------------------- tasks and daily work
@transaction.atomic
def task_create(
    *,
    actor,
    title: str,
    owner: Person,
    key_result: KeyResult | None = None,
    due_date: date | None = None,
) -> Task:
    task = Task(title=title.strip(), owner=owner, key_result=key_result, due_date=due_date)
    if not task.title:
        raise ValidationError({"title": _("A task needs a title.")})
    if not acting_as_system(actor) and not rules.can_manage_task(actor, task):
        raise PermissionDenied(_("You may only plan tasks for yourself or people you manage."))
    if (
        not acting_as_system(actor)
        and key_result is not None
        and not rules.can_view_goal(actor, key_result.goal)
    ):
        raise PermissionDenied(_("You may only link a task to a key result you can see."))
    if (
        key_result is not None
        and due_date
        and not (key_result.goal.period_start <= due_date <= key_result.goal.period_end)
    ):
        raise ValidationError({"due_date": _("The due date lies outside the goal's period.")})
    task.save()
    audit_record(actor=actor, action=GoalsAudit.TASK_CREATED, target=task, owner=owner.pk)
    return task


@transaction.atomic
def task_set_status(*, actor, task: Task, status: str) -> Task:
    if not acting_as_system(actor) and not rules.can_manage_task(actor, task):
        raise PermissionDenied(
            _("You may only update your own tasks or those of people you manage.")
        )
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    done_on = timezone.localdate() if status == TaskStatus.DONE else None
    transition(
        task,
        flow=TASK_FLOW,
        to=status,
        actor=actor,
        also={"done_on": done_on},
        record_changes=False,
        status=status,
    )
    return task


def _check_streak_day(day: date) -> None:
    """An improvement counts toward the "1% a day" streak, which counts working days only: one
    dated on a public holiday, a day off or a weekly day off (unless worked in exchange) is
    refused, saying why."""
    calendar = work_calendar(start=day, end=day)
    if is_working_day(day, calendar):
        return
    shown = date_format(day, "SHORT_DATE_FORMAT")
    reason = day_off_reason(day, calendar)
    if reason:
        message = _(
            "%(day)s is a public holiday or day off (%(name)s). The improvement streak counts "
            "working days only: record the improvement on a working day."
        ) % {"day": shown, "name": reason}
    else:
        message = _(
            "%(day)s is a weekly day off. The improvement streak counts working days only: "
            "record the improvement on a working day."
        ) % {"day": shown}
    raise ValidationError({"logged_on": message})


@transaction.atomic
def daily_log_add(
    *,
    actor,
    person: Person,
    text: str,
    logged_on: date | None = None,
    task: Task | None = None,
    is_improvement: bool = False,
) -> DailyLog:
    if (
        not acting_as_system(actor)
        and getattr(getattr(actor, "person", None), "pk", None) != person.pk
    ):
        raise PermissionDenied(_("You may only write your own daily log."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what you did.")})
    logged_on = logged_on or timezone.localdate()
    if logged_on > timezone.localdate():
        raise ValidationError({"logged_on": _("A log entry cannot be dated in the future.")})
    if is_improvement:
        _check_streak_day(logged_on)
    return DailyLog.objects.create(
        person=person, logged_on=logged_on, text=text, task=task, is_improvement=is_improvement
    )
