"""Cycle time ("cá lớn không bằng cá nhanh"): how long work takes from its start to its end,
per kind of work, per month and per unit, for the ministry dashboard.

Kinds are registered by the apps that own the work, in their AppConfig.ready(): goals
registers tasks, check-in verification and goal change proposals; upper apps (awards,
meetings, party) register theirs, so goals never imports them (docs/ARCHITECTURE.md).

A kind gives a queryset annotated with `c_start`, `c_end` (null while open) and `c_path`
(the tree path the item belongs to: a unit's, or a Party body's), and says which items the
viewer may count and open. Medians and the 90th percentile are computed in SQL on
PostgreSQL (percentile_cont) and in Python elsewhere.

The dashboard reads the ministry-wide figures from `CycleTimeStat`, refreshed every night
(one row per kind, month and top-level unit, plus the whole ministry); a head's own units
are computed live over their subtree only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet
from django.db.models.functions import Substr, TruncDate, TruncMonth
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.org.constants import PATH_SEGMENT_WIDTH
from thidua.org.rules import viewer_scope

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


# ---------------------------------------------------------------- the registry
@dataclass(frozen=True)
class ViewerReach:
    """What of a kind the viewer may count: everything, some subtrees (by path), only the
    ministry-wide figures (no units, no items), or nothing at all."""

    everything: bool = False
    paths: tuple[str, ...] = ()
    summary_only: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.paths or self.summary_only)


@dataclass(frozen=True)
class Opened:
    """An item the viewer may open: its title, where it leads and whom it concerns."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class CycleKind:
    key: str  # "goals.task"
    label: object  # a lazy string
    order: int
    items: Callable[[], QuerySet]  # annotated with c_start, c_end, c_path
    reach: Callable[[object], ViewerReach]
    opened: Callable[[object, list[int]], dict[int, Opened]]  # the ids the viewer may open
    group_names: Callable[[Iterable[str]], dict[str, str]]  # path → name
    top_paths: Callable[[], list[str]]  # the top-level groups (current top-level units)
    dates: bool = False  # start and end compared as dates (whole days)
    open_q: Q = field(default_factory=lambda: Q(c_end__isnull=True))  # items still open


_kinds: dict[str, CycleKind] = {}


def register(kind: CycleKind) -> CycleKind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[CycleKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


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


def _paths_q(paths: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(c_path__startswith=path)
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
) -> dict[tuple[date, str], Stat]:
    """(month, group) → Stat over the items of `kind` that ended in [since, until), within
    `paths` (None: all). The group is the path's first `prefix` characters, or ALL. One
    grouped query."""
    qs = kind.items().filter(c_end__gte=_bound(kind, since), c_end__lt=_bound(kind, until))
    if paths is not None:
        qs = qs.filter(_paths_q(paths))
    qs = qs.annotate(c_month=TruncMonth("c_end"), c_days=_days(kind))
    group = ["c_month"]
    if prefix:
        qs = qs.annotate(c_group=Substr("c_path", 1, prefix))
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
        key = (_as_month(row[0]), (row[1] or ALL) if prefix else ALL)
        values[key].append(max(float(row[-1]), 0.0))
    for key, days in values.items():
        result[key] = Stat(len(days), percentile(days, 0.5), percentile(days, 0.9))
    return result


def _open(kind: CycleKind, paths: Iterable[str] | None):
    qs = kind.items().filter(kind.open_q)
    return qs.filter(_paths_q(paths)) if paths is not None else qs


def slowest_ids(
    kind: CycleKind,
    *,
    month: date,
    today: date,
    paths: Iterable[str] | None,
    limit: int = SLOWEST_CANDIDATES,
) -> dict[str, list[tuple[int, float]]]:
    """The slowest items closed in `month` and the oldest still open on `today`:
    {"closed": [(pk, days)], "open": [(pk, days so far)]}. Two queries."""
    end = add_months(month, 1)
    closed = (
        kind.items()
        .filter(c_end__gte=_bound(kind, month), c_end__lt=_bound(kind, end))
        .annotate(c_days=_days(kind))
    )
    if paths is not None:
        closed = closed.filter(_paths_q(paths))
    closed_rows = list(closed.order_by("-c_days", "pk").values_list("pk", "c_days")[:limit])
    opened = list(
        _open(kind, paths)
        .filter(c_start__lt=_bound(kind, min(end, today + timedelta(days=1))))
        .order_by("c_start", "pk")
        .values_list("pk", "c_start")[:limit]
    )
    now = timezone.now()
    open_rows = []
    for pk, start in opened:
        if isinstance(start, datetime):
            days = (now - start).total_seconds() / 86400
        else:
            days = (today - start).days
        open_rows.append((pk, max(days, 0.0)))
    return {
        "closed": [(pk, max(float(d), 0.0)) for pk, d in closed_rows],
        "open": open_rows,
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
                    open_items=len(slowest.get("open", [])) if current else 0,
                    slowest=slowest,
                    computed_on=today,
                )
            )
    CycleTimeStat.objects.all().delete()
    CycleTimeStat.objects.bulk_create(rows)
    return len(rows)


