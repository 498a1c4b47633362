from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")

    @classmethod
    def finished(cls) -> set[str]:
        return {cls.SUCCEEDED, cls.FAILED}


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Received by the other system")
    FAILED = "failed", _("Given up")


class AuditAction(models.TextChoices):
    """Base of every app's audit actions ("hành động" in the audit log): each app declares
    its own in its choices.py as `class <App>Audit(AuditAction)`, one member per action —
    the stored code its value, the audit log's words its label. `audit_record` and
    `transition` accept only a declared action; call sites name the member, never the
    string."""


class CoreAudit(AuditAction):
    """The kernel's own audit actions: agency settings and webhook endpoints."""

    SETTING_OVERRIDDEN = "setting.overridden", _("Agency setting changed")
    WEBHOOK_DISABLED = (
        "core.webhook.disabled",
        _("Webhook endpoint disabled after repeated failures"),
    )
    WEBHOOK_ENABLED = "core.webhook.enabled", _("Webhook endpoint enabled again")
    WEBHOOK_PINGED = "core.webhook.pinged", _("Test event sent to a webhook endpoint")
