"""Reads of the awards registry: the list, statistics for any period, and the yearly review
that bulk-loads every person's history and runs the eligibility engine over it.

Awards are public recognition: names, titles, years and decisions are visible to all staff.
The yearly review reads ratings, discipline and pending cases (private data), so it is for
the emulation office only."""

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import REGISTRY_EARLIEST_YEAR, AwardCode
from thidua.awards.eligibility import (
    Verdict,
    compile_settings,
    evaluate_many,
    in_processes,
    split,
)
from thidua.awards.history import (
    PersonRows,
    assemble_people,
    gc_paused,
    people_of,
    person_history,
    person_rows,
)
from thidua.awards.law import (
    NAMES,
    M,
    base_salary_on,
    base_salary_problems,
    base_salary_table,
    reward_multiple,
)
from thidua.awards.models import Award
from thidua.awards.selectors.settings import eligibility_settings
from thidua.core.agency_settings import values as agency_values
from thidua.org.models import Person, Unit

from ..rules import require_office

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


def _require_staff(viewer) -> None:
    if viewer is None or not viewer.is_authenticated:
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
    multiple: float | None  # reward money as a multiple of the base salary; None: no multiple
    money: Decimal | None  # None: no multiple yet (never counted as zero)
    multiple_mark: str = ""  # F confirmed (NĐ 152/2025), M unconfirmed — shown in words
    unpriced: int = 0  # awards decided before the first base salary known (1/5/2013)

    @property
    def total(self) -> int:
        return self.individual + self.collective

    @property
    def multiple_unconfirmed(self) -> bool:
        return self.multiple_mark == M

    @property
    def multiple_decimal(self) -> Decimal | None:
        """The multiple as written in law (4.5, 0.3), for display."""
        return None if self.multiple is None else Decimal(str(self.multiple))


@dataclass(frozen=True)
class BaseSalaryUsed:
    """One base salary of the dated table, and how many of the counted awards it priced."""

    valid_from: date
    amount: int
    basis: str
    awards: int


@dataclass(frozen=True)
class Statistics:
    year_from: int
    year_to: int
    unit: Unit | None
    base_salary: int  # in force today (the latest of the table)
    rows: list[StatRow]
    summary: list[tuple[str, str, int]] = field(default_factory=list)  # (key, label, count)
    base_salaries: list[BaseSalaryUsed] = field(default_factory=list)  # those that priced awards
    salary_problems: list[str] = field(default_factory=list)  # office-added values left out

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
        """Money of the rows that have a multiple (see `without_multiple`)."""
        return sum((r.money for r in self.rows if r.money is not None), Decimal(0))

    @property
    def without_multiple(self) -> int:
        """Awards counted whose title or form has no money multiple yet (not in `money`)."""
        return sum(r.total for r in self.rows if r.multiple is None)

    @property
    def unpriced(self) -> int:
        """Awards with a multiple decided before the first base salary known."""
        return sum(r.unpriced for r in self.rows if r.multiple is not None)

    @property
    def unconfirmed_multiples(self) -> list[StatRow]:
        return [r for r in self.rows if r.multiple is not None and r.multiple_unconfirmed]


