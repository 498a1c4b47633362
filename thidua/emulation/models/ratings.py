"""Annual ratings of people and units, the appeals, disciplines and pending cases they weigh."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel, status_is
from thidua.org.models import Person, PersonPosition, Unit

from ..choices import AppealStatus, DisciplineForm, RatingLevel, RatingStatus
from .sizes import POINTS


class AnnualRating(TimeStampedModel):
    """A person's annual rating (đánh giá, xếp loại): rule version, deciding facts, steps."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="annual_ratings", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("rating unit"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        PersonPosition,
        verbose_name=_("post rated"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_version = models.CharField(_("rule version"), max_length=20)
    score = models.DecimalField(_("score"), null=True, blank=True, **POINTS)
    computed_level = models.CharField(
        _("level from the score"), max_length=4, choices=RatingLevel.choices, blank=True
    )
    proposed_level = models.CharField(
        _("level proposed"), max_length=4, choices=RatingLevel.choices, blank=True
    )
    level = models.CharField(_("level"), max_length=4, choices=RatingLevel.choices, blank=True)
    reasons = models.JSONField(_("facts that decided the level"), default=list, blank=True)
    agency_criteria = models.JSONField(
        _("agency criteria met"),
        default=dict,
        blank=True,
        help_text=_("The agency's own criteria for Lao động tiên tiến: {name: met or not}."),
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    head_comment = models.TextField(_("head's comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RatingStatus.choices, default=RatingStatus.DRAFT
    )
    is_draft = status_is(RatingStatus.DRAFT)
    is_appealed = status_is(RatingStatus.APPEALED)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    appeal_until = models.DateField(_("appeals until"), null=True, blank=True)
    task_group = models.CharField(
        _("group with similar tasks"),
        max_length=64,
        blank=True,
        help_text=_("People rated together for the HTXS cap across units, e.g. 'Thanh tra viên'."),
    )
    # Facts that make the year KHT whatever the score (NĐ 335/2025, NĐ 233/2026; before 2026
    # NĐ 90/2020 + 48/2023); discipline for a duty violation comes from Discipline.
    kht_degradation = models.BooleanField(
        _("concluded to have degraded in political ideology, ethics or lifestyle"), default=False
    )
    kht_corruption_waste = models.BooleanField(
        _("as a leader, let corruption or waste occur in a unit under their direct charge"),
        default=False,
    )
    kht_facts_note = models.CharField(
        _("conclusion or decision behind these facts"), max_length=500, blank=True
    )

    class Meta:
        verbose_name = _("annual rating")
        verbose_name_plural = _("annual ratings")
        ordering = ["-year", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_rating_per_person_year")
        ]
        indexes = [models.Index(fields=["unit", "year"], name="rating_unit_year_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.level or '—'}"

    @property
    def rule_basis(self) -> str:
        """The rule version in words (the instrument), never its code."""
        from ..law import RATING_RULES

        return next((r.basis for r in RATING_RULES if r.code == self.rule_version), "")


class UnitRating(TimeStampedModel):
    """A unit's annual rating (NĐ 233/2026 Điều 7) with the facts it rests on."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("score"), **POINTS)
    tasks_total = models.PositiveIntegerField(_("tasks in the plan"))
    tasks_done = models.PositiveIntegerField(_("tasks completed"))
    tasks_on_time = models.PositiveIntegerField(_("tasks on time"))
    tasks_exceeding = models.PositiveIntegerField(_("tasks exceeding requirements"))
    outstanding = models.BooleanField(
        _("outstanding results (raises the cap to 25 percent)"), default=False
    )
    level = models.CharField(_("level"), max_length=4, choices=RatingLevel.choices, blank=True)
    reasons = models.JSONField(_("facts that decided the level"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RatingStatus.choices, default=RatingStatus.DRAFT
    )
    is_draft = status_is(RatingStatus.DRAFT)

    class Meta:
        verbose_name = _("unit rating")
        verbose_name_plural = _("unit ratings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_rating_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.level or '—'}"


class Discipline(models.Model):
    """A disciplinary measure (kỷ luật) and its period: it overrides the year's rating and
    stops achievements counting until it ends."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="disciplines", verbose_name=_("person")
    )
    form = models.CharField(_("form"), max_length=32, choices=DisciplineForm.choices)
    for_duty_violation = models.BooleanField(
        _("for a violation in performing duties"), default=True
    )
    decided_on = models.DateField(_("decided on"))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    decision_number = models.CharField(_("decision"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self) -> str:
        return f"{self.person}: {self.form}"


class PendingCase(models.Model):
    """A matter being handled (discipline, investigation, inspection, complaint, corruption
    report): while open, no award or proposal for the person."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="pending_cases", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=32)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("pending case")
        verbose_name_plural = _("pending cases")

    def __str__(self) -> str:
        return f"{self.person}: {self.kind}"


class RatingAppeal(models.Model):
    """A person's appeal against a published rating, within the appeal window."""

    rating = models.ForeignKey(
        AnnualRating,
        on_delete=models.CASCADE,
        related_name="appeals",
        verbose_name=_("annual rating"),
    )
    text = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("decision"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("rating appeal")
        verbose_name_plural = _("rating appeals")

    def __str__(self) -> str:
        return f"{self.rating} ({self.get_status_display()})"
