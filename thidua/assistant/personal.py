"""Personal questions answered from the asker's own data, through the goals and awards
selectors (never around them): their goals for a period, tasks coming due, what they still
lack for a title, where their unit is behind. Each item links to the page it comes from."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thidua.awards.eligibility import HistoryError, evaluate
from thidua.awards.selectors.council import history_for
from thidua.goals import selectors as goal_selectors
from thidua.goals.choices import GoalStatus, PeriodKind, RiskReason
from thidua.goals.templatetags.goals_tags import percent
from thidua.nlp.intents import Intent
from thidua.org.models import Person


def _person(viewer) -> Person | None:
    return Person.objects.filter(user=viewer).select_related("unit").first()


def _day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _period_bounds(kind: str, today: date) -> tuple[date, date]:
    if kind == "month":
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif kind == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    else:
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    return start, end


def answer(*, viewer, intent: Intent) -> dict[str, Any] | None:
    """The answer as {"title", "items": [{"text", "detail", "url"}], "empty", "link"}, or
    None when the question needs a person record the asker does not have."""
    person = _person(viewer)
    if person is None:
        return {
            "title": _("Your own data"),
            "items": [],
            "empty": _(
                "Your account is not linked to a person of the agency, so there is "
                "nothing of your own to show."
            ),
        }
    handler = {
        "my_goals": _my_goals,
        "tasks_due": _tasks_due,
        "missing_for_title": _missing_for_title,
        "unit_lagging": _unit_lagging,
    }.get(intent.name)
    if handler is None:
        return None
    return handler(viewer=viewer, person=person, params=dict(intent.params))


def _my_goals(*, viewer, person: Person, params: dict[str, str]) -> dict[str, Any]:
    today = timezone.localdate()
    kind = params.get("period", "quarter")
    start, end = _period_bounds(kind, today)
    goals = [
        g
        for g in goal_selectors.goals_of_person(viewer=viewer, person=person)
        if g.period_start <= end and g.period_end >= start
    ]
    # "This quarter" = goals set for the quarter, or else the longer ones running through it.
    exact = [g for g in goals if g.period_start >= start and g.period_end <= end]
    goals = exact or goals
    labels = {"month": _("this month"), "quarter": _("this quarter"), "year": _("this year")}
    items = []
    for g in goals:
        detail = _("progress %(progress)s, %(start)s–%(end)s") % {
            "progress": percent(g.progress),
            "start": _day(g.period_start),
            "end": _day(g.period_end),
        }
        if g.is_at_risk:
            detail += " · " + _("at risk")
        items.append(
            {"text": g.title, "detail": detail, "url": reverse("goals:detail", args=[g.pk])}
        )
    return {
        "title": _("Your goals for %(period)s") % {"period": labels.get(kind, labels["quarter"])},
        "items": items,
        "empty": _("You have no goals for this period yet."),
        "link": reverse("goals:mine"),
    }


def _tasks_due(*, viewer, person: Person, params: dict[str, str]) -> dict[str, Any]:
    today = timezone.localdate()
    try:
        days = max(1, min(int(params.get("days", "7")), 366))
    except ValueError:
        days = 7
    items = []
    for task in goal_selectors.tasks_due(person=person, within_days=days, today=today):
        overdue = task.due_date is not None and task.due_date < today
        detail = (_("overdue since %(day)s") if overdue else _("due %(day)s")) % {
            "day": _day(task.due_date)
        }
        url = reverse("goals:detail", args=[task.key_result.goal_id]) if task.key_result_id else ""
        items.append({"text": task.title, "detail": detail, "url": url, "overdue": overdue})
    return {
        "title": _("Your tasks due within %(days)d days or overdue") % {"days": days},
        "items": items,
        "empty": _("Nothing of yours is due or overdue."),
        "link": reverse("goals:mine"),
    }


def _missing_for_title(*, viewer, person: Person, params: dict[str, str]) -> dict[str, Any]:
    code = params.get("title", "CSTDCS")
    today = timezone.localdate()
    try:
        verdicts = evaluate(
            history_for(person, today.year, on=today), year=today.year, received_on=today
        )
    except HistoryError as exc:
        return {"title": _("Commendation"), "items": [], "empty": str(exc)}
    verdict = next((v for v in verdicts if v.code == code), None)
    if verdict is None:
        return {
            "title": _("Commendation"),
            "items": [],
            "empty": _("This title is not judged for individuals."),
        }
    if verdict.already_granted:
        headline = _("%(name)s: already granted for %(year)d.")
    elif verdict.eligible:
        headline = _("%(name)s: you meet every condition for %(year)d.")
    else:
        headline = _("%(name)s: not yet for %(year)d. What decided it:")
    return {
        "title": headline % {"name": verdict.name, "year": today.year},
        "items": [{"text": reason, "detail": "", "url": ""} for reason in verdict.reasons],
        "basis": verdict.basis,
        "empty": "",
    }


def _unit_lagging(*, viewer, person: Person, params: dict[str, str]) -> dict[str, Any]:
    today = timezone.localdate()
    unit = person.unit
    if unit is None:
        return {"title": _("Your unit"), "items": [], "empty": _("You are not in a unit.")}
    goals = (
        goal_selectors.visible_goals(viewer=viewer)
        .filter(
            scope_unit__path__startswith=unit.path,
            owner_unit__isnull=False,
            status=GoalStatus.ACTIVE,
            period_start__lte=today,
            period_end__gte=today,
        )
        .exclude(period_kind=PeriodKind.PROGRAM)
        .prefetch_related("key_results")
        .order_by("-is_at_risk", "progress", "pk")
    )
    labels = dict(RiskReason.choices)
    items = []
    for goal in goals[:50]:
        behind = [kr for kr in goal.key_results.all() if kr.is_at_risk]
        if not goal.is_at_risk and not behind:
            continue
        reasons = [str(labels.get(code, code)) for code in goal.risk_reasons or []]
        detail = _("progress %(progress)s") % {"progress": percent(goal.progress)}
        if reasons:
            detail += " · " + "; ".join(reasons)
        if behind:
            detail += " · " + _("behind: %(krs)s") % {
                "krs": "; ".join(kr.title for kr in behind[:5])
            }
        items.append(
            {"text": goal.title, "detail": detail, "url": reverse("goals:detail", args=[goal.pk])}
        )
    return {
        "title": _("Where %(unit)s is behind") % {"unit": unit.name},
        "items": items[:10],
        "empty": _("No goal of your unit is at risk now."),
        "link": reverse("goals:unit_tree", args=[unit.pk]),
    }
