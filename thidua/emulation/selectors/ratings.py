"""Reads for ratings, scoped to the viewer: a person sees their own, a head the people of
their subtree, the emulation office and ministry leadership everyone (rules.py). Lists load
in a bounded number of queries whatever the number of people."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from thidua.core.agency_settings import values
from thidua.core.audit import audit_for
from thidua.core.models import AuditEvent
from thidua.org.models import Person, Unit
from thidua.org.rules import can_view_unit_private, viewer_scope

from .. import rules, scoring
from ..choices import AppealStatus, EmulationAudit, RatingStatus, ScorePeriod
from ..models import (
    AnnualRating,
    PeriodScore,
    RatingAppeal,
    UnitRating,
    WorkAssignment,
    WorkItemType,
)

MONTHS = tuple(range(1, 13))


def rating_params(*, year: int | None = None) -> scoring.Params:
    """The agency's rating settings (legal defaults unless changed), one query: those in force
    on the last day of `year` (the ratings of a year are judged by that year's settings, so a
    change dated later leaves them alone), today's when no year is given."""
    return scoring.Params.from_settings(
        values("emulation.", on=None if year is None else date(year, 12, 31))
    )


def visible_ratings(*, viewer) -> QuerySet[AnnualRating]:
    """Ratings of the people whose private data the viewer may read."""
    if not viewer.is_authenticated:
        return AnnualRating.objects.none()
    return AnnualRating.objects.filter(rules.state_scope(viewer).person_q("person__"))


def rating_get(*, viewer, pk: int) -> AnnualRating:
    """One rating the viewer may see (AnnualRating.DoesNotExist otherwise)."""
    return (
        visible_ratings(viewer=viewer)
        .select_related("person", "person__position", "unit", "unit__parent", "position")
        .prefetch_related(Prefetch("appeals", queryset=RatingAppeal.objects.order_by("id")))
        .get(pk=pk)
    )


def appeal_get(*, viewer, pk: int) -> RatingAppeal:
    """An appeal on a rating the viewer may see, with that rating as `rating_get` reads it
    (RatingAppeal.DoesNotExist or AnnualRating.DoesNotExist otherwise)."""
    appeal = RatingAppeal.objects.get(pk=pk)
    appeal.rating = rating_get(viewer=viewer, pk=appeal.rating_id)
    return appeal


def my_rating(*, viewer, year: int) -> AnnualRating | None:
    person_id = viewer_scope(viewer).person_id if viewer.is_authenticated else None
    if person_id is None:
        return None
    return (
        AnnualRating.objects.filter(person_id=person_id, year=year)
        .select_related("person", "unit", "unit__parent")
        .prefetch_related(Prefetch("appeals", queryset=RatingAppeal.objects.order_by("id")))
        .first()
    )


def my_ratings(*, viewer) -> QuerySet[AnnualRating]:
    person_id = viewer_scope(viewer).person_id if viewer.is_authenticated else None
    ratings = AnnualRating.objects.filter(person_id=person_id)  # type: ignore[misc]  # may be None
    return ratings.select_related("unit").order_by("-year")


def record_person_get(*, viewer, pk: int) -> Person:
    """A person whose ratings, scores, work and records the viewer may read
    (rules.can_view_person_record: themselves, their heads, the ministry-wide roles);
    PermissionDenied for anyone else — a Party secretary included — and
    Person.DoesNotExist when there is none."""
    person = Person.objects.select_related("unit", "position").get(pk=pk)
    if not rules.can_view_person_record(viewer, person):
        raise PermissionDenied
    return person


def period_scores(*, viewer, person: Person, year: int) -> QuerySet[PeriodScore]:
    """A person's period scores of a year, with the unit that gave each."""
    if not rules.can_view_person_record(viewer, person):
        raise PermissionDenied
    return (
        PeriodScore.objects.filter(person=person, year=year)
        .select_related("unit")
        .order_by("period", "number")
    )


def rating_history(*, viewer, rating: AnnualRating) -> QuerySet[AuditEvent]:
    """Every recorded step of a rating, oldest first."""
    if not rules.can_view_rating(viewer, rating):
        raise PermissionDenied
    return audit_for(rating).select_related("actor__person").order_by("created_at", "id")


