"""Sizes of the goals models' decimal fields: measured values and progress ratios."""

DECIMAL = {"max_digits": 20, "decimal_places": 4}
PROGRESS = {"max_digits": 9, "decimal_places": 4}
