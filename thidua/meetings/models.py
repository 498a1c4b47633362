"""The monthly giao ban as a meeting: its scope, its chair, the chair's conclusions and the
assignments carried to the next meeting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.goals.models import Goal, Task
from thidua.org.models import Person, Unit, UnitGroup

from .choices import ConclusionKind, MeetingStatus


class BriefingMeeting(TimeStampedModel):
    """A giao ban meeting (cuộc họp giao ban) of the ministry, a block (khối) or a unit for a
    month: the agenda is prepared from the month's facts, the chair's conclusions are recorded
    and issued as a "Thông báo kết luận"."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefing_meetings",
        help_text=_("The ministry or a unit; empty for a block's meeting."),
    )
    unit_group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("block"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefing_meetings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    held_on = models.DateField(_("meeting date"))
    chair = models.ForeignKey(
        Person, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notice_number = models.CharField(_("notice number"), max_length=60, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("giao ban meeting")
        verbose_name_plural = _("giao ban meetings")
        ordering = ["-year", "-month", "-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(unit_group__isnull=True),
                name="briefing_one_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="briefing_month_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name} {self.month:02d}/{self.year}"

    @property
    def scope_name(self) -> str:
        return str(self.unit or self.unit_group or "")

    @property
    def scope_label(self) -> str:
        """The scope as a reader can tell it apart: a unit whose name is not unique is
        followed by its parent's ("Văn phòng Cục — Cục An toàn thông tin")."""
        from thidua.org.unit_labels import unit_label

        return unit_label(self.unit) if self.unit is not None else self.scope_name


class Conclusion(models.Model):
    """One item of the chair's conclusions (kết luận); an assignment (giao việc) names an owner
    and a deadline and becomes a task of that person, linked to the goal it serves."""

    meeting = models.ForeignKey(
        BriefingMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="conclusions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ConclusionKind.choices, default=ConclusionKind.CONCLUSION
    )
    text = models.TextField(_("text"))
    assignee = models.ForeignKey(
        Person,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefing_assignments",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.OneToOneField(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefing_conclusion",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]