def work_item_types(*, viewer, unit: Unit) -> QuerySet[WorkItemType]:
    """A unit's catalogue and those of the units above it (public to staff)."""
    if not viewer.is_authenticated:
        raise PermissionDenied
    return (
        WorkItemType.objects.filter(unit_id__in=[*unit.ancestor_ids(), unit.pk])
        .select_related("unit")
        .order_by("unit__path", "code")
    )


def work_assignments(*, viewer, person: Person, year: int, month: int) -> QuerySet:
    if not rules.can_view_person_record(viewer, person):
        raise PermissionDenied
    return (
        WorkAssignment.objects.filter(person=person, year=year, month=month)
        .select_related("item_type")
        .order_by("id")
    )


def work_assignment_get(*, viewer, person: Person, pk: int) -> WorkAssignment:
    """One line of the person's work, for a viewer who may read their private data
    (WorkAssignment.DoesNotExist for another person's line)."""
    if not rules.can_view_person_record(viewer, person):
        raise PermissionDenied
    return WorkAssignment.objects.get(pk=pk, person=person)


def period_score_get(*, viewer, person: Person, year: int, month: int) -> PeriodScore | None:
    return (
        period_scores(viewer=viewer, person=person, year=year)
        .filter(period=ScorePeriod.MONTH, number=month)
        .first()
    )


# ---------------------------------------------------------------- the cap
def _cap_levels(rows: QuerySet[AnnualRating], changes: dict[int, str] | None, lock: bool):
    """The level each rating counts with in a cap: a decided level (approved, else proposed);
    a rating not yet proposed by its computed level in the base, never as a proposed HTXS;
    `changes` (rating id → level) replaces levels."""
    changes = changes or {}
    if lock:
        rows = rows.select_for_update()
    levels = []
    for pk, level, proposed, computed in rows.values_list(
        "pk", "level", "proposed_level", "computed_level"
    ):
        decided = changes.get(pk) or level or proposed
        if not decided and computed == scoring.HTXS:
            decided = scoring.HTT
        levels.append(decided or computed)
    return levels


def task_group_label(task_group: str) -> str:
    return f"nhóm “{task_group}”"


def cap_for_task_group(
    *,
    task_group: str,
    year: int,
    changes: dict[int, str] | None = None,
    lock: bool = False,
    params: scoring.Params | None = None,
) -> scoring.CapCheck:
    """The HTXS cap of the ratings of a year in one group with similar tasks, across units
    (not scoped), counted as cap_for_unit counts. The 25% exception belongs to a unit rated
    HTXS, so a group spanning units keeps the ordinary percentage."""
    task_group = (task_group or "").strip()
    rows = AnnualRating.objects.filter(year=year, task_group=task_group) if task_group else None
    return scoring.htxs_cap(
        levels=_cap_levels(rows, changes, lock) if rows is not None else [],
        params=params or rating_params(year=year),
        group_name=task_group_label(task_group),
    )


def task_group_caps(
    *, unit: Unit, year: int, changes: dict[int, str] | None = None, params=None
) -> list[tuple[str, scoring.CapCheck]]:
    """The cap of every task group that has a rating of the year under `unit` (each group
    counted across all units), for the head's page."""
    groups = (
        AnnualRating.objects.filter(year=year, unit__path__startswith=unit.path)
        .exclude(task_group="")
        .values_list("task_group", flat=True)
        .distinct()
        .order_by("task_group")
    )
    params = params or rating_params(year=year)
    return [
        (group, cap_for_task_group(task_group=group, year=year, changes=changes, params=params))
        for group in groups
    ]


def cap_for_unit(
    *,
    unit: Unit,
    year: int,
    changes: dict[int, str] | None = None,
    lock: bool = False,
    params: scoring.Params | None = None,
) -> scoring.CapCheck:
    """The HTXS cap of a unit's ratings for a year (not scoped: services and the scoped reads
    below use it). A decided level (approved, else proposed) counts; a rating not yet
    proposed counts by its computed level in the base, never as a proposed HTXS; `changes`
    (rating id → level) replaces levels, for a proposal being made or edited on the page."""
    levels = _cap_levels(AnnualRating.objects.filter(unit=unit, year=year), changes, lock)
    unit_rating = UnitRating.objects.filter(unit=unit, year=year).first()
    return scoring.htxs_cap(
        levels=levels,
        unit_level=unit_rating.level if unit_rating else "",
        unit_outstanding=bool(unit_rating and unit_rating.outstanding),
        params=params or rating_params(year=year),
        group_name=unit.name,
    )


