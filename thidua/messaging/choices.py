from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


class DispatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    READ = "read", _("Read")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    @classmethod
    def pending(cls) -> set[str]:
        return {cls.QUEUED, cls.SENDING}

    @classmethod
    def reached_sent(cls) -> set[str]:
        return {cls.SENT, cls.DELIVERED, cls.READ, cls.ACKNOWLEDGED}


# A delivery in one of these has not been opened yet: opening it makes it READ.
UNREAD_STATUSES = (
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.DELIVERED,
)

# Channels a classified (Mật/Tối mật/Tuyệt mật) message may never use (CLARIFICATIONS).
CHANNELS_REFUSED_WHEN_CLASSIFIED = frozenset({Channel.EMAIL, Channel.SMS})


class MessagingAudit(AuditAction):
    """The messaging app's audit actions: a dispatch created, queued and sent, and a
    member's delivery read and acknowledged."""

    DISPATCH_CREATED = "messaging.dispatch_created", _("Message dispatch created")
    DISPATCH_RESUMED = "messaging.dispatch_resumed", _("Message dispatch resumed")
    DISPATCH_QUEUED = "messaging.dispatch_queued", _("Message dispatch queued")
    DISPATCH_SENT = "messaging.dispatch_sent", _("Message dispatch sent")
    DELIVERY_READ = "messaging.delivery_read", _("Message read")
    DELIVERY_ACKNOWLEDGED = "messaging.delivery_acknowledged", _("Message acknowledged")
