"""The goals models, moved from thidua/goals/models.py into this package (then split)."""

from .goals import *  # noqa: F403
