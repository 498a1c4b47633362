"""Eligibility histories assembled from plain rows (thidua.awards.history fetches them):
the year entries, the ordering of titles and works, the heaviest discipline per year and the
months worked — no query here, so the set-based and the one-at-a-time loaders share it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from thidua.emulation.choices import InitiativeKind
from thidua.org.choices import ABSENCES_COUNTED_AS_WORKED

from .law import COLLECTIVE_TITLES, FORMS, INDIVIDUAL_TITLES

_TITLE_ORDER = {code: i for i, code in enumerate(INDIVIDUAL_TITLES)}
_UNIT_TITLE_ORDER = {code: i for i, code in enumerate(COLLECTIVE_TITLES)}
_FORMS = frozenset(FORMS)
_TITLES = frozenset(INDIVIDUAL_TITLES)
_UNIT_TITLES = frozenset(COLLECTIVE_TITLES)


def _by_title_order(codes: list) -> None:
    codes.sort(key=_TITLE_ORDER.__getitem__)


def _by_scope_title(works: list) -> None:
    works.sort(key=lambda w: (w["scope"], w["title"]))


def _discipline_key(end: date | None, form: str, start: date, duty: bool) -> tuple:
    # the one that ends last wins (open-ended first); ties broken by the facts themselves so
    # the row order coming from the database never matters
    return (end is None, end or start, start, form, bool(duty))


def _form_order(item: dict) -> tuple:
    return (item["year"], item["form"], item["kind"], item["decision"])


# ---------------------------------------------------------------- months worked
def _days(start: date, end: date) -> int:
    return (end - start).days + 1 if end >= start else 0


def _clip(start: date, end: date | None, year: int) -> tuple[date, date] | None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    s, e = max(start, first), min(end or last, last)
    return (s, e) if e >= s else None


def months_worked(
    year: int,
    posts: Iterable[tuple[date, date | None]],
    absences: Iterable[tuple[date, date, str]],
) -> int | None:
    """Months worked in `year` from the posts held (valid_to exclusive, as every dated row)
    less long absences not counted as worked, rounded to the nearest month; None when no
    post overlaps the year (nothing recorded: the year counts as the history says)."""
    covered: set[int] = set()
    for start, end in posts:
        clipped = _clip(start, end - timedelta(days=1) if end else None, year)
        if clipped:
            base = clipped[0].toordinal()
            covered.update(range(base, base + _days(*clipped)))
    if not covered:
        return None
    for start, end, kind in absences:
        if kind in ABSENCES_COUNTED_AS_WORKED:
            continue
        clipped = _clip(start, end, year)
        if clipped:
            base = clipped[0].toordinal()
            covered.difference_update(range(base, base + _days(*clipped)))
    length = _days(date(year, 1, 1), date(year, 12, 31))
    return min(12, int(len(covered) * 12 / length + 0.5))


# ---------------------------------------------------------------- people
@dataclass
class PersonRows:
    """The plain rows person histories are assembled from (any order)."""

    people: list[tuple[int, str]]
    ratings: list[tuple[int, int, str]] = field(default_factory=list)
    criteria: list[tuple[int, int, Any]] = field(default_factory=list)
    awards: list[tuple[int, str, int, str, str]] = field(default_factory=list)
    works: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    disciplines: list[tuple[int, str, date, date | None, bool]] = field(default_factory=list)
    posts: list[tuple[int, date, date | None]] = field(default_factory=list)
    absences: list[tuple[int, date, date, str]] = field(default_factory=list)
    pending: set[int] = field(default_factory=set)


def _new_year(y: int) -> dict:
    return {
        "year": y,
        "rating": None,
        "titles": [],
        "initiatives": [],
        "research": [],
        "discipline": None,
        "months_worked": 12,
    }


def _entry(person_years: dict, y: int) -> dict:
    found = person_years.get(y)
    if found is None:
        found = person_years[y] = _new_year(y)
    return found


Sorts = list[tuple[Callable[[list], None], list]]


def _add_ratings(years: dict[int, dict[int, dict]], ratings: list) -> None:
    get_person = years.get
    for pid, y, level in ratings:
        person_years = get_person(pid)
        if person_years is None:
            continue
        found = person_years.get(y)
        if found is None:  # one rating per person and year: the usual case
            # _new_year's dict written out: this loop runs once per rating (a million at
            # the 1,000,000-history benchmark) and a call per row costs more than the dict
            person_years[y] = {
                "year": y,
                "rating": level or None,
                "titles": [],
                "initiatives": [],
                "research": [],
                "discipline": None,
                "months_worked": 12,
            }
        else:
            found["rating"] = level or None


def _add_criteria(years: dict[int, dict[int, dict]], criteria_rows: list) -> None:
    get_person = years.get
    for pid, y, criteria in criteria_rows:
        person_years = get_person(pid)
        if person_years is None:
            continue
        if isinstance(criteria, str):  # SQLite hands JSON back as text
            criteria = json.loads(criteria)
        if criteria:
            _entry(person_years, y)["criteria"] = dict(sorted(criteria.items()))


def _add_awards(
    years: dict[int, dict[int, dict]], awards: list, forms: dict[int, list[dict]], to_sort: Sorts
) -> None:
    """Titles into their year, forms (certificates, medals…) into the person's list."""
    get_person = years.get
    for pid, code, y, kind, number in awards:
        person_years = get_person(pid)
        if person_years is None:
            continue
        if code in _TITLES:
            found = person_years.get(y)
            titles = _entry(person_years, y)["titles"] if found is None else found["titles"]
            if code not in titles:
                if titles:
                    to_sort.append((_by_title_order, titles))
                titles.append(code)
        elif code in _FORMS:
            item = {"form": code, "year": y, "kind": kind, "decision": number}
            person_forms = forms.get(pid)
            if person_forms is None:
                forms[pid] = [item]
            else:
                person_forms.append(item)


