"""Reads for movements, registrations, rankings and lessons, scoped to the viewer.

Movements, their criteria, registrations with commitments and lessons are public to staff
once launched (a draft only to the emulation office). Scores and rankings are private until
the office publishes the results; before that only the office and the council see them.

Ranking formula (one total per registration, 0..100):

    total = 100 × Σ_c weight_c × points_c / max_points_c  ÷  Σ_c weight_c

over every criterion c of the movement, a criterion not yet scored counting 0. Each
criterion's points are first brought to 0..1 of its own maximum, so a criterion worth 10
points and one worth 50 count by their weights only. The sum is one SQL aggregate for all
registrations; ties (equal to the hundredth) are broken by the registrant's name.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from thidua.core.models import AuditEvent
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult
from thidua.org.models import Person, Unit, UnitGroup
from thidua.org.rules import viewer_scope
from thidua.org.selectors import unit_groups_of

from .. import rules
from ..choices import EmulationAudit, MovementStatus
from ..models import Criterion, CriterionScore, Lesson, LessonAdoption, Movement, Registration

CENT = Decimal("0.01")


def _require_login(viewer) -> None:
    if not getattr(viewer, "is_authenticated", False):
        raise PermissionDenied


# ---------------------------------------------------------------- movements
def movement_list(*, viewer) -> QuerySet[Movement]:
    """Movements the viewer may see, newest period first, with their registration counts."""
    _require_login(viewer)
    qs = Movement.objects.all()
    if not rules.can_manage_movement(viewer):
        qs = qs.exclude(status=MovementStatus.DRAFT)
    return (
        qs.select_related("launched_by")
        .annotate(
            registration_count=Count(
                "registrations", filter=Q(registrations__withdrawn_at__isnull=True)
            )
        )
        .order_by("-period_start", "name")
    )


def movement_get(*, viewer, pk: int) -> Movement:
    """A movement with its criteria, units taking part and clusters (with their leaders).
    Raises Movement.DoesNotExist for a draft the viewer may not see."""
    movement = (
        movement_list(viewer=viewer)
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")),
            Prefetch("scope_units", queryset=Unit.objects.order_by("path")),
            Prefetch(
                "clusters",
                queryset=UnitGroup.objects.select_related("leader_unit").order_by("name"),
            ),
            "programs",
        )
        .get(pk=pk)
    )
    return movement


def results_visible(*, viewer, movement: Movement) -> bool:
    """Rankings and scores: everyone once published; before that the office and council."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    return (
        movement.results_published_at is not None
        or rules.is_emulation_office(viewer)
        or rules.is_council_member(viewer)
    )


def registration_list(*, viewer, movement: Movement) -> QuerySet[Registration]:
    """Current registrations with their commitments (public to staff), by registrant name."""
    _require_login(viewer)
    return (
        Registration.objects.filter(movement=movement, withdrawn_at__isnull=True)
        .select_related("unit", "person", "person__unit", "cluster")
        .annotate(registrant_name=Coalesce("unit__name", "person__full_name"))
        .order_by("registrant_name", "pk")
    )


def registration_get(*, viewer, movement: Movement, pk: int) -> Registration:
    return (
        Registration.objects.filter(movement=movement)
        .select_related("unit", "person", "person__unit", "movement")
        .get(pk=pk)
    )


# ---------------------------------------------------------------- registering
@dataclass
class Registrant:
    """Someone the viewer may register for a movement: themself or a unit they head."""

    key: str  # "p12" or "u5", as a form value
    unit: Unit | None = None
    person: Person | None = None
    registration: Registration | None = None  # the current one, if registered

    @property
    def obj(self):
        return self.unit or self.person

    @property
    def label(self) -> str:
        return str(self.obj)


