"""The yearly commendation round computed step by step (reads only: services/round.py stores
what each step finds and the office's choices).

a. ratings: who is rated (final) and who is missing, per unit; units over the HTXS cap;
b. unit ratings (NĐ 233 art. 7): which units are rated, their levels, the HTXS cap;
c. individual titles LĐTT and CSTĐCS, the CSTĐCS cap per department (a setting, 15 % of
   those with LĐTT under the old decree): the eligible beyond the cap are listed as capped;
d. collective titles from the members' titles of this same round;
e. emulation flags (Cờ thi đua) from the platform's facts;
f. higher titles and forms (CSTĐ cấp Bộ, toàn quốc, Bằng khen, Huân chương), with this
   round's titles counted for the year.

Every step judges with the rules and the agency settings in force on the round's receipt
date, and says why for every subject (the engine's reasons)."""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from celery import current_task

from thidua.core.agency_settings import value as agency_value
from thidua.emulation.models import AnnualRating, UnitRating
from thidua.emulation.vocabulary import HTT, HTXS
from thidua.org.models import Person, Unit

from . import one_achievement
from .eligibility import Policy, Verdict, evaluate_many
from .history import (
    FINAL_RATING_STATUSES,
    assemble_people,
    collective_facts,
    gc_paused,
    person_rows,
    unit_histories,
)
from .law import NAMES
from .round_titles import with_titles, withhold_titles_not_kept
from .selectors.registry import _processes

TITLE_CODES = ("LDTT", "CSTDCS")
COLLECTIVE_CODES = ("TLDTT", "TLDXS")
FLAG_CODES = ("CO_BO", "CO_CP")
CHAIN_CODES = ("CSTD_BO", "CSTD_TQ", "GK", "BK_BO", "BK_TTG", "HCLD3", "HCLD2", "HCLD1")
LISTED = 200  # names listed per list in a step's details (counts are always whole)


def round_processes() -> int:
    """The processes a round's evaluation may be split into (forked children): the CPUs in
    the main thread of a Celery worker or of a command, one anywhere else. A job run by the
    web process (THIDUA_JOBS_MODE=thread: a thread of it; inline: the request itself) never
    forks it: a fork copies a process of many threads, their locks held as they were."""
    if threading.current_thread() is not threading.main_thread():
        return 1
    task = current_task._get_current_object()  # None outside a task
    if task is not None and getattr(task.request, "is_eager", False):
        return 1  # a job run in the process that queued it, not by a worker
    return _processes()


class RoundError(ValueError):
    """A step cannot be computed as asked; the message is Vietnamese, for the office."""


def _cap_share(on: date) -> float:
    """The CSTĐCS cap setting in force on `on`, checked: a share from 0 to 1 (an
    administrator sets it)."""
    raw = agency_value("awards.cstdcs_cap_share", on=on)
    try:
        share = float(raw)
    except (TypeError, ValueError):
        share = -1.0
    if isinstance(raw, bool) or not 0 <= share <= 1:
        raise RoundError(
            f"Cấu hình “Trần Chiến sĩ thi đua cơ sở” có giá trị {raw!r}, không phải một tỷ lệ "
            "từ 0 đến 1 (ví dụ 0,15): đề nghị quản trị hệ thống sửa lại."
        )
    return share


def _htxs_cap_base(on: date) -> str:
    """The base of the HTXS cap setting in force on `on`, checked: one of its two readings."""
    base = agency_value("awards.htxs_cap_base", on=on)
    if base not in ("htt_and_htxs", "htt_only"):
        raise RoundError(
            f"Cấu hình “Căn cứ tính trần HTXS” có giá trị {base!r}, không phải “htt_and_htxs” "
            "(số xếp loại HTT và HTXS) hay “htt_only” (chỉ số xếp loại HTT): đề nghị quản trị "
            "hệ thống sửa lại."
        )
    return base


@dataclass
class VerdictRow:
    code: str
    eligible: bool
    verdict: dict
    person_id: int | None = None
    unit_id: int | None = None
    capped: bool = False
    kept: bool = False


