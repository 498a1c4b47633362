"""What is decided within a unit or a group (scoring.py re-exports it): how many HTXS a unit
or a group with similar tasks may have (`htxs_cap`, `unit_htxs_cap`), a head never rated
above their unit (`head_within_unit`), and a unit's own level per NĐ 233/2026 art. 7 with
the small-group rule (`unit_level`).

No Django import, as for the rest of the arithmetic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .scoring_scale import (
    CAP_BASE_HTT_ONLY,
    DEFAULT,
    HUNDRED,
    LEVEL_RANK,
    ZERO,
    Params,
    ScoringError,
    dec,
    fmt,
    fmt_percent,
    level_label,
)
from .vocabulary import HT, HTT, HTXS, KHT

# NĐ 233/2026 art. 7 (F): a unit rated HTXS has at least 30% of its tasks exceeding
# requirements; HT allows at most 20% late. Fixed by the decree, not agency settings.
UNIT_HTXS_EXCEEDING_SHARE = Decimal("0.3")
UNIT_HT_LATE_SHARE = Decimal("0.2")
UNIT_KHT_DONE_SHARE = Decimal("0.7")


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