# ---------------------------------------------------------------- the dashboard panel
@dataclass(frozen=True)
class MonthFigure:
    month: date
    items: int
    median: Decimal | None
    p90: Decimal | None


@dataclass(frozen=True)
class UnitFigure:
    path: str
    name: str
    items: int
    median: Decimal | None
    p90: Decimal | None


@dataclass(frozen=True)
class SlowItem:
    title: str
    url: str
    detail: str
    days: Decimal


@dataclass(frozen=True)
class KindPanel:
    key: str
    label: str
    current: MonthFigure
    trend: list[MonthFigure]  # oldest first, ending with the chosen month
    units: list[UnitFigure]
    slowest_closed: list[SlowItem]
    slowest_open: list[SlowItem]
    sparkline: Sparkline | None


@dataclass(frozen=True)
class CyclePanel:
    month: date
    months: list[date]  # months that may be chosen, newest first
    kinds: list[KindPanel]
    computed_on: date | None  # when the stored figures were refreshed (None: all live)
    unit_name: str = ""  # the unit the panel is narrowed to


def _decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 28, 3


@dataclass(frozen=True)
class Sparkline:
    """A tiny SVG line of the monthly medians (drawn with SVG attributes only)."""

    points: str  # "x,y x,y …"
    dots: list[tuple[float, float]]
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline(trend: list[MonthFigure]) -> Sparkline | None:
    values = [(i, float(f.median)) for i, f in enumerate(trend) if f.median is not None]
    if len(values) < 2:
        return None
    top = max(v for _i, v in values) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(trend) - 1, 1)
    dots = [
        (
            round(SPARK_PAD + i * step, 1),
            round(SPARK_HEIGHT - SPARK_PAD - (v / top) * (SPARK_HEIGHT - 2 * SPARK_PAD), 1),
        )
        for i, v in values
    ]
    return Sparkline(points=" ".join(f"{x},{y}" for x, y in dots), dots=dots)


def _figure(month: date, stat: Stat | None) -> MonthFigure:
    if stat is None:
        return MonthFigure(month, 0, None, None)
    return MonthFigure(month, stat.items, _decimal(stat.median), _decimal(stat.p90))


def _slow_items(kind, viewer, closed: list, still_open: list) -> tuple[list, list]:
    """The SLOWEST items of each list the viewer may open (one `opened` call for both)."""
    ids = sorted({int(pk) for pk, _d in [*closed, *still_open]})
    opened = kind.opened(viewer, ids) if ids else {}
    lists = []
    for rows in (closed, still_open):
        items = []
        for pk, days in rows:
            item = opened.get(int(pk))
            if item is not None:
                items.append(SlowItem(item.title, item.url, item.detail, _decimal(days)))
            if len(items) >= SLOWEST:
                break
        lists.append(items)
    return lists[0], lists[1]


class _StoredRow(NamedTuple):
    kind: str
    month: date
    path: str
    items: int
    median_days: float | None
    p90_days: float | None
    computed_on: date


