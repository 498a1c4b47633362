"""Progress and at-risk arithmetic for key results: pure functions, no database."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .choices import Confidence, Direction, MetricType, RiskReason
from .constants import (
    BEHIND_SCHEDULE_THRESHOLD,
    CHECKIN_STALE_DAYS,
    PROGRESS_PLACES,
    STRETCH_PROGRESS_CAP,
)

ZERO, ONE = Decimal(0), Decimal(1)


def key_result_progress(
    *,
    baseline: Decimal,
    target: Decimal,
    value: Decimal | None,
    direction: str,
    metric_type: str,
    stretch: bool = False,
) -> Decimal:
    """Where `value` stands between baseline (0) and target (1).

    Works for both directions: a "lower is better" key result moving from 30 to 10 is half
    done at 20. Only a stretch key result may go past 1 (up to STRETCH_PROGRESS_CAP).
    """
    if value is None:
        return ZERO
    if metric_type == MetricType.MILESTONE:
        return ONE if value >= ONE else ZERO
    span = target - baseline
    if span == 0:
        reached = value >= target if direction == Direction.UP else value <= target
        return ONE if reached else ZERO
    if (direction == Direction.UP) != (span > 0):
        # A target on the wrong side of the baseline: measure distance moved the right way.
        span = -span
    fraction = (value - baseline) / span
    upper = STRETCH_PROGRESS_CAP if stretch else ONE
    return min(max(fraction, ZERO), upper).quantize(PROGRESS_PLACES)


def time_elapsed(*, start: date, end: date, today: date) -> Decimal:
    """Share of a period that has passed, 0..1."""
    if today <= start:
        return ZERO
    if today >= end:
        return ONE
    return (Decimal((today - start).days) / Decimal((end - start).days)).quantize(PROGRESS_PLACES)


@dataclass(frozen=True)
class RiskInput:
    progress: Decimal
    period_start: date
    period_end: date
    due_date: date | None
    last_checkin_on: date | None
    confidence: str
    started_on: date  # when tracking started (period start, or creation if later)


def risk_reasons(
    item: RiskInput,
    *,
    today: date,
    threshold: Decimal = BEHIND_SCHEDULE_THRESHOLD,
    stale_days: int = CHECKIN_STALE_DAYS,
) -> list[str]:
    """Why a key result is at risk (empty when it is not), each reason a RiskReason code."""
    reasons = []
    end = item.due_date or item.period_end
    if item.progress < ONE:
        expected = time_elapsed(start=item.period_start, end=end, today=today)
        if expected - item.progress > threshold:
            reasons.append(RiskReason.BEHIND_SCHEDULE)
    last = item.last_checkin_on or item.started_on
    # a key result already at its target is not waiting for a check-in
    if item.progress < ONE and today <= end and (today - last).days > stale_days:
        reasons.append(RiskReason.NO_RECENT_CHECKIN)
    if item.confidence == Confidence.OFF_TRACK:
        reasons.append(RiskReason.OFF_TRACK)
    if today > end and item.progress < ONE:
        reasons.append(RiskReason.OVERDUE)
    return [str(r) for r in reasons]
