"""Shared building blocks with no domain: base model, audit events, background jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import JobStatus, WebhookDeliveryStatus


def status_is(*statuses: str) -> property:
    """A read-only property: whether the object's `status` is one of `statuses` (members of
    its TextChoices). Templates ask `goal.is_draft`, never compare the stored code with a
    literal (tests/test_templates.py)."""
    return property(lambda self: self.status in statuses)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """A typed record of who did what to which object, and with which parameters."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted, as written at the time: stays when the user account is deleted later
    # (the actor link is then nulled, the only change the append-only trigger allows).
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True, default="")
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    data = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}#{self.target_id}"


class Job(TimeStampedModel):
    """A background job (công việc chạy nền) with progress a page can poll."""

    kind = models.CharField(_("kind"), max_length=80)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    is_succeeded = status_is(JobStatus.SUCCEEDED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    stage = models.CharField(_("stage"), max_length=120, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # What core.jobs.jobs_resume needs to send a job again: its task, whether the broker
    # took it (empty while Redis was down), and how many times a worker started it.
    task_name = models.CharField(_("task"), max_length=200, blank=True)
    dispatched_at = models.DateTimeField(_("handed to the queue at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status in JobStatus.finished() else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in JobStatus.finished()


class AgencySetting(models.Model):
    """A per-agency override of a setting declared in code with its legal default
    (caps, thresholds, criteria) from a date on: see thidua.core.agency_settings. A change
    applies from its `valid_from`, so what was judged before keeps the value it was judged by."""

    key = models.CharField(_("key"), max_length=120)
    valid_from = models.DateField(_("applies from"))
    value = models.JSONField(_("value"))
    reason = models.CharField(_("reason for the override"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agency setting")
        verbose_name_plural = _("agency settings")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "valid_from"], name="core_agencysetting_key_valid_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.valid_from:%d/%m/%Y})"


class Notification(models.Model):
    """An in-app notification (thông báo): one piece of work waiting for a person, raised from
    "Việc của tôi" (thidua.core.nextsteps) and closed when the work is done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("key"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    count = models.PositiveIntegerField(_("count"), default=1)
    raised_at = models.DateTimeField(_("raised at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_one_per_user_key")
        ]
        indexes = [
            models.Index(fields=["user", "done_at", "read_at"], name="notification_open_idx")
        ]

    def __str__(self) -> str:
        return self.title


class WorkDigest(models.Model):
    """The daily e-mail of a person's waiting work (thư tổng hợp việc cần làm): at most one a
    day, the row is claimed before the e-mail is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    address = models.EmailField(_("e-mail"))
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work digest e-mail")
        verbose_name_plural = _("work digest e-mails")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="workdigest_one_per_user_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day:%d/%m/%Y}"


class WebhookEndpoint(TimeStampedModel):
    """Another system's address that receives the platform's events (địa chỉ nhận sự kiện),
    signed with its own secret: see thidua.core.webhooks."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=64)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("in use"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint: the delivery log (nhật ký gửi)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=80)
    event_id = models.UUIDField(_("event id"))
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=WebhookDeliveryStatus.choices, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.get_status_display()})"