def _stored(kind_keys: list[str], months: list[date], paths: list[str]):
    from .models import CycleTimeStat

    fields = ("kind", "month", "path", "items", "median_days", "p90_days", "computed_on")
    return {
        (row[0], row[1], row[2]): _StoredRow(*row)
        for row in CycleTimeStat.objects.filter(
            kind__in=kind_keys, month__in=months, path__in=paths
        ).values_list(*fields)
    }


def _stored_slowest(keys: list[tuple[str, date, str]]) -> dict[tuple[str, str], dict]:
    """(kind, path) → the stored slowest ids of the month, for the rows the page lists."""
    from .models import CycleTimeStat

    if not keys:
        return {}
    q = Q(pk__in=[])
    for kind, month, path in keys:
        q |= Q(kind=kind, month=month, path=path)
    return {
        (kind, path): slowest
        for kind, path, slowest in CycleTimeStat.objects.filter(q).values_list(
            "kind", "path", "slowest"
        )
    }


def _stored_trend(stored, kind_key: str, months: list[date], path: str) -> list[MonthFigure]:
    trend = []
    for m in months:
        s = stored.get((kind_key, m, path))
        trend.append(
            MonthFigure(m, s.items, _decimal(s.median_days), _decimal(s.p90_days))
            if s
            else MonthFigure(m, 0, None, None)
        )
    return trend


class _Memo(dict):
    """One call per function and arguments within a page (kinds share their unit lists)."""

    def call(self, function, *args):
        key = (function, *args)
        if key not in self:
            self[key] = function(*args)
        return self[key]


def cycle_panel(
    *, viewer, month: date | None = None, unit=None, today: date | None = None
) -> CyclePanel:
    """Per kind the viewer may count: the month's median and 90th percentile in days, the
    trend over MONTHS months, the units (the top-level units for the ministry-wide roles,
    a head's own units) and the slowest items the viewer may open. `unit` narrows the panel
    to a unit the viewer covers (computed live).

    The stored nightly figures serve the ministry-wide roles, other staff (the ministry's
    figures only) and the head of one top-level unit: one query for every kind. Other heads
    (of a sub-unit, of several units) are computed live over their subtrees, as is any kind
    not stored yet."""
    today = today or timezone.localdate()
    page = _PanelPage(viewer, month=month_start(month or today), unit=unit, today=today)
    return CyclePanel(
        month=page.month,
        months=[add_months(page.this_month, -i) for i in range(KEPT_MONTHS)],
        kinds=[page.kind_panel(kind) for kind in page.visible],
        computed_on=max((s.computed_on for s in page.stored.values()), default=None),
        unit_name=str(unit) if unit is not None else "",
    )


_KindFigures = tuple[list[MonthFigure], list[UnitFigure], list[SlowItem], list[SlowItem]]


