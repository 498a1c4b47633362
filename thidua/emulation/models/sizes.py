"""Decimal sizes shared by the emulation models' points and quantity fields."""

POINTS = {"max_digits": 7, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 2}