def registrants_for(*, viewer, movement: Movement, limit: int = 300) -> list[Registrant]:
    """The viewer themself and the units they may register (heads: their units' subtrees;
    the office: every unit), within the movement's scope, each with its current
    registration if any. A fixed number of queries."""
    _require_login(viewer)
    scope = viewer_scope(viewer)
    scope_paths = [u.path for u in movement.scope_units.all()]
    in_scope = Q(pk__in=[])
    for path in scope_paths:
        in_scope |= Q(path__startswith=path)
    options: list[Registrant] = []
    if scope.person_id is not None:
        me = Person.objects.select_related("unit").filter(pk=scope.person_id).first()
        if me is not None and any(me.unit.path.startswith(p) for p in scope_paths):
            options.append(Registrant(key=f"p{me.pk}", person=me))
    units = Unit.objects.filter(in_scope, valid_to__isnull=True).order_by("path")
    if not scope.everything:
        mine = Q(pk__in=[])
        for path in scope.unit_paths:
            mine |= Q(path__startswith=path)
        units = units.filter(mine)
    if scope.unit_paths or scope.everything:
        options.extend(
            Registrant(key=f"u{u.pk}", unit=u)
            for u in units[:limit]
            if rules.can_register(viewer, u)
        )
    current = Registration.objects.filter(movement=movement, withdrawn_at__isnull=True).filter(
        Q(unit_id__in=[o.unit.pk for o in options if o.unit])
        | Q(person_id__in=[o.person.pk for o in options if o.person])
    )
    by_key = {(f"u{r.unit_id}" if r.unit_id else f"p{r.person_id}"): r for r in current}
    for option in options:
        option.registration = by_key.get(option.key)
    return options


def linkable_goals(*, registrant: Registrant, movement: Movement) -> list[Goal]:
    """The registrant's own goals overlapping the movement's period (not cancelled), each
    with its key results, for the registration form. Two queries."""
    owner: dict[str, Any] = (
        {"owner_unit": registrant.unit}
        if registrant.unit is not None
        else {"owner_person": registrant.person}
    )
    return list(
        Goal.objects.filter(
            **owner,
            period_start__lte=movement.period_end,
            period_end__gte=movement.period_start,
        )
        .exclude(status=GoalStatus.CANCELLED)
        .prefetch_related(Prefetch("key_results", queryset=KeyResult.objects.order_by("id")))
        .order_by("period_start", "title")
    )


def clusters_for(*, movement: Movement, unit: Unit) -> QuerySet[UnitGroup]:
    """The movement's clusters that hold the unit (or one of its ancestors) today."""
    return unit_groups_of(unit=unit).filter(pk__in=movement.clusters.values("pk")).order_by("name")


# ---------------------------------------------------------------- scores and rankings
@dataclass
class RankingRow:
    position: int
    registration: Registration
    name: str
    total: Decimal  # 0..100, to the hundredth
    points: list[Decimal | None] = field(default_factory=list)  # per criterion, in order


@dataclass
class ClusterRanking:
    cluster: UnitGroup | None  # None: registrants outside every cluster of the movement
    individuals: bool  # units and people are ranked apart, each within their cluster
    rows: list[RankingRow]


def _weighted_share():
    """Σ weight × points / max_points over a registration's scores, as floating point (SQLite
    would divide whole decimals as integers)."""
    return Coalesce(
        Sum(
            Cast(F("scores__criterion__weight"), FloatField())
            * Cast(F("scores__points"), FloatField())
            / NullIf(Cast(F("scores__criterion__max_points"), FloatField()), Value(0.0))
        ),
        Value(0.0),
    )


def score_grid(*, viewer, movement: Movement) -> dict[tuple[int, int], CriterionScore]:
    """(registration id, criterion id) → score, for the office and council. One query."""
    if not results_visible(viewer=viewer, movement=movement):
        raise PermissionDenied
    scores = CriterionScore.objects.filter(
        registration__movement=movement, registration__withdrawn_at__isnull=True
    )
    return {(s.registration_id, s.criterion_id): s for s in scores}


def rankings(*, viewer, movement: Movement) -> list[ClusterRanking]:
    """Registrations ranked per cluster (clusters by name, then those outside any cluster;
    within each, units first, then individuals, ranked apart), each with its total (see the
    module's formula) and its points per criterion. Criteria
    (prefetched on `movement` by movement_get) plus two queries for all registrations."""
    if not results_visible(viewer=viewer, movement=movement):
        raise PermissionDenied
    return _rank(movement)


