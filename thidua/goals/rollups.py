"""Stored roll-ups of goals per unit, for the ministry dashboard and the goal tree.

At the public-sector scale (1 M goals and key results) counting the goals on each request
was most of the dashboard's and a Cục's tree's time. These tables hold the same counts
grouped by what the pages filter on, so a page sums a few hundred rows instead:

- UnitGoalRollup: goals per scope unit, programme, status, level (top or not) and period,
  with how many are at risk — the dashboard's programme cards and "at risk by unit";
- GoalChildRollup: personal goals under each goal, per their scope unit, status and period —
  the goal tree's "N personal goals" on each node.

Keyed by the goals' own period (not by a date), so the figures on any date — today's or an
"as of" date in the past — are the rows whose period covers it.

Kept exact: rebuilt in full by the nightly refresh (goals_refresh_nightly, and the
benchmark's build), and refreshed for the units and parents a change touches — on every
Goal save or delete (signals, after the commit) and after the risk flags of some goals
change (goals_refresh_risk updates them in bulk). Until a first full rebuild
(GoalRollupState) the pages count live; `figures_are_stored()` says which. Goals written
around the ORM's save (bulk_create, queryset.update of the status, program, parent,
period or scope unit) must be followed by `rollups_refresh()`; the loaders that do so
(demo, benchmark) call the nightly refresh after.

Visibility: goals in a published status are counted for everyone from the rows; others
only for a viewer whose units contain the goal's unit (from the rows, by the unit's path),
plus, counted live, the unpublished goals the viewer owns or assigned outside those units
(few) — the same sets as selectors.visible_goals.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils import timezone

from thidua.org.rules import viewer_scope

from .choices import GoalStatus
from .models import Goal
from .rollup_models import GoalChildRollup, GoalRollupState, UnitGoalRollup

CHUNK = 2000


def figures_are_stored() -> bool:
    """Whether the stored roll-ups exist (a first full rebuild has run)."""
    return GoalRollupState.objects.exists()


def _unit_rows(goals: QuerySet[Goal]) -> list[UnitGoalRollup]:
    rows = (
        goals.order_by()
        .annotate(top=ExpressionWrapper(Q(parent__isnull=True), output_field=BooleanField()))
        .values("scope_unit_id", "program_id", "status", "top", "period_start", "period_end")
        .annotate(n=Count("pk"), risk=Count("pk", filter=Q(is_at_risk=True)))
    )
    return [
        UnitGoalRollup(
            unit_id=r["scope_unit_id"],
            program_id=r["program_id"],
            status=r["status"],
            is_top=bool(r["top"]),
            period_start=r["period_start"],
            period_end=r["period_end"],
            goals=r["n"],
            at_risk=r["risk"],
        )
        for r in rows
    ]


def _child_rows(goals: QuerySet[Goal]) -> list[GoalChildRollup]:
    rows = (
        goals.filter(owner_person__isnull=False, parent__isnull=False)
        .order_by()
        .values("parent_id", "scope_unit_id", "status", "period_start", "period_end")
        .annotate(n=Count("pk"))
    )
    return [
        GoalChildRollup(
            parent_id=r["parent_id"],
            unit_id=r["scope_unit_id"],
            status=r["status"],
            period_start=r["period_start"],
            period_end=r["period_end"],
            goals=r["n"],
        )
        for r in rows
    ]


def _lock() -> GoalRollupState | None:
    """Take the roll-ups' lock (the state row, FOR UPDATE): refreshes run one at a time, so
    two recounting the same unit at once do not both insert its rows."""
    return GoalRollupState.objects.select_for_update().order_by("pk").first()


@transaction.atomic
def rollups_refresh() -> dict[str, int]:
    """Rebuild both roll-ups for every unit and goal: two grouped queries over the goals."""
    state = _lock()
    UnitGoalRollup.objects.all().delete()
    GoalChildRollup.objects.all().delete()
    units = UnitGoalRollup.objects.bulk_create(_unit_rows(Goal.objects.all()), batch_size=CHUNK)
    children = GoalChildRollup.objects.bulk_create(
        _child_rows(Goal.objects.all()), batch_size=CHUNK
    )
    if state is None:
        GoalRollupState.objects.create(refreshed_at=timezone.now())
    else:
        state.refreshed_at = timezone.now()
        state.save(update_fields=["refreshed_at"])
    return {"unit rows": len(units), "child rows": len(children)}


@transaction.atomic
def rollups_refresh_for(
    *, unit_ids: Iterable[int | None] = (), parent_ids: Iterable[int | None] = ()
) -> None:
    """Recount the rows of some units and of some parent goals (after their goals changed),
    if the roll-ups are kept at all."""
    if _lock() is None:
        return
    units = sorted({u for u in unit_ids if u is not None})
    parents = sorted({p for p in parent_ids if p is not None})
    for i in range(0, len(units), CHUNK):
        chunk = units[i : i + CHUNK]
        UnitGoalRollup.objects.filter(unit_id__in=chunk).delete()
        UnitGoalRollup.objects.bulk_create(_unit_rows(Goal.objects.filter(scope_unit_id__in=chunk)))
    for i in range(0, len(parents), CHUNK):
        chunk = parents[i : i + CHUNK]
        GoalChildRollup.objects.filter(parent_id__in=chunk).delete()
        GoalChildRollup.objects.bulk_create(_child_rows(Goal.objects.filter(parent_id__in=chunk)))


def rollups_goals_changed(*, goal_ids: Iterable[int]) -> None:
    """After a bulk update of some goals' counted fields (e.g. risk flags): recount their
    units and parents after the commit, if the roll-ups are kept at all."""
    ids = list(goal_ids)
    if not ids or not figures_are_stored():
        return
    units: set[int] = set()
    parents: set[int] = set()
    for i in range(0, len(ids), CHUNK):
        for unit_id, parent_id in Goal.objects.filter(pk__in=ids[i : i + CHUNK]).values_list(
            "scope_unit_id", "parent_id"
        ):
            units.add(unit_id)
            parents.add(parent_id)
    _schedule(units, parents)


# ---------------------------------------------------------------- kept on each save
_PENDING_ATTR = "thidua_goal_rollups_pending"


def _schedule(unit_ids: Iterable[int | None], parent_ids: Iterable[int | None]) -> None:
    """Collect the units and parents to recount and recount them once, after the commit
    (at once outside a transaction). A rolled-back transaction drops its callback: the next
    change registers a new one."""
    pending = getattr(connection, _PENDING_ATTR, None)
    if pending is not None and any(entry[1] is pending[2] for entry in connection.run_on_commit):
        pending[0].update(unit_ids)
        pending[1].update(parent_ids)
        return
    units: set[int | None] = set(unit_ids)
    parents: set[int | None] = set(parent_ids)

    def run() -> None:
        if getattr(connection, _PENDING_ATTR, None) is state:
            setattr(connection, _PENDING_ATTR, None)
        rollups_refresh_for(unit_ids=units, parent_ids=parents)

    state = (units, parents, run)
    setattr(connection, _PENDING_ATTR, state)
    transaction.on_commit(run)


def goal_pre_save(sender, instance: Goal, **kwargs) -> None:
    """Before a goal is saved: remember its unit and parent as stored (they may change)."""
    if instance.pk is None or kwargs.get("raw"):
        return
    old = Goal.objects.filter(pk=instance.pk).values_list("scope_unit_id", "parent_id").first()
    instance._rollup_before = old  # type: ignore[attr-defined]


def goal_saved(sender, instance: Goal, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_rollup_before", None) or (None, None)
    _schedule(
        [instance.scope_unit_id, before[0]],
        [instance.parent_id, before[1]],
    )


def goal_deleted(sender, instance: Goal, **kwargs) -> None:
    _schedule([instance.scope_unit_id], [instance.parent_id])


# ---------------------------------------------------------------- reads
def _visible_rows(viewer, rows: QuerySet) -> QuerySet:
    """The rows of goals the viewer may see through the published statuses or their units;
    None-safe for a viewer who sees everything."""
    scope = viewer_scope(viewer)
    if scope.everything:
        return rows
    q = Q(status__in=GoalStatus.published())
    for path in scope.unit_paths:
        q |= Q(unit__path__startswith=path)
    return rows.filter(q)


def _own_unpublished(viewer, goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Goals the viewer sees only as their owner or assigner, outside their units and
    unpublished: counted live (none for a viewer who sees everything)."""
    scope = viewer_scope(viewer)
    if scope.everything or not viewer.is_authenticated:
        return goals.none()
    mine = Q(assigned_by=viewer)
    if scope.person_id is not None:
        mine |= Q(owner_person_id=scope.person_id)
    outside = Q()
    for path in scope.unit_paths:
        outside &= ~Q(scope_unit__path__startswith=path)
    return goals.filter(mine, outside).exclude(status__in=GoalStatus.published())


