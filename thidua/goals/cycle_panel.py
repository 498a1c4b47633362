"""The dashboard's cycle-time panel (thidua.goals.cycle_time re-exports it): per kind the
viewer may count, the month's median and 90th percentile, the trend, the units and the
slowest items the viewer may open; read from the stored nightly figures where they answer
for the viewer, computed live over a head's own subtrees otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from .cycle_registry import CycleKind, kinds
from .cycle_stats import (
    ALL,
    KEPT_MONTHS,
    MONTHS,
    SLOWEST,
    TOP_PREFIX,
    Stat,
    _decimal,
    add_months,
    closed_stats,
    month_start,
    slowest_ids,
)


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
    count_text: str = ""  # a grouped item: how many items it stands for (CycleKind.count_words)


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
    group_label: str = ""  # what the groups are called ("": units)
    groups_caption: str = ""


@dataclass(frozen=True)
class CyclePanel:
    month: date
    months: list[date]  # months that may be chosen, newest first
    kinds: list[KindPanel]
    computed_on: date | None  # when the stored figures were refreshed (None: all live)
    unit_name: str = ""  # the unit the panel is narrowed to


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
    """The SLOWEST items of each list the viewer may open (one `opened` call for both). A
    grouped row (pk, days, count, one_path) is one line for its group: its count in words,
    its item's detail only when all the group's items share its path."""
    ids = sorted({int(row[0]) for row in [*closed, *still_open]})
    opened = kind.opened(viewer, ids) if ids else {}
    lists = []
    for rows, still in ((closed, False), (still_open, True)):
        items = []
        for row in rows:
            item = opened.get(int(row[0]))
            if item is None:
                continue
            detail, count_text = item.detail, ""
            if len(row) > 2:
                detail = detail if row[3] else ""
                count_text = kind.count_words(int(row[2]), still) if kind.count_words else ""
            items.append(SlowItem(item.title, item.url, detail, _decimal(row[1]), count_text))
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
    not stored yet — the ministry's figures too, before the first night."""
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
        self.visible = [
            k for k in kinds() if not self.reaches[k.key].nothing and (unit is None or k.unit_tree)
        ]
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
        elif path in (None, ALL) and not self._stored_for_ministry(kind.key):
            trend, units, slow_closed, slow_open = self._live_ministry(kind)
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
            group_label=str(kind.group_label or ""),
            groups_caption=str(kind.groups_caption or ""),
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

    def _stored_for_ministry(self, kind_key: str) -> bool:
        """Whether the nightly summary has the ministry's figures of this kind for any month
        of the trend (it stores the current month's row even when nothing ended in it)."""
        return any((kind_key, m, ALL) in self.stored for m in self.months)

    def _live_ministry(self, kind: CycleKind) -> _KindFigures:
        """The ministry's figures computed now, for a kind the nightly summary has not stored
        yet (a new installation, or the demo, before its first night): what the stored rows
        would give — the trend; for ministry-wide roles the top-level units and the slowest
        items; for other staff the figures alone."""
        reach, month, next_month = self.reaches[kind.key], self.month, add_months(self.month, 1)
        stats = closed_stats(kind, since=self.months[0], until=next_month)
        trend = [_figure(m, stats.get((m, ALL))) for m in self.months]
        if not reach.everything:
            return trend, [], [], []
        top = self._tops(kind)
        names = self.memo.call(kind.group_names, tuple(top))
        by_top = closed_stats(kind, since=month, until=next_month, prefix=TOP_PREFIX)
        units = [
            UnitFigure(p, names.get(p, p), *_numbers(_figure(month, by_top.get((month, p)))))
            for p in top
        ]
        units.sort(key=lambda u: (u.median is None, -(u.median or 0), u.name))
        slow = slowest_ids(kind, month=month, today=self.today, paths=None)
        still_open = slow["open"] if month == self.this_month else []
        return trend, units, *_slow_items(kind, self.viewer, slow["closed"], still_open)

    def _live(self, kind: CycleKind, *, paths: list[str]) -> _KindFigures:
        """Trend, units and slowest items of a kind over the viewer's subtrees, computed now."""
        month, next_month = self.month, add_months(self.month, 1)
        stats = closed_stats(kind, since=self.months[0], until=next_month, paths=paths)
        trend = [_figure(m, stats.get((m, ALL))) for m in self.months]
        if self.unit is not None:
            names = {self.unit.path: str(self.unit)}
        else:
            names = self.memo.call(kind.group_names, tuple(paths))
        apart = not any(a != b and b.startswith(a) for a in paths for b in paths)
        by_path = (
            closed_stats(kind, since=month, until=next_month, paths=paths, by_path=True)
            if len(paths) > 1 and apart
            else {}
        )
        units = []
        for path in paths:
            if len(paths) == 1:
                figure = trend[-1]
            elif apart:
                figure = _figure(month, by_path.get((month, path)))
            else:  # one holds another: each counted on its own
                one = closed_stats(kind, since=month, until=next_month, paths=[path])
                figure = _figure(month, one.get((month, ALL)))
            units.append(UnitFigure(path, names.get(path, path), *_numbers(figure)))
        slow = slowest_ids(kind, month=month, today=self.today, paths=paths)
        still_open = slow["open"] if month == self.this_month else []
        return trend, units, *_slow_items(kind, self.viewer, slow["closed"], still_open)


def _numbers(figure: MonthFigure) -> tuple[int, Decimal | None, Decimal | None]:
    """A month's figures as a unit's: items, median, 90th percentile."""
    return figure.items, figure.median, figure.p90
