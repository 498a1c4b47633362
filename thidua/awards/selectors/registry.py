"""Reads of the awards registry: the list, statistics for any period, and the yearly review
that bulk-loads every person's history and runs the eligibility engine over it.

Awards are public recognition: names, titles, years and decisions are visible to all staff.
The yearly review reads ratings, discipline and pending cases (private data), so it is for
the emulation office only."""

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import AwardCode
from thidua.awards.eligibility import (
    Verdict,
    compile_settings,
    evaluate_many,
    in_processes,
    split,
)
from thidua.awards.law import FORMS, INDIVIDUAL_TITLES, NAMES
from thidua.awards.models import Award
from thidua.core.agency_settings import values as agency_values
from thidua.emulation.choices import InitiativeKind
from thidua.emulation.models import AnnualRating, Discipline, Initiative, PendingCase
from thidua.emulation.rules import is_emulation_office
from thidua.org.models import Person, Unit

# The rows of seed 001's 2015–2020 totals table, highest distinction first.
SUMMARY_ROWS: tuple[tuple[str, object, tuple[str, ...]], ...] = (
    ("CSTD_TQ", _("National emulation fighter"), ("CSTD_TQ",)),
    ("HCLD", _("Labour Order (all classes)"), ("HCLD1", "HCLD2", "HCLD3")),
    ("CO_CP", _("Government emulation flag"), ("CO_CP",)),
    ("CO_BO", _("Ministry emulation flag"), ("CO_BO",)),
    ("BK_TTG", _("Prime Minister's certificate of merit"), ("BK_TTG",)),
    ("CSTD_BO", _("Ministry emulation fighter"), ("CSTD_BO",)),
    ("BK_BO", _("Minister's certificate of merit"), ("BK_BO",)),
)
_TITLE_ORDER = {code: i for i, code in enumerate(INDIVIDUAL_TITLES)}
_FORMS = frozenset(FORMS)
_TITLES = frozenset(INDIVIDUAL_TITLES)


def _require_staff(viewer) -> None:
    if viewer is None or not viewer.is_authenticated:
        raise PermissionDenied


def _require_office(viewer) -> None:
    if viewer is None or not is_emulation_office(viewer):
        raise PermissionDenied


def _in_unit(unit: Unit) -> Q:
    return Q(person__unit__path__startswith=unit.path) | Q(unit__path__startswith=unit.path)


# ---------------------------------------------------------------- list
def award_list(
    *,
    viewer,
    year: int | None = None,
    code: str = "",
    unit: Unit | None = None,
    include_revoked: bool = True,
) -> QuerySet[Award]:
    """Every award given (imported history included), newest first, for any staff member."""
    _require_staff(viewer)
    qs = Award.objects.select_related("person", "person__unit", "unit")
    if year is not None:
        qs = qs.filter(year=year)
    if code:
        qs = qs.filter(code=code)
    if unit is not None:
        qs = qs.filter(_in_unit(unit))
    if not include_revoked:
        qs = qs.filter(revoked_on__isnull=True)
    return qs.order_by("-year", "code", "-decision_date", "id")


def award_get(*, viewer, pk: int) -> Award:
    _require_staff(viewer)
    return Award.objects.select_related("person", "person__unit", "unit").get(pk=pk)


def award_years(*, viewer) -> list[int]:
    _require_staff(viewer)
    return list(Award.objects.order_by("-year").values_list("year", flat=True).distinct())


# ---------------------------------------------------------------- statistics
@dataclass(frozen=True)
class StatRow:
    code: str
    name: str
    individual: int
    collective: int
    multiple: float | None  # reward money as a multiple of the base salary; None: no amount
    money: Decimal | None

    @property
    def total(self) -> int:
        return self.individual + self.collective


