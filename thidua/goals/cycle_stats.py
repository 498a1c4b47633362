"""Cycle-time statistics (thidua.goals.cycle_time re-exports them): days from start to end
in SQL, medians and the 90th percentile (percentile_cont on PostgreSQL, in Python
elsewhere), per month and group, the slowest items, and the nightly summary stored in
`CycleTimeStat` (one row per kind, month and top-level unit, plus the whole ministry).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from thidua.org.constants import PATH_SEGMENT_WIDTH

from .cycle_registry import CycleKind, kinds

MONTHS = 6  # the trend: this month and the five before it
KEPT_MONTHS = 12  # months kept in the summary (a month may be chosen within them)
SLOWEST = 5  # items shown in each list
SLOWEST_CANDIDATES = 25  # items looked at to find SLOWEST the viewer may open
TOP_PREFIX = 2 * (PATH_SEGMENT_WIDTH + 1)  # the path of a top-level unit (under the root)
ALL = ""  # the summary's path for the whole ministry


# ---------------------------------------------------------------- SQL helpers
class Days(Func):
    """Days from `start` to `end` as a float; `dates` when both are dates (whole days)."""

    output_field = FloatField()

    def __init__(self, end, start, *, dates: bool = False):
        super().__init__(end, start)
        self.dates = dates

    def _parts(self, compiler, connection):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return end_sql, start_sql, (*end_params, *start_params)

    def as_sql(self, compiler, connection, **extra):  # SQLite and others: Julian days
        end_sql, start_sql, params = self._parts(compiler, connection)
        return f"(julianday({end_sql}) - julianday({start_sql}))", params

    def as_postgresql(self, compiler, connection, **extra):
        end_sql, start_sql, params = self._parts(compiler, connection)
        if self.dates:
            return f"(({end_sql}) - ({start_sql}))::float", params
        return f"(EXTRACT(EPOCH FROM (({end_sql}) - ({start_sql}))) / 86400.0)", params


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of an expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, *, fraction: float):
        super().__init__(expression, fraction=float(fraction))


def percentile(values: list[float], fraction: float) -> float | None:
    """The continuous percentile (as PostgreSQL's percentile_cont) of `values`."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------- computing
def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _bound(kind: CycleKind, day: date):
    if kind.dates:
        return day
    return timezone.make_aware(datetime.combine(day, time.min))


def _days(kind: CycleKind):
    return Days(F("c_end"), F("c_start"), dates=kind.dates)


def _paths_q(paths: Iterable[str], kind: CycleKind | None = None) -> Q:
    paths = list(paths)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(c_path__startswith=path)
    if kind is not None and kind.narrow is not None:
        return kind.narrow(paths) & q
    return q


def _as_month(value) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    if isinstance(value, str):
        return date.fromisoformat(value[:10]).replace(day=1)
    return value.replace(day=1)


@dataclass(frozen=True)
class Stat:
    items: int
    median: float | None
    p90: float | None


def closed_stats(
    kind: CycleKind,
    *,
    since: date,
    until: date,
    paths: Iterable[str] | None = None,
    prefix: int | None = None,
    by_path: bool = False,
) -> dict[tuple[date, str], Stat]:
    """(month, group) → Stat over the items of `kind` that ended in [since, until), within
    `paths` (None: all). The group is the path's first `prefix` characters, with `by_path`
    the one of `paths` it lies under (paths none of which holds another), or ALL. One
    grouped query."""
    qs = kind.items().filter(c_end__gte=_bound(kind, since), c_end__lt=_bound(kind, until))
    if paths is not None:
        paths = list(paths)
        qs = qs.filter(_paths_q(paths, kind))
    qs = qs.annotate(c_month=TruncMonth("c_end"), c_days=_days(kind))
    group = ["c_month"]
    if prefix:
        qs = qs.annotate(c_group=Substr("c_path", 1, prefix))
        group.append("c_group")
    elif by_path and paths:
        under = [When(c_path__startswith=path, then=Value(path)) for path in paths]
        qs = qs.annotate(c_group=Case(*under, default=Value(ALL), output_field=CharField()))
        group.append("c_group")
    qs = qs.order_by()
    result: dict[tuple[date, str], Stat] = {}
    if _postgres():
        rows = qs.values(*group).annotate(
            n=Count("pk"),
            median=Percentile(F("c_days"), fraction=0.5),
            p90=Percentile(F("c_days"), fraction=0.9),
        )
        for row in rows:
            key = (_as_month(row["c_month"]), row.get("c_group", ALL) or ALL)
            result[key] = Stat(row["n"], row["median"], row["p90"])
        return result
    values: dict[tuple[date, str], list[float]] = defaultdict(list)
    for row in qs.values_list(*group, "c_days"):
        key = (_as_month(row[0]), (row[1] or ALL) if len(group) > 1 else ALL)
        values[key].append(max(float(row[-1]), 0.0))
    for key, days in values.items():
        result[key] = Stat(len(days), percentile(days, 0.5), percentile(days, 0.9))
    return result


def _open(kind: CycleKind, paths: Iterable[str] | None):
    qs = kind.items().filter(kind.open_q)
    return qs.filter(_paths_q(paths, kind)) if paths is not None else qs


def slowest_ids(
    kind: CycleKind,
    *,
    month: date,
    today: date,
    paths: Iterable[str] | None,
    limit: int = SLOWEST_CANDIDATES,
) -> dict[str, list[tuple[int, float]]]:
    """The slowest items closed in `month` and the oldest still open on `today`:
    {"closed": [(pk, days)], "open": [(pk, days so far)]}. Two queries. A kind whose lists
    are grouped (`slowest_by`) gives a group once, by one of its items, as
    (pk, days, count, one_path): the slowest of the group's items closed in the month and
    how many closed, the oldest wait of those open and how many are open — counted within
    `paths` (the viewer's reach) — and whether all of them lie at one path."""
    end = add_months(month, 1)
    closed = (
        kind.items()
        .filter(c_end__gte=_bound(kind, month), c_end__lt=_bound(kind, end))
        .annotate(c_days=_days(kind))
    )
    if paths is not None:
        closed = closed.filter(_paths_q(paths, kind))
    still_open = _open(kind, paths).filter(
        c_start__lt=_bound(kind, min(end, today + timedelta(days=1)))
    )
    if kind.slowest_by:
        return _slowest_grouped(kind, closed, still_open, today=today, limit=limit)
    closed_rows = list(closed.order_by("-c_days", "pk").values_list("pk", "c_days")[:limit])
    opened = list(still_open.order_by("c_start", "pk").values_list("pk", "c_start")[:limit])
    return {
        "closed": [(pk, max(float(d), 0.0)) for pk, d in closed_rows],
        "open": [(pk, _waited(start, today)) for pk, start in opened],
    }


def _waited(start, today: date) -> float:
    """Days from `start` (a moment, or a day) to now."""
    if isinstance(start, datetime):
        return max((timezone.now() - start).total_seconds() / 86400, 0.0)
    return max(float((today - start).days), 0.0)


def _slowest_grouped(kind: CycleKind, closed, still_open, *, today: date, limit: int) -> dict:
    """`slowest_ids` of a kind grouped by `slowest_by`: one grouped query per list."""
    group = kind.slowest_by
    figures = {
        "n": Count("pk"),
        "any_pk": Min("pk"),
        "low_path": Min("c_path"),
        "high_path": Max("c_path"),
    }
    closed_rows = (
        closed.order_by()
        .values(group)
        .annotate(slowest=Max("c_days"), **figures)
        .order_by("-slowest", group)
        .values_list("any_pk", "slowest", "n", "low_path", "high_path")[:limit]
    )
    open_rows = (
        still_open.order_by()
        .values(group)
        .annotate(first=Min("c_start"), **figures)
        .order_by("first", group)
        .values_list("any_pk", "first", "n", "low_path", "high_path")[:limit]
    )
    return {
        "closed": [
            (pk, max(float(days), 0.0), n, low == high) for pk, days, n, low, high in closed_rows
        ],
        "open": [
            (pk, _waited(start, today), n, low == high) for pk, start, n, low, high in open_rows
        ],
    }


# ---------------------------------------------------------------- the nightly summary
@transaction.atomic
def refresh_summary(*, today: date | None = None) -> int:
    """Recompute the stored figures of every kind for the kept months (whole ministry and
    each top-level unit), with this month's slowest items of each. Per kind: two grouped
    queries, then two short ones for the ministry and for each top-level unit."""
    from .models import CycleTimeStat

    today = today or timezone.localdate()
    this_month = month_start(today)
    since = add_months(this_month, -(KEPT_MONTHS - 1))
    until = add_months(this_month, 1)
    rows = []
    for kind in kinds():
        stats = closed_stats(kind, since=since, until=until)
        stats.update(closed_stats(kind, since=since, until=until, prefix=TOP_PREFIX))
        tops = kind.top_paths()
        for path in [ALL, *tops]:
            stats.setdefault((this_month, path), Stat(0, None, None))
        for (month, path), stat in stats.items():
            current = month == this_month
            if current and path != ALL and path not in tops:
                continue  # a top-level unit closed since: its history stays, not its items
            slowest = (
                slowest_ids(kind, month=this_month, today=today, paths=[path] if path else None)
                if current
                else {}
            )
            rows.append(
                CycleTimeStat(
                    kind=kind.key,
                    month=month,
                    path=path,
                    items=stat.items,
                    median_days=stat.median,
                    p90_days=stat.p90,
                    open_items=_open_count(slowest.get("open", [])) if current else 0,
                    slowest=slowest,
                    computed_on=today,
                )
            )
    CycleTimeStat.objects.all().delete()
    CycleTimeStat.objects.bulk_create(rows)
    return len(rows)


def _open_count(rows: list) -> int:
    """How many items the open list stands for (a grouped row counts its items)."""
    return sum(row[2] if len(row) > 2 else 1 for row in rows)


def _decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
