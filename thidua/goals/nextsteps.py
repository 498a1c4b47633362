"""What goals ask of a person (registered with thidua.core.nextsteps.register).

Work ("todo", Việc của tôi), each with a stable key:

- "goals.accept": goals assigned to the person (or a unit they head) awaiting acceptance;
- "goals.proposals": proposed changes awaiting the person's decision: the head who assigned
  the goal decides them (while their account is active), so they wait for that head only,
  not for everyone above who may also decide (rules.can_decide_proposal); a goal nobody
  assigned, or whose assigner has left, waits for whoever may decide;
- "goals.verify:<goal id>": a head's check-ins to verify on a goal of their unit (the latest
  check-in of each key result; the nearest head with a right to verify, see
  selectors.checkins_awaiting_verification);
- "goals.close": goals whose period has ended, still to close, for the nearest head only
  (selectors.closing.goals_waiting_to_close: a unit's head, not every leader above, who
  may still close them from the page);
- "goals.checkin:<goal id>": the person's key results due for a check-in (none for
  `CHECKIN_EVERY_DAYS` days), since the day the first became due;
- "goals.task:<task id>": the person's open tasks due within a week (or overdue), since the
  due date.

A suggestion ("next"): write today's work log. A fixed number of queries.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.nextsteps import TODO, NextStep, moment, shared
from thidua.org.models import Person
from thidua.org.selectors import viewer_person

from . import selectors
from .models import Task
from .selectors.closing import goals_waiting_to_close

CHECKIN_EVERY_DAYS = 7  # as selectors.checkins_due


def _assignment_steps(user) -> list[NextStep]:
    steps = []
    awaiting = list(
        selectors.goals_awaiting_response(viewer=user).values_list("updated_at", flat=True)
    )
    if awaiting:
        steps.append(
            NextStep(
                ngettext(
                    "%(n)d goal awaits your acceptance",
                    "%(n)d goals await your acceptance",
                    len(awaiting),
                )
                % {"n": len(awaiting)},
                reverse("goals:mine"),
                priority=20,
                section=TODO,
                key="goals.accept",
                count=len(awaiting),
                since=min(awaiting),
            )
        )
    proposals = _proposals_waiting_for(user, selectors.proposals_awaiting_decision(viewer=user))
    if proposals:
        steps.append(
            NextStep(
                ngettext(
                    "%(n)d proposed change awaits your decision",
                    "%(n)d proposed changes await your decision",
                    len(proposals),
                )
                % {"n": len(proposals)},
                reverse("goals:mine"),
                priority=20,
                section=TODO,
                key="goals.proposals",
                count=len(proposals),
                since=min(p.created_at for p in proposals),
            )
        )
    return steps


def _proposals_waiting_for(user, proposals) -> list:
    """Of the proposed changes `user` may decide, those that wait for them: a goal's own
    assigner decides its changes; the others only when there is no such assigner. One query
    (the assigners' accounts)."""
    from django.contrib.auth import get_user_model

    proposals = list(proposals)
    assigners = {p.goal.assigned_by_id for p in proposals} - {None, user.pk}
    active = set(
        get_user_model()
        .objects.filter(pk__in=assigners, is_active=True)
        .values_list("pk", flat=True)
    )
    return [
        p
        for p in proposals
        if p.goal.assigned_by_id == user.pk
        or p.goal.assigned_by_id not in active
        or p.goal.assigned_by_id == p.proposed_by_id
    ]


VERIFY_ONE_BY_ONE = 3  # more goals than this: one item leading to the list to verify


def _verification_steps(user) -> list[NextStep]:
    works = selectors.checkins_awaiting_verification(viewer=user)
    if len(works) > VERIFY_ONE_BY_ONE:
        total = sum(w.count for w in works)
        return [
            NextStep(
                ngettext(
                    "%(n)d check-in to verify on %(goals)d goals",
                    "%(n)d check-ins to verify on %(goals)d goals",
                    total,
                )
                % {"n": total, "goals": len(works)},
                reverse("goals:verify_list"),
                priority=25,
                section=TODO,
                key="goals.verify",
                count=total,
                since=max(w.since for w in works),
            )
        ]
    return [
        NextStep(
            ngettext(
                "%(n)d check-in to verify: %(goal)s",
                "%(n)d check-ins to verify: %(goal)s",
                work.count,
            )
            % {"n": work.count, "goal": work.goal_title},
            reverse("goals:detail", args=[work.goal_id]),
            detail=work.owner_name,
            priority=25,
            section=TODO,
            key=f"goals.verify:{work.goal_id}",
            count=work.count,
            since=work.since,
        )
        for work in works
    ]


def _closing_steps(user) -> list[NextStep]:
    ends = [goal.period_end for goal in goals_waiting_to_close(viewer=user)]
    if not ends:
        return []
    return [
        NextStep(
            ngettext(
                "%(n)d goal past its period needs closing",
                "%(n)d goals past their period need closing",
                len(ends),
            )
            % {"n": len(ends)},
            reverse("goals:to_close"),
            priority=28,
            section=TODO,
            key="goals.close",
            count=len(ends),
            since=moment(min(ends) + timedelta(days=1)),
        )
    ]


def due_tasks(user, person: Person) -> list[Task]:
    """The person's open tasks due within a week (selectors.tasks_due), read once per
    collect(): the meetings provider leaves out the assignments whose task is among them."""
    return shared(user, "goals.tasks_due", lambda: list(selectors.tasks_due(person=person)))


def _reminder_steps(user, person: Person) -> list[NextStep]:
    steps = []
    due: dict[int, dict] = {}
    for kr in selectors.checkins_due(person=person, every_days=CHECKIN_EVERY_DAYS).order_by(
        "goal_id", "id"
    ):
        # a key result never checked in is due from when it started: its period's start, or
        # the day it was added (a goal assigned in December is not "waiting since 01/01")
        became_due = (
            kr.last_checkin_on + timedelta(days=CHECKIN_EVERY_DAYS)
            if kr.last_checkin_on
            else max(kr.goal.period_start, timezone.localtime(kr.created_at).date())
        )
        entry = due.setdefault(kr.goal_id, {"goal": kr.goal, "krs": [], "since": became_due})
        entry["krs"].append(kr)
        entry["since"] = min(entry["since"], became_due)
    for goal_id, entry in due.items():
        krs = entry["krs"]
        steps.append(
            NextStep(
                _("Check in: %(kr)s") % {"kr": krs[0].title}
                if len(krs) == 1
                else ngettext(
                    "Check in on %(n)d key result: %(goal)s",
                    "Check in on %(n)d key results: %(goal)s",
                    len(krs),
                )
                % {"n": len(krs), "goal": entry["goal"].title},
                reverse("goals:detail", args=[goal_id]),
                priority=30,
                section=TODO,
                key=f"goals.checkin:{goal_id}",
                count=len(krs),
                since=moment(entry["since"]),
            )
        )
    today = timezone.localdate()
    for task in due_tasks(user, person):
        if task.due_date is None:  # tasks_due returns dated tasks only
            continue
        words = {"date": task.due_date.strftime("%d/%m/%Y"), "title": task.title}
        steps.append(
            NextStep(
                _("Task overdue since %(date)s: %(title)s") % words
                if task.due_date < today
                else _("Task due %(date)s: %(title)s") % words,
                # the task itself on my goals page, not the page's top
                reverse("goals:mine") + f"#task-{task.pk}",
                priority=35,
                section=TODO,
                key=f"goals.task:{task.pk}",
                detail=_task_serves(task),
                # waiting since it was given (or since it fell due, when that came first)
                since=min(task.created_at, moment(task.due_date)),
            )
        )
    return steps


def _task_serves(task: Task) -> str:
    """The goal and key result a task moves, by title ("" for a task on none)."""
    if task.key_result_id is None:
        return ""
    return _("serves %(goal)s — key result: %(key_result)s") % {
        "goal": task.key_result.goal.title,
        "key_result": task.key_result.title,
    }


def goals_next_steps(user) -> list[NextStep]:
    if not getattr(user, "is_authenticated", False):
        return []
    person = viewer_person(user=user)
    steps = _assignment_steps(user) + _verification_steps(user) + _closing_steps(user)
    if person is not None:
        steps += _reminder_steps(user, person)
        steps.append(
            NextStep(_("Write today's work log"), reverse("goals:mine") + "#log", priority=60)
        )
    return steps