def _add_works(years: dict[int, dict[int, dict]], works: list, to_sort: Sorts) -> None:
    research_kind = InitiativeKind.RESEARCH
    get_person = years.get
    for pid, y, scope, kind, title in works:
        person_years = get_person(pid)
        if person_years is None:
            continue
        found = _entry(person_years, y)
        items = found["research" if kind == research_kind else "initiatives"]
        if items:
            to_sort.append((_by_scope_title, items))
        items.append({"scope": scope, "title": title})


def _add_disciplines(years: dict[int, dict[int, dict]], disciplines: list) -> None:
    """The heaviest discipline of each person and year (by `_discipline_key`)."""
    chosen: dict[tuple[int, int], tuple] = {}
    for pid, form, start, end, duty in disciplines:
        if pid not in years:
            continue
        key = _discipline_key(end, form, start, duty)
        held = chosen.get((pid, start.year))
        if held is None or key > held[0]:
            chosen[(pid, start.year)] = (key, form, start, end, duty)
    for (pid, y), (_key, form, start, end, duty) in chosen.items():
        _entry(years[pid], y)["discipline"] = {
            "form": form,
            "from": start.isoformat(),
            "to": end.isoformat() if end else None,
            "duty_violation": bool(duty),
        }


def _add_months_worked(
    years: dict[int, dict[int, dict]], posts_rows: list, absences_rows: list
) -> None:
    posts: dict[int, list] = {}
    for pid, start, end in posts_rows:
        if pid in years:
            posts.setdefault(pid, []).append((start, end))
    absences: dict[int, list] = {}
    for pid, start, end, kind in absences_rows:
        if pid in years:
            absences.setdefault(pid, []).append((start, end, kind))
    for pid, held in posts.items():
        away = absences.get(pid, ())
        for y, found in years[pid].items():
            months = months_worked(y, held, away)
            if months is not None:
                found["months_worked"] = months


def assemble_people(rows: PersonRows) -> dict[int, dict]:
    """Build the histories from plain rows, in any order; both loaders share it so the
    set-based review and the one-at-a-time build can only differ in how rows are fetched.
    One pass per kind of row, lists sorted only where more than one item arrived."""
    names = dict(rows.people)
    years: dict[int, dict[int, dict]] = {pid: {} for pid in names}
    forms: dict[int, list[dict]] = {}
    to_sort: Sorts = []
    _add_ratings(years, rows.ratings)
    _add_criteria(years, rows.criteria)
    _add_awards(years, rows.awards, forms, to_sort)
    _add_works(years, rows.works, to_sort)
    _add_disciplines(years, rows.disciplines)
    if rows.posts:
        _add_months_worked(years, rows.posts, rows.absences)
    for sort, items in to_sort:
        sort(items)
    histories = {}
    for pid, person_years in years.items():
        ordered = [person_years[y] for y in sorted(person_years)]
        person_forms = forms.get(pid)
        if person_forms is None:
            person_forms = []
        elif len(person_forms) > 1:
            person_forms.sort(key=_form_order)
        histories[pid] = {
            "subject": "individual",
            "id": pid,
            "name": names[pid],
            "years": ordered,
            "awards": person_forms,
            "pending_case": pid in rows.pending,
        }
    return histories