class _PanelPage:
    """One panel: the kinds the viewer sees, where the stored figures answer for each (ALL,
    a top-level unit's path, or None: computed live), and each kind's figures."""

    def __init__(self, viewer, *, month: date, unit, today: date):
        self.viewer, self.month, self.unit, self.today = viewer, month, unit, today
        self.this_month = month_start(today)
        self.months = [add_months(month, -i) for i in range(MONTHS - 1, -1, -1)]
        self.memo = _Memo()
        self.reaches = {k.key: k.reach(viewer) for k in kinds()}
        self.visible = [k for k in kinds() if not self.reaches[k.key].nothing]
        self.wanted = {k.key: self._stored_path(k) for k in self.visible}
        self.stored = self._read_stored()
        self.slowest_of = _stored_slowest(
            [
                (k.key, month, self.wanted[k.key])
                for k in self.visible
                if month == self.this_month
                and not self.reaches[k.key].summary_only
                and (k.key, month, self.wanted[k.key]) in self.stored
            ]
        )

    def _tops(self, kind: CycleKind) -> list[str]:
        return self.memo.call(kind.top_paths)

    def _stored_path(self, kind: CycleKind) -> str | None:
        """Where the stored figures answer for this viewer: ALL, a top path, or None."""
        reach = self.reaches[kind.key]
        if self.unit is not None:
            return None
        if reach.everything or reach.summary_only:
            return ALL
        if len(reach.paths) == 1 and reach.paths[0] in self._tops(kind):
            return reach.paths[0]
        return None

    def _read_stored(self) -> dict[tuple[str, date, str], _StoredRow]:
        """The stored rows the kinds are answered from (and their top-level units'): one query."""
        visible, wanted, reaches = self.visible, self.wanted, self.reaches
        paths = {p for p in wanted.values() if p is not None}
        if any(reaches[k.key].everything for k in visible if wanted[k.key] == ALL):
            paths |= {p for k in visible if reaches[k.key].everything for p in self._tops(k)}
        keys = [key for key, path in wanted.items() if path is not None]
        return _stored(keys, self.months, sorted(paths)) if keys else {}

    def kind_panel(self, kind: CycleKind) -> KindPanel:
        reach, path = self.reaches[kind.key], self.wanted[kind.key]
        if path not in (None, ALL) and (kind.key, self.month, path) not in self.stored:
            path = None  # not stored (yet): computed live
        if path is None and (self.unit is not None or reach.paths):
            live_paths = [self.unit.path] if self.unit is not None else list(reach.paths)
            trend, units, slow_closed, slow_open = self._live(kind, paths=live_paths)
        else:
            trend, units, slow_closed, slow_open = self._from_stored(kind, path=path or ALL)
        return KindPanel(
            key=kind.key,
            label=str(kind.label),
            current=trend[-1],
            trend=trend,
            units=units,
            slowest_closed=slow_closed,
            slowest_open=slow_open,
            sparkline=sparkline(trend),
        )

    def _from_stored(self, kind: CycleKind, *, path: str) -> _KindFigures:
        """From the stored rows: the trend at `path`, the units, the stored slowest items."""
        reach, month = self.reaches[kind.key], self.month
        trend = _stored_trend(self.stored, kind.key, self.months, path)
        units: list[UnitFigure] = []
        if reach.everything:
            top = self._tops(kind)
            names = self.memo.call(kind.group_names, tuple(top))
            for p in top:
                figure = _stored_trend(self.stored, kind.key, [month], p)[0]
                units.append(UnitFigure(p, names.get(p, p), *_numbers(figure)))
            units.sort(key=lambda u: (u.median is None, -(u.median or 0), u.name))
        elif path != ALL:
            names = self.memo.call(kind.group_names, (path,))
            units.append(UnitFigure(path, names.get(path, path), *_numbers(trend[-1])))
        slowest = self.slowest_of.get((kind.key, path)) or {}
        if reach.summary_only or not slowest:
            return trend, units, [], []
        closed, still_open = slowest.get("closed", []), slowest.get("open", [])
        return trend, units, *_slow_items(kind, self.viewer, closed, still_open)

    def _live(self, kind: CycleKind, *, paths: list[str]) -> _KindFigures:
        """Trend, units and slowest items of a kind over the viewer's subtrees, computed now."""
        month, next_month = self.month, add_months(self.month, 1)
        stats = closed_stats(kind, since=self.months[0], until=next_month, paths=paths)
        trend = [_figure(m, stats.get((m, ALL))) for m in self.months]
        if self.unit is not None:
            names = {self.unit.path: str(self.unit)}
        else:
            names = self.memo.call(kind.group_names, tuple(paths))
        units = []
        for path in paths:
            if len(paths) == 1:
                figure = trend[-1]
            else:
                one = closed_stats(kind, since=month, until=next_month, paths=[path])
                figure = _figure(month, one.get((month, ALL)))
            units.append(UnitFigure(path, names.get(path, path), *_numbers(figure)))
        slow = slowest_ids(kind, month=month, today=self.today, paths=paths)
        still_open = slow["open"] if month == self.this_month else []
        return trend, units, *_slow_items(kind, self.viewer, slow["closed"], still_open)


def _numbers(figure: MonthFigure) -> tuple[int, Decimal | None, Decimal | None]:
    """A month's figures as a unit's: items, median, 90th percentile."""
    return figure.items, figure.median, figure.p90


