"""Fixed values of the Party app, with their labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """Security marking of a document (độ mật). Anything but NONE is never sent by SMS or
    e-mail and never indexed by the assistant (CLARIFICATIONS, "Classified documents")."""

    NONE = "none", _("Not classified")
    MAT = "mat", _("Confidential (Mật)")
    TOI_MAT = "toi_mat", _("Secret (Tối mật)")
    TUYET_MAT = "tuyet_mat", _("Top secret (Tuyệt mật)")


class DigestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class InspectionKind(models.TextChoices):
    KIEM_TRA = "kiem_tra", _("Inspection (kiểm tra)")
    GIAM_SAT = "giam_sat", _("Supervision (giám sát)")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class AudienceKind(models.TextChoices):
    COMMITTEE_SUBTREE = "committee_subtree", _("A Party committee and everything under it")
    CELLS = "cells", _("Chosen cells")
    ROLES = "roles", _("Roles (in the chosen bodies)")