def _rank(movement: Movement) -> list[ClusterRanking]:
    criteria = list(movement.criteria.all())
    total_weight = float(sum((c.weight for c in criteria), Decimal(0))) or 1.0
    # Any: each gets its `total` for display.
    registrations: list[Any] = list(
        Registration.objects.filter(movement=movement, withdrawn_at__isnull=True)
        .select_related("unit", "person", "cluster", "cluster__leader_unit")
        .annotate(
            registrant_name=Coalesce("unit__name", "person__full_name"),
            weighted=_weighted_share(),
        )
    )
    points: dict[tuple[int, int], Decimal] = {
        (r, c): p
        for r, c, p in CriterionScore.objects.filter(
            registration__movement=movement, registration__withdrawn_at__isnull=True
        ).values_list("registration_id", "criterion_id", "points")
    }
    groups: dict[tuple[int | None, bool], list[Any]] = {}
    for registration in registrations:
        registration.total = Decimal(100 * registration.weighted / total_weight).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        key = (registration.cluster_id, registration.person_id is not None)
        groups.setdefault(key, []).append(registration)
    result = []
    for (_cluster_id, individuals), members in groups.items():
        members.sort(key=lambda r: (-r.total, r.registrant_name.casefold(), r.pk))
        rows = [
            RankingRow(
                position=i,
                registration=r,
                name=r.registrant_name,
                total=r.total,
                points=[points.get((r.pk, c.pk)) for c in criteria],
            )
            for i, r in enumerate(members, start=1)
        ]
        result.append(
            ClusterRanking(cluster=members[0].cluster, individuals=individuals, rows=rows)
        )
    result.sort(
        key=lambda g: (
            g.cluster is None,
            g.cluster.name.casefold() if g.cluster else "",
            g.cluster.pk if g.cluster else 0,
            g.individuals,
        )
    )
    return result


@dataclass(frozen=True)
class ClusterLead:
    """A unit ranked first among the units of its emulation cluster in a movement."""

    unit_id: int
    cluster: str
    movement: str
    total: Decimal


def cluster_leaders(*, year: int) -> dict[int, list[ClusterLead]]:
    """Units that lead their emulation cluster (dẫn đầu cụm thi đua) in a movement whose
    results were published and whose period ends in `year`: the first unit of each cluster's
    ranking, with a total above zero. A fact for the commendation round (unit names and
    published rankings are public to staff), so no viewer is needed."""
    movements = Movement.objects.filter(
        period_end__year=year, results_published_at__isnull=False
    ).prefetch_related("criteria")
    leaders: dict[int, list[ClusterLead]] = {}
    for movement in movements:
        for group in _rank(movement):
            if group.cluster is None or group.individuals or not group.rows:
                continue
            first = group.rows[0]
            if first.total <= 0 or first.registration.unit_id is None:
                continue
            leaders.setdefault(first.registration.unit_id, []).append(
                ClusterLead(
                    first.registration.unit_id, group.cluster.name, movement.name, first.total
                )
            )
    return leaders


# ---------------------------------------------------------------- lessons
def _lessons(viewer) -> QuerySet[Lesson]:
    _require_login(viewer)
    qs = Lesson.objects.all()
    if not rules.can_manage_movement(viewer):
        qs = qs.exclude(movement__status=MovementStatus.DRAFT)
    return qs.select_related("unit", "movement", "practice", "practice__unit").annotate(
        adoption_count=Count("adoptions", distinct=True)
    )


def lesson_list(*, viewer, movement: Movement | None = None) -> QuerySet[Lesson]:
    """Lessons and exemplars with their adoption counts, the most replicated first."""
    qs = _lessons(viewer)
    if movement is not None:
        qs = qs.filter(movement=movement)
    return qs.order_by("-adoption_count", "-created_at", "pk")


def most_replicated_lessons(
    *, viewer, limit: int = 5, movement: Movement | None = None
) -> list[Lesson]:
    """The lessons most often taken up by other units (at least once), with their counts.
    One query."""
    lessons = lesson_list(viewer=viewer, movement=movement)
    return list(lessons.filter(adoption_count__gt=0)[:limit])  # type: ignore[misc]  # annotated


