"""Personal questions answered from the asker's own data, through the goals and awards
selectors (never around them): their goals for a period, tasks coming due, what they still
lack for a title, where their unit is behind, their own annual rating (`personal_rating.py`).
Each item links to the page it comes from."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thidua.awards import law
from thidua.awards.eligibility import HistoryError, evaluate
from thidua.awards.history import history_for
from thidua.awards.selectors.round import round_received_on
from thidua.awards.selectors.settings import eligibility_settings
from thidua.core.templatetags.formatting import percent
from thidua.emulation.vocabulary import HT, HTT, HTXS, RATING_LEVELS
from thidua.goals import selectors as goal_selectors
from thidua.goals.choices import GoalStatus, PeriodKind, RiskReason
from thidua.nlp.intents import Intent
from thidua.org.models import Person, Unit
from thidua.org.rules import can_view_unit_private

from .personal_rating import my_rating


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
    None when the question needs a person record the asker does not have. A title question
    ("missing_for_title") adds "year", "basis", "rule" (the version and confidence in words)
    and "more": further parts of the same shape — the last year with a final rating judged
    as it stands, and the current year, not rated yet, with what remains."""
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
        "my_rating": my_rating,
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


# ---------------------------------------------------------------- what is missing for a title
# A title is judged on a year's final rating. The last year with one is judged as it stands;
# the current year, not yet rated, is judged as if rated at year end (HTXS, HTT, HT, KHT) to
# tell what remains apart from the rating and the year's own titles. Each year is judged by
# the law in force on the day its dossiers are received (`_received_on`), not today. Rule
# versions and marks are shown as words.

_HYPOTHESES = RATING_LEVELS  # best first
# A unit's facts known only at year end (docs/eligibility.md, collective years).
_YEAR_END_FLAGS = ("cluster_leader", "exceeded_targets", "clean_party_org")
_YEAR_END_COUNTS = ("completed", "LDTT", "CSTDCS")
# An individual's own titles of a year, given on its final rating (known at year end).
_YEAR_END_TITLES = ("LDTT", "CSTDCS")
# Why a run of years stopped ("…; năm 2025 không đạt Chiến sĩ thi đua cơ sở").
_BREAK = re.compile(r"(?:; |, nhưng )(năm (\d{4}) [^;]*)$")
_MARK = re.compile(r"^[✓✗•]\s*")
_VERSION_CODES = sorted(
    {rule.version for rule in law.RULES} | set(getattr(law, "VERSION_WORDS", {})),
    key=len,
    reverse=True,
)
_VERSION_CODE = re.compile(
    r"(quy định )?\b(" + "|".join(re.escape(code) for code in _VERSION_CODES) + r")\b"
)
_BARE_MARK = re.compile(r"\s*\((?:F|U|M)\)")


def _today() -> date:
    return timezone.localdate()


def _words(text: str) -> str:
    """The engine's sentence for people: a rule version as the instrument's name, no bare
    confidence mark ("(M)")."""

    def name(m: re.Match) -> str:
        words = law.version_words(m.group(2))
        return f"quy định của {words}" if m.group(1) else words

    return _BARE_MARK.sub("", _VERSION_CODE.sub(name, text))


def _plain(line: str) -> str:
    return _words(_MARK.sub("", line))


def _rule_words(verdict, received_on: date) -> str:
    """ "theo Luật sửa đổi 2026 — chưa đối chiếu văn bản chính thức (hồ sơ nhận ngày
    15/01/2027)": the version, its confidence, and the receipt date that chose them."""
    return (
        f"theo {law.version_words(verdict.rule_version)} — "
        f"{law.confidence_words(verdict.confidence)} ("
        + _("dossiers received on %(day)s") % {"day": _day(received_on)}
        + ")"
    )


def _received_on(year: int) -> date:
    """The day a dossier of `year` is received, which picks the law and the agency's
    settings in force: that year's commendation round's receipt date, else the usual one,
    15 January of the next year (the review page's default), never before the 2022 law.
    Not today: a year is judged by the law in force when its dossiers are received."""
    return round_received_on(year=year) or max(date(year + 1, 1, 15), law.LAW_2022_FROM)


def _judge(history: dict, code: str, year: int):
    """The engine's verdict for `year`, by the rules and the agency's settings in force on
    the day its dossiers are received (`_received_on`), as the commendation round does."""
    received_on = _received_on(year)
    settings = eligibility_settings(on=received_on)
    return next(
        (
            v
            for v in evaluate(history, year=year, received_on=received_on, settings=settings)
            if v.code == code
        ),
        None,
    )


def _rated_years(history: dict) -> set[int]:
    """Years with a final rating (the history carries only final ones)."""
    return {entry["year"] for entry in history.get("years", []) if entry.get("rating")}


