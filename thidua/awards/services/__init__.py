"""Writes for awards, one module per area: proposals and council, registry and decisions."""