def lesson_get(*, viewer, pk: int) -> Lesson:
    """A lesson with its authors and adoptions (oldest first). Raises Lesson.DoesNotExist."""
    return (
        _lessons(viewer)
        .prefetch_related(
            Prefetch("authors", queryset=Person.objects.select_related("unit")),
            Prefetch(
                "adoptions",
                queryset=LessonAdoption.objects.select_related("unit", "recorded_by").order_by(
                    "adopted_on", "pk"
                ),
            ),
        )
        .get(pk=pk)
    )


def adopting_units_for(*, viewer, lesson: Lesson, limit: int = 300) -> list[Unit]:
    """Units the viewer may record an adoption for: those they head (the office: every
    current unit), not the lesson's own and not already adopting. Two queries."""
    _require_login(viewer)
    scope = viewer_scope(viewer)
    if not (scope.everything or scope.unit_paths):
        return []
    units = Unit.objects.filter(valid_to__isnull=True).exclude(pk=lesson.unit_id)
    if not scope.everything:
        mine = Q(pk__in=[])
        for path in scope.unit_paths:
            mine |= Q(path__startswith=path)
        units = units.filter(mine)
    units = units.exclude(pk__in=lesson.adoptions.values("unit_id")).order_by("path")
    return [u for u in units[:limit] if rules.can_record_adoption(viewer, u)]


def lesson_units_for(*, viewer, limit: int = 300) -> list[Unit]:
    """Units the viewer may record a lesson for: their own unit and its ancestors, the units
    they head, or (the office) every current unit."""
    _require_login(viewer)
    scope = viewer_scope(viewer)
    units = Unit.objects.filter(valid_to__isnull=True)
    if not scope.everything:
        allowed = Q(pk__in=[])
        for path in scope.unit_paths:
            allowed |= Q(path__startswith=path)
        if scope.person_id is not None:
            me = Person.objects.select_related("unit").filter(pk=scope.person_id).first()
            if me is not None:
                allowed |= Q(pk__in=[*me.unit.ancestor_ids(), me.unit_id])
        units = units.filter(allowed)
    # The same units rules.can_record_lesson allows, chosen in one query (the service checks
    # the predicate again on the unit submitted).
    return list(units.order_by("path")[:limit])


# ---------------------------------------------------------------- work waiting (Việc của tôi)
def scores_missing(*, movement_ids) -> dict[int, int]:
    """Per movement, the registrations (not withdrawn) still missing the score of at least
    one criterion. Three grouped queries whatever the number of movements."""
    ids = list(movement_ids)
    if not ids:
        return {}
    criteria = dict(
        Criterion.objects.filter(movement_id__in=ids)
        .values("movement_id")
        .annotate(n=Count("id"))
        .values_list("movement_id", "n")
    )
    registrations = list(
        Registration.objects.filter(movement_id__in=ids, withdrawn_at__isnull=True).values_list(
            "pk", "movement_id"
        )
    )
    scored = dict(
        CriterionScore.objects.filter(
            registration__movement_id__in=ids, registration__withdrawn_at__isnull=True
        )
        .values("registration_id")
        .annotate(n=Count("id"))
        .values_list("registration_id", "n")
    )
    missing: dict[int, int] = {}
    for registration_id, movement_id in registrations:
        if scored.get(registration_id, 0) < criteria.get(movement_id, 0):
            missing[movement_id] = missing.get(movement_id, 0) + 1
    return missing


def status_since(*, movements) -> dict[int, Any]:
    """When each movement entered its current status (its last recorded status change, or
    its last change when none was recorded). One query."""
    movements = list(movements)
    since: dict[int, Any] = {m.pk: m.updated_at for m in movements}
    status = {str(m.pk): m.status for m in movements}
    for target_id, data, created_at in (
        AuditEvent.objects.filter(
            action=EmulationAudit.MOVEMENT_STATUS_CHANGED,
            target_type=Movement._meta.label_lower,
            target_id__in=[str(m.pk) for m in movements],
        )
        .order_by("created_at", "id")
        .values_list("target_id", "data", "created_at")
    ):
        if (data or {}).get("to") == status.get(target_id):
            since[int(target_id)] = created_at  # the latest change to the current status wins
    return since
