"""Fixed values of the Party app, with their labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


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


class PartyAudit(AuditAction):
    """The Party app's audit actions: resolutions and their digests, cell meetings,
    inspections, campaigns to members, Party bodies and memberships changed one at a time
    or imported."""

    # Resolutions and digests
    RESOLUTION_UPLOADED = "party.resolution.uploaded", _("Resolution uploaded")
    RESOLUTION_CLASSIFICATION_SET = (
        "party.resolution.classification_set",
        _("Resolution classification changed"),
    )
    DIGEST_EDITED = "party.digest.edited", _("Key-point digest edited")
    DIGEST_APPROVED = "party.digest.approved", _("Key-point digest approved")

    # Cell meetings and inspections
    MEETING_CREATED = "party.meeting.created", _("Cell meeting created")
    MEETING_SOLUTION_PROPOSED = "party.meeting.solution_proposed", _("Meeting solution proposed")
    MEETING_HELD = "party.meeting.held", _("Cell meeting held")
    MEETING_SOLUTION_CHOSEN = "party.meeting.solution_chosen", _("Meeting solution chosen")
    INSPECTION_PLANNED = "party.inspection.planned", _("Inspection planned")
    INSPECTION_DONE = "party.inspection.done", _("Inspection done")
    DEMO_INSPECTIONS_LOADED = "party.demo.inspections_loaded", _("Demo inspections loaded")

    # Campaigns
    CAMPAIGN_CREATED = "party.campaign.created", _("Campaign created")
    CAMPAIGN_SENT = "party.campaign.sent", _("Campaign sent")
    CAMPAIGN_REMINDED = "party.campaign.reminded", _("Campaign reminder sent")
    CAMPAIGN_ANSWERED = "party.campaign.answered", _("Campaign answered")
    CAMPAIGN_ANSWER_EDITED = "party.campaign.answer_edited", _("Campaign answer edited")

    # Party bodies and memberships
    PARTY_ORG_RENAMED = "party_org.renamed", _("Party body renamed")
    PARTY_ORG_CLOSED = "party_org.closed", _("Party body dissolved")
    MEMBERSHIP_ENDED = "party.membership_ended", _("Party membership ended")
    MEMBERSHIP_IMPORTED = "party.membership.imported", _("Party membership imported")
    MEMBERS_IMPORTED = "party.members.imported", _("Party members imported")