# ---------------------------------------------------------------- reach helpers
def unit_reach(viewer) -> ViewerReach:
    """The usual reach over state units: ministry-wide roles count everything, heads and
    leaders their units, other staff see the ministry-wide figures only."""
    if not viewer.is_authenticated:
        return ViewerReach()
    scope = viewer_scope(viewer)
    if scope.everything:
        return ViewerReach(everything=True)
    if scope.unit_paths:
        return ViewerReach(paths=scope.unit_paths)
    return ViewerReach(summary_only=True)


def top_unit_paths() -> list[str]:
    from thidua.org.models import Unit

    return list(
        Unit.objects.filter(depth=1, valid_to__isnull=True)
        .order_by("sort_order", "name")
        .values_list("path", flat=True)
    )


def unit_names(paths: Iterable[str]) -> dict[str, str]:
    from thidua.org.models import Unit

    return dict(Unit.objects.filter(path__in=list(paths)).values_list("path", "name"))


def local_date(field_name: str):
    """A datetime field as the local date (for kinds measured in whole days)."""
    return TruncDate(field_name)


# ---------------------------------------------------------------- a key result measured
MEASURE_DAYS = 30  # a measured key result's window: the tasks done in the last 30 days


def unit_task_median(*, unit_path: str, today: date) -> Stat:
    """The median task cycle time (days) in a unit's subtree over the MEASURE_DAYS days up
    to `today`: one query over that window (a unit's month of tasks, a bounded set)."""
    from .cycle_kinds import TASK

    kind = _kinds[TASK]
    values = [
        max(float(d), 0.0)
        for d in kind.items()
        .filter(
            c_end__gte=today - timedelta(days=MEASURE_DAYS - 1),
            c_end__lte=today,
            c_path__startswith=unit_path,
        )
        .annotate(c_days=_days(kind))
        .values_list("c_days", flat=True)
    ]
    return Stat(len(values), percentile(values, 0.5), percentile(values, 0.9))


def measured_checkins_record(*, today: date | None = None) -> int:
    """For every key result of an active goal whose value is measured (source: the unit's
    median task cycle time), record today's value as an automatic check-in (once a day,
    audited). Returns the number of check-ins recorded."""
    from . import services
    from .choices import Confidence, GoalsAudit, GoalStatus, KeyResultSource
    from .models import CheckIn, KeyResult

    today = today or timezone.localdate()
    recorded = 0
    key_results = KeyResult.objects.filter(
        source=KeyResultSource.UNIT_TASK_CYCLE_DAYS,
        goal__status=GoalStatus.ACTIVE,
        goal__period_start__lte=today,
        goal__period_end__gte=today,
    ).select_related("goal__scope_unit")
    for key_result in key_results:
        if CheckIn.objects.filter(
            key_result=key_result, checked_on=today, is_automatic=True
        ).exists():
            continue
        stat = unit_task_median(unit_path=key_result.goal.scope_unit.path, today=today)
        if stat.median is None:
            continue
        value = _decimal(stat.median)
        checkin = services.checkin_create(
            actor=SYSTEM,
            key_result=key_result,
            value=value,
            confidence=Confidence.ON_TRACK if value <= key_result.target else Confidence.AT_RISK,
            checked_on=today,
            comment=_measured_comment(items=stat.items, today=today),
        )
        CheckIn.objects.filter(pk=checkin.pk).update(is_automatic=True)
        audit_record(
            actor=SYSTEM,
            action=GoalsAudit.CHECKIN_MEASURED,
            target=key_result,
            checkin=checkin.pk,
            value=str(value),
            tasks=stat.items,
            on=today.isoformat(),
        )
        recorded += 1
    return recorded


def _measured_comment(*, items: int, today: date) -> str:
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    with override("vi"):
        return _(
            "Measured automatically: the median cycle time of %(n)s tasks done in the "
            "%(days)s days to %(day)s."
        ) % {"n": items, "days": MEASURE_DAYS, "day": date_format(today, "SHORT_DATE_FORMAT")}
