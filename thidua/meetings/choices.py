from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed (conclusions issued)")


class ConclusionKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion")
    ASSIGNMENT = "assignment", _("Assignment")