def _covering(rows: QuerySet, on: date) -> QuerySet:
    return rows.filter(period_start__lte=on, period_end__gte=on)


def program_goal_counts(*, viewer, on: date, excluded: Sequence[str]) -> dict[int, dict]:
    """Per programme: the goals the viewer may see whose period covers the date, not in the
    excluded statuses — {"total", "top", "at_risk"} — from the stored rows."""
    rows = _visible_rows(
        viewer,
        _covering(UnitGoalRollup.objects.filter(program__isnull=False), on).exclude(
            status__in=excluded
        ),
    )
    out: dict[int, dict] = {}
    for program_id, total, top, at_risk in (
        rows.order_by()
        .values("program_id")
        .annotate(t=Sum("goals"), top=Sum("goals", filter=Q(is_top=True)), r=Sum("at_risk"))
        .values_list("program_id", "t", "top", "r")
    ):
        out[program_id] = {"total": total or 0, "top": top or 0, "at_risk": at_risk or 0}
    extra = _own_unpublished(
        viewer,
        Goal.objects.filter(program__isnull=False, period_start__lte=on, period_end__gte=on),
    ).exclude(status__in=excluded)
    if extra.query.is_empty():
        return out
    for program_id, total, top, at_risk in (
        extra.order_by()
        .values("program_id")
        .annotate(
            t=Count("pk"),
            top=Count("pk", filter=Q(parent__isnull=True)),
            r=Count("pk", filter=Q(is_at_risk=True)),
        )
        .values_list("program_id", "t", "top", "r")
    ):
        entry = out.setdefault(program_id, {"total": 0, "top": 0, "at_risk": 0})
        entry["total"] += total
        entry["top"] += top
        entry["at_risk"] += at_risk
    return out


