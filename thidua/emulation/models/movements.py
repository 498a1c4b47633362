"""Emulation movements: their criteria, the registrations for them and the criterion scores."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.goals.models import Goal, KeyResult, Program
from thidua.org.models import Person, Unit, UnitGroup

from ..choices import CriterionSource, MovementKind, MovementStatus
from .sizes import POINTS


class Movement(TimeStampedModel):
    """An emulation movement (phong trào thi đua) with objectives, criteria and a period."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    objectives = models.TextField(_("objectives"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    launched_by = models.ForeignKey(
        Unit, verbose_name=_("launched by"), on_delete=models.PROTECT, related_name="+"
    )
    scope_units = models.ManyToManyField(
        Unit, verbose_name=_("units taking part"), related_name="movements"
    )
    clusters = models.ManyToManyField(
        UnitGroup, verbose_name=_("emulation clusters"), blank=True, related_name="movements"
    )
    programs = models.ManyToManyField(
        Program, verbose_name=_("programmes served"), blank=True, related_name="movements"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="movement_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A criterion of a movement with its weight and maximum points; scored by hand or from
    the progress of the registrant's linked key results."""

    movement = models.ForeignKey(
        Movement,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("emulation movement"),
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"), default=Decimal(1), validators=[MinValueValidator(Decimal("0.01"))], **POINTS
    )
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS
    )
    source = models.CharField(
        _("scored"), max_length=12, choices=CriterionSource.choices, default=CriterionSource.MANUAL
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["movement", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Registration(TimeStampedModel):
    """A unit's or a person's registration (đăng ký thi đua) with their commitments."""

    movement = models.ForeignKey(
        Movement,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("emulation movement"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("person"),
    )
    cluster = models.ForeignKey(
        UnitGroup,
        verbose_name=_("emulation cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    commitments = models.TextField(_("commitments"))
    goals = models.ManyToManyField(
        Goal, verbose_name=_("linked goals"), blank=True, related_name="registrations"
    )
    key_results = models.ManyToManyField(
        KeyResult, verbose_name=_("linked key results"), blank=True, related_name="registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="registration_one_registrant",
            ),
            models.UniqueConstraint(
                fields=["movement", "unit"],
                condition=Q(unit__isnull=False),
                name="one_registration_per_unit",
            ),
            models.UniqueConstraint(
                fields=["movement", "person"],
                condition=Q(person__isnull=False),
                name="one_registration_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.person} — {self.movement}"


class CriterionScore(models.Model):
    """Points a registrant scored on one criterion, entered or computed, with who and why."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("registration"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    points = models.DecimalField(_("points"), validators=[MinValueValidator(Decimal(0))], **POINTS)
    source = models.CharField(_("scored"), max_length=12, choices=CriterionSource.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scored by"),
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