@dataclass(frozen=True)
class Statistics:
    year_from: int
    year_to: int
    unit: Unit | None
    base_salary: int
    rows: list[StatRow]
    summary: list[tuple[str, str, int]] = field(default_factory=list)  # (key, label, count)

    @property
    def individual(self) -> int:
        return sum(r.individual for r in self.rows)

    @property
    def collective(self) -> int:
        return sum(r.collective for r in self.rows)

    @property
    def total(self) -> int:
        return self.individual + self.collective

    @property
    def money(self) -> Decimal:
        return sum((r.money for r in self.rows if r.money is not None), Decimal(0))


def statistics(*, viewer, year_from: int, year_to: int, unit: Unit | None = None) -> Statistics:
    """Awards of the years [year_from, year_to] by title or form, individual and collective,
    with reward money (multiples of the base salary, LAW.md) — one grouped query. Revoked
    awards are left out."""
    _require_staff(viewer)
    qs = Award.objects.filter(year__gte=year_from, year__lte=year_to, revoked_on__isnull=True)
    if unit is not None:
        qs = qs.filter(_in_unit(unit))
    grouped = {
        row["code"]: row
        for row in qs.values("code").annotate(
            individual=Count("id", filter=Q(person__isnull=False)),
            collective=Count("id", filter=Q(unit__isnull=False)),
        )
    }
    settings = agency_values("awards.")
    base = int(settings["awards.base_salary_vnd"])
    multiples = settings["awards.reward_multiples"] or {}
    rows = []
    for code in AwardCode.values:
        counts = grouped.get(code, {"individual": 0, "collective": 0})
        multiple = multiples.get(code)
        total = counts["individual"] + counts["collective"]
        money = (
            (Decimal(str(multiple)) * base * total).quantize(Decimal(1))
            if multiple is not None
            else None
        )
        rows.append(
            StatRow(code, NAMES[code], counts["individual"], counts["collective"], multiple, money)
        )
    by_code = {r.code: r.total for r in rows}
    summary = [
        (key, str(label), sum(by_code[c] for c in codes)) for key, label, codes in SUMMARY_ROWS
    ]
    return Statistics(year_from, year_to, unit, base, rows, summary)


# ---------------------------------------------------------------- histories for the review
@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while bulk-building or judging histories: they
    create millions of small containers, none of them garbage, and each collection would
    walk all of them again (a third of the review's time at 100,000 people)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _by_title_order(codes: list) -> None:
    codes.sort(key=_TITLE_ORDER.__getitem__)


def _by_scope_title(works: list) -> None:
    works.sort(key=lambda w: (w["scope"], w["title"]))


def _discipline_key(end: date | None, form: str, start: date, duty: bool) -> tuple:
    # the one that ends last wins (open-ended first); ties broken by the facts themselves so
    # the row order coming from the database never matters
    return (end is None, end or start, start, form, bool(duty))


def _assemble(
    people: Iterable[tuple[int, str]],
    ratings: Iterable[tuple[int, int, str]],
    awards: Iterable[tuple[int, str, int, str, str]],
    works: Iterable[tuple[int, int, str, str, str]],
    disciplines: Iterable[tuple[int, str, date, date | None, bool]],
    pending: set[int],
) -> dict[int, dict]:
    """Build the histories (docs/eligibility.md) from plain rows, in any order; both loaders
    share it so the set-based review and the per-person loop can only differ in how rows
    are fetched. One pass per kind of row, year entries as dict literals, lists sorted only
    where more than one item arrived."""
    names = dict(people)
    years: dict[int, dict[int, dict]] = {pid: {} for pid in names}
    get_person = years.get
    forms: dict[int, list[dict]] = {}
    to_sort: list[tuple[Callable[[list], None], list]] = []

    def entry(person_years: dict, y: int) -> dict:
        found = person_years.get(y)
        if found is None:
            found = person_years[y] = {
                "year": y,
                "rating": None,
                "titles": [],
                "initiatives": [],
                "research": [],
                "discipline": None,
                "months_worked": 12,
            }
        return found

    for pid, y, level in ratings:
        person_years = get_person(pid)
        if person_years is None:
            continue
        found = person_years.get(y)
        if found is None:  # one rating per person and year: the usual case
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
    for pid, code, y, kind, number in awards:
        person_years = get_person(pid)
        if person_years is None:
            continue
        if code in _TITLES:
            found = person_years.get(y)
            titles = entry(person_years, y)["titles"] if found is None else found["titles"]
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
    research_kind = InitiativeKind.RESEARCH
    for pid, y, scope, kind, title in works:
        person_years = get_person(pid)
        if person_years is None:
            continue
        found = entry(person_years, y)
        items = found["research" if kind == research_kind else "initiatives"]
        if items:
            to_sort.append((_by_scope_title, items))
        items.append({"scope": scope, "title": title})
    chosen: dict[tuple[int, int], tuple] = {}
    for pid, form, start, end, duty in disciplines:
        if pid not in years:
            continue
        key = _discipline_key(end, form, start, duty)
        held = chosen.get((pid, start.year))
        if held is None or key > held[0]:
            chosen[(pid, start.year)] = (key, form, start, end, duty)
    for (pid, y), (_key, form, start, end, duty) in chosen.items():
        entry(years[pid], y)["discipline"] = {
            "form": form,
            "from": start.isoformat(),
            "to": end.isoformat() if end else None,
            "duty_violation": bool(duty),
        }
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
            "pending_case": pid in pending,
        }
    return histories


