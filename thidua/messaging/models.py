"""Outbound messages: what is sent (Dispatch) and one row per member and channel (Delivery)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel

from .choices import Channel, DeliveryStatus, DispatchStatus
from .constants import TOKEN_MAX_LENGTH


class Dispatch(TimeStampedModel):
    """A message sent to an audience (đợt gửi), e.g. an approved digest of a Party campaign.

    `body` is the full text (in-app and e-mail); `sms_text` is a short notice to which the
    member's personal link (`link_base` + delivery token) is appended.
    """

    source_label = models.CharField(_("source"), max_length=120, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    sms_text = models.CharField(_("SMS notice"), max_length=480, blank=True)
    link_base = models.CharField(_("link prefix"), max_length=255, blank=True)
    sender = models.CharField(
        _("sender"),
        max_length=255,
        blank=True,
        help_text=_("The body that sends it (e.g. a Party cell), shown as the e-mail's sender."),
    )
    channels = models.JSONField(_("channels"), default=list)
    skipped_channels = models.JSONField(
        _("channels not used"), default=dict, blank=True, help_text=_("channel → reason")
    )
    classified = models.BooleanField(_("classified"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=DispatchStatus.choices, default=DispatchStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_label}: {self.subject}"

    @property
    def from_party(self) -> bool:
        """Sent by a Party body (the Party app's "party." source labels: a campaign, its
        reminders). Its pages address the member as "đồng chí"; any other notice (a giao
        ban's) addresses staff as "anh/chị", as the rest of the app does (walk-through F10)."""
        return self.source_label.startswith("party.")

    @property
    def asks_understanding(self) -> bool:
        """Party work asks its members to read and take in (quán triệt) what is sent; any
        other notice (a giao ban's conclusions) is only confirmed as read."""
        return self.from_party


class Delivery(models.Model):
    """One message to one member over one channel (lượt gửi); its token is the idempotency key
    (SMS request id, e-mail Message-ID) and the secret of the member's personal link."""

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("dispatch")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    token = models.CharField(_("token"), max_length=TOKEN_MAX_LENGTH, unique=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, default="")
    provider_message_id = models.CharField(
        _("provider message id"), max_length=120, blank=True, default=""
    )
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "person", "channel"], name="delivery_one_per_member_channel"
            ),
        ]
        indexes = [
            models.Index(fields=["dispatch", "status"], name="delivery_dispatch_status_idx"),
            models.Index(fields=["person", "channel"], name="delivery_person_channel_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id}/{self.person_id}/{self.channel}: {self.status}"
