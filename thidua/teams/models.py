"""Teams (nhóm công tác): "big work for small groups" (seed 004) — people drawn from several
units, with a lead and a period, owning goals together. A team goal is a goal of the team's
host unit (for roll-ups and scope) marked as the team's; its members check in on it and see it
in their own list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.org.models import Person, Unit


class Team(TimeStampedModel):
    """A cross-unit working team (nhóm công tác) for a period."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        related_name="teams",
        help_text=_("The unit that hosts the team: its goals count under this unit."),
    )
    lead = models.ForeignKey(
        Person, verbose_name=_("team lead"), on_delete=models.PROTECT, related_name="teams_led"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField(
        _("team closed on"),
        null=True,
        blank=True,
        help_text=_("Closed before its period ended: its members no longer update its goals."),
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="team_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class TeamMember(models.Model):
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="team_places"
    )
    # Removed from the team on this day (null: still a member); the row stays so the months
    # before still count the team's results in the person's score.
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.TextField(_("reason for leaving"), blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.person} ∈ {self.team}"


class TeamGoal(models.Model):
    """Marks a goal as owned by a team (its owner unit is the team's host unit)."""

    goal = models.OneToOneField(
        "goals.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="team_link"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="goal_links"
    )

    class Meta:
        verbose_name = _("team goal")
        verbose_name_plural = _("team goals")

    def __str__(self) -> str:
        return f"{self.team}: {self.goal}"
