"""Writes of teams: form a team of people from several units, add and remove members, give
the team goals its members check in on, and close it before its period ends."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.core.numbers import format_number
from thidua.goals.choices import GoalStatus, PeriodKind
from thidua.goals.models import Goal
from thidua.goals.services import goal_create
from thidua.org.models import Person, Unit

from . import rules
from .choices import TeamsAudit
from .models import Team, TeamGoal, TeamMember


@transaction.atomic
def team_create(
    *,
    actor: Any,
    name: str,
    unit: Unit,
    lead: Person,
    period_start: date,
    period_end: date,
    members: Iterable[Person] = (),
    purpose: str = "",
) -> Team:
    """Form a team hosted by `unit`, led by `lead`, with members from any units the actor
    covers."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("A team needs a name.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    people = {p.pk: p for p in [lead, *members]}
    if any(not p.is_active for p in people.values()):
        raise ValidationError({"members": _("Only people in service can be team members.")})
    paths = [unit.path, *(p.unit.path for p in people.values())]
    if not rules.may_form_team(actor, unit_paths=paths):
        raise PermissionDenied(
            _("You may form teams only of people in the units you head or lead.")
        )
    team = Team.objects.create(
        name=name[:200],
        purpose=purpose.strip(),
        unit=unit,
        lead=lead,
        period_start=period_start,
        period_end=period_end,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    TeamMember.objects.bulk_create([TeamMember(team=team, person=p) for p in people.values()])
    audit_record(
        actor=actor,
        action=TeamsAudit.TEAM_CREATED,
        target=team,
        lead=lead.pk,
        members=sorted(people),
    )
    return team


@transaction.atomic
def team_member_add(*, actor: Any, team: Team, person: Person) -> TeamMember:
    if not rules.may_form_team(actor, unit_paths=[team.unit.path, person.unit.path]):
        raise PermissionDenied(_("You may add only people of the units you head or lead."))
    if not person.is_active:
        raise ValidationError({"person": _("Only people in service can be team members.")})
    _refuse_closed(team)
    member, created = TeamMember.objects.get_or_create(team=team, person=person)
    if not created and member.left_on is not None:  # back in the team
        member.left_on, member.leave_reason, created = None, "", True
        member.save(update_fields=["left_on", "leave_reason"])
    if created:
        audit_record(actor=actor, action=TeamsAudit.MEMBER_ADDED, target=team, person=person.pk)
    return member


REASON_MAX_CHARS = 2000


def _refuse_closed(team: Team) -> None:
    if team.closed_on is not None:
        raise ValidationError(
            _("The team was closed on %(day)s.") % {"day": team.closed_on.strftime("%d/%m/%Y")}
        )


def _change_checked(*, actor: Any, team: Team, on: date | None, reason: str) -> tuple:
    """The team locked, the actor's right, the team still open and the day within its period
    and not in the future: (team, day, reason)."""
    team = Team.objects.select_for_update().select_related("unit").get(pk=team.pk)
    if not rules.can_change_team(actor, team):
        raise PermissionDenied(
            _("Only the team's lead, whoever formed it or the heads over it may change it.")
        )
    _refuse_closed(team)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if not team.period_start <= day <= team.period_end:
        raise ValidationError({"on": _("The date lies outside the team's period.")})
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            {
                "reason": _("At most %(max_length)s characters.")
                % {"max_length": format_number(REASON_MAX_CHARS, grouping=True)}
            }
        )
    return team, day, reason


@transaction.atomic
def team_member_remove(
    *, actor: Any, team: Team, person: Person, on: date | None = None, reason: str = ""
) -> TeamMember:
    """Remove a member from `on` (default today): no longer a member, they stop seeing and
    updating the team's goals; the goals stay with the team, and the months before still
    count its results in their score. The lead cannot be removed (close the team instead)."""
    team, day, reason = _change_checked(actor=actor, team=team, on=on, reason=reason)
    if person.pk == team.lead_id:
        raise ValidationError(
            {"person": _("The team's lead cannot be removed; close the team instead.")}
        )
    member = (
        TeamMember.objects.select_for_update()
        .filter(team=team, person=person, left_on__isnull=True)
        .first()
    )
    if member is None:
        raise ValidationError({"person": _("This person is not a member of the team.")})
    member.left_on, member.leave_reason = day, reason
    member.save(update_fields=["left_on", "leave_reason"])
    audit_record(
        actor=actor,
        action=TeamsAudit.MEMBER_REMOVED,
        target=team,
        person=person.pk,
        on=day.isoformat(),
        reason=reason,
    )
    return member


@transaction.atomic
def team_close(*, actor: Any, team: Team, on: date | None = None, reason: str = "") -> Team:
    """Close the team from `on` (default today), before its period ends: once; its goals stay
    (counted under the host unit) but its members no longer update them."""
    team, day, reason = _change_checked(actor=actor, team=team, on=on, reason=reason)
    team.closed_on, team.close_reason = day, reason
    team.save(update_fields=["closed_on", "close_reason", "updated_at"])
    audit_record(
        actor=actor, action=TeamsAudit.TEAM_CLOSED, target=team, on=day.isoformat(), reason=reason
    )
    return team


@transaction.atomic
def team_goal_create(
    *,
    actor: Any,
    team: Team,
    title: str,
    key_results: Iterable[dict],
    period_start: date | None = None,
    period_end: date | None = None,
    parent: Goal | None = None,
) -> Goal:
    """A goal owned by the team (counted under its host unit), active at once: set by its
    lead or by a head or leader over all its members — never by someone outside the team."""
    if not rules.can_manage_team(actor, team):
        raise PermissionDenied(_("Only the team's lead or the heads over it set its goals."))
    _refuse_closed(team)
    start = period_start or team.period_start
    end = period_end or team.period_end
    if start < team.period_start or end > team.period_end:
        raise ValidationError({"period_end": _("A team goal lies within the team's period.")})
    key_results = list(key_results)
    if not key_results:
        raise ValidationError({"key_results": _("A team goal needs at least one key result.")})
    goal = goal_create(
        actor=SYSTEM,  # the team's right was checked above; goal_create checks the rest
        title=title,
        owner_unit=team.unit,
        parent=parent,
        period_kind=PeriodKind.YEAR if start.year == end.year else PeriodKind.PROGRAM,
        period_start=start,
        period_end=end,
        key_results=key_results,
        status=GoalStatus.ACTIVE,
    )
    TeamGoal.objects.create(goal=goal, team=team)
    audit_record(actor=actor, action=TeamsAudit.GOAL_CREATED, target=team, goal=goal.pk)
    return goal
