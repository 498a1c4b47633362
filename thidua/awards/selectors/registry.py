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
from thidua.awards.history import assemble_people, gc_paused, person_history, person_rows
from thidua.awards.law import NAMES
from thidua.awards.models import Award
from thidua.awards.selectors.settings import eligibility_settings
from thidua.core.agency_settings import values as agency_values
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


# ---------------------------------------------------------------- the yearly review
@dataclass(frozen=True)
class ReviewRow:
    person_id: int
    name: str
    eligible: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    problems: tuple[str, ...] = ()


def _review_rows_of(people: list[tuple[int, str]], outcomes: list) -> list[ReviewRow]:
    """One row per person from `evaluate_many`'s outcomes (verdicts or a HistoryError)."""
    rows: list[ReviewRow] = []
    add = rows.append
    with gc_paused():
        for (pid, name), outcome in zip(people, outcomes, strict=True):
            if type(outcome) is tuple:
                add(ReviewRow(pid, name, tuple([v.code for v in outcome if v.eligible]), outcome))
            else:
                problems = tuple(f"{p.path}: {p.message}" for p in outcome.problems)
                add(ReviewRow(pid, name, (), (), problems))
    return rows


def _settings_for(settings, received_on: date):
    """The settings given, or else the agency's in force on the receipt date."""
    return settings if settings is not None else eligibility_settings(on=received_on)


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
    policy = compile_settings(_settings_for(settings, received_on))
    rows = person_rows(year=year, on=received_on, person_ids=person_ids)

    def judge(part: Sequence[tuple[int, str]]) -> list:
        with gc_paused():
            histories = assemble_people(rows.part(list(part)))
        return evaluate_many(
            list(histories.values()), year=year, received_on=received_on, settings=policy
        )

    outcomes = in_processes(judge, split(rows.people, processes or _processes()))
    return _review_rows_of(rows.people, outcomes)


def review_person(*, viewer, person: Person, year: int, received_on: date, settings=None):
    """One person's full verdicts for the year, with the history they rest on."""
    _require_office(viewer)
    history = person_history(person=person, year=year, on=received_on)
    outcomes = evaluate_many(
        [history],
        year=year,
        received_on=received_on,
        settings=compile_settings(_settings_for(settings, received_on)),
    )
    return _review_rows_of([(person.pk, history["name"])], outcomes)[0], history