@dataclass
class StepOutcome:
    counts: dict
    details: dict = field(default_factory=dict)
    verdicts: list[VerdictRow] = field(default_factory=list)
    # step c's people as judged, for step f in the same run (never stored)
    judged: Judged | None = None


@dataclass
class RoundContext:
    """What every step needs: the year, the receipt date, the compiled settings and, for a
    partial run, the unit whose subtree is judged."""

    year: int
    received_on: date
    policy: Policy
    unit: Unit | None = None

    def people(self):
        people = Person.objects.filter(is_active=True)
        if self.unit is not None:
            people = people.filter(unit__path__startswith=self.unit.path)
        return people

    def units(self):
        units = Unit.objects.filter(depth__gte=1)  # every unit below the ministry itself
        if self.unit is not None:
            units = units.filter(path__startswith=self.unit.path)
        return units


def _department_path(path: str) -> str:
    """The department (Cục, Vụ…: the level below the ministry) a unit path lies in."""
    parts = path.split("/")[:-1]
    return "/".join(parts[:2]) + "/" if len(parts) >= 2 else path


def _cap_units(ctx: RoundContext, person_ids: Iterable[int]) -> dict[int, int]:
    """Person → the department they are counted in for the year (where they were rated, or
    else their current unit's department): the unit each cap is counted per."""
    # the people judged (all of them, or a subtree's) are read through the round's own
    # filter and kept here: an IN list of 100,000 ids costs seconds to build and bind
    ids = set(person_ids)
    where = {
        pid: path
        for pid, path in ctx.people().order_by().values_list("pk", "unit__path")
        if pid in ids
    }
    where.update(
        (pid, path)
        for pid, path in AnnualRating.objects.filter(
            person_id__in=ctx.people().values("pk"), year=ctx.year
        )
        .order_by()
        .values_list("person_id", "unit__path")
        if pid in ids
    )
    departments = {_department_path(p) for p in where.values()}
    by_path = dict(Unit.objects.filter(path__in=departments).values_list("path", "pk"))
    return {pid: by_path.get(_department_path(path)) for pid, path in where.items()}


def _shared_dicts() -> Callable[[Verdict], dict]:
    """`verdict.to_dict()`, one dict for equal verdicts: 100,000 people have a few thousand
    distinct ones (9,384 of 280,028 in the benchmark's round), so the rows share them
    (read-only) and storing them dumps each one's JSON once."""
    made: dict[Verdict, dict] = {}

    def as_dict(verdict: Verdict) -> dict:
        found = made.get(verdict)
        if found is None:
            found = made[verdict] = verdict.to_dict()
        return found

    return as_dict


def _names(ids: Iterable[int], model) -> dict[int, str]:
    field_name = "full_name" if model is Person else "name"
    return dict(model.objects.filter(pk__in=list(ids)).values_list("pk", field_name))


