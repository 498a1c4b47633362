"""Programmes and their national indicators (with measured values), and goal templates."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.org.models import Position, Unit

from ..choices import Direction
from .decimals import DECIMAL, PROGRESS


class Program(TimeStampedModel):
    """A strategic programme (chương trình trọng tâm), e.g. the eight of 2020–2025."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    # A programme that goes on: the next period's names this one as its predecessor (one each).
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("successor of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
    )
    is_illustrative = models.BooleanField(
        _("illustrative (minh hoạ)"), default=False, help_text=_("Not a figure from the sources.")
    )
    progress = models.DecimalField(_("progress"), default=Decimal(0), **PROGRESS)
    progress_verified = models.DecimalField(_("verified progress"), default=Decimal(0), **PROGRESS)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["number", "code"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name


class Indicator(TimeStampedModel):
    """A national indicator (chỉ tiêu) of a programme, with its baseline and target."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    baseline_value = models.DecimalField(_("baseline"), **DECIMAL)
    baseline_on = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), **DECIMAL)
    target_on = models.DateField(_("deadline"))
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.UP
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative (minh hoạ)"), default=False, help_text=_("Not a figure from the sources.")
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["program", "id"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """A measured value of a national indicator on a date (its trajectory)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), **DECIMAL)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="one_value_per_day")
        ]

    def __str__(self) -> str:
        from django.utils.formats import date_format

        from thidua.core.numbers import format_number

        day = date_format(self.measured_on, "SHORT_DATE_FORMAT")
        return f"{self.indicator}: {format_number(self.value)} ({day})"


class GoalTemplate(TimeStampedModel):
    """A goal template (mẫu mục tiêu) for everyone holding a position or for a kind of unit."""

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    position = models.ForeignKey(
        Position, verbose_name=_("for position"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit_kind = models.CharField(_("for unit type"), max_length=24, blank=True)
    key_results = models.JSONField(
        _("key results"),
        default=list,
        help_text=_("List of {title, metric_type, baseline, target, direction}."),
    )

    class Meta:
        verbose_name = _("goal template")
        verbose_name_plural = _("goal templates")

    def __str__(self) -> str:
        return self.name
