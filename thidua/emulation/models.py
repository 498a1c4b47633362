"""Emulation and evaluation: movements with criteria, registrations and scores, lessons and
exemplars, the initiatives register, periodic scores and annual ratings of people and units,
work-item catalogues, value-created records and external assessments."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel, status_is
from thidua.goals.models import Goal, GoodPractice, KeyResult, Program
from thidua.org.models import Person, PersonPosition, Unit, UnitGroup

from .choices import (
    AppealStatus,
    CriterionSource,
    DisciplineForm,
    InitiativeKind,
    InitiativeScope,
    LessonKind,
    MovementKind,
    MovementStatus,
    RatingLevel,
    RatingStatus,
    ScorePeriod,
)

POINTS = {"max_digits": 7, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 2}


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


class Lesson(TimeStampedModel):
    """A lesson or an exemplary case (điển hình tiên tiến) from a movement, by its authors."""

    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        verbose_name=_("emulation movement"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=LessonKind.choices, default=LessonKind.LESSON
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="lessons"
    )
    authors = models.ManyToManyField(
        Person, verbose_name=_("authors"), blank=True, related_name="lessons"
    )
    practice = models.OneToOneField(
        GoodPractice,
        verbose_name=_("from the good practice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lesson",
        help_text=_("The inspection, supervision or field-visit finding it was published from."),
    )

    class Meta:
        verbose_name = _("lesson or exemplar")
        verbose_name_plural = _("lessons and exemplars")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class LessonAdoption(models.Model):
    """Another unit took up a lesson (nhân rộng) and says with what result."""

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("lesson or exemplar"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="lesson_adoptions", verbose_name=_("unit")
    )
    adopted_on = models.DateField(_("adopted on"))
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("adoption of a lesson")
        verbose_name_plural = _("adoptions of lessons")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "unit"], name="one_adoption_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ← {self.lesson}"


class Initiative(TimeStampedModel):
    """A recognised initiative (sáng kiến) or accepted research topic, with its scope of effect."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    title = models.CharField(_("title"), max_length=400)
    scope = models.CharField(_("scope of effect"), max_length=10, choices=InitiativeScope.choices)
    year = models.PositiveSmallIntegerField(_("year recognised"))
    decision_number = models.CharField(_("recognition decision"), max_length=120, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recognized_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("unit"),
    )
    authors = models.ManyToManyField(Person, verbose_name=_("authors"), related_name="initiatives")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives register")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


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
        from .law import RATING_RULES

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


def record_evidence_path(instance, filename: str) -> str:
    return f"records/{instance.person_id}/{instance.year}/{filename}"


class ValueRecord(TimeStampedModel):
    """A person's value-created record (hồ sơ thành tích) for a year and a post: achievements,
    products and the value created for the organisation, linked to goals and evidence."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="value_records", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    post = models.ForeignKey(
        PersonPosition,
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="value_records",
    )
    achievements = models.TextField(_("achievements"), blank=True)
    products = models.TextField(_("products"), blank=True)
    value_created = models.TextField(_("value created"), blank=True)
    value_quantity = models.DecimalField(_("value, quantified"), null=True, blank=True, **QTY)
    value_unit = models.CharField(_("unit of the value"), max_length=64, blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="value_records", verbose_name=_("goals")
    )
    key_results = models.ManyToManyField(
        KeyResult, blank=True, related_name="value_records", verbose_name=_("key results")
    )
    evidence = models.FileField(_("evidence"), upload_to=record_evidence_path, blank=True)

    class Meta:
        verbose_name = _("value-created record")
        verbose_name_plural = _("value-created records")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "post"], name="one_record_per_post_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class ExternalAssessment(models.Model):
    """An invitation to an assessor outside the agency to rate a director-level person
    anonymously through a one-time link; only a hash of the link's token is stored."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="external_assessments",
        verbose_name=_("person"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(auto_now_add=True, verbose_name=_("invited at"))
    expires_at = models.DateTimeField(_("link expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("external assessment")
        verbose_name_plural = _("external assessments")
        indexes = [models.Index(fields=["person", "year"], name="external_person_year_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class ExternalAssessmentAnswer(models.Model):
    """An anonymous answer: kept apart from the invitations, with a random id and no time,
    so no answer can be tied to the link (or the moment) it came through."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="external_answers", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.PositiveSmallIntegerField(
        _("rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("external assessment answer")
        verbose_name_plural = _("external assessment answers")
        indexes = [models.Index(fields=["person", "year"], name="external_answer_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"