def _year_end(
    history: dict,
    year: int,
    rating: str | None,
    *,
    results: bool = True,
    titles: tuple[str, ...] = (),
) -> dict:
    """The history with `year` rated `rating`; with `results`, a unit's other year-end facts
    of that year at their best too (every member rated and titled, the cluster, target and
    Party flags set) and `titles` given that year: what remains then does not wait on the
    year end."""
    years = list(history.get("years", []))
    if not any(entry["year"] == year for entry in years):  # nothing recorded yet that year
        years.append({"year": year, "titles": []})
    for index, entry in enumerate(years):
        if entry["year"] == year:
            entry = {**entry, "rating": rating}
            if results and titles:
                entry["titles"] = sorted({*(entry.get("titles") or []), *titles})
            if results and history.get("subject") == "collective":
                entry.update(dict.fromkeys(_YEAR_END_FLAGS, True))
                members = entry.get("members")
                if members:
                    total = members["total"]
                    entry["members"] = {**members, **dict.fromkeys(_YEAR_END_COUNTS, total)}
            years[index] = entry
    return {**history, "years": years}


def _failed(verdict) -> list[str]:
    return [line for line in verdict.reasons if line.startswith("✗")]


def _about_rating(line: str) -> bool:
    return "xếp loại" in line or any(name in line for name in law.RATING_NAMES.values())


def _judged_year(verdict, year: int, *, latest: bool) -> dict[str, Any]:
    """The verdict of a rated year, as the engine gives it."""
    values = {"name": verdict.name, "year": year}
    if verdict.already_granted:
        title = _("%(name)s, %(year)d: already granted.") % values
    elif verdict.eligible:
        title = _("%(name)s, %(year)d: every condition is met.") % values
    else:
        title = _("%(name)s, %(year)d: not yet. What decided it:") % values
    if latest:
        title = _("%(year)d is the last year with a final rating.") % values + " " + title
    return {
        "title": title,
        "year": year,
        "items": [{"text": _words(r), "detail": "", "url": ""} for r in verdict.reasons],
        "basis": verdict.basis,
        "rule": _rule_words(verdict, _received_on(year)),
    }


def _open_titles(history: dict, code: str) -> tuple[str, ...]:
    """An individual's titles of the open year that a higher title's chain counts (CSTĐ
    cấp Bộ: CSTĐCS every year up to the year judged): year-end results, not known yet."""
    if history.get("subject") == "collective" or code in _YEAR_END_TITLES:
        return ()
    return _YEAR_END_TITLES


def _rating_item(need: str | None) -> list[dict[str, Any]]:
    if need == HTXS:
        return [
            {"text": _("At year end, a rating of %(rating)s") % {"rating": law.RATING_NAMES[need]}}
        ]
    if need in (HTT, HT):
        return [
            {
                "text": _("At year end, a rating of %(rating)s or better")
                % {"rating": law.RATING_NAMES[need]}
            }
        ]
    return []


def _chain_items(
    *,
    best: list[str],
    waiting: list[str],
    changed: set[str],
    titles: tuple[str, ...],
    values: dict[str, Any],
) -> list[dict[str, Any]]:
    """What is missing now, and what waits on the year end. With the open year's own
    titles counted (`titles`), a chain still failing breaks in a finished year: that year
    is named (`changed`: those lines); the titles themselves are said not given yet."""
    items = []
    for line in best:
        if line not in changed:
            items.append({"text": _plain(line), "detail": _("missing as of %(day)s") % values})
            continue
        found = _BREAK.search(line)
        if found and int(found.group(2)) < values["year"]:
            why = _plain(found.group(1))
            text = _("%(why)s, so the unbroken run up to %(year)d is broken") % {
                **values,
                "why": why[:1].upper() + why[1:],
            }
        else:
            text = _plain(line)
        items.append(
            {"text": text, "detail": _("even with the titles of %(year)d at year end") % values}
        )
    if titles and waiting:
        named = [law.NAMES[c] for c in titles if any(law.NAMES[c] in w for w in waiting)]
        items.append(
            {
                "text": _("%(year)d is not rated yet and has no title yet (%(titles)s)")
                % {**values, "titles": ", ".join(named or [law.NAMES[c] for c in titles])},
                "detail": _("a year-end result, not known yet"),
            }
        )
        return items
    # a unit's members' results, its cluster rank...: known at year end
    for line in waiting:
        items.append({"text": _plain(line), "detail": _("a year-end result, not known yet")})
    return items


