"""National indicators in the monthly review: their latest values against the trajectory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from .choices import Direction
from .models import Indicator, IndicatorValue
from .trajectory import Trajectory


def trajectory_value(
    *, on: date, baseline_on: date, baseline_value: Decimal, target_on: date, target_value: Decimal
) -> Decimal:
    """The value the straight line from baseline to target reaches on a date."""
    return Trajectory(baseline_value, baseline_on, target_value, target_on).expected_on(on)


def is_behind_trajectory(
    *,
    value: Decimal,
    on: date,
    baseline_on: date,
    baseline_value: Decimal,
    target_on: date,
    target_value: Decimal,
    direction: str,
) -> bool:
    """Whether a measured value lies on the wrong side of the trajectory on its date."""
    line = Trajectory(baseline_value, baseline_on, target_value, target_on, direction)
    return line.is_behind(value=value, on=on)


@dataclass(frozen=True)
class IndicatorStatus:
    indicator_id: int
    name: str
    unit_of_measure: str
    direction: str
    baseline_value: Decimal
    baseline_on: date
    target_value: Decimal
    target_on: date
    value: Decimal | None  # latest measured value on or before month end
    measured_on: date | None
    expected: Decimal | None  # the trajectory on the measurement date
    is_behind: bool
    is_illustrative: bool

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)


def indicator_statuses(*, program_ids: list[int], end: date) -> list[tuple[int, IndicatorStatus]]:
    """Each indicator with its latest value on or before month end, judged against its
    trajectory. One query."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"), measured_on__lte=end).order_by(
        "-measured_on"
    )
    indicators = (
        Indicator.objects.filter(program_id__in=program_ids)
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
        )
        .order_by("program_id", "id")
    )
    result = []
    for ind in indicators:
        value = None if ind.latest_value is None else Decimal(ind.latest_value)
        line = {
            "baseline_on": ind.baseline_on,
            "baseline_value": ind.baseline_value,
            "target_on": ind.target_on,
            "target_value": ind.target_value,
        }
        expected, behind = None, False
        if value is not None:
            expected = _like(trajectory_value(on=ind.latest_on, **line), ind, value)
            behind = is_behind_trajectory(
                value=value, on=ind.latest_on, direction=ind.direction, **line
            )
        result.append(
            (
                ind.program_id,
                IndicatorStatus(
                    indicator_id=ind.pk,
                    name=ind.name,
                    unit_of_measure=ind.unit_of_measure,
                    direction=ind.direction,
                    value=value,
                    measured_on=ind.latest_on,
                    expected=expected,
                    is_behind=behind,
                    is_illustrative=ind.is_illustrative,
                    **line,
                ),
            )
        )
    return result


def _like(expected: Decimal, ind: Indicator, value: Decimal) -> Decimal:
    """The trajectory value rounded as finely as the indicator's own figures (1 to 4 places)."""
    places = max(
        -Decimal(n).normalize().as_tuple().exponent
        for n in (ind.baseline_value, ind.target_value, value)
    )
    return expected.quantize(Decimal(1).scaleb(-min(max(places, 1), 4)))