def _form_order(item: dict) -> tuple:
    return (item["year"], item["form"], item["kind"], item["decision"])


def _review_rows(year: int, person_ids: Iterable[int] | None) -> tuple:
    """The six queries of the review, whatever the number of people: people (by id),
    ratings, awards, initiatives, discipline (lists of plain tuples, in no particular
    order: `_assemble` sorts what it must; the models' default orderings would make
    PostgreSQL sort ≈ 1 million rows on disk first) and the set of people with a pending
    case."""
    people = Person.objects.filter(is_active=True)
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    person_rows = list(people.order_by("pk").values_list("pk", "full_name"))
    wanted: dict[str, Any] = {"person__is_active": True}
    if person_ids is not None:
        wanted = {"person_id__in": [pk for pk, _name in person_rows]}
    ratings = (
        AnnualRating.objects.filter(year__lte=year, **wanted)
        .order_by()
        .values_list("person_id", "year", "level")
    )
    awards = (
        Award.objects.filter(
            person__isnull=False, revoked_on__isnull=True, year__lte=year, **wanted
        )
        .order_by()
        .values_list("person_id", "code", "year", "kind", "decision_number")
    )
    authors = (
        Initiative.authors.through.objects.filter(initiative__year__lte=year, **wanted)
        .order_by()
        .values_list(
            "person_id",
            "initiative__year",
            "initiative__scope",
            "initiative__kind",
            "initiative__title",
        )
    )
    disciplines = (
        Discipline.objects.filter(valid_from__year__lte=year, **wanted)
        .order_by()
        .values_list("person_id", "form", "valid_from", "valid_to", "for_duty_violation")
    )
    pending = set(
        PendingCase.objects.filter(closed_on__isnull=True, **wanted)
        .order_by()
        .values_list("person_id", flat=True)
    )
    with _gc_paused():
        return (
            person_rows,
            _fetch_all(ratings),
            _fetch_all(awards),
            _fetch_all(authors),
            _fetch_all(disciplines),
            pending,
        )


