"""Set-based roll-ups: goal and programme progress, risk, snapshots, the nightly refresh."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record

from .. import rollups
from ..choices import (
    GoalsAudit,
    GoalStatus,
)
from ..constants import BEHIND_SCHEDULE_THRESHOLD, CHECKIN_STALE_DAYS
from ..models import (
    CheckIn,
    CheckInDailyCount,
    Goal,
    KeyResult,
    Program,
    ProgressSnapshot,
)
from ..progress import RiskInput, risk_reasons
from ._common import COUNTED, PROGRESS_FIELD


# ---------------------------------------------------------------- roll-up (set-based)
def _ancestor_ids(goal: Goal | None, include_self: bool = True) -> list[int]:
    if goal is None:
        return []
    ids = goal.ancestor_ids()
    return [*ids, goal.pk] if include_self else ids


def _weighted_mean(field: str) -> ExpressionWrapper:
    """(Σ KR weight·progress + Σ child weight·progress) / (Σ weights), per goal, in SQL."""
    krs = KeyResult.objects.filter(goal=OuterRef("pk")).order_by().values("goal")
    children = Goal.objects.filter(COUNTED, parent=OuterRef("pk")).order_by().values("parent")

    def total(qs, expr):
        return Coalesce(
            Subquery(
                qs.annotate(s=Sum(expr, output_field=PROGRESS_FIELD)).values("s")[:1],
                output_field=PROGRESS_FIELD,
            ),
            Value(Decimal(0)),
            output_field=PROGRESS_FIELD,
        )

    numerator = total(krs, F("weight") * F(field)) + total(children, F("weight") * F(field))
    denominator = total(krs, F("weight")) + total(children, F("weight"))
    return _ratio(numerator, denominator)


def _ratio(numerator, denominator) -> ExpressionWrapper:
    """numerator / denominator, 0 when the denominator is 0. Divided as floating point:
    SQLite stores whole decimals as integers and would divide them as integers."""
    quotient = Cast(numerator, FloatField()) / NullIf(Cast(denominator, FloatField()), Value(0.0))
    return ExpressionWrapper(Coalesce(quotient, Value(0.0)), output_field=PROGRESS_FIELD)


def goals_refresh_progress(*, goal_ids: Iterable[int] | None = None) -> None:
    """Recompute stored goal progress bottom-up, one UPDATE per tree level, all in SQL.

    With `goal_ids`, only those goals are recomputed (pass a goal and its ancestors).
    """
    qs = Goal.objects.all()
    if goal_ids is not None:
        goal_ids = list(set(goal_ids))
        if not goal_ids:
            return
        qs = qs.filter(pk__in=goal_ids)
    depths = sorted(set(qs.values_list("depth", flat=True)), reverse=True)
    for depth in depths:
        qs.filter(depth=depth).update(
            progress=_weighted_mean("progress"),
            progress_verified=_weighted_mean("progress_verified"),
        )


def programs_refresh_progress(*, program_ids: Iterable[int] | None = None) -> None:
    """A programme's progress is the weighted mean of its top-level goals."""
    top = (
        Goal.objects.filter(COUNTED, program=OuterRef("pk"), parent__isnull=True)
        .order_by()
        .values("program")
    )

    def mean(field):
        num = Subquery(
            top.annotate(s=Sum(F("weight") * F(field), output_field=PROGRESS_FIELD)).values("s")[
                :1
            ],
            output_field=PROGRESS_FIELD,
        )
        den = Subquery(
            top.annotate(s=Sum("weight", output_field=PROGRESS_FIELD)).values("s")[:1],
            output_field=PROGRESS_FIELD,
        )
        return _ratio(num, den)

    qs = (
        Program.objects.all()
        if program_ids is None
        else Program.objects.filter(pk__in=list(program_ids))
    )
    qs.update(progress=mean("progress"), progress_verified=mean("progress_verified"))


# The columns the risk refresh reads of a goal and of a key result.
_GOAL_RISK_FIELDS = (
    "id",
    "period_start",
    "period_end",
    "progress",
    "created_at",
    "is_at_risk",
    "risk_reasons",
)
_KR_RISK_FIELDS = (
    "id",
    "goal_id",
    "progress",
    "due_date",
    "last_checkin_on",
    "confidence",
    "created_at",
    "is_at_risk",
    "risk_reasons",
)


