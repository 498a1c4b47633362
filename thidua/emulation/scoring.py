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
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .vocabulary import DISCIPLINE_NAMES, HT, HTT, HTXS, KHT, RATING_LEVELS, RATING_NAMES

LEVELS = RATING_LEVELS
LEVEL_RANK = {level: rank for rank, level in enumerate(reversed(RATING_LEVELS))}
LEVEL_NAMES = RATING_NAMES
# Disciplinary forms from khiển trách up (Luật CBCC, Luật VC): every form the law lists; a
# lighter "nhắc nhở" is not one.
DISCIPLINE_FORMS_KHT = DISCIPLINE_NAMES

CAP_BASE_HTT_OR_BETTER = "htt_or_better"
CAP_BASE_HTT_ONLY = "htt_only"
CAP_BASES = (CAP_BASE_HTT_OR_BETTER, CAP_BASE_HTT_ONLY)

# NĐ 233/2026 art. 7 (F): a unit rated HTXS has at least 30% of its tasks exceeding
# requirements; HT allows at most 20% late. Fixed by the decree, not agency settings.
UNIT_HTXS_EXCEEDING_SHARE = Decimal("0.3")
UNIT_HT_LATE_SHARE = Decimal("0.2")
UNIT_KHT_DONE_SHARE = Decimal("0.7")
# The band between "≥ 70% of plan" and "all tasks done" is not spelled out (M): HT or KHT.
UNIT_PARTIAL_PLAN_LEVELS = (HT, KHT)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class ScoringError(ValueError):
    """Input outside the scale. The message is Vietnamese; `field` names the input."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------- numbers and words
def dec(value) -> Decimal:
    """A Decimal from an int, str, float (through its text) or Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def points(value: Decimal) -> Decimal:
    """Rounded as stored: two decimals, half up."""
    return dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value, places: int = 2) -> str:
    """A number as Vietnamese writes it: 1.234,5 (no trailing zeros, at most `places`)."""
    number = dec(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "−" if number < 0 else ""
    text = format(abs(number).normalize(), "f")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def fmt_percent(fraction) -> str:
    return f"{fmt(dec(fraction) * HUNDRED, 1)}%"


def level_label(level: str) -> str:
    return f"{LEVEL_NAMES[level]} ({level})" if level in LEVEL_NAMES else "—"


def months_text(numbers: Iterable[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


# ---------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Params:
    """The agency's settings (legal defaults in law.py), as numbers."""

    general_points_max: Decimal = Decimal(30)
    result_points_max: Decimal = Decimal(70)
    deduction_share: Decimal = Decimal("0.25")
    kr_share: Decimal = Decimal("0.3")
    level_htxs_min: Decimal = Decimal(90)
    level_htt_min: Decimal = Decimal(70)
    level_ht_min: Decimal = Decimal(50)
    htxs_cap_percent: Decimal = Decimal(20)
    htxs_cap_exception_percent: Decimal = Decimal(25)
    htxs_cap_exception_needs_unit_htxs: bool = True
    htxs_cap_base: str = CAP_BASE_HTT_OR_BETTER
    unit_htxs_cap_percent: Decimal = Decimal(20)
    unit_small_group_size: int = 5
    appeal_days: int = 10
    # NĐ 233/2026 art. 7 leaves a band unnamed: a unit that is not KHT by its own conditions
    # (score ≥ the HT minimum and ≥ 70% of the plan done) and meets HT but for "all tasks
    # done". The level it gets is an agency setting (M), HT by default.
    unit_partial_plan_level: str = HT

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> "Params":
        """From `agency_settings.values("emulation.")` (keys with or without the prefix)."""
        v = {k.removeprefix("emulation."): val for k, val in values.items()}
        d = cls()

        def num(key: str, default: Decimal) -> Decimal:
            return dec(v[key]) if v.get(key) is not None else default

        base = str(v.get("htxs_cap_base") or d.htxs_cap_base)
        return cls(
            general_points_max=num("general_points_max", d.general_points_max),
            result_points_max=num("result_points_max", d.result_points_max),
            deduction_share=num("deduction_share", d.deduction_share),
            kr_share=num("kr_share_of_result_points", d.kr_share),
            level_htxs_min=num("level_htxs_min", d.level_htxs_min),
            level_htt_min=num("level_htt_min", d.level_htt_min),
            level_ht_min=num("level_ht_min", d.level_ht_min),
            htxs_cap_percent=num("htxs_cap_percent", d.htxs_cap_percent),
            htxs_cap_exception_percent=num(
                "htxs_cap_exception_percent", d.htxs_cap_exception_percent
            ),
            htxs_cap_exception_needs_unit_htxs=bool(
                v.get("htxs_cap_exception_needs_unit_htxs", d.htxs_cap_exception_needs_unit_htxs)
            ),
            htxs_cap_base=base if base in CAP_BASES else d.htxs_cap_base,
            unit_htxs_cap_percent=num("unit_htxs_cap_percent", d.unit_htxs_cap_percent),
            unit_small_group_size=int(num("unit_small_group_size", dec(d.unit_small_group_size))),
            appeal_days=int(num("appeal_days", dec(d.appeal_days))),
            unit_partial_plan_level=(
                str(v["unit_partial_plan_level"])
                if v.get("unit_partial_plan_level") in UNIT_PARTIAL_PLAN_LEVELS
                else d.unit_partial_plan_level
            ),
        )

    @property
    def max_total(self) -> Decimal:
        return self.general_points_max + self.result_points_max


DEFAULT = Params()


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


# ---------------------------------------------------------------- levels
def level_for(score, params: Params = DEFAULT) -> tuple[str, str]:
    """The level a score earns, and why."""
    s = dec(score)
    if not (ZERO <= s <= params.max_total):
        raise ScoringError(
            f"Điểm phải từ 0 đến {fmt(params.max_total)}; đã có {fmt(s)}.", field="score"
        )
    if s >= params.level_htxs_min:
        level, why = HTXS, f"từ {fmt(params.level_htxs_min)} điểm trở lên"
    elif s >= params.level_htt_min:
        level, why = HTT, f"từ {fmt(params.level_htt_min)} đến dưới {fmt(params.level_htxs_min)}"
    elif s >= params.level_ht_min:
        level, why = HT, f"từ {fmt(params.level_ht_min)} đến dưới {fmt(params.level_htt_min)}"
    else:
        level, why = KHT, f"dưới {fmt(params.level_ht_min)} điểm"
    return level, f"{fmt(s)} điểm ({why}) → {level_label(level)}"


@dataclass(frozen=True)
class PeriodFact:
    number: int  # month (or quarter)
    total: Decimal
    unit_name: str = ""


@dataclass(frozen=True)
class DisciplineFact:
    form: str
    for_duty_violation: bool
    decided_on: date
    decision_number: str = ""


@dataclass(frozen=True)
class AnnualOutcome:
    score: Decimal | None
    computed_level: str  # from the score ("" when there is none)
    level: str  # after the overrides ("" when the head must choose)
    overridden: bool
    reasons: tuple[str, ...] = field(default=())


def _discipline_text(d: DisciplineFact) -> str:
    name = DISCIPLINE_FORMS_KHT.get(d.form, d.form)
    number = f" số {d.decision_number}" if d.decision_number else ""
    return f"kỷ luật {name} (quyết định{number} ngày {d.decided_on:%d/%m/%Y})"


def kht_overrides(*, year: int, disciplines: Sequence[DisciplineFact]) -> list[str]:
    """Why the year must be KHT whatever the score: discipline from khiển trách up, decided
    in the year, for a violation in performing duties."""
    return [
        f"Bị {_discipline_text(d)} do vi phạm khi thực thi nhiệm vụ trong năm {year}"
        for d in disciplines
        if d.decided_on.year == year and d.form in DISCIPLINE_FORMS_KHT and d.for_duty_violation
    ]


def conduct_kht_reasons(
    *, year: int, degradation: bool = False, corruption_waste: bool = False, note: str = ""
) -> list[str]:
    """Why the year must be KHT whatever the score, from the facts recorded on the rating:
    a conclusion of degradation in political ideology, ethics or lifestyle; for a leader,
    corruption or waste in an agency or unit under their direct charge."""
    source = f" ({note.strip()})" if note.strip() else ""
    reasons = []
    if degradation:
        reasons.append(
            f"Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống trong năm {year}"
            f"{source}"
        )
    if corruption_waste:
        reasons.append(
            "Là người lãnh đạo, để xảy ra tham nhũng, lãng phí tại cơ quan, đơn vị do mình "
            f"trực tiếp phụ trách trong năm {year}{source}"
        )
    return reasons


def annual_outcome(
    *,
    year: int,
    periods: Sequence[PeriodFact],
    disciplines: Sequence[DisciplineFact] = (),
    params: Params = DEFAULT,
    point_scale: bool = True,
    rating_unit_name: str = "",
    extra_kht_reasons: Sequence[str] = (),
    degradation: bool = False,
    corruption_waste: bool = False,
    conduct_note: str = "",
) -> AnnualOutcome:
    """The year's score (mean of the period scores, whichever unit gave them), its level and
    the overrides that force KHT."""
    reasons: list[str] = []
    score: Decimal | None = None
    computed = ""
    if periods:
        score = points(sum((dec(p.total) for p in periods), ZERO) / len(periods))
        reasons.append(
            f"Điểm bình quân {len(periods)} kỳ (tháng {months_text(p.number for p in periods)}): "
            f"{fmt(score)} điểm"
        )
        by_unit: dict[str, list[int]] = {}
        for p in periods:
            by_unit.setdefault(p.unit_name, []).append(p.number)
        if len(by_unit) > 1:
            parts = "; ".join(
                f"tháng {months_text(ns)} do {u or '—'} chấm" for u, ns in by_unit.items()
            )
            reasons.append(
                f"Chuyển công tác trong năm: {parts}. Đơn vị hiện tại"
                f"{f' ({rating_unit_name})' if rating_unit_name else ''} đánh giá, dùng cả điểm "
                "tháng của đơn vị cũ"
            )
        computed, why = level_for(score, params)
        reasons.append(f"Mức theo điểm: {why}")
    elif point_scale:
        reasons.append(f"Chưa có điểm tháng nào của năm {year}: chưa tính được mức theo điểm")
    else:
        reasons.append(
            f"Năm {year} theo quy định trước năm 2026 (NĐ 90/2020, NĐ 48/2023): không chấm điểm "
            "theo thang 100; thủ trưởng đề xuất mức xếp loại"
        )

    overrides = [
        *extra_kht_reasons,
        *kht_overrides(year=year, disciplines=disciplines),
        *conduct_kht_reasons(
            year=year, degradation=degradation, corruption_waste=corruption_waste, note=conduct_note
        ),
    ]
    reasons.extend(
        f"Có {_discipline_text(d)} nhưng không do vi phạm khi thực thi nhiệm vụ: "
        "không bắt buộc xếp loại Không hoàn thành"
        for d in disciplines
        if d.decided_on.year == year and d.form in DISCIPLINE_FORMS_KHT and not d.for_duty_violation
    )
    level = computed
    if overrides:
        level = KHT
        reasons.extend(f"{text} → {level_label(KHT)}" for text in overrides)

    return AnnualOutcome(
        score=score,
        computed_level=computed,
        level=level,
        overridden=bool(overrides) and computed != KHT,
        reasons=tuple(reasons),
    )


# ---------------------------------------------------------------- caps
@dataclass(frozen=True)
class CapCheck:
    ok: bool
    allowed: int
    proposed: int
    base: int
    percent: Decimal
    exception: bool
    message: str
    reasons: tuple[str, ...] = ()


def _floor_share(percent: Decimal, base: int) -> int:
    return int((dec(percent) * base / HUNDRED).to_integral_value(rounding=ROUND_FLOOR))


def htxs_cap(
    *,
    levels: Sequence[str],
    unit_level: str = "",
    unit_outstanding: bool = False,
    params: Params = DEFAULT,
    group_name: str = "",
) -> CapCheck:
    """Whether a group's proposed levels keep HTXS within the cap (per unit, and per group of
    people with similar tasks). The 25% exception applies when the unit itself is rated HTXS
    (or, if the agency setting says the unit's HTXS is not required, when it is marked as
    having outstanding results)."""
    proposed = sum(1 for x in levels if x == HTXS)
    if params.htxs_cap_base == CAP_BASE_HTT_ONLY:
        base = sum(1 for x in levels if x == HTT)
        base_text = "người xếp loại HTT"
    else:
        base = sum(1 for x in levels if x in (HTT, HTXS))
        base_text = "người HTT trở lên"
    unit_htxs = unit_level == HTXS
    exception = (
        unit_htxs if params.htxs_cap_exception_needs_unit_htxs else (unit_htxs or unit_outstanding)
    )
    percent = params.htxs_cap_exception_percent if exception else params.htxs_cap_percent
    allowed = _floor_share(percent, base)
    ok = proposed <= allowed
    where = f" của {group_name}" if group_name else ""
    counts = f"tối đa {allowed} ({fmt(percent)}% của {base} {base_text})"
    message = (
        f"Tỷ lệ HTXS{where}: đề xuất {proposed}, {counts}"
        if ok
        else f"Vượt tỷ lệ HTXS{where}: đã đề xuất {proposed}, {counts}"
    )
    reasons = [message]
    if exception:
        trigger = (
            "đơn vị được xếp loại HTXS" if unit_htxs else "đơn vị có thành tích xuất sắc, nổi trội"
        )
        reasons.append(f"Áp dụng tỷ lệ ngoại lệ {fmt(percent)}% vì {trigger}")
    return CapCheck(
        ok=ok,
        allowed=allowed,
        proposed=proposed,
        base=base,
        percent=percent,
        exception=exception,
        message=message,
        reasons=tuple(reasons),
    )


def head_within_unit(*, head_level: str, unit_level: str) -> tuple[bool, str]:
    """A head is never rated above their unit (NĐ 233/2026 art. 12.7)."""
    if not unit_level or not head_level:
        return True, "Đơn vị chưa được xếp loại: chưa so sánh mức của người đứng đầu"
    if LEVEL_RANK[head_level] > LEVEL_RANK[unit_level]:
        return False, (
            f"Người đứng đầu không được xếp loại cao hơn đơn vị: đơn vị xếp loại {unit_level}, "
            f"đề xuất {head_level}"
        )
    return True, f"Người đứng đầu xếp loại {head_level}, không cao hơn đơn vị ({unit_level})"


# ---------------------------------------------------------------- units
@dataclass(frozen=True)
class UnitFacts:
    score: Decimal
    tasks_total: int
    tasks_done: int
    tasks_on_time: int
    tasks_exceeding: int
    sub_unit_levels: tuple[str, ...] = ()


def check_unit_facts(facts: UnitFacts, params: Params = DEFAULT) -> None:
    score = dec(facts.score)
    if not (ZERO <= score <= params.max_total):
        raise ScoringError(
            f"Điểm của đơn vị phải từ 0 đến {fmt(params.max_total)}; đã nhập {fmt(score)}.",
            field="score",
        )
    if min(facts.tasks_total, facts.tasks_done, facts.tasks_on_time, facts.tasks_exceeding) < 0:
        raise ScoringError("Số nhiệm vụ không được âm.", field="tasks_total")
    if facts.tasks_total == 0:
        raise ScoringError("Kế hoạch phải có ít nhất một nhiệm vụ.", field="tasks_total")
    if facts.tasks_done > facts.tasks_total:
        raise ScoringError(
            f"Số nhiệm vụ hoàn thành ({facts.tasks_done}) không được lớn hơn số nhiệm vụ trong "
            f"kế hoạch ({facts.tasks_total}).",
            field="tasks_done",
        )
    for name, value, label in (
        ("tasks_on_time", facts.tasks_on_time, "đúng hạn"),
        ("tasks_exceeding", facts.tasks_exceeding, "vượt yêu cầu"),
    ):
        if value > facts.tasks_done:
            raise ScoringError(
                f"Số nhiệm vụ {label} ({value}) không được lớn hơn số nhiệm vụ hoàn thành "
                f"({facts.tasks_done}).",
                field=name,
            )


def unit_level(facts: UnitFacts, params: Params = DEFAULT) -> tuple[str, tuple[str, ...]]:
    """A unit's level per NĐ 233/2026 art. 7: the highest level whose every condition is met."""
    check_unit_facts(facts, params)
    s, total = dec(facts.score), facts.tasks_total
    done_share = dec(facts.tasks_done) / total
    on_time_share = dec(facts.tasks_on_time) / total
    exceeding_share = dec(facts.tasks_exceeding) / total
    late_share = dec(facts.tasks_done - facts.tasks_on_time) / total
    sub_kht = sum(1 for x in facts.sub_unit_levels if x == KHT)
    all_done = facts.tasks_done == total
    reasons = [
        f"Điểm {fmt(s)}; hoàn thành {facts.tasks_done}/{total} nhiệm vụ "
        f"({fmt_percent(done_share)}), đúng hạn {facts.tasks_on_time} "
        f"({fmt_percent(on_time_share)}), vượt yêu cầu {facts.tasks_exceeding} "
        f"({fmt_percent(exceeding_share)})"
    ]
    conditions = {
        HTXS: [
            (s >= params.level_htxs_min, f"điểm từ {fmt(params.level_htxs_min)}"),
            (facts.tasks_on_time == total, "100% nhiệm vụ đúng hạn"),
            (
                exceeding_share >= UNIT_HTXS_EXCEEDING_SHARE,
                f"từ {fmt_percent(UNIT_HTXS_EXCEEDING_SHARE)} nhiệm vụ vượt yêu cầu",
            ),
            (sub_kht == 0, "không có đơn vị trực thuộc xếp loại KHT"),
        ],
        HTT: [
            (s >= params.level_htt_min, f"điểm từ {fmt(params.level_htt_min)}"),
            (all_done, "hoàn thành 100% nhiệm vụ"),
        ],
        HT: [
            (s >= params.level_ht_min, f"điểm từ {fmt(params.level_ht_min)}"),
            (all_done, "hoàn thành 100% nhiệm vụ"),
            (
                late_share <= UNIT_HT_LATE_SHARE,
                f"không quá {fmt_percent(UNIT_HT_LATE_SHARE)} nhiệm vụ chậm tiến độ",
            ),
        ],
    }
    if sub_kht:
        reasons.append(f"Có {sub_kht} đơn vị trực thuộc xếp loại KHT")
    for level in (HTXS, HTT, HT):
        failed = [text for met, text in conditions[level] if not met]
        if not failed:
            met_text = "; ".join(text for _met, text in conditions[level])
            reasons.append(f"Đạt {level_label(level)}: {met_text}")
            return level, tuple(reasons)
        reasons.append(f"Không đạt {level}: thiếu {'; '.join(failed)}")
    why = []
    if s < params.level_ht_min:
        why.append(f"điểm dưới {fmt(params.level_ht_min)}")
    if done_share < UNIT_KHT_DONE_SHARE:
        why.append(f"hoàn thành dưới {fmt_percent(UNIT_KHT_DONE_SHARE)} kế hoạch")
    if not why and not all_done and late_share <= UNIT_HT_LATE_SHARE:
        # ≥ 70% of the plan but not all of it, otherwise HT: the band art. 7 does not name
        level = params.unit_partial_plan_level
        reasons.append(
            f"Điểm từ {fmt(params.level_ht_min)}, hoàn thành từ "
            f"{fmt_percent(UNIT_KHT_DONE_SHARE)} kế hoạch nhưng chưa hoàn thành toàn bộ nhiệm "
            "vụ: Nghị định 233/2026/NĐ-CP, Điều 7 không quy định rõ trường hợp này; theo cấu "
            f"hình của đơn vị (chưa xác minh) → {level_label(level)}"
        )
        return level, tuple(reasons)
    if not why:
        why.append("không đạt các điều kiện của mức Hoàn thành nhiệm vụ")
    reasons.append(f"→ {level_label(KHT)}: {'; '.join(why)}")
    return KHT, tuple(reasons)


def unit_htxs_cap(
    *,
    levels: Sequence[str],
    group_size: int,
    exceptional: bool = False,
    params: Params = DEFAULT,
    group_name: str = "",
) -> CapCheck:
    """Units rated HTXS ≤ 20% (25% exceptionally) of the units rated HTT or better in the
    group; in a group of fewer than `unit_small_group_size` units, one HTXS is allowed (and
    never more), even where the percentage rounds down to none."""
    proposed = sum(1 for x in levels if x == HTXS)
    base = sum(1 for x in levels if x in (HTT, HTXS))
    percent = params.htxs_cap_exception_percent if exceptional else params.unit_htxs_cap_percent
    small = group_size < params.unit_small_group_size
    allowed = min(1, base) if small else _floor_share(percent, base)
    ok = proposed <= allowed
    where = f" của {group_name}" if group_name else ""
    if small:
        counts = (
            f"tối đa {allowed} (nhóm {group_size} đơn vị, dưới {params.unit_small_group_size}: "
            "tối đa một đơn vị HTXS)"
        )
    else:
        counts = f"tối đa {allowed} ({fmt(percent)}% của {base} đơn vị HTT trở lên)"
    message = (
        f"Tỷ lệ đơn vị HTXS{where}: đề xuất {proposed}, {counts}"
        if ok
        else f"Vượt tỷ lệ đơn vị HTXS{where}: đã đề xuất {proposed}, {counts}"
    )
    return CapCheck(
        ok=ok,
        allowed=allowed,
        proposed=proposed,
        base=base,
        percent=percent,
        exception=exceptional,
        message=message,
        reasons=(message,),
    )
