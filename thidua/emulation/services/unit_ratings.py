"""Writes for unit ratings: the year's facts and the computed level (NĐ 233/2026 art. 7),
then the office's confirmation within the cap and never below a head rated higher."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core.audit import audit_change, snapshot
from thidua.core.transitions import Flow, transition
from thidua.org.models import Unit

from .. import rules, scoring
from ..choices import EmulationAudit, RatingStatus
from ..models import (
    AnnualRating,
    UnitRating,
)
from ..selectors.ratings import rating_params, unit_cap_for
from .rating_checks import (
    UNIT_RATING_AUDITED,
    _check_level,
    _invalid,
    _number,
    _require,
    heads_of,
)

# A unit's level is confirmed once by the office (computed again only while a draft).
UNIT_RATING_FLOW = Flow(
    "emulation.UnitRating",
    {(RatingStatus.DRAFT, RatingStatus.APPROVED): EmulationAudit.UNIT_RATING_SET},
)


# ---------------------------------------------------------------- unit ratings
def _unit_facts(unit_rating: UnitRating) -> scoring.UnitFacts:
    sub_levels = tuple(
        UnitRating.objects.filter(unit__parent=unit_rating.unit, year=unit_rating.year)
        .exclude(level="")
        .values_list("level", flat=True)
    )
    return scoring.UnitFacts(
        score=unit_rating.score,
        tasks_total=unit_rating.tasks_total,
        tasks_done=unit_rating.tasks_done,
        tasks_on_time=unit_rating.tasks_on_time,
        tasks_exceeding=unit_rating.tasks_exceeding,
        sub_unit_levels=sub_levels,
    )


@transaction.atomic
def unit_rating_compute(
    *,
    actor,
    unit: Unit,
    year: int,
    score,
    tasks_total: int,
    tasks_done: int,
    tasks_on_time: int,
    tasks_exceeding: int,
    outstanding: bool = False,
) -> UnitRating:
    """Record a unit's facts for the year and compute its level (NĐ 233/2026 art. 7); the
    office confirms the level with unit_rating_set."""
    _require(rules.can_rate_units(actor), "Chỉ bộ phận thi đua – khen thưởng xếp loại đơn vị.")
    existing = UnitRating.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is not None and existing.status != RatingStatus.DRAFT:
        raise ValidationError(
            f"Xếp loại năm {year} của {unit} đã được xác nhận ({existing.level}): không tính lại."
        )
    numbers = {
        "tasks_total": tasks_total,
        "tasks_done": tasks_done,
        "tasks_on_time": tasks_on_time,
        "tasks_exceeding": tasks_exceeding,
    }
    counts = {}
    for field, value in numbers.items():
        number = _number(value, field=field)
        if number != number.to_integral_value():
            raise ValidationError({field: "Số nhiệm vụ phải là số nguyên."})
        counts[field] = int(number)
    draft = UnitRating(
        unit=unit, year=year, score=_number(score, field="score"), outstanding=outstanding, **counts
    )
    facts = _unit_facts(draft)
    try:
        level, reasons = scoring.unit_level(facts, rating_params(year=year))
    except scoring.ScoringError as exc:
        raise _invalid(exc) from None
    if level == scoring.HTXS:
        reasons = (*reasons, unit_cap_for(unit=unit, year=year, level=level).message)
    defaults = {
        "score": scoring.points(draft.score),
        "outstanding": bool(outstanding),
        "level": level,
        "reasons": list(reasons),
        **counts,
    }
    before = snapshot(existing, UNIT_RATING_AUDITED)
    rating, _created = UnitRating.objects.update_or_create(unit=unit, year=year, defaults=defaults)
    audit_change(
        actor=actor,
        action=EmulationAudit.UNIT_RATING_COMPUTED,
        target=rating,
        before=before,
        after=snapshot(rating, UNIT_RATING_AUDITED),
        year=year,
        level=level,
        score=str(defaults["score"]),
        **counts,
    )
    return rating


@transaction.atomic
def unit_rating_set(*, actor, unit_rating: UnitRating, level: str, note: str = "") -> UnitRating:
    """Confirm a unit's level: never above what its facts support, within the cap among
    the units under the same parent, and never below a head already rated higher."""
    _require(rules.can_rate_units(actor), "Chỉ bộ phận thi đua – khen thưởng xếp loại đơn vị.")
    if unit_rating.status != RatingStatus.DRAFT:
        raise ValidationError(
            f"Xếp loại năm {unit_rating.year} của {unit_rating.unit} đã được xác nhận."
        )
    level = _check_level(level)
    computed, _reasons = scoring.unit_level(
        _unit_facts(unit_rating), rating_params(year=unit_rating.year)
    )
    if scoring.LEVEL_RANK[level] > scoring.LEVEL_RANK[computed]:
        raise ValidationError(
            {
                "level": f"Theo kết quả thực hiện nhiệm vụ, đơn vị chỉ đạt {computed}: không xếp {level}."
            }
        )
    unit = unit_rating.unit
    facts = []
    if level == scoring.HTXS:
        cap = unit_cap_for(unit=unit, year=unit_rating.year, level=level, lock=True)
        if not cap.ok:
            raise ValidationError({"level": cap.message})
        facts.append(cap.message)
    head_levels = [
        rated_level or proposed
        for rated_level, proposed in AnnualRating.objects.filter(
            person_id__in=heads_of(unit=unit), unit=unit, year=unit_rating.year
        ).values_list("level", "proposed_level")
    ]
    for head_level in filter(None, head_levels):
        ok, message = scoring.head_within_unit(head_level=head_level, unit_level=level)
        if not ok:
            raise ValidationError({"level": message})
    reasons = [
        *unit_rating.reasons,
        *facts,
        f"Bộ phận thi đua – khen thưởng xác nhận mức {scoring.level_label(level)}"
        + (f": {note.strip()}" if note.strip() else ""),
    ]
    return transition(
        unit_rating,
        flow=UNIT_RATING_FLOW,
        to=RatingStatus.APPROVED,
        actor=actor,
        also={"level": level, "reasons": reasons},
        audited=UNIT_RATING_AUDITED,
        level=level,
        computed_level=computed,
    )
