"""Who still lacks a final rating for a started commendation round, told to the heads who rate
them: each person without one is counted for the nearest unit head above (the head of their
own unit, or of the first unit up the tree that has one other than the person — a head's
own rating goes to the head above), as the head's sheet of that unit for the year
(`emulation:rating_unit`) lists them.

The round's step a ("ratings final") still judges the whole agency; this only tells the
heads in time. Once the office confirms that step the heads are no longer asked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from thidua.emulation.models import AnnualRating
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment, Unit

from ..choices import RoundStep, RoundStepStatus
from ..history import FINAL_RATING_STATUSES
from ..models import CommendationRound, RoundStepResult

HEAD_ROLES = (Role.UNIT_HEAD,)


@dataclass(frozen=True)
class MissingRatings:
    """`count` people in `unit` (the unit the head heads, its subtree) have no final rating
    for `year`, and rating them falls to the head `user_id`."""

    year: int
    user_id: int
    unit: Unit
    count: int
    since: datetime  # when the round was started


def rounds_waiting_for_ratings() -> list[CommendationRound]:
    """Started rounds whose ratings step the office has not confirmed yet. One query."""
    open_steps = RoundStepResult.objects.filter(step=RoundStep.RATINGS).exclude(
        status=RoundStepStatus.CONFIRMED
    )
    return list(CommendationRound.objects.filter(pk__in=open_steps.values("round_id")))


def _parent_paths(path: str) -> list[str]:
    """`path` and its ancestors' paths, nearest first."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[:i]) for i in range(len(parts), 0, -1)]


def ratings_missing_by_head(
    *, round_: CommendationRound, user_id: int | None = None, on: date | None = None
) -> list[MissingRatings]:
    """Per head (only `user_id`'s when given) and unit they head: how many active people
    lack a final rating for the round's year. Four queries at most."""
    on = on or timezone.localdate()
    heads_q = RoleAssignment.objects.as_of(on).filter(
        role__in=HEAD_ROLES, unit__isnull=False, user__is_active=True
    )
    people = Person.objects.filter(is_active=True)
    if user_id is not None:
        mine = list(heads_q.filter(user_id=user_id).values_list("unit__path", flat=True))
        if not mine:
            return []
        under = Q(pk__in=[])
        for path in mine:
            under |= Q(unit__path__startswith=path)
        people = people.filter(under)
        heads_q = heads_q.filter(Q(user_id=user_id) | Q(under))
    heads: dict[str, dict[int, int]] = defaultdict(dict)  # unit path → user → unit id
    for uid, unit_id, path in heads_q.values_list("user_id", "unit_id", "unit__path"):
        heads[path][uid] = unit_id
    if not heads:
        return []
    rated = AnnualRating.objects.filter(year=round_.year, status__in=FINAL_RATING_STATUSES).exclude(
        level=""
    )
    missing = (
        people.exclude(pk__in=rated.values("person_id"))
        .order_by()
        .values_list("unit__path", "user_id")
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for path, own_user in missing:
        for candidate in _parent_paths(path or ""):
            found = {u: unit for u, unit in heads.get(candidate, {}).items() if u != own_user}
            if found:
                for uid, unit_id in found.items():
                    counts[(uid, unit_id)] += 1
                break
    if user_id is not None:
        counts = {key: n for key, n in counts.items() if key[0] == user_id}
    units = Unit.objects.in_bulk({unit_id for _uid, unit_id in counts})
    return sorted(
        (
            MissingRatings(
                year=round_.year,
                user_id=uid,
                unit=units[unit_id],
                count=n,
                since=round_.created_at,
            )
            for (uid, unit_id), n in counts.items()
            if unit_id in units
        ),
        key=lambda m: (m.user_id, m.unit.path),
    )
