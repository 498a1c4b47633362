"""The stored goal roll-ups per unit (thidua.goals.rollups). Kept out of goals.models, which
may only shrink (tests/test_architecture.py); registered with the goals app when its
AppConfig.ready() imports thidua.goals.rollups."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Unit

from .models import Goal, Program


class UnitGoalRollup(models.Model):
    """Goals counted per scope unit, programme, status, level and period, refreshed nightly
    in one grouped query and per unit when its goals change (thidua.goals.rollups): the
    dashboard sums these few rows instead of counting every goal on each request. Keyed by
    the goals' period, so the figures on any date are the rows whose period covers it."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("scope unit"), on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20)
    is_top = models.BooleanField(_("top-level goals"), default=False)  # no parent goal
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    goals = models.PositiveIntegerField(_("goals"), default=0)
    at_risk = models.PositiveIntegerField(_("goals at risk"), default=0)

    class Meta:
        verbose_name = _("goal roll-up of a unit")
        verbose_name_plural = _("goal roll-ups of units")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.program_id} {self.status}: {self.goals}"


class GoalChildRollup(models.Model):
    """Personal goals cascaded from each goal, per their scope unit, status and period
    (thidua.goals.rollups): the goal tree reads these counts instead of counting the
    people's goals under its nodes on each request."""

    parent = models.ForeignKey(
        Goal, verbose_name=_("parent goal"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("scope unit"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    goals = models.PositiveIntegerField(_("goals"), default=0)

    class Meta:
        verbose_name = _("personal goals under a goal")
        verbose_name_plural = _("personal goals under goals")

    def __str__(self) -> str:
        return f"{self.parent_id} {self.status}: {self.goals}"


class GoalRollupState(models.Model):
    """When the stored goal roll-ups were last rebuilt in full (one row). Without it the
    pages count live."""

    refreshed_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("goal roll-up refresh")
        verbose_name_plural = _("goal roll-up refreshes")

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"


class UnitStreakRollup(models.Model):
    """The "1% a day" days of a unit's people in a month (thidua.goals.streak_rollups): per
    unit, month and set of days — `days` has bit d-1 set when the day d of the month had an
    improvement — how many of the unit's active people (its own, not those of the units
    under it) logged exactly those days. The tree's streak panel sums these rows for a
    subtree instead of grouping every improvement of the month on each request."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))  # its first day
    days = models.PositiveIntegerField(_("days with an improvement"))
    people = models.PositiveIntegerField(_("people"), default=0)

    class Meta:
        verbose_name = _("improvement days of a unit")
        verbose_name_plural = _("improvement days of units")
        indexes = [models.Index(fields=["month", "unit"], name="unitstreak_month_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y} {self.days:b}: {self.people}"


class StreakRollupMonth(models.Model):
    """A month whose UnitStreakRollup rows were rebuilt in full; other months count live."""

    month = models.DateField(_("month"), unique=True)
    refreshed_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("improvement days refresh")
        verbose_name_plural = _("improvement days refreshes")

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
