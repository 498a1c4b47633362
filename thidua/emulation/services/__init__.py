"""Writes for emulation, one module per area: movements, ratings, records."""
