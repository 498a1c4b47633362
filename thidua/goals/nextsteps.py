from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.nextsteps import NextStep
from thidua.org.models import Person

from . import selectors


def goals_next_steps(user) -> list[NextStep]:
    person = Person.objects.filter(user=user).first()
    steps = []
    awaiting = selectors.goals_awaiting_response(viewer=user).count()
    if awaiting:
        steps.append(
            NextStep(
                ngettext(
                    "%(n)d goal awaits your acceptance",
                    "%(n)d goals await your acceptance",
                    awaiting,
                )
                % {"n": awaiting},
                reverse("goals:mine"),
                priority=20,
            )
        )
    proposals = len(selectors.proposals_awaiting_decision(viewer=user))
    if proposals:
        steps.append(
            NextStep(
                ngettext(
                    "%(n)d proposed change awaits your decision",
                    "%(n)d proposed changes await your decision",
                    proposals,
                )
                % {"n": proposals},
                reverse("goals:mine"),
                priority=20,
            )
        )
    if person is not None:
        for kr in selectors.checkins_due(person=person)[:5]:
            steps.append(
                NextStep(
                    _("Check in: %(kr)s") % {"kr": kr.title},
                    reverse("goals:detail", args=[kr.goal_id]),
                    priority=30,
                )
            )
        for task in selectors.tasks_due(person=person)[:5]:
            steps.append(
                NextStep(
                    _("Task due %(date)s: %(title)s")
                    % {"date": task.due_date.strftime("%d/%m/%Y"), "title": task.title},
                    reverse("goals:mine"),
                    priority=35,
                )
            )
        steps.append(
            NextStep(_("Write today's work log"), reverse("goals:mine") + "#log", priority=60)
        )
    return steps