def unit_cap_for(
    *,
    unit: Unit,
    year: int,
    level: str | None = None,
    lock: bool = False,
    params: scoring.Params | None = None,
) -> scoring.CapCheck:
    """The cap on HTXS among the units under the same parent (not scoped). Confirmed levels
    count as HTXS, computed ones only in the base; `level` replaces this unit's. The 25%
    exception applies when the parent unit is rated HTXS (or, if the setting does not
    require that, marked outstanding)."""
    params = params or rating_params(year=year)
    if unit.parent_id is None:
        siblings = UnitRating.objects.filter(unit=unit, year=year)
    else:
        siblings = UnitRating.objects.filter(unit__parent_id=unit.parent_id, year=year)
    if lock:
        siblings = siblings.select_for_update()
    levels = []
    for unit_id, sibling_level, status in siblings.values_list("unit_id", "level", "status"):
        if unit_id == unit.pk and level is not None:
            continue
        if status == RatingStatus.DRAFT and sibling_level == scoring.HTXS:
            sibling_level = scoring.HTT
        levels.append(sibling_level)
    if level is not None:
        levels.append(level)
    group_size, exceptional = 1, False
    if unit.parent_id is not None:
        group_size = Unit.objects.filter(parent_id=unit.parent_id, valid_to__isnull=True).count()
        parent_rating = UnitRating.objects.filter(unit_id=unit.parent_id, year=year).first()
        exceptional = bool(
            parent_rating
            and (
                parent_rating.level == scoring.HTXS
                or (not params.htxs_cap_exception_needs_unit_htxs and parent_rating.outstanding)
            )
        )
    return scoring.unit_htxs_cap(
        levels=levels,
        group_size=group_size,
        exceptional=exceptional,
        params=params,
        group_name=unit.parent.name if unit.parent else unit.name,
    )


# ---------------------------------------------------------------- a head's sheet of a unit
@dataclass
class SheetRow:
    person: Person
    rating: AnnualRating | None
    months: list[PeriodScore | None]
    mean: Decimal | None


@dataclass
class Sheet:
    unit: Unit
    year: int
    rows: list[SheetRow]
    caps: list[tuple[Unit, scoring.CapCheck]] = field(default_factory=list)
    group_caps: list[tuple[str, scoring.CapCheck]] = field(default_factory=list)


def unit_sheet(*, viewer, unit: Unit, year: int) -> Sheet:
    """The people under a unit (now), their period scores of the year and their ratings, and
    the HTXS cap of each rating unit: a fixed number of queries plus three per rating unit."""
    if not can_view_unit_private(viewer, unit):
        raise PermissionDenied
    people = list(
        Person.objects.filter(unit__path__startswith=unit.path, is_active=True)
        .select_related("unit", "position")
        .order_by("unit__path", "-position__level", "full_name")
    )
    ids = [p.pk for p in people]
    ratings = {
        r.person_id: r
        for r in AnnualRating.objects.filter(person_id__in=ids, year=year).select_related(
            "unit", "unit__parent"
        )
    }
    scores: dict[int, dict[int, PeriodScore]] = defaultdict(dict)
    for s in PeriodScore.objects.filter(
        person_id__in=ids, year=year, period=ScorePeriod.MONTH
    ).select_related("unit"):
        scores[s.person_id][s.number] = s
    rows = []
    for person in people:
        mine = scores.get(person.pk, {})
        totals = [s.total for s in mine.values()]
        rows.append(
            SheetRow(
                person=person,
                rating=ratings.get(person.pk),
                months=[mine.get(m) for m in MONTHS],
                mean=scoring.points(sum(totals, Decimal(0)) / len(totals)) if totals else None,
            )
        )
    params = rating_params(year=year)
    rating_units = {r.unit_id: r.unit for r in ratings.values()}
    caps = [
        (u, cap_for_unit(unit=u, year=year, params=params))
        for u in sorted(rating_units.values(), key=lambda u: u.path)
    ]
    group_caps = task_group_caps(unit=unit, year=year, params=params)
    return Sheet(unit=unit, year=year, rows=rows, caps=caps, group_caps=group_caps)