# ---------------------------------------------------------------- a. ratings
def step_ratings(ctx: RoundContext) -> StepOutcome:
    """Who has a final rating for the year and who is missing, per unit; departments whose
    HTXS exceed the cap (share of those rated HTT — or HTT and HTXS, a setting marked M)."""
    people = dict(ctx.people().order_by().values_list("pk", "unit_id"))
    rated = dict(
        AnnualRating.objects.filter(
            person_id__in=ctx.people().values("pk"),
            year=ctx.year,
            status__in=FINAL_RATING_STATUSES,
        )
        .exclude(level="")
        .order_by()
        .values_list("person_id", "level")
    )
    missing_by_unit: dict[int, list[int]] = defaultdict(list)
    for pid, unit_id in people.items():
        if pid not in rated:
            missing_by_unit[unit_id].append(pid)
    unit_names = _names(missing_by_unit, Unit)
    person_names = _names([p for ps in missing_by_unit.values() for p in ps][:LISTED], Person)
    missing = [
        {
            "unit": unit_names.get(unit_id, ""),
            "count": len(pids),
            "people": [person_names[p] for p in pids if p in person_names],
        }
        for unit_id, pids in sorted(
            missing_by_unit.items(), key=lambda kv: unit_names.get(kv[0], "")
        )
    ]
    base = _htxs_cap_base(ctx.received_on)
    percent = agency_value("emulation.htxs_cap_percent", on=ctx.received_on)
    by_department: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pid, department in _cap_units(ctx, rated).items():
        by_department[department][rated[pid]] += 1
    department_names = _names([d for d in by_department if d], Unit)
    over = []
    for department, levels in by_department.items():
        counted = levels[HTT] + (levels[HTXS] if base == "htt_and_htxs" else 0)
        cap = math.floor(counted * percent / 100)
        if levels[HTXS] > cap:
            over.append(
                {
                    "unit": department_names.get(department, ""),
                    "htxs": levels[HTXS],
                    "cap": cap,
                    "base": counted,
                }
            )
    levels_total: dict[str, int] = defaultdict(int)
    for level in rated.values():
        levels_total[level] += 1
    return StepOutcome(
        counts={
            "people": len(people),
            "rated": len(rated),
            "missing": len(people) - len(rated),
            "levels": dict(sorted(levels_total.items())),
            "units_over_htxs_cap": len(over),
        },
        details={
            "missing": missing,
            "over_htxs_cap": sorted(over, key=lambda o: o["unit"]),
            "htxs_cap": {"base": base, "percent": percent},
        },
    )


# ---------------------------------------------------------------- b. unit ratings
def step_unit_ratings(ctx: RoundContext) -> StepOutcome:
    """Which units have a final rating (NĐ 233 art. 7) and at which level; whether the units
    rated HTXS stay within the cap (a share of those rated HTT; at most one below five)."""
    units = dict(ctx.units().values_list("pk", "name"))
    rated = dict(
        UnitRating.objects.filter(
            unit_id__in=units, year=ctx.year, status__in=FINAL_RATING_STATUSES
        )
        .exclude(level="")
        .values_list("unit_id", "level")
    )
    levels: dict[str, int] = defaultdict(int)
    for level in rated.values():
        levels[level] += 1
    percent = agency_value("emulation.unit_htxs_cap_percent", on=ctx.received_on)
    small = agency_value("emulation.unit_small_group_size", on=ctx.received_on)
    rated_count = len(rated)
    cap = 1 if rated_count < small else math.floor((levels[HTT] + levels[HTXS]) * percent / 100)
    return StepOutcome(
        counts={
            "units": len(units),
            "rated": rated_count,
            "missing": len(units) - rated_count,
            "levels": dict(sorted(levels.items())),
            "htxs_cap": cap,
            "over_htxs_cap": max(0, levels[HTXS] - cap),
        },
        details={
            "missing": sorted(name for pk, name in units.items() if pk not in rated)[:LISTED],
        },
    )


# ---------------------------------------------------------------- c. individual titles
@dataclass
class Judged:
    """Every person judged in step c, in order: their histories as assembled (before this
    round's titles are added) and their verdicts. One run of the whole round keeps them for
    step f, which then neither fetches nor assembles the histories again and judges again
    only the people whose history this round's titles change; the others' verdicts are the
    same history judged by the same rules and settings."""

    year: int
    received_on: date
    unit_id: int | None
    histories: dict[int, dict]
    outcomes: list

    def fits(self, ctx: RoundContext) -> bool:
        unit_id = ctx.unit.pk if ctx.unit is not None else None
        return (self.year, self.received_on, self.unit_id) == (ctx.year, ctx.received_on, unit_id)