def _base_salary_case(table) -> Case:
    """Which row of the dated base-salary table was in force on each award's decision
    date (its index; null before the first), as an SQL expression."""
    whens = [
        When(decision_date__gte=table[i][0], then=Value(i)) for i in reversed(range(len(table)))
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


# The years the statistics open on when none is asked: the last five and this one.
STATISTICS_DEFAULT_YEARS = 5


def statistics_period(*, year_from: int | None, year_to: int | None) -> tuple[int, int]:
    """The statistics' years [from, to] as asked, kept between the registry's earliest
    year and this year (from ≤ to); by default the last five years and this one."""
    this_year = timezone.localdate().year
    if year_to is None:
        year_to = this_year
    if year_from is None:
        year_from = min(year_to, this_year) - STATISTICS_DEFAULT_YEARS
    year_from = max(REGISTRY_EARLIEST_YEAR, min(year_from, this_year))
    return year_from, max(year_from, min(year_to, this_year))


def statistics(*, viewer, year_from: int, year_to: int, unit: Unit | None = None) -> Statistics:
    """Awards of the years [year_from, year_to] by title or form, individual and collective,
    with reward money: each award's multiple of the base salary (LAW.md) times the base
    salary in force on its decision date (a dated table, law.BASE_SALARIES, plus the values
    the office added) — one grouped query. A title or form without a multiple has no money
    (not zero). Revoked awards are left out."""
    _require_staff(viewer)
    settings = agency_values("awards.")
    added = settings.get("awards.base_salary_added") or []
    table = base_salary_table(added)
    qs = Award.objects.filter(year__gte=year_from, year__lte=year_to, revoked_on__isnull=True)
    if unit is not None:
        qs = qs.filter(_in_unit(unit))
    counts: dict[str, list[int]] = {}  # code → [individual, collective]
    priced: dict[tuple[str, int], int] = {}  # (code, table row) → awards
    unpriced: dict[str, int] = {}
    for row in (
        qs.annotate(salary_row=_base_salary_case(table))
        .values("code", "salary_row")
        .annotate(
            individual=Count("id", filter=Q(person__isnull=False)),
            collective=Count("id", filter=Q(unit__isnull=False)),
        )
    ):
        code, index = row["code"], row["salary_row"]
        found = counts.setdefault(code, [0, 0])
        found[0] += row["individual"]
        found[1] += row["collective"]
        n = row["individual"] + row["collective"]
        if index is None:
            unpriced[code] = unpriced.get(code, 0) + n
        else:
            priced[(code, index)] = priced.get((code, index), 0) + n
    confirmed = settings.get("awards.reward_multiples") or {}
    unconfirmed = settings.get("awards.reward_multiples_unconfirmed") or {}
    rows = []
    used: dict[int, int] = {}  # table row → awards it priced
    for code in AwardCode.values:
        individual, collective = counts.get(code, (0, 0))
        multiple, mark = reward_multiple(code, confirmed, unconfirmed)
        money = None
        if multiple is not None:
            base_total = 0
            for (c, index), n in priced.items():
                if c == code:
                    base_total += table[index][1] * n
                    used[index] = used.get(index, 0) + n
            money = (Decimal(str(multiple)) * base_total).quantize(Decimal(1))
        rows.append(
            StatRow(
                code,
                NAMES[code],
                individual,
                collective,
                multiple,
                money,
                mark,
                unpriced.get(code, 0),
            )
        )
    by_code = {r.code: r.total for r in rows}
    summary = [
        (key, str(label), sum(by_code[c] for c in codes)) for key, label, codes in SUMMARY_ROWS
    ]
    salaries = [BaseSalaryUsed(*table[i], used[i]) for i in sorted(used)]
    today = base_salary_on(timezone.localdate(), table)
    return Statistics(
        year_from,
        year_to,
        unit,
        today[1] if today else 0,
        rows,
        summary,
        salaries,
        base_salary_problems(added),
    )


# ---------------------------------------------------------------- the yearly review
@dataclass(frozen=True, slots=True)
class ReviewRow:
    person_id: int
    name: str
    eligible: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    problems: tuple[str, ...] = ()


_set_person_id, _set_name, _set_eligible = (
    getattr(ReviewRow, name).__set__ for name in ("person_id", "name", "eligible")
)
_set_verdicts, _set_problems = (
    getattr(ReviewRow, name).__set__ for name in ("verdicts", "problems")
)


def _judged(outcomes: list) -> list[tuple]:
    """What a row says of each person, (eligible, verdicts, problems), from `evaluate_many`'s
    outcomes (verdicts or a HistoryError); made in each process for its own part, one
    tuple per distinct outcome (`evaluate_many` shares equal ones), so a forked child sends
    each once and the parent only puts names to them."""
    made: dict[int, tuple] = {}
    codes: dict[tuple, tuple] = {}
    judged: list[tuple] = []
    add = judged.append
    for outcome in outcomes:
        found = made.get(id(outcome))
        if found is None:
            if type(outcome) is tuple:
                eligible = tuple([v.code for v in outcome if v.eligible])
                eligible = codes.setdefault(eligible, eligible)
                found = (eligible, outcome, ())
            else:
                problems = tuple(f"{p.path}: {p.message}" for p in outcome.problems)
                found = ((), (), problems)
            made[id(outcome)] = found
        add(found)
    return judged


def _rows(people: list[tuple[int, str]], judged: list[tuple]) -> list[ReviewRow]:
    """One row per person: the ReviewRow of (id, name) and `_judged`'s (eligible, verdicts,
    problems), made without the frozen dataclass's five object.__setattr__ calls."""
    rows: list[ReviewRow] = []
    add = rows.append
    new = object.__new__
    with gc_paused():
        for (pid, name), (eligible, verdicts, problems) in zip(people, judged, strict=True):
            row = new(ReviewRow)
            _set_person_id(row, pid)
            _set_name(row, name)
            _set_eligible(row, eligible)
            _set_verdicts(row, verdicts)
            _set_problems(row, problems)
            add(row)
    return rows


def _review_rows_of(people: list[tuple[int, str]], outcomes: list) -> list[ReviewRow]:
    """One row per person from `evaluate_many`'s outcomes (verdicts or a HistoryError)."""
    with gc_paused():
        return _rows(people, _judged(outcomes))


def _settings_for(settings, received_on: date):
    """The settings given, or else the agency's in force on the receipt date."""
    return settings if settings is not None else eligibility_settings(on=received_on)


@dataclass(frozen=True)
class ReviewShown:
    """The yearly review as a page shows it: every row judged, the rows shown under the
    filter, and how many people are eligible for each title or form."""

    rows: list
    shown: list
    counts: dict[str, int]


def review_shown(
    *, viewer, year: int, received_on: date, unit: Unit | None, code: str, show: str
) -> ReviewShown:
    """The review of `unit`'s subtree (everyone when None) in one process — a web request
    never forks — filtered as the page and the API filter it: those eligible for `code`; or
    `show` = "problems" (history problems only), "eligible" (eligible or with problems),
    anything else everyone."""
    person_ids = None
    if unit is not None:
        person_ids = list(
            Person.objects.filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
        )
    rows = []
    if person_ids != []:
        rows = yearly_review(
            year=year, received_on=received_on, viewer=viewer, person_ids=person_ids, processes=1
        )
    if code:
        shown = [r for r in rows if code in r.eligible]
    elif show == "problems":
        shown = [r for r in rows if r.problems]
    elif show == "eligible":
        shown = [r for r in rows if r.eligible or r.problems]
    else:
        shown = rows
    counts: dict[str, int] = {}
    for row in rows:
        for eligible in row.eligible:
            counts[eligible] = counts.get(eligible, 0) + 1
    return ReviewShown(rows=rows, shown=shown, counts=counts)


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
    """Judge every active person for `year`. The people are split across the CPUs (or
    `processes`; from 10,000 people per process, see `split`); each part but the last is
    judged in a forked child: on PostgreSQL outside a transaction the child fetches its
    part's rows itself (eight queries by id range, on a connection of its own) while this
    process fetches the last part's, otherwise this process fetches each part's just before
    forking its child. This process judges the last part (`LEAD`: the children's are
    larger). The engine's settings are compiled once."""
    require_office(viewer)
    policy = compile_settings(_settings_for(settings, received_on))
    with gc_paused():
        people = people_of(person_ids)

    def load(part: Sequence[tuple[int, str]]) -> PersonRows:
        return person_rows(year=year, on=received_on, person_ids=person_ids, people=list(part))

    def judge(rows: PersonRows) -> list:
        with gc_paused():
            histories = assemble_people(rows)
            outcomes = evaluate_many(
                list(histories.values()), year=year, received_on=received_on, settings=policy
            )
            return _judged(outcomes)

    alias = router.db_for_read(Person)
    apart = connections[alias].vendor == "postgresql" and not connections[alias].in_atomic_block
    parts = split(people, processes or _processes(), lead=LEAD if apart else LEAD_FETCHING)
    judged = in_processes(
        judge, parts, load=load, child_load=_on_own_connection(load, alias) if apart else None
    )
    return _rows(people, judged)


# How much larger each part judged in a forked child is than the part this process judges
# (bench/eligibility_review): when each child fetches its own part's rows, this process
# still reads the people and gathers the results; when this process fetches every part's
# rows (SQLite, or inside a transaction a new connection would not see into), more.
LEAD = 1.0
LEAD_FETCHING = 1.15

# In a forked child, the database connections inherited from the parent: kept referenced
# and never closed, as closing one would end the parent's session on the shared socket.
_INHERITED: list = []


def _on_own_connection(load, alias: str):
    """`load`, for a forked child: on a connection of its own to the same database (one
    made before the fork belongs to the parent and is left alone), closed afterwards. The
    child sees what is committed: used only outside a transaction."""

    def load_apart(part):
        _INHERITED.append(connections[alias])
        own = connections.create_connection(alias)
        connections[alias] = own
        try:
            return load(part)
        finally:
            own.close()

    return load_apart


def review_person(*, viewer, person: Person, year: int, received_on: date, settings=None):
    """One person's full verdicts for the year, with the history they rest on."""
    require_office(viewer)
    history = person_history(person=person, year=year, on=received_on)
    outcomes = evaluate_many(
        [history],
        year=year,
        received_on=received_on,
        settings=compile_settings(_settings_for(settings, received_on)),
    )
    return _review_rows_of([(person.pk, history["name"])], outcomes)[0], history
