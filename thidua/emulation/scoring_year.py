"""The year's outcome (scoring.py re-exports it): the mean of the period scores, the level
it earns, and the facts that make the year KHT whatever the score (F) — discipline from khiển
trách up for a duty violation in the year; a conclusion of political, ethical or lifestyle
degradation; for a leader, corruption or waste in a unit under their direct charge.

No Django import, as for the rest of the arithmetic.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .scoring_scale import (
    DEFAULT,
    ZERO,
    Params,
    dec,
    fmt,
    level_for,
    level_label,
    months_text,
    points,
)
from .vocabulary import DISCIPLINE_NAMES, KHT

# Disciplinary forms from khiển trách up (Luật CBCC, Luật VC): every form the law lists; a
# lighter "nhắc nhở" is not one.
DISCIPLINE_FORMS_KHT = DISCIPLINE_NAMES


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