def _judge_people(
    ctx: RoundContext,
    extra_titles: Mapping[int, Iterable[str]] | None = None,
    judged: Judged | None = None,
) -> tuple[list[tuple[int, str]], list, dict[int, dict]]:
    """Every person (id, name), their verdicts in the same order, and their histories as
    assembled; this round's `extra_titles` counted for the year. With `judged` (step c's,
    in the same run) only the histories the titles change are judged."""
    if judged is not None and not judged.fits(ctx):
        judged = None
    with gc_paused():
        if judged is None:
            rows = person_rows(
                year=ctx.year,
                on=ctx.received_on,
                # the whole agency: every active person, as ctx.people() (no ids to send)
                person_ids=None
                if ctx.unit is None
                else list(ctx.people().values_list("pk", flat=True)),
            )
            histories = assemble_people(rows)
            del rows
        else:
            histories = judged.histories
        changed = with_titles(histories, extra_titles, ctx.year) if extra_titles else {}
        people = [(pid, h["name"]) for pid, h in histories.items()]
        if judged is None:
            to_judge = [changed.get(pid, h) for pid, h in histories.items()]
        else:
            to_judge = list(changed.values())
        outcomes = evaluate_many(
            to_judge,
            year=ctx.year,
            received_on=ctx.received_on,
            settings=ctx.policy,
            processes=round_processes(),  # across the CPUs in a worker, as the review
        )
        if judged is not None:
            again = dict(zip(changed, outcomes, strict=True))
            outcomes = [
                again.get(pid, o) for pid, o in zip(histories, judged.outcomes, strict=True)
            ]
    return people, outcomes, histories


def _cstdcs_rank(rating: tuple[str, object]) -> tuple:
    """Who is kept first under the cap: HTXS before HTT, then the higher score."""
    level, score = rating
    return (0 if level == HTXS else 1, -(float(score) if score is not None else 0.0))


def step_titles(ctx: RoundContext) -> StepOutcome:
    """LĐTT and CSTĐCS for every person, then the CSTĐCS cap per department: at most the
    setting's share (15 % under the old decree) of those with LĐTT there for the year (this
    round's eligible and those already in the awards register), rounded down; the eligible
    are kept HTXS first, then by score, and the rest are listed as capped (a department whose
    cap rounds down to 0 is listed as such)."""
    people, outcomes, histories = _judge_people(ctx)
    unit_id = ctx.unit.pk if ctx.unit is not None else None
    judged = Judged(ctx.year, ctx.received_on, unit_id, histories, outcomes)
    share = _cap_share(ctx.received_on)
    verdicts: list[VerdictRow] = []
    problems = []
    as_dict = _shared_dicts()
    for (pid, name), outcome in zip(people, outcomes, strict=True):
        if type(outcome) is not tuple:
            problems.append({"person": name, "problems": [p.message for p in outcome.problems]})
            continue
        for v in outcome:
            if v.code in TITLE_CODES:
                verdicts.append(
                    VerdictRow(v.code, v.eligible, as_dict(v), person_id=pid, kept=v.eligible)
                )
    departments = _cap_units(ctx, [pid for pid, _n in people])
    for row in verdicts:
        row.unit_id = departments.get(row.person_id)
    cap = _CstdcsCap(ctx=ctx, share=share, names=dict(people))
    cap.apply(verdicts)
    if cap.eligible_total and not cap.kept_total:
        raise RoundError(
            f"Trần Chiến sĩ thi đua cơ sở ({share * 100:g} % số Lao động tiên tiến) loại tất cả "
            f"{cap.eligible_total} người đủ điều kiện: đề nghị quản trị hệ thống kiểm tra lại "
            "cấu hình “Trần Chiến sĩ thi đua cơ sở”."
        )
    return StepOutcome(
        counts={
            "people": len(people),
            "LDTT": sum(cap.ldtt.values()),
            "CSTDCS_eligible": cap.eligible_total,
            "CSTDCS_kept": cap.kept_total,
            "capped": len(cap.capped),
            "cannot_judge": len(problems),
        },
        details={
            "cap_share": share,
            "caps": sorted(cap.caps, key=lambda c: c["unit"]),
            # rounded down to 0: every candidate there is capped, said in words on the page
            "cap_zero": sorted(
                (
                    {"unit": c["unit"], "ldtt": c["ldtt"], "eligible": c["eligible"]}
                    for c in cap.caps
                    if c["cap"] == 0
                ),
                key=lambda c: c["unit"],
            ),
            "capped": sorted(cap.capped, key=lambda c: (c["unit"], c["rank"]))[:LISTED],
            "cannot_judge": problems[:LISTED],
        },
        verdicts=verdicts,
        judged=judged,
    )


