"""The arithmetic of the annual rating (../shared/LAW.md, "Annual rating"), pure Python.

No Django import: services load the rows and settings, call these functions and store what
they return. Every result carries its facts and reasons as Vietnamese sentences, so a page,
an export and an appeal all show the same explanation.

- `month_score`: 30 general points entered by the head + 70 result points. The 70 split into
  converted work (assigned versus completed, each kind of work weighted by its converted
  units) and the person's key results (`kr_share`). Each late or quality-failed unit of work
  deducts `deduction_share` (25%) of that unit's points, unless the cause was objective.
- `level_for`, `annual_outcome`: the level from the score, with the overrides that make
  the year KHT whatever the score (F): discipline from khiển trách up for a duty violation
  in the year; a conclusion of political, ethical or lifestyle degradation; for a leader,
  corruption or waste in a unit under their direct charge (`conduct_kht_reasons`).
- `htxs_cap`: how many HTXS a unit or a group with similar tasks may have. Reading of the
  law ("HTXS ≤ 20% of those rated HTT"): the base is everyone rated HTT **or better** in the
  group (the HTXS are a subset of those who completed their tasks well), allowed =
  floor(percent × base); the base is a setting (`htxs_cap_base`: "htt_or_better" or
  "htt_only"). Rounding is down, so the cap never allows more than the percentage.
- `head_within_unit`: a head is never rated above their unit.
- `unit_level`, `unit_htxs_cap`: units per NĐ 233/2026 art. 7, with the small-group rule.

Laid out by reason to change, all importable from here: the scale (levels, settings, numbers
and words) in `scoring_scale.py`, a month's points in this module, the year's outcome in
`scoring_year.py`, caps and units in `scoring_units.py`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .scoring_scale import (
    CAP_BASE_HTT_ONLY,
    CAP_BASE_HTT_OR_BETTER,
    CAP_BASES,
    CENT,
    DEFAULT,
    HUNDRED,
    LEVEL_NAMES,
    LEVEL_RANK,
    LEVELS,
    ONE,
    UNIT_PARTIAL_PLAN_LEVELS,
    ZERO,
    Params,
    ScoringError,
    dec,
    fmt,
    fmt_percent,
    level_for,
    level_label,
    months_text,
    points,
)
from .scoring_units import (
    UNIT_HT_LATE_SHARE,
    UNIT_HTXS_EXCEEDING_SHARE,
    UNIT_KHT_DONE_SHARE,
    CapCheck,
    UnitFacts,
    check_unit_facts,
    head_within_unit,
    htxs_cap,
    unit_htxs_cap,
    unit_level,
)
from .scoring_year import (
    DISCIPLINE_FORMS_KHT,
    AnnualOutcome,
    DisciplineFact,
    PeriodFact,
    annual_outcome,
    conduct_kht_reasons,
    kht_overrides,
)
from .vocabulary import HT, HTT, HTXS, KHT

# The scale, the year's outcome, and caps and units live in sibling modules and stay
# importable from here, as do the level codes.
__all__ = [
    "HT",
    "HTT",
    "HTXS",
    "KHT",
    # the scale
    "LEVELS",
    "LEVEL_RANK",
    "LEVEL_NAMES",
    "CAP_BASE_HTT_OR_BETTER",
    "CAP_BASE_HTT_ONLY",
    "CAP_BASES",
    "UNIT_PARTIAL_PLAN_LEVELS",
    "ZERO",
    "ONE",
    "HUNDRED",
    "CENT",
    "ScoringError",
    "dec",
    "points",
    "fmt",
    "fmt_percent",
    "level_label",
    "months_text",
    "Params",
    "DEFAULT",
    "level_for",
    # a month's points
    "WorkLine",
    "KeyResultLine",
    "LineResult",
    "MonthScore",
    "check_work_line",
    "work_points",
    "kr_points",
    "check_general_points",
    "month_score",
    # the year's outcome
    "DISCIPLINE_FORMS_KHT",
    "PeriodFact",
    "DisciplineFact",
    "AnnualOutcome",
    "kht_overrides",
    "conduct_kht_reasons",
    "annual_outcome",
    # caps and units
    "UNIT_HTXS_EXCEEDING_SHARE",
    "UNIT_HT_LATE_SHARE",
    "UNIT_KHT_DONE_SHARE",
    "CapCheck",
    "htxs_cap",
    "head_within_unit",
    "UnitFacts",
    "check_unit_facts",
    "unit_level",
    "unit_htxs_cap",
]


# ---------------------------------------------------------------- a month's points
@dataclass(frozen=True)
class WorkLine:
    """Work of one kind assigned in the month and what became of it."""

    name: str
    assigned: Decimal
    completed: Decimal = ZERO
    late: Decimal = ZERO
    quality_failed: Decimal = ZERO
    objective_cause: bool = False
    conversion_factor: Decimal = ONE
    unit_of_measure: str = ""


@dataclass(frozen=True)
class KeyResultLine:
    title: str
    progress: Decimal  # 0..1 (a stretch may exceed 1; counted up to 1)
    weight: Decimal = ONE


@dataclass(frozen=True)
class LineResult:
    name: str
    assigned_units: Decimal
    completed_units: Decimal
    item_points: Decimal  # the line's share of the work points, all done on time
    earned: Decimal  # for what was completed, before deductions
    deduction: Decimal
    points: Decimal
    sentence: str


@dataclass(frozen=True)
class MonthScore:
    general_points: Decimal
    result_points: Decimal
    total: Decimal
    level: str
    assigned_units: Decimal
    completed_units: Decimal
    completion_share: Decimal | None
    work_points: Decimal
    kr_points: Decimal
    lines: tuple[LineResult, ...] = ()
    explanation: tuple[str, ...] = ()


def check_work_line(line: WorkLine) -> None:
    """Refuse impossible quantities with a Vietnamese message."""
    named = f"“{line.name}”"
    for label, value in (
        ("giao", line.assigned),
        ("hoàn thành", line.completed),
        ("chậm tiến độ", line.late),
        ("không đạt chất lượng", line.quality_failed),
    ):
        if dec(value) < 0:
            raise ScoringError(f"{named}: số lượng {label} không được âm.", field="assigned")
    if dec(line.conversion_factor) <= 0:
        raise ScoringError(f"{named}: hệ số quy đổi phải lớn hơn 0.", field="conversion_factor")
    if dec(line.late) > dec(line.completed):
        raise ScoringError(
            f"{named}: số việc chậm tiến độ ({fmt(line.late)}) không được lớn hơn số việc "
            f"hoàn thành ({fmt(line.completed)}).",
            field="late",
        )
    if dec(line.quality_failed) > dec(line.completed):
        raise ScoringError(
            f"{named}: số việc không đạt yêu cầu chất lượng ({fmt(line.quality_failed)}) "
            f"không được lớn hơn số việc hoàn thành ({fmt(line.completed)}).",
            field="quality_failed",
        )


def _line_result(line: WorkLine, *, item_points: Decimal, share: Decimal) -> LineResult:
    assigned, completed = dec(line.assigned), dec(line.completed)
    late, failed = dec(line.late), dec(line.quality_failed)
    factor = dec(line.conversion_factor)
    assigned_units, completed_units = assigned * factor, completed * factor
    ratio = min(completed / assigned, ONE)
    earned = item_points * ratio
    per_unit = item_points / assigned
    faults = late + failed
    deduction = ZERO if line.objective_cause else min(earned, share * per_unit * faults)
    uom = f" {line.unit_of_measure}" if line.unit_of_measure else ""
    sentence = f"{line.name}: hoàn thành {fmt(completed)}/{fmt(assigned)}{uom}"
    if factor != ONE:
        sentence += f" (quy đổi {fmt(completed_units)}/{fmt(assigned_units)})"
    sentence += f" → {fmt(earned)} điểm"
    if completed > assigned:
        sentence += " (vượt khối lượng giao, tính tối đa 100%)"
    if faults:
        what = []
        if late:
            what.append(f"{fmt(late)} lần chậm tiến độ")
        if failed:
            what.append(f"{fmt(failed)} lần không đạt yêu cầu chất lượng")
        if line.objective_cause:
            sentence += f"; {', '.join(what)} do nguyên nhân khách quan: không trừ điểm"
        else:
            each = "trừ" if faults == 1 else "mỗi lần trừ"
            sentence += (
                f"; {', '.join(what)} {each} {fmt_percent(share)} điểm của việc đó: "
                f"{fmt(-deduction) if deduction else '0'}"
            )
            if deduction == earned and earned > 0 and share * per_unit * faults > earned:
                sentence += " (trừ tối đa bằng số điểm của việc)"
    return LineResult(
        name=line.name,
        assigned_units=assigned_units,
        completed_units=completed_units,
        item_points=item_points,
        earned=earned,
        deduction=deduction,
        points=earned - deduction,
        sentence=sentence,
    )


def work_points(
    lines: Sequence[WorkLine], *, available: Decimal, params: Params = DEFAULT
) -> tuple[Decimal, tuple[LineResult, ...], Decimal, Decimal]:
    """Points out of `available` from converted work: each kind of work weighs its converted
    units assigned. Returns (points, per-line results, units assigned, units completed)."""
    for line in lines:
        check_work_line(line)
    counted = [line for line in lines if dec(line.assigned) > 0]
    total_units = sum((dec(x.assigned) * dec(x.conversion_factor) for x in counted), ZERO)
    results = tuple(
        _line_result(
            line,
            item_points=available * dec(line.assigned) * dec(line.conversion_factor) / total_units,
            share=params.deduction_share,
        )
        for line in counted
    )
    completed_units = sum(
        (min(dec(x.completed), dec(x.assigned)) * dec(x.conversion_factor) for x in counted), ZERO
    )
    return sum((r.points for r in results), ZERO), results, total_units, completed_units


def kr_points(
    key_results: Sequence[KeyResultLine], *, available: Decimal
) -> tuple[Decimal, tuple[str, ...]]:
    """Points out of `available` from the weighted mean progress of the key results."""
    if not key_results:
        return ZERO, ()
    weight = sum((dec(kr.weight) for kr in key_results), ZERO)
    if weight <= 0:
        raise ScoringError("Trọng số của kết quả then chốt phải lớn hơn 0.", field="key_results")
    mean = (
        sum((dec(kr.weight) * min(max(dec(kr.progress), ZERO), ONE) for kr in key_results), ZERO)
        / weight
    )
    earned = available * mean
    sentences = [f"KR “{kr.title}”: tiến độ {fmt_percent(dec(kr.progress))}" for kr in key_results]
    sentences.append(
        f"Kết quả then chốt ({len(key_results)} KR, tiến độ bình quân {fmt_percent(mean)}) "
        f"→ {fmt(earned)}/{fmt(available)} điểm"
    )
    return earned, tuple(sentences)


def check_general_points(value, params: Params = DEFAULT) -> Decimal:
    number = dec(value)
    if not number.is_finite() or not (ZERO <= number <= params.general_points_max):
        raise ScoringError(
            f"Điểm tiêu chí chung phải từ 0 đến {fmt(params.general_points_max)}; "
            f"đã nhập {fmt(number) if number.is_finite() else value}.",
            field="general_points",
        )
    return number


def month_score(
    *,
    general_points,
    work: Sequence[WorkLine] = (),
    key_results: Sequence[KeyResultLine] = (),
    params: Params = DEFAULT,
) -> MonthScore:
    """A month's (or quarter's) score on the 30 + 70 scale, every step explained."""
    general = check_general_points(general_points, params)
    result_max = params.result_points_max
    has_work = any(dec(line.assigned) > 0 for line in work)
    for line in work:
        check_work_line(line)
    explanation = [
        f"Tiêu chí chung: {fmt(general)}/{fmt(params.general_points_max)} điểm (thủ trưởng chấm)"
    ]
    if has_work and key_results:
        kr_available = result_max * params.kr_share
        work_available = result_max - kr_available
        explanation.append(
            f"{fmt(result_max)} điểm kết quả: {fmt(work_available)} điểm từ khối lượng công việc "
            f"quy đổi, {fmt(kr_available)} điểm từ kết quả then chốt "
            f"(tỷ trọng {fmt_percent(params.kr_share)})"
        )
    elif has_work:
        work_available, kr_available = result_max, ZERO
        explanation.append(
            f"Không có kết quả then chốt trong kỳ: {fmt(result_max)} điểm kết quả tính từ khối "
            "lượng công việc quy đổi"
        )
    elif key_results:
        work_available, kr_available = ZERO, result_max
        explanation.append(
            f"Không có công việc được giao trong kỳ: {fmt(result_max)} điểm kết quả tính từ kết "
            "quả then chốt"
        )
    else:
        work_available = kr_available = ZERO
        explanation.append(
            "Không có công việc được giao hay kết quả then chốt nào trong kỳ: 0 điểm kết quả"
        )

    work_earned, lines, assigned_units, completed_units = (
        work_points(work, available=work_available, params=params)
        if has_work
        else (ZERO, (), ZERO, ZERO)
    )
    explanation.extend(r.sentence for r in lines)
    if has_work:
        share = completed_units / assigned_units
        explanation.append(
            f"Khối lượng quy đổi: hoàn thành {fmt(completed_units)}/{fmt(assigned_units)} "
            f"({fmt_percent(share)}) → {fmt(work_earned)}/{fmt(work_available)} điểm"
        )
    else:
        share = None
    kr_earned, kr_sentences = kr_points(key_results, available=kr_available)
    explanation.extend(kr_sentences)

    result = min(points(work_earned + kr_earned), result_max)
    total = general + result
    level, level_reason = level_for(total, params)
    explanation.append(f"Tổng: {fmt(general)} + {fmt(result)} = {level_reason}")
    return MonthScore(
        general_points=general,
        result_points=result,
        total=total,
        level=level,
        assigned_units=assigned_units,
        completed_units=completed_units,
        completion_share=share,
        work_points=work_earned,
        kr_points=kr_earned,
        lines=lines,
        explanation=tuple(explanation),
    )
