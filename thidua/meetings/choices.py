from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed (conclusions issued)")


class ConclusionKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion")
    ASSIGNMENT = "assignment", _("Assignment")


class MeetingsAudit(AuditAction):
    """The meetings app's audit actions: a giao ban planned, its conclusions, its closing."""

    MEETING_CREATED = "meeting.created", _("Giao ban meeting planned")
    CONCLUSION_ADDED = "meeting.conclusion_added", _("Giao ban conclusion recorded")
    CONCLUSION_DELETED = "meeting.conclusion_deleted", _("Giao ban conclusion removed")
    MEETING_CLOSED = "meeting.closed", _("Giao ban meeting closed")