class _CstdcsCap:
    """The CSTĐCS cap of each department applied to the title verdicts (marks the capped)."""

    def __init__(self, *, ctx: RoundContext, share: float, names: dict[int, str]):
        self.ctx, self.share, self.names = ctx, share, names
        self.ldtt: dict[int | None, int] = defaultdict(int)
        self.registered: dict[int | None, int] = defaultdict(int)  # of them, in the register
        self.capped: list[dict] = []
        self.caps: list[dict] = []
        self.eligible_total = self.kept_total = 0

    def apply(self, verdicts: list[VerdictRow]) -> None:
        candidates: dict[int | None, list[VerdictRow]] = defaultdict(list)
        for row in verdicts:
            # the base: every LĐTT of the year, this round's eligible and those already in
            # the awards register (unrevoked: the engine reads them as already granted)
            if row.code == "LDTT" and (row.eligible or row.verdict.get("already_granted")):
                self.ldtt[row.unit_id] += 1
                self.registered[row.unit_id] += not row.eligible
            elif row.eligible and row.code == "CSTDCS":
                candidates[row.unit_id].append(row)
        ratings = self._ratings(wanted={r.person_id for rows in candidates.values() for r in rows})
        unit_names = _names([u for u in candidates if u], Unit)
        for unit_id, rows in candidates.items():
            cap = math.floor(self.ldtt[unit_id] * self.share + 1e-9)
            rows.sort(
                key=lambda r: (
                    _cstdcs_rank(ratings.get(r.person_id, ("", None))),
                    self.names[r.person_id],
                )
            )
            self.eligible_total += len(rows)
            for i, row in enumerate(rows[cap:], start=cap):
                row.capped, row.kept = True, False
                self.capped.append(
                    {
                        "person": self.names[row.person_id],
                        "person_id": row.person_id,
                        "unit": unit_names.get(unit_id, ""),
                        "rank": i + 1,
                        "cap": cap,
                    }
                )
            self.kept_total += min(cap, len(rows))
            self.caps.append(
                {
                    "unit": unit_names.get(unit_id, ""),
                    "ldtt": self.ldtt[unit_id],
                    "ldtt_registered": self.registered[unit_id],
                    "cap": cap,
                    "eligible": len(rows),
                }
            )

    def _ratings(self, *, wanted: set[int]) -> dict[int, tuple]:
        """The year's rating level and score of the CSTĐCS candidates: one query."""
        return {
            pid: (level, score)
            for pid, level, score in AnnualRating.objects.filter(
                person_id__in=self.ctx.people().values("pk"), year=self.ctx.year
            )
            .order_by()
            .values_list("person_id", "level", "score")
            if pid in wanted
        }


# ---------------------------------------------------------------- d./e. collectives, flags
def _judge_units(
    ctx: RoundContext, member_titles: Mapping[int, Iterable[str]], codes: tuple[str, ...]
) -> StepOutcome:
    unit_ids = list(ctx.units().values_list("pk", flat=True))
    histories = unit_histories(
        year=ctx.year, unit_ids=unit_ids, member_titles=member_titles, on=ctx.received_on
    )
    judged = {pk: h for pk, h in histories.items() if h["years"][-1].get("members")}
    without = sorted(h["name"] for pk, h in histories.items() if pk not in judged)
    outcomes = evaluate_many(
        list(judged.values()), year=ctx.year, received_on=ctx.received_on, settings=ctx.policy
    )
    verdicts, problems = [], []
    as_dict = _shared_dicts()
    counts = dict.fromkeys(codes, 0)
    for (pk, history), outcome in zip(judged.items(), outcomes, strict=True):
        if type(outcome) is not tuple:
            problems.append(
                {"unit": history["name"], "problems": [p.message for p in outcome.problems]}
            )
            continue
        for v in outcome:
            if v.code in codes:
                verdicts.append(
                    VerdictRow(v.code, v.eligible, as_dict(v), unit_id=pk, kept=v.eligible)
                )
                counts[v.code] += v.eligible
    return StepOutcome(
        counts={"units": len(judged), **counts, "without_members": len(without)},
        details={"without_members": without[:LISTED], "cannot_judge": problems[:LISTED]},
        verdicts=verdicts,
    )


