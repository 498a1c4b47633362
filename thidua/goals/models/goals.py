"""The goal cascade: goals, key results and their targets, check-ins, change proposals."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel, status_is
from thidua.org.models import Person, TreeNode, Unit

from ..choices import (
    Confidence,
    Direction,
    GoalStatus,
    KeyResultSource,
    MetricType,
    PeriodKind,
    ProposalStatus,
)
from .decimals import DECIMAL, PROGRESS
from .programmes import GoalTemplate, Program


class Goal(TreeNode, TimeStampedModel):
    """A goal (mục tiêu) of a unit or a person for a period, cascaded from a parent goal.

    `progress` is the weighted mean of its key results and child goals, refreshed in SQL
    whenever a check-in changes it (services.goals_refresh_progress).
    """

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    program = models.ForeignKey(
        Program,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("owner person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    # The unit the goal belongs to for roll-ups and scoping: the owner unit, or the owner's unit.
    scope_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("scope unit"),
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    is_stretch = models.BooleanField(_("stretch goal"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.DRAFT
    )
    is_draft = status_is(GoalStatus.DRAFT)
    is_active = status_is(GoalStatus.ACTIVE)
    is_closed = status_is(GoalStatus.CLOSED)
    is_published = status_is(*GoalStatus.published())
    supports = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="supported_by",
        verbose_name=_("also supports"),
        help_text=_("Shown as links; not counted in their progress."),
    )
    template = models.ForeignKey(
        GoalTemplate,
        verbose_name=_("from template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    progress = models.DecimalField(_("progress"), default=Decimal(0), **PROGRESS)
    progress_verified = models.DecimalField(_("verified progress"), default=Decimal(0), **PROGRESS)
    is_at_risk = models.BooleanField(_("at risk"), default=False, db_index=True)
    risk_reasons = models.JSONField(_("risk reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="goal_path_like_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["scope_unit", "period_start"], name="goal_scope_period_idx"),
            # goals still running on a day (a month's review, its giao ban agenda): past
            # years' goals, most of the table after a few years, skipped
            models.Index(fields=["period_end", "period_start"], name="goal_period_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_unit__isnull=False, owner_person__isnull=True)
                | Q(owner_unit__isnull=True, owner_person__isnull=False),
                name="goal_has_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="goal_period_ordered"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="goal_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        return self.owner_person or self.owner_unit


class KeyResult(TimeStampedModel):
    """A key result (kết quả then chốt): a measurable target of a goal.

    `current` is the value of the latest check-in; `progress` is where it stands between
    baseline and target (over 1 for a stretch key result that exceeds its target).
    """

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="key_results", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=300)
    metric_type = models.CharField(
        _("metric"), max_length=10, choices=MetricType.choices, default=MetricType.NUMBER
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    baseline = models.DecimalField(_("baseline"), default=Decimal(0), **DECIMAL)
    target = models.DecimalField(_("target"), **DECIMAL)
    current = models.DecimalField(_("current value"), null=True, blank=True, **DECIMAL)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.UP
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    is_stretch = models.BooleanField(_("stretch"), default=False)
    previous_actual = models.DecimalField(
        _("last period's actual"),
        null=True,
        blank=True,
        **DECIMAL,
        help_text=_("Used to check that the target is high enough."),
    )
    progress = models.DecimalField(_("progress"), default=Decimal(0), **PROGRESS)
    progress_verified = models.DecimalField(_("verified progress"), default=Decimal(0), **PROGRESS)
    current_is_verified = models.BooleanField(_("current value verified"), default=False)
    last_checkin_on = models.DateField(_("last check-in"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, blank=True
    )
    is_at_risk = models.BooleanField(_("at risk"), default=False, db_index=True)
    risk_reasons = models.JSONField(_("risk reasons"), default=list, blank=True)

    source = models.CharField(
        _("value from"),
        max_length=20,
        choices=KeyResultSource.choices,
        default=KeyResultSource.MANUAL,
        db_default=KeyResultSource.MANUAL,  # rows written in bulk by SQL (bench, imports)
        help_text=_("A measured key result gets an automatic check-in every night."),
    )

    class Meta:
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        ordering = ["goal", "id"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="kr_weight_positive")]

    def __str__(self) -> str:
        return self.title


class KeyResultTarget(models.Model):
    """A key result's target from a moment on; earlier check-ins keep the target then in force."""

    key_result = models.ForeignKey(
        KeyResult,
        on_delete=models.CASCADE,
        related_name="target_history",
        verbose_name=_("key result"),
    )
    target = models.DecimalField(_("target"), **DECIMAL)
    valid_from = models.DateTimeField(_("valid from"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("key result target")
        verbose_name_plural = _("key result targets")
        ordering = ["key_result", "valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.key_result}: {self.target}"


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.key_result_id}/{filename}"


class CheckIn(models.Model):
    """A check-in (cập nhật tiến độ): a value reported on a date, with confidence and evidence."""

    key_result = models.ForeignKey(
        KeyResult, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("key result")
    )
    value = models.DecimalField(_("value"), **DECIMAL)
    target_then = models.DecimalField(_("target in force"), **DECIMAL)
    progress = models.DecimalField(_("progress"), **PROGRESS)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    checked_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    is_automatic = models.BooleanField(
        _("measured automatically"),
        default=False,
        db_default=False,  # check-ins copied in bulk by SQL (bench) are people's
        help_text=_("Recorded by the nightly refresh."),
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["key_result", "-checked_on", "-id"]
        indexes = [
            models.Index(fields=["key_result", "-checked_on", "-id"], name="checkin_latest_idx"),
            models.Index(fields=["checked_on"], name="checkin_day_idx"),  # activity charts
            models.Index(fields=["verified_at"], name="checkin_verified_idx"),  # cycle time
        ]

    def __str__(self) -> str:
        from django.utils.formats import date_format

        from thidua.core.numbers import format_number

        value, day = format_number(self.value), date_format(self.checked_on, "SHORT_DATE_FORMAT")
        return f"{self.key_result}: {value} ({day})"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class GoalChangeProposal(models.Model):
    """An assignee's proposed changes to the key results of an assigned goal."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("goal")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    changes = models.JSONField(
        _("changes"), help_text=_("List of {key_result: id, target?, title?}.")
    )
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("goal change proposal")
        verbose_name_plural = _("goal change proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.goal} ({self.get_status_display()})"
