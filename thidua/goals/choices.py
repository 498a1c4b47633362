from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.choices import AuditAction


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class KeyResultSource(models.TextChoices):
    """Where a key result's value comes from: people's check-ins, or a measure the nightly
    refresh records as an automatic check-in."""

    MANUAL = "manual", _("Checked in by people")
    UNIT_TASK_CYCLE_DAYS = (
        "unit_task_cycle",
        _("Measured: the unit's median task cycle time (days)"),
    )


class MetricType(models.TextChoices):
    NUMBER = "number", pgettext_lazy("count", "Number")
    PERCENT = "percent", _("Percent")
    MILESTONE = "milestone", _("Milestone (done / not done)")


class Confidence(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class GoalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ASSIGNED = "assigned", _("Awaiting acceptance")
    CHANGES_PROPOSED = "changes_proposed", _("Changes proposed")
    ACTIVE = "active", _("Accepted, in progress")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def published(cls) -> list[str]:
        """Statuses whose goals every member of staff may see."""
        return [cls.ACTIVE, cls.CLOSED]


class PeriodKind(models.TextChoices):
    PROGRAM = "program", _("Programme period")
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RiskReason(models.TextChoices):
    BEHIND_SCHEDULE = "behind_schedule", _("Progress is behind the time elapsed")
    NO_RECENT_CHECKIN = "no_recent_checkin", _("No check-in for too long")
    OFF_TRACK = "off_track", _("The last check-in says off track")
    OVERDUE = "overdue", _("Due date passed before the target was reached")


class PracticeSource(models.TextChoices):
    """What found a good practice (cách làm hay) proposed as a lesson."""

    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")
    FIELD_VISIT = "field_visit", _("Field visit")


class PracticeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed as a lesson")
    PUBLISHED = "published", _("Published as a lesson")
    DECLINED = "declined", _("Not published")


class GoalsAudit(AuditAction):
    """The goals app's audit actions: goals and their cascade, key results and check-ins,
    tasks, field visits and the good practices they propose."""

    GOAL_CREATED = "goal.created", _("Goal created")
    GOAL_ASSIGNED = "goal.assigned", _("Goal assigned")
    GOAL_ACCEPTED = "goal.accepted", _("Goal accepted")
    GOAL_ACTIVATED = "goal.activated", _("Goal activated")
    GOAL_CHANGES_PROPOSED = "goal.changes_proposed", _("Goal changes proposed")
    GOAL_PROPOSAL_DECIDED = "goal.proposal_decided", _("Goal change proposal decided")
    GOAL_PARENT_SET = "goal.parent_set", _("Goal linked to a parent goal")
    GOAL_CLOSED = "goal.closed", _("Goal closed at the end of its period")
    GOAL_DELETED = "goal.deleted", _("Goal deleted")
    GOAL_SUPPORTS_LINKED = "goal.supports_linked", _("Supporting goal linked")
    GOAL_TEMPLATE_APPLIED = "goal_template.applied", _("Goal template applied")
    GOALS_REFRESHED_NIGHTLY = "goals.refreshed_nightly", _("Goals refreshed overnight")
    KEY_RESULT_ADDED = "key_result.added", _("Key result added")
    KEY_RESULT_TARGET_CHANGED = "key_result.target_changed", _("Key result target changed")
    CHECKIN_CREATED = "checkin.created", _("Check-in recorded")
    CHECKIN_UPDATED = "checkin.updated", _("Check-in corrected")
    CHECKIN_VERIFIED = "checkin.verified", _("Check-in verified")
    CHECKIN_MEASURED = "goals.checkin_measured", _("Measured value checked in automatically")
    TASK_CREATED = "task.created", _("Task created")
    TASK_STATUS_SET = "task.status_set", _("Task status changed")
    FIELD_VISIT_RECORDED = "field_visit.recorded", _("Field visit recorded")
    FIELD_VISIT_TASK_ADDED = "field_visit.task_added", _("Follow-up task of a field visit added")
    PRACTICE_PROPOSED = "practice.proposed", _("Good practice proposed as a lesson")
