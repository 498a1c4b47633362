"""Monthly work and period scores: the work-item catalogue, assignments and the scores."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.org.models import Person, Unit

from ..choices import ScorePeriod
from .sizes import POINTS, QTY


class WorkItemType(models.Model):
    """A product or kind of work in a unit's catalogue, with its conversion factor into
    standard work units (đơn vị quy đổi), as NĐ 335/2025 asks."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="work_item_types", verbose_name=_("unit")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    conversion_factor = models.DecimalField(
        _("conversion factor"),
        max_digits=8,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )

    class Meta:
        verbose_name = _("work item type")
        verbose_name_plural = _("work item catalogue")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="work_item_code_per_unit")
        ]

    def __str__(self) -> str:
        return self.name


class WorkAssignment(models.Model):
    """Work assigned to a person in a month and what became of it: quantities, delays and
    unmet quality requirements (each deducts its share unless the cause was objective)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="work_assignments", verbose_name=_("person")
    )
    item_type = models.ForeignKey(
        WorkItemType,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("work item type"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    assigned = models.DecimalField(_("assigned"), validators=[MinValueValidator(Decimal(0))], **QTY)
    completed = models.DecimalField(
        _("completed"), default=Decimal(0), validators=[MinValueValidator(Decimal(0))], **QTY
    )
    late = models.DecimalField(
        _("completed late"), default=Decimal(0), validators=[MinValueValidator(Decimal(0))], **QTY
    )
    quality_failed = models.DecimalField(
        _("quality requirement not met"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        **QTY,
    )
    objective_cause = models.BooleanField(
        _("delay or shortfall from an objective cause"), default=False
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("work assignment")
        verbose_name_plural = _("work assignments")
        indexes = [models.Index(fields=["person", "year", "month"], name="work_person_month_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.month:02d}/{self.year}: {self.item_type}"


class PeriodScore(TimeStampedModel):
    """A person's score for a month or a quarter: general criteria (30) plus task results
    (70, computed from converted work and key results, each deduction explained)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="period_scores", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit scoring"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"), max_length=8, choices=ScorePeriod.choices, default=ScorePeriod.MONTH
    )
    number = models.PositiveSmallIntegerField(_("month or quarter"))
    general_points = models.DecimalField(
        _("general criteria (of 30)"),
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        **POINTS,
    )
    result_points = models.DecimalField(
        _("task results (of 70)"),
        validators=[MinValueValidator(0), MaxValueValidator(70)],
        **POINTS,
    )
    total = models.DecimalField(_("total"), **POINTS)
    explanation = models.JSONField(_("how the points were computed"), default=list, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scored by"),
    )

    class Meta:
        verbose_name = _("period score")
        verbose_name_plural = _("period scores")
        ordering = ["person", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "period", "number"], name="one_score_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.number}/{self.year}: {self.total}"