def goals_refresh_risk(
    *,
    today: date | None = None,
    goal_ids: Iterable[int] | None = None,
    threshold: Decimal = BEHIND_SCHEDULE_THRESHOLD,
    stale_days: int = CHECKIN_STALE_DAYS,
) -> int:
    """Flag key results and goals at risk, with the reasons. Runs on each check-in for the
    goals touched and nightly for all (time passing puts goals at risk on its own)."""
    today = today or timezone.localdate()
    goals = Goal.objects.filter(status=GoalStatus.ACTIVE)
    if goal_ids is not None:
        goals = goals.filter(pk__in=list(goal_ids))
    goal_rows = {g.pk: g for g in goals.only(*_GOAL_RISK_FIELDS)}
    krs = list(KeyResult.objects.filter(goal_id__in=goal_rows).only(*_KR_RISK_FIELDS))
    reasons_by_goal: dict[int, set[str]] = {pk: set() for pk in goal_rows}
    changed_krs: dict[tuple, list[int]] = {}
    for kr in krs:
        goal = goal_rows[kr.goal_id]
        started = max(goal.period_start, timezone.localtime(kr.created_at).date())
        reasons = risk_reasons(
            RiskInput(
                progress=kr.progress,
                period_start=goal.period_start,
                period_end=goal.period_end,
                due_date=kr.due_date,
                last_checkin_on=kr.last_checkin_on,
                confidence=kr.confidence,
                started_on=started,
            ),
            today=today,
            threshold=threshold,
            stale_days=stale_days,
        )
        reasons_by_goal[kr.goal_id].update(reasons)
        if reasons != kr.risk_reasons or bool(reasons) != kr.is_at_risk:
            changed_krs.setdefault(tuple(reasons), []).append(kr.pk)
    # the nightly run (all goals) also clears the flags goals kept when they stopped
    cleared = _clear_risk_of_inactive() if goal_ids is None else []
    changed_goals: dict[tuple, list[int]] = {(): cleared} if cleared else {}
    for pk, goal in goal_rows.items():
        reasons = sorted(reasons_by_goal[pk])
        if reasons != goal.risk_reasons or bool(reasons) != goal.is_at_risk:
            changed_goals.setdefault(tuple(reasons), []).append(pk)
    # Few distinct sets of reasons: one UPDATE per set (and per chunk of ids), not per row.
    for model, changes in ((KeyResult, changed_krs), (Goal, changed_goals)):
        for codes, ids in changes.items():
            for i in range(0, len(ids), 5000):
                model.objects.filter(pk__in=ids[i : i + 5000]).update(
                    risk_reasons=list(codes), is_at_risk=bool(codes)
                )
    # Flags changed in bulk: recount the stored roll-ups of those goals' units and parents
    # (all of them after a run over every goal).
    changed_ids = [pk for ids in changed_goals.values() for pk in ids]
    if goal_ids is not None:
        rollups.rollups_goals_changed(goal_ids=changed_ids)
    elif changed_ids and rollups.figures_are_stored():
        rollups.rollups_refresh()
    return sum(len(ids) for ids in changed_goals.values())


def _clear_risk_of_inactive() -> list[int]:
    """Goals no longer in progress (closed, cancelled) still flagged from when they were, e.g.
    closed before closing cleared the flags: their key results' flags cleared, and the ids of
    those goals returned for goals_refresh_risk to clear theirs (and recount the roll-ups),
    so a closed goal shows its final result and not "at risk"."""
    flagged = Goal.objects.filter(is_at_risk=True).exclude(status=GoalStatus.ACTIVE)
    ids = list(flagged.values_list("pk", flat=True))
    KeyResult.objects.filter(is_at_risk=True).exclude(goal__status=GoalStatus.ACTIVE).update(
        is_at_risk=False, risk_reasons=[]
    )
    return ids


def _refresh_after_change(*, goal: Goal) -> None:
    ids = _ancestor_ids(goal)
    goals_refresh_progress(goal_ids=ids)
    goals_refresh_risk(goal_ids=ids)
    program_id = (
        goal.program_id
        or Goal.objects.filter(pk=goal.pk).values_list("program_id", flat=True).first()
    )
    if program_id:
        programs_refresh_progress(program_ids=[program_id])


@transaction.atomic
def snapshots_take(*, on: date | None = None) -> int:
    """Record today's progress of every programme and unit (for progress-over-time charts)."""
    on = on or timezone.localdate()
    ProgressSnapshot.objects.filter(taken_on=on).delete()
    rows = [
        ProgressSnapshot(
            program_id=p["pk"],
            taken_on=on,
            progress=p["progress"],
            progress_verified=p["progress_verified"],
            at_risk_goals=Goal.objects.filter(program_id=p["pk"], is_at_risk=True).count(),
        )
        for p in Program.objects.values("pk", "progress", "progress_verified")
    ]
    ProgressSnapshot.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def checkin_counts_refresh(*, since: date, until: date) -> int:
    """Recount the check-ins dated each day in [since, until] (one grouped query)."""
    counts = dict(
        CheckIn.objects.filter(checked_on__gte=since, checked_on__lte=until)
        .values("checked_on")
        .annotate(n=Count("*"))
        .values_list("checked_on", "n")
    )
    CheckInDailyCount.objects.filter(day__gte=since, day__lte=until).delete()
    CheckInDailyCount.objects.bulk_create(
        CheckInDailyCount(day=d, checkins=n) for d, n in counts.items()
    )
    return len(counts)


@transaction.atomic
def goals_refresh_nightly(*, today: date | None = None) -> int:
    """The nightly job: progress, programme progress, risk flags and today's snapshot."""
    today = today or timezone.localdate()
    goals_refresh_progress()
    programs_refresh_progress()
    changed = goals_refresh_risk(today=today)
    snapshots_take(on=today)
    checkin_counts_refresh(since=today - timedelta(days=14), until=today - timedelta(days=1))
    from .. import cycle_time

    cycle_time.refresh_summary(today=today)
    if not (changed and rollups.figures_are_stored()):  # else rebuilt with the risk flags
        rollups.rollups_refresh()  # the goals counted per unit, for the dashboard and the tree
    cycle_time.measured_checkins_record(today=today)
    from ..streak_rollups import streak_rollups_refresh_nightly

    streak_rollups_refresh_nightly(today=today)  # the "1% a day" days per unit, for the tree
    audit_record(
        actor=SYSTEM,
        action=GoalsAudit.GOALS_REFRESHED_NIGHTLY,
        changed=changed,
        on=today.isoformat(),
    )
    return changed
