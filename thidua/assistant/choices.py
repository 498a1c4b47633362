from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


class Audience(models.TextChoices):
    """Who may read a document (and so get answers from it)."""

    EVERYONE = "everyone", _("Everyone in the agency")
    UNIT = "unit", _("A unit and the units under it")
    PARTY = "party", _("A Party body and the bodies under it")
    ROLES = "roles", _("Holders of named roles")


class Source(models.TextChoices):
    """Where a document comes from: uploaded, or a record of the platform itself."""

    UPLOAD = "upload", _("Uploaded document")
    RESOLUTION = "resolution", _("Party resolution")
    MOVEMENT = "movement", _("Emulation movement")
    LESSON = "lesson", _("Lesson or exemplar")
    PROGRAM = "program", _("Programme")


class AnswerMode(models.TextChoices):
    EXTRACTIVE = "extractive", _("From the documents")
    GENERATIVE = "generative", _("Written by the language model from the documents")
    PERSONAL = "personal", _("From your own data")
    NOT_FOUND = "not_found", _("No basis found")
    REFUSED = "refused", _("Question not accepted")


class Feedback(models.TextChoices):
    USEFUL = "useful", _("Useful")
    NOT_USEFUL = "not_useful", _("Not useful")


class AssistantAudit(AuditAction):
    """The assistant app's audit actions: the documents of its store."""

    DOCUMENT_UPLOADED = "assistant.document_uploaded", _("Assistant document uploaded")
    DOCUMENT_CHANGED = "assistant.document_changed", _("Assistant document changed")
    DOCUMENT_DELETED = "assistant.document_deleted", _("Assistant document deleted")
