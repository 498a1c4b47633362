"""Goals and key results: programs and national indicators, the goal cascade, key results,
check-ins, tasks from daily work, templates and change proposals."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel, status_is
from thidua.org.models import Person, Position, TreeNode, Unit

from ..choices import (
    Confidence,
    Direction,
    GoalStatus,
    KeyResultSource,
    MetricType,
    PeriodKind,
    PracticeSource,
    PracticeStatus,
    ProposalStatus,
    TaskStatus,
)

DECIMAL = {"max_digits": 20, "decimal_places": 4}
PROGRESS = {"max_digits": 9, "decimal_places": 4}


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


class FieldVisit(TimeStampedModel):
    """A leader's visit to the grassroots (đi cơ sở): who went, where and when, what they
    found, and the follow-up tasks it gave (each a Task owned by a person)."""

    person = models.ForeignKey(
        Person, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="field_visits"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit visited"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    visited_on = models.DateField(_("visit date"))
    findings = models.TextField(_("what was found"))
    follow_up_tasks = models.ManyToManyField(
        Task, verbose_name=_("follow-up tasks"), blank=True, related_name="field_visits"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["person", "visited_on"], name="fieldvisit_person_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(place=""), name="fieldvisit_has_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit or self.place} ({self.visited_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("goals:field_visit", args=[self.pk])


class GoodPractice(models.Model):
    """A good practice (cách làm hay) found by an inspection, a supervision or a field visit,
    proposed to the emulation office as a lesson to publish and replicate. Only its text and
    its unit are shared; the source is a generic link (`source`) whose own permission
    ("<app>.view_<model>" in django-rules) decides who may follow it, so Party inspections stay
    with the Party while emulation, below party, publishes the lesson."""

    text = models.TextField(_("good practice"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="good_practices"
    )
    found_on = models.DateField(_("found on"))
    found_by = models.CharField(_("found by"), max_length=16, choices=PracticeSource.choices)
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("source type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("source record"))
    source = GenericForeignKey("source_type", "source_id")
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason not published"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="practice_status_idx"),
            models.Index(fields=["source_type", "source_id"], name="practice_source_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