def _open_year(history: dict, code: str, year: int, today: date) -> dict[str, Any] | None:
    """A year not yet rated: what is already there and what remains, apart from the rating
    itself and the year's own titles — never a failed line for a year that has none."""
    base = _judge(_year_end(history, year, None, results=False), code, year)
    if base is None:
        return None
    received_on = _received_on(year)
    values = {"name": base.name, "year": year, "day": _day(today)}
    title = _("%(year)d is not rated yet, so %(name)s for %(year)d cannot be decided.") % values
    if base.already_granted:
        return {
            "title": _("%(name)s, %(year)d: already granted.") % values,
            "year": year,
            "items": [],
            "basis": base.basis,
            "rule": _rule_words(base, received_on),
        }
    titles = _open_titles(history, code)
    hyp = {r: _judge(_year_end(history, year, r, titles=titles), code, year) for r in _HYPOTHESES}
    as_is = _judge(_year_end(history, year, HTXS, results=False), code, year)
    failed = {r: _failed(v) for r, v in hyp.items()}
    best = failed[HTXS]
    need = None  # the lowest rating that adds no failure of its own
    for r in _HYPOTHESES:
        if not set(failed[r]) <= set(best):
            break
        need = r
    waiting = [line for line in _failed(as_is) if line not in best]
    changed = {line for line in best if line not in _failed(as_is)} if titles else set()
    items = _rating_item(need) + _chain_items(
        best=best, waiting=waiting, changed=changed, titles=titles, values=values
    )
    if need == HTXS:
        # what a lower rating would need besides (e.g. an initiative instead of HTXS)
        alternative = [line for line in failed[HTT] if line not in best and not _about_rating(line)]
        if alternative:
            items.append(
                {
                    "text": _("Or, with a rating of %(rating)s, still missing: %(what)s")
                    % {
                        "rating": law.RATING_NAMES[HTT],
                        "what": "; ".join(_plain(line) for line in alternative),
                    },
                }
            )
    for line in hyp[HTXS].reasons:
        if line.startswith("✓") and line in base.reasons:
            items.append({"text": _plain(line), "detail": _("already recorded")})
    if not best and not waiting and need is not None:
        title += " " + _("Apart from the rating below, every condition is met:")
    else:
        title += " " + _("What remains:")
    for item in items:
        item.setdefault("detail", "")
        item["url"] = ""
    return {
        "title": title,
        "year": year,
        "items": items,
        "basis": hyp[HTXS].basis,
        "rule": _rule_words(hyp[HTXS], received_on),
    }


def _no_rating(name: str, year: int | None) -> dict[str, Any]:
    if year is None:
        text = _(
            "There is no final rating of any year yet, so %(name)s cannot be judged for a past year."
        )
    else:
        text = _("%(year)d has no final rating, so %(name)s cannot be judged for it.")
    return {"title": text % {"name": name, "year": year}, "year": year, "items": []}


def _missing_for_title(*, viewer, person: Person, params: dict[str, str]) -> dict[str, Any]:
    code = params.get("title", "CSTDCS")
    today = _today()
    name = law.NAMES.get(code, code)
    subject: Person | Unit = person
    if code in law.COLLECTIVE_TITLES:
        subject = person.unit
        if subject is None:
            return {"title": _("Your unit"), "items": [], "empty": _("You are not in a unit.")}
        if not can_view_unit_private(viewer, subject):
            return {
                "title": _("%(name)s for %(unit)s") % {"name": name, "unit": subject.name},
                "items": [],
                "empty": _(
                    "A unit's assessment for collective titles is shown to those who manage "
                    "the unit and to the emulation office."
                ),
            }
    elif code not in law.INDIVIDUAL_TITLES and code not in law.FORMS:
        return {
            "title": _("Commendation"),
            "items": [],
            "empty": _("This title is not judged for individuals."),
        }
    current = today.year
    try:
        history = history_for(subject, current, on=today)
        rated = _rated_years(history)
        asked = params.get("year")
        if asked == "this":
            wanted = current
        elif asked == "last":
            wanted = current - 1
        elif asked and asked.isascii() and asked.isdigit() and len(asked) <= 4:
            wanted = min(int(asked), current)
        else:
            wanted = None
        sections: list[dict[str, Any]] = []
        past = [y for y in rated if y < current]
        if wanted is not None and wanted < current:
            if wanted in rated:
                verdict = _judge(history_for(subject, wanted, on=today), code, wanted)
                if verdict is None:
                    return _not_judged()
                sections.append(_judged_year(verdict, wanted, latest=False))
            else:
                sections.append(_no_rating(name, wanted))
        elif current in rated:
            verdict = _judge(history, code, current)
            if verdict is None:
                return _not_judged()
            sections.append(_judged_year(verdict, current, latest=False))
        else:
            open_year = _open_year(history, code, current, today)
            if open_year is None:
                return _not_judged()
            last = max(past) if past else None
            if last is not None:
                verdict = _judge(history_for(subject, last, on=today), code, last)
                judged = _judged_year(verdict, last, latest=True)
            else:
                judged = _no_rating(name, None)
            # asked about this year: this year first; otherwise the last rated year first
            sections = [open_year, judged] if wanted == current else [judged, open_year]
            if last is not None and last < current - 1:
                open_year["items"].insert(
                    0,
                    {
                        "text": _("%(year)d has no final rating either.") % {"year": current - 1},
                        "detail": "",
                        "url": "",
                    },
                )
    except HistoryError as exc:
        return {"title": _("Commendation"), "items": [], "empty": str(exc)}
    first, more = sections[0], sections[1:]
    return {**first, "more": more, "empty": ""}


def _not_judged() -> dict[str, Any]:
    return {
        "title": _("Commendation"),
        "items": [],
        "empty": _("This title is not judged for individuals."),
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
