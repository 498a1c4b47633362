"""Where a national indicator should stand on a date: the straight line from its baseline
(value, date) to its target (value, deadline). Pure Python, no Django import."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# The values of choices.Direction, spelled out so this module imports nothing from Django.
UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Trajectory:
    baseline_value: Decimal
    baseline_on: date
    target_value: Decimal
    target_on: date
    direction: str = UP

    def expected_on(self, on: date) -> Decimal:
        """The value on the line at `on`: the baseline before it starts, the target after
        the deadline."""
        if on >= self.target_on:
            return Decimal(self.target_value)
        if on <= self.baseline_on:
            return Decimal(self.baseline_value)
        elapsed = Decimal((on - self.baseline_on).days) / Decimal(
            (self.target_on - self.baseline_on).days
        )
        return self.baseline_value + (self.target_value - self.baseline_value) * elapsed

    def is_behind(self, *, value: Decimal, on: date) -> bool:
        """A value measured on `on` lies on the wrong side of the line: below it when higher
        is better, above it when lower is better. On the line is not behind."""
        expected = self.expected_on(on)
        return value > expected if self.direction == DOWN else value < expected