def step_collectives(ctx: RoundContext, member_titles: Mapping[int, Iterable[str]]) -> StepOutcome:
    """Tập thể lao động tiên tiến / xuất sắc, counting the members' titles kept in step c."""
    return _judge_units(ctx, member_titles, COLLECTIVE_CODES)


def step_flags(ctx: RoundContext, member_titles: Mapping[int, Iterable[str]]) -> StepOutcome:
    """Cờ thi đua from the platform's facts (cluster ranking, targets, Party organisation),
    each unit's facts explained."""
    outcome = _judge_units(ctx, member_titles, FLAG_CODES)
    facts = collective_facts(
        year=ctx.year, unit_ids={r.unit_id for r in outcome.verdicts}, on=ctx.received_on
    )
    names = _names(facts, Unit)
    outcome.details["facts"] = [
        {
            "unit": names.get(pk, ""),
            "cluster_leader": f.cluster_leader,
            "exceeded_targets": f.exceeded_targets,
            "clean_party_org": f.clean_party_org,
            "reasons": list(f.reasons),
        }
        for pk, f in sorted(facts.items(), key=lambda kv: names.get(kv[0], ""))
        if f.cluster_leader
    ]
    outcome.counts["cluster_leaders"] = sum(1 for f in facts.values() if f.cluster_leader)
    return outcome


# ---------------------------------------------------------------- f. chains
def step_chains(
    ctx: RoundContext, titles: Mapping[int, Iterable[str]], judged: Judged | None = None
) -> StepOutcome:
    """Higher titles and forms for every person, the titles kept in step c counted as the
    year's (CSTĐ cấp Bộ needs this year's CSTĐCS, and so on up the chain). `judged`: step
    c's people, when the same run computed it (then only the histories changed by this
    round's titles are judged again)."""
    people, outcomes, histories = _judge_people(ctx, extra_titles=titles, judged=judged)
    outcomes = withhold_titles_not_kept(ctx, people, outcomes, histories, titles, codes=TITLE_CODES)
    verdicts = []
    as_dict = _shared_dicts()
    counts = dict.fromkeys(CHAIN_CODES, 0)
    for (pid, _name), outcome in zip(people, outcomes, strict=True):
        if type(outcome) is not tuple:
            continue
        for v in outcome:
            if v.code in CHAIN_CODES and v.eligible:
                verdicts.append(VerdictRow(v.code, True, as_dict(v), person_id=pid, kept=True))
                counts[v.code] += 1
    departments = _cap_units(ctx, {r.person_id for r in verdicts})
    for row in verdicts:
        row.unit_id = departments.get(row.person_id)
    # one achievement, one award: one form of the group kept per person, the rest set aside
    forms = one_achievement.forms_in_force(ctx.policy, ctx.received_on)
    set_aside = one_achievement.set_aside_lower_forms(
        verdicts,
        year=ctx.year,
        forms=forms,
        taken=one_achievement.taken_by_person(year=ctx.year, forms=forms) if forms else {},
    )
    counts = {"people": len(people), **counts, "set_aside": set_aside}
    return StepOutcome(counts=counts, verdicts=verdicts)


def code_names(codes: Iterable[str]) -> dict[str, str]:
    return {code: NAMES[code] for code in codes}