def active_goals_by_unit_path(*, on: date) -> list[tuple[str, int, int]]:
    """(scope unit path, goals, at risk) of the active goals whose period covers the date —
    active goals are published, so the same for every viewer."""
    return list(
        _covering(UnitGoalRollup.objects.filter(status=GoalStatus.ACTIVE), on)
        .order_by()
        .values("unit__path")
        .annotate(t=Sum("goals"), r=Sum("at_risk"))
        .values_list("unit__path", "t", "r")
    )


def personal_goal_counts(
    *, viewer, parent_ids: list[int], unit_path: str, on: date | None
) -> dict[int, int]:
    """Per parent goal: its personal goals the viewer may see, not cancelled, whose unit is
    in the subtree of `unit_path` and whose period covers the date (any period if None)."""
    rows = GoalChildRollup.objects.filter(
        parent_id__in=parent_ids, unit__path__startswith=unit_path
    ).exclude(status=GoalStatus.CANCELLED)
    if on is not None:
        rows = _covering(rows, on)
    counts = dict(
        _visible_rows(viewer, rows)
        .order_by()
        .values("parent_id")
        .annotate(n=Sum("goals"))
        .values_list("parent_id", "n")
    )
    if any(unit_path.startswith(path) for path in viewer_scope(viewer).unit_paths):
        return counts  # the subtree is in the viewer's units: the rows hold all they see
    extra = _own_unpublished(
        viewer,
        Goal.objects.filter(
            owner_person__isnull=False,
            parent_id__in=parent_ids,
            scope_unit__path__startswith=unit_path,
        ),
    ).exclude(status=GoalStatus.CANCELLED)
    if on is not None:
        extra = extra.filter(period_start__lte=on, period_end__gte=on)
    if not extra.query.is_empty():
        for parent_id, n in (
            extra.order_by()
            .values("parent_id")
            .annotate(n=Count("pk"))
            .values_list("parent_id", "n")
        ):
            counts[parent_id] = counts.get(parent_id, 0) + n
    return counts
