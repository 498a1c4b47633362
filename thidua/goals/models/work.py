"""Daily work: tasks that move a key result, and people's daily log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.org.models import Person

from ..choices import TaskStatus
from .goals import KeyResult


class Task(TimeStampedModel):
    """A task (công việc) from daily work that moves a key result."""

    key_result = models.ForeignKey(
        KeyResult,
        verbose_name=_("key result"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="tasks"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_date"], name="task_owner_due_idx"),
            models.Index(fields=["done_on"], name="task_done_idx"),  # cycle time by month
        ]

    def __str__(self) -> str:
        return self.title


class DailyLog(models.Model):
    """A person's note of what they did on a day (nhật ký công việc); an improvement counts
    toward the "1% mỗi ngày" streak."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="daily_logs", verbose_name=_("person")
    )
    logged_on = models.DateField(_("date"))
    text = models.TextField(_("what I did"))
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logs",
        verbose_name=_("task"),
    )
    is_improvement = models.BooleanField(_("a small improvement"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("daily log entry")
        verbose_name_plural = _("daily log")
        ordering = ["person", "-logged_on", "-id"]
        indexes = [models.Index(fields=["person", "-logged_on"], name="dailylog_person_day_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.logged_on}"
