"""Goals and key results: programmes and national indicators, the goal cascade, key
results, check-ins, daily work, change proposals, nightly figures and fieldwork."""

from .decimals import DECIMAL, PROGRESS
from .fieldwork import FieldVisit, GoodPractice
from .goals import (
    CheckIn,
    Goal,
    GoalChangeProposal,
    KeyResult,
    KeyResultTarget,
    evidence_path,
)
from .programmes import GoalTemplate, Indicator, IndicatorValue, Program
from .stats import CheckInDailyCount, CycleTimeStat, ProgressSnapshot
from .work import DailyLog, Task

__all__ = [
    "DECIMAL",
    "PROGRESS",
    "CheckIn",
    "CheckInDailyCount",
    "CycleTimeStat",
    "DailyLog",
    "FieldVisit",
    "Goal",
    "GoalChangeProposal",
    "GoalTemplate",
    "GoodPractice",
    "Indicator",
    "IndicatorValue",
    "KeyResult",
    "KeyResultTarget",
    "Program",
    "ProgressSnapshot",
    "Task",
    "evidence_path",
]