def _fetch_all(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() query straight from the database cursor: the same SQL,
    without the ORM's per-row iteration (a third of the loading time for ≈ 1.3 million
    rows). Only for columns the database driver already returns as Python values (ints,
    strings, dates; SQLite booleans come back as 0/1, which `_assemble` reads as such)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def histories_for_review(year: int, person_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """Every active person's eligibility history up to `year`, in six queries whatever the
    number of people: people, ratings, awards, initiatives, discipline, pending cases."""
    rows = _review_rows(year, person_ids)
    with _gc_paused():
        return _assemble(*rows)


def _history_orm(person: Person, year: int) -> dict:
    """One person's history with the person's own related queries (the reference the
    set-based loader is checked against, and what the benchmark times)."""
    ratings = [(person.pk, r.year, r.level) for r in person.annual_ratings.filter(year__lte=year)]
    awards = [
        (person.pk, a.code, a.year, a.kind, a.decision_number)
        for a in person.awards.filter(revoked_on__isnull=True, year__lte=year)
    ]
    works = [
        (person.pk, i.year, i.scope, i.kind, i.title)
        for i in person.initiatives.filter(year__lte=year)
    ]
    disciplines = [
        (person.pk, d.form, d.valid_from, d.valid_to, d.for_duty_violation)
        for d in person.disciplines.filter(valid_from__year__lte=year)
    ]
    pending = {person.pk} if person.pending_cases.filter(closed_on__isnull=True).exists() else set()
    return _assemble([(person.pk, person.full_name)], ratings, awards, works, disciplines, pending)[
        person.pk
    ]


# ---------------------------------------------------------------- the yearly review
@dataclass(frozen=True)
class ReviewRow:
    person_id: int
    name: str
    eligible: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    problems: tuple[str, ...] = ()


def _judge_all(histories: Iterable[tuple[int, dict]], year, received_on, settings) -> list:
    pairs = list(histories)
    outcomes = evaluate_many(
        [history for _pid, history in pairs],
        year=year,
        received_on=received_on,
        settings=compile_settings(settings),
    )
    return _review_rows_of([(pid, history["name"]) for pid, history in pairs], outcomes)


def _review_rows_of(people: list[tuple[int, str]], outcomes: list) -> list[ReviewRow]:
    """One row per person from `evaluate_many`'s outcomes (verdicts or a HistoryError)."""
    rows: list[ReviewRow] = []
    add = rows.append
    with _gc_paused():
        for (pid, name), outcome in zip(people, outcomes, strict=True):
            if type(outcome) is tuple:
                add(ReviewRow(pid, name, tuple([v.code for v in outcome if v.eligible]), outcome))
            else:
                problems = tuple(f"{p.path}: {p.message}" for p in outcome.problems)
                add(ReviewRow(pid, name, (), (), problems))
    return rows


def _processes() -> int:
    """The CPUs this process may use (the yearly review splits evaluation across them)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def yearly_review(
    *,
    year: int,
    received_on: date,
    viewer,
    person_ids: Iterable[int] | None = None,
    settings=None,
    processes: int | None = None,
) -> list[ReviewRow]:
    """Judge every active person for `year`: the rows of every history fetched in six
    queries, the engine's settings compiled once; then the people are split across the
    CPUs (or `processes`; from 10,000 people per process, see `in_processes`), each part
    building its histories and running `evaluate()` over each."""
    _require_office(viewer)
    policy = compile_settings(settings)
    people, *rows = _review_rows(year, person_ids)

    def judge(part: Sequence[tuple[int, str]]) -> list:
        with _gc_paused():
            histories = _assemble(part, *rows)
        return evaluate_many(
            list(histories.values()), year=year, received_on=received_on, settings=policy
        )

    outcomes = in_processes(judge, split(people, processes or _processes()))
    return _review_rows_of(people, outcomes)


def yearly_review_orm_loop(
    *,
    year: int,
    received_on: date,
    viewer,
    person_ids: Iterable[int] | None = None,
    settings=None,
) -> list[ReviewRow]:
    """The same review with one set of queries per person: for the benchmark and the test
    that proves both give identical results; never used by a page."""
    _require_office(viewer)
    people = Person.objects.filter(is_active=True).order_by("pk")
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    histories = ((p.pk, _history_orm(p, year)) for p in people)
    return _judge_all(histories, year, received_on, settings)


def review_person(*, viewer, person: Person, year: int, received_on: date, settings=None):
    """One person's full verdicts for the year, with the history they rest on."""
    _require_office(viewer)
    history = histories_for_review(year, [person.pk])[person.pk]
    rows = _judge_all([(person.pk, history)], year, received_on, settings)
    return rows[0], history