def unit_cap_preview(*, viewer, unit: Unit, year: int, changes: dict[int, str]) -> list:
    """The cap of each rating unit under `unit` with the levels chosen on the page (not
    saved), for the live count on the head's page."""
    if not can_view_unit_private(viewer, unit):
        raise PermissionDenied
    visible = dict(
        visible_ratings(viewer=viewer)
        .filter(pk__in=list(changes), year=year, unit__path__startswith=unit.path)
        .values_list("pk", "unit_id")
    )
    units = Unit.objects.filter(
        pk__in=AnnualRating.objects.filter(year=year, unit__path__startswith=unit.path).values(
            "unit_id"
        )
    ).order_by("path")
    params = rating_params(year=year)
    kept = {pk: level for pk, level in changes.items() if pk in visible}
    return [(u, cap_for_unit(unit=u, year=year, changes=kept, params=params)) for u in units]


def task_group_cap_preview(*, viewer, unit: Unit, year: int, changes: dict[int, str]) -> list:
    """The cap of each task group under `unit` with the levels chosen on the page (not saved)."""
    if not can_view_unit_private(viewer, unit):
        raise PermissionDenied
    visible = set(
        visible_ratings(viewer=viewer)
        .filter(pk__in=list(changes), year=year, unit__path__startswith=unit.path)
        .values_list("pk", flat=True)
    )
    kept = {pk: level for pk, level in changes.items() if pk in visible}
    return task_group_caps(unit=unit, year=year, changes=kept)


# ---------------------------------------------------------------- the approver
def ratings_for_approver(*, viewer, year: int) -> dict[str, list[AnnualRating]]:
    """Ratings waiting for the viewer: proposals to approve, approved ratings to publish,
    appeals to decide. One query, then the predicates (the scope is cached)."""
    return _awaiting_approver(viewer=viewer, year=year)


def ratings_awaiting_approver(*, viewer) -> dict[str, list[AnnualRating]]:
    """As ratings_for_approver, over every year (for "Việc của tôi"): a fixed number of
    queries."""
    return _awaiting_approver(viewer=viewer, year=None)


def _awaiting_approver(*, viewer, year: int | None) -> dict[str, list[AnnualRating]]:
    if not viewer.is_authenticated:
        return {"proposed": [], "approved": [], "appealed": []}
    scope = viewer_scope(viewer)
    office = rules.is_emulation_office(viewer)
    q = Q()
    if not (scope.everything or office):
        q = Q(pk__in=[])
        for path in scope.unit_paths:
            q |= Q(unit__parent__path__startswith=path)
    rows = list(
        AnnualRating.objects.filter(
            q,
            Q(year=year) if year is not None else Q(),
            status__in=[RatingStatus.PROPOSED, RatingStatus.APPROVED, RatingStatus.APPEALED],
        )
        .exclude(person_id=scope.person_id)  # type: ignore[misc]  # may be None
        .select_related("person", "person__position", "unit", "unit__parent")
        .prefetch_related(
            Prefetch(
                "appeals",
                queryset=RatingAppeal.objects.filter(status=AppealStatus.OPEN).order_by("id"),
                to_attr="open_appeals",
            )
        )
        .order_by(*(() if year is not None else ("-year",)), "unit__path", "person__full_name")
    )
    proposers = dict(
        AuditEvent.objects.filter(
            action=EmulationAudit.RATING_PROPOSED,
            target_type=AnnualRating._meta.label_lower,
            target_id__in=[str(r.pk) for r in rows if r.status == RatingStatus.PROPOSED],
        )
        .order_by("created_at", "id")
        .values_list("target_id", "actor_id")
    )  # the latest proposer of each wins
    result: dict[str, list[AnnualRating]] = {"proposed": [], "approved": [], "appealed": []}
    for r in rows:
        approver = rules.can_approve_rating(viewer, r)
        if r.status == RatingStatus.PROPOSED and approver and proposers.get(str(r.pk)) != viewer.pk:
            result["proposed"].append(r)
        elif r.status == RatingStatus.APPROVED and (approver or office):
            result["approved"].append(r)
        elif r.status == RatingStatus.APPEALED and (approver or office):
            result["appealed"].append(r)
    return result


# ---------------------------------------------------------------- unit ratings
def unit_ratings(*, viewer, year: int, parent: Unit | None = None) -> QuerySet[UnitRating]:
    """Unit ratings of a year under the viewer's scope (optionally the children of a unit)."""
    if not viewer.is_authenticated:
        return UnitRating.objects.none()
    scope = viewer_scope(viewer)
    qs = UnitRating.objects.filter(year=year).select_related("unit")
    if not scope.everything:
        q = Q(pk__in=[])
        for path in scope.unit_paths:
            q |= Q(unit__path__startswith=path)
        qs = qs.filter(q)
    if parent is not None:
        qs = qs.filter(unit__parent=parent)
    return qs.order_by("unit__path")


