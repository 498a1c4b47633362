"""Who will verify a check-in (walk-through F15): the head the check-in falls to in
`checkins_awaiting_verification` — the nearest unit at or above the goal's unit with a head
who may verify it (goals.rules.can_verify_checkin: not the goal's owner, not the one who
recorded it), its unit heads before its leaders (heads_below: a unit head is nearer than a
leader of the same unit). Imported on its own (`from thidua.goals.selectors import verifiers`)."""

from django.db.models import Q
from django.utils import timezone

from thidua.org.choices import Role
from thidua.org.constants import PATH_SEGMENT_WIDTH
from thidua.org.models import Person, RoleAssignment, UnitGroupMembership

from ..choices import GoalStatus
from ..models import CheckIn

SEGMENT = PATH_SEGMENT_WIDTH + 1  # "0000001/"


def _ancestor_paths(path: str) -> list[str]:
    """The unit's path and its ancestors', nearest first."""
    return [path[:end] for end in range(len(path), 0, -SEGMENT)]


def checkin_verifiers(*, checkin: CheckIn) -> list[str]:
    """The names of the people a check-in waits for (two heads of one unit share its work),
    or [] when it waits for nobody: the goal is not active, the check-in no longer sets the
    key result's value (a later one does) or is verified, or no head may verify it. Four
    queries at most, whatever the depth of the tree."""
    key_result = checkin.key_result
    goal = key_result.goal
    latest = (
        CheckIn.objects.filter(key_result=key_result)
        .order_by("-checked_on", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if goal.status != GoalStatus.ACTIVE or checkin.verified_at is not None or latest != checkin.pk:
        return []
    owner = Person.objects.none()
    if goal.owner_person_id is not None:
        owner = Person.objects.filter(pk=goal.owner_person_id)
    owner_user = owner.values("user_id")  # a subquery
    unit_heads, leaders = nearest_heads(
        unit_path=goal.scope_unit.path,
        excluded=Q(user_id=checkin.created_by_id)
        | Q(user_id__in=owner_user.filter(user__isnull=False)),
    )
    return person_names(unit_heads or leaders)


def nearest_heads(*, unit_path: str, excluded: Q) -> tuple[set[int], set[int]]:
    """(unit heads, leaders) — user ids — of the nearest unit at or above `unit_path` with a
    head today who is not `excluded` (a condition on RoleAssignment); two empty sets when no
    unit has one. Two queries whatever the depth of the tree."""
    on = timezone.localdate()
    paths = _ancestor_paths(unit_path)
    groups: dict[int, set[str]] = {}
    for group_id, path in (
        UnitGroupMembership.objects.as_of(on)
        .filter(unit__path__in=paths)
        .values_list("group_id", "unit__path")
    ):
        groups.setdefault(group_id, set()).add(path)
    # unit path → (unit heads, leaders)
    heads: dict[str, tuple[set[int], set[int]]] = {p: (set(), set()) for p in paths}
    for user_id, role, path_of_unit, group_id in (
        RoleAssignment.objects.as_of(on)
        .filter(role__in=[Role.UNIT_HEAD, Role.LEADERSHIP], user__is_active=True)
        .filter(Q(unit__path__in=paths) | Q(role=Role.LEADERSHIP, unit_group_id__in=list(groups)))
        .exclude(excluded)
        .values_list("user_id", "role", "unit__path", "unit_group_id")
    ):
        for path in {path_of_unit} if path_of_unit else groups.get(group_id, set()):
            heads[path][0 if role == Role.UNIT_HEAD else 1].add(user_id)
    for path in paths:
        if heads[path][0] or heads[path][1]:
            return heads[path]
    return set(), set()


def person_names(user_ids: set[int]) -> list[str]:
    """The full names of the people of these accounts, sorted. One query."""
    if not user_ids:
        return []
    names = dict(Person.objects.filter(user_id__in=user_ids).values_list("user_id", "full_name"))
    return sorted(names.values())
