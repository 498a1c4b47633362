"""Emulation and evaluation models, one module per reason to change, all re-exported here."""

from .lessons import Initiative, Lesson, LessonAdoption
from .movements import Criterion, CriterionScore, Movement, Registration
from .ratings import AnnualRating, Discipline, PendingCase, RatingAppeal, UnitRating
from .records import (
    ExternalAssessment,
    ExternalAssessmentAnswer,
    ValueRecord,
    record_evidence_path,
)
from .scores import PeriodScore, WorkAssignment, WorkItemType
from .sizes import POINTS, QTY

__all__ = [
    "POINTS",
    "QTY",
    "AnnualRating",
    "Criterion",
    "CriterionScore",
    "Discipline",
    "ExternalAssessment",
    "ExternalAssessmentAnswer",
    "Initiative",
    "Lesson",
    "LessonAdoption",
    "Movement",
    "PendingCase",
    "PeriodScore",
    "RatingAppeal",
    "Registration",
    "UnitRating",
    "ValueRecord",
    "WorkAssignment",
    "WorkItemType",
    "record_evidence_path",
]