def unit_rating_get(*, viewer, unit: Unit, year: int) -> UnitRating:
    """A unit's rating of a year, for the office that rates units (UnitRating.DoesNotExist
    when it has not been computed)."""
    if not rules.can_rate_units(viewer):
        raise PermissionDenied
    return UnitRating.objects.get(unit=unit, year=year)


def unit_rating_by_id(*, viewer, pk: int) -> UnitRating:
    """A unit rating by its number, with its unit and the unit's parent, for the office that
    rates units (UnitRating.DoesNotExist when there is none)."""
    if not rules.can_rate_units(viewer):
        raise PermissionDenied
    return UnitRating.objects.select_related("unit", "unit__parent").get(pk=pk)


def units_to_rate(*, viewer, parent: Unit) -> QuerySet[Unit]:
    """The current units under a parent, for the office's unit-rating page."""
    if not rules.can_rate_units(viewer):
        raise PermissionDenied
    return Unit.objects.filter(parent=parent, valid_to__isnull=True).order_by("sort_order", "path")


# ---------------------------------------------------------------- work waiting (Việc của tôi)
def ratings_to_self_assess(*, viewer) -> QuerySet[AnnualRating]:
    """The viewer's own ratings opened and not self-assessed yet (status draft): the
    self-assessment is what moves them on to the head's proposal."""
    person_id = viewer_scope(viewer).person_id if viewer.is_authenticated else None
    if person_id is None:
        return AnnualRating.objects.none()
    return AnnualRating.objects.filter(person_id=person_id, status=RatingStatus.DRAFT).order_by(
        "year"
    )


@dataclass(frozen=True)
class ProposalWork:
    """Ratings of one unit and year waiting for the viewer to propose a level."""

    unit: Unit
    year: int
    count: int
    since: datetime  # when the oldest of them became ready (its last change)


def ratings_to_propose(*, viewer) -> list[ProposalWork]:
    """Ratings waiting for a head's proposal — self-assessed, or still a draft for a person
    without an account (services.rating_propose) — in the units the viewer heads, never
    their own, and only where no head of a sub-unit nearer the person may propose (a head's
    own rating goes to the head above). Grouped by rating unit and year; four queries."""
    from thidua.goals.selectors import heads_below, is_nearest_head

    scope = viewer_scope(viewer) if viewer.is_authenticated else None
    if scope is None or not scope.unit_paths:
        return []
    under = Q(pk__in=[])
    for path in scope.unit_paths:
        under |= Q(unit__path__startswith=path)
    rows = (
        AnnualRating.objects.filter(under)
        .filter(
            Q(status=RatingStatus.SELF_ASSESSED)
            | Q(status=RatingStatus.DRAFT, person__user__isnull=True)
        )
        .exclude(person_id=scope.person_id)  # type: ignore[misc]  # may be None
        .values_list("unit_id", "unit__path", "year", "person__user_id", "updated_at")
    )
    below = heads_below(viewer=viewer)
    groups: dict[tuple[int, int], dict] = {}
    for unit_id, path, year, person_user, updated_at in rows:
        if not is_nearest_head(
            viewer_paths=scope.unit_paths, below=below, unit_path=path, excluded={person_user}
        ):
            continue
        entry = groups.setdefault((unit_id, year), {"count": 0, "since": updated_at})
        entry["count"] += 1
        entry["since"] = min(entry["since"], updated_at)
    units = Unit.objects.in_bulk({unit_id for unit_id, _year in groups})
    return sorted(
        (
            ProposalWork(unit=units[unit_id], year=year, count=e["count"], since=e["since"])
            for (unit_id, year), e in groups.items()
        ),
        key=lambda w: (w.year, w.unit.path),
    )


def rating_proposers(*, rating: AnnualRating) -> list[str]:
    """The names of the heads a self-assessed rating waits for: those of the nearest unit at
    or above its rating unit with a head other than the person rated — its unit heads, else
    its leaders (a unit head is nearer than a leader of the same unit, as heads_below has it
    in ratings_to_propose). Three queries."""
    from thidua.goals.selectors.verifiers import nearest_heads, person_names

    unit_heads, leaders = nearest_heads(
        unit_path=rating.unit.path, excluded=Q(user_id=rating.person.user_id)
    )
    return person_names(unit_heads or leaders)
