"""Reads for awards, one module per area."""
