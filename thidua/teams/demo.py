"""Demo team: one cross-unit working team of the ministry with a goal its members check in on
(issue 13, point 7)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from thidua.goals.models import Goal
from thidua.goals.services import checkin_create
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment

from .models import Team
from .services import team_create, team_goal_create


def demo_loader(*, people: int = 0, seed: int = 0, **_) -> str:
    if Team.objects.exists():
        return "teams already present"
    leader = (
        RoleAssignment.objects.filter(
            role=Role.LEADERSHIP, unit__isnull=True, unit_group__isnull=True, valid_to__isnull=True
        )
        .order_by("pk")
        .first()
    )
    host = (
        Person.objects.filter(user__role_assignments__role=Role.UNIT_HEAD, is_active=True)
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )
    if leader is None or host is None:
        return "no leadership or unit head for a demo team"
    members = _members(host)
    today = timezone.localdate()
    team = team_create(
        actor=leader.user,
        name="Nhóm công tác liên thông dữ liệu giữa các Cục",
        purpose="Việc lớn giao nhóm nhỏ: kết nối dữ liệu quản lý giữa các đơn vị (minh hoạ).",
        unit=host.unit,
        lead=host,
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
        members=members[1:],
    )
    # The team's goal serves its host unit's goal of the year (and so that goal's programme).
    parent = (
        Goal.objects.filter(
            owner_unit=host.unit,
            program__isnull=False,
            period_start__lte=team.period_start,
            period_end__gte=team.period_end,
        )
        .order_by("pk")
        .first()
    )
    goal = team_goal_create(
        actor=host.user or leader.user,
        team=team,
        parent=parent,
        title="Liên thông dữ liệu quản lý giữa các đơn vị tham gia nhóm",
        key_results=[{"title": "Số cơ sở dữ liệu được kết nối", "baseline": 0, "target": 6}],
    )
    member = next((p for p in members[1:] if p.user_id), None)
    if member is not None:
        checkin_create(
            actor=member.user,
            key_result=goal.key_results.first(),
            value=2,
            confidence="on_track",
            checked_on=today,
        )
    return (
        f"1 cross-unit team of {len(members)} people from {len({m.unit_id for m in members})} units"
    )


def _members(host: Person) -> list[Person]:
    """The host, one colleague of the host's unit (with a login, to show a member's check-in)
    and one person from each of two other departments."""
    members = [host]
    colleague = (
        Person.objects.filter(unit__path__startswith=host.unit.path, is_active=True)
        .exclude(pk=host.pk)
        .filter(user__isnull=False)
        .order_by("pk")
        .first()
    )
    if colleague is not None:
        members.append(colleague)
    others = (
        Person.objects.filter(is_active=True, unit__depth__gte=1)
        .exclude(unit__path__startswith="/".join(host.unit.path.split("/")[:2]) + "/")
        .order_by("unit__path", "pk")
    )
    seen_units: set[str] = set()
    for person in others.select_related("unit"):
        top = "/".join(person.unit.path.split("/")[:2])
        if top in seen_units:
            continue
        seen_units.add(top)
        members.append(person)
        if len(seen_units) == 2:
            break
    return members
