"""Figures refreshed nightly for charts: progress snapshots, check-in counts, cycle times."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Unit

from .decimals import PROGRESS
from .programmes import Program


class ProgressSnapshot(models.Model):
    """Progress of a programme or a unit on a day, for the progress-over-time charts."""

    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("programme"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("unit"),
    )
    taken_on = models.DateField(_("date"))
    progress = models.DecimalField(_("progress"), **PROGRESS)
    progress_verified = models.DecimalField(_("verified progress"), **PROGRESS)
    at_risk_goals = models.PositiveIntegerField(_("goals at risk"), default=0)

    class Meta:
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")
        ordering = ["taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "taken_on"],
                condition=Q(unit__isnull=True),
                name="one_program_snapshot_per_day",
            ),
            models.UniqueConstraint(
                fields=["unit", "taken_on"],
                condition=Q(program__isnull=True),
                name="one_unit_snapshot_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program or self.unit} {self.taken_on}: {self.progress}"


class CheckInDailyCount(models.Model):
    """How many check-ins were dated each day, ministry-wide: the activity chart reads these
    instead of counting a million check-ins per request (refreshed nightly)."""

    day = models.DateField(_("date"), unique=True)
    checkins = models.PositiveIntegerField(_("check-ins"), default=0)

    class Meta:
        verbose_name = _("daily check-in count")
        verbose_name_plural = _("daily check-in counts")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.checkins}"


class CycleTimeStat(models.Model):
    """Cycle time of a kind of work in a month, ministry-wide (`path` empty) or for a
    top-level unit (its path), refreshed nightly (thidua.goals.cycle_time): the dashboard
    reads these instead of sorting a month of items per request."""

    kind = models.CharField(_("kind of work"), max_length=40)
    month = models.DateField(_("month"))
    path = models.CharField(_("tree path"), max_length=255, blank=True)
    items = models.PositiveIntegerField(_("items done"), default=0)
    median_days = models.FloatField(_("median (days)"), null=True, blank=True)
    p90_days = models.FloatField(_("90th percentile (days)"), null=True, blank=True)
    open_items = models.PositiveIntegerField(_("items open"), default=0)
    slowest = models.JSONField(_("slowest items"), default=dict, blank=True)
    computed_on = models.DateField(_("computed on"))

    class Meta:
        verbose_name = _("cycle time figure")
        verbose_name_plural = _("cycle time figures")
        ordering = ["kind", "month", "path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "month", "path"], name="one_cycle_stat")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%m/%Y} {self.path or '*'}: {self.median_days}"
