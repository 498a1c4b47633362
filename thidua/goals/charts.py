"""Charts drawn as inline SVG on the server: pure functions that turn series into coordinates.

No Django import and no JavaScript. Values come in as numbers (int, float, Decimal), x values
as numbers or dates; every coordinate is in the chart's viewBox (`width` × `height`, y
downwards), so the SVG scales to any screen width. Tick and point values are handed back
unformatted: the template formats them in the active language (1.234,5 / 12,5%).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

WIDTH, HEIGHT = 360, 210
# Colour-blind-safe (Okabe–Ito, yellow swapped for brown), dark enough for lines on white.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#8C564B",
)


@dataclass(frozen=True)
class Box:
    """The plot area inside the chart's margins."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Margins:
    left: float = 44
    top: float = 10
    right: float = 14
    bottom: float = 26

    def box(self, width: float, height: float) -> Box:
        return Box(self.left, self.top, width - self.right, height - self.bottom)


@dataclass(frozen=True)
class Tick:
    pos: float  # x for the x axis, y for the y axis
    value: Any
    anchor: str = "middle"  # SVG text-anchor, so the first and last labels stay inside


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    at: Any  # the x value as given (a date, a number)
    value: Any  # the y value as given


@dataclass(frozen=True)
class Series:
    """A named line: (x, y) pairs, x ascending."""

    name: str
    points: Sequence[tuple[Any, Any]]
    color: str = ""
    dashed: bool = False


@dataclass(frozen=True)
class Line:
    name: str
    color: str
    dashed: bool
    d: str  # SVG path data; "" without points
    points: tuple[Point, ...]
    markers: bool = True  # draw a dot per point (a line with many points is drawn without)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    plot: Box
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def is_empty(self) -> bool:
        return not any(line.points for line in self.lines)


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: Any
    value: Any
    label_x: float
    show_label: bool


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    plot: Box
    columns: tuple[Column, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def is_empty(self) -> bool:
        return not any(c.value for c in self.columns)


@dataclass(frozen=True)
class Row:
    label: str
    short_label: str
    value: Any
    total: Any
    text_y: float  # baseline of the row's label
    bar_y: float
    bar_height: float
    value_width: float  # the coloured part (e.g. goals at risk)
    total_width: float  # the track behind it (e.g. all goals)
    value_text_x: float


@dataclass(frozen=True)
class RowChart:
    width: int
    height: int
    left: float
    rows: tuple[Row, ...]

    @property
    def is_empty(self) -> bool:
        return not self.rows


# ---------------------------------------------------------------- arithmetic
def _dec(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def _x_number(value: Any) -> float:
    return float(value.toordinal()) if isinstance(value, date) else float(value)


def _r(value: float) -> float:
    """Coordinates to a tenth of a unit: plenty for a screen, and a lighter page."""
    return round(value, 1)


def scale(value: float, *, domain: tuple[float, float], to: tuple[float, float]) -> float:
    """Map `value` linearly from `domain` onto `to` (rounded to a tenth); a degenerate domain
    maps to the middle."""
    lo, hi = domain
    a, b = to
    if hi == lo:
        return _r((a + b) / 2)
    return _r(a + (float(value) - lo) * (b - a) / (hi - lo))


def nice_ticks(lo: Any, hi: Any, *, count: int = 5, integer: bool = False) -> list[Decimal]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering lo..hi, about `count` of
    them. With `integer`, steps are whole numbers (for counts)."""
    lo, hi = _dec(lo), _dec(hi)
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        pad = abs(lo) / 10 if lo else Decimal(1)
        lo, hi = (lo - pad, hi + pad) if lo else (lo, hi + pad)
    raw = (hi - lo) / max(count - 1, 1)
    exponent = math.floor(raw.log10())
    magnitude = Decimal(10) ** exponent
    fraction = raw / magnitude
    for nice in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if fraction <= nice:
            break
    step = nice * magnitude
    if integer:
        step = max(Decimal(1), step.to_integral_value(rounding=ROUND_CEILING))
    start = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    end = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    steps = int((end - start) / step)
    return [start + i * step for i in range(steps + 1)]


def downsample(points: Sequence, max_points: int) -> list:
    """At most `max_points` evenly spaced items, always keeping the first and the last."""
    n = len(points)
    if n <= max_points:
        return list(points)
    if max_points < 2:
        return [points[-1]] if max_points == 1 else []
    indexes = sorted({round(i * (n - 1) / (max_points - 1)) for i in range(max_points)})
    return [points[i] for i in indexes]


def shorten(text: str, max_chars: int) -> str:
    """`text` cut to `max_chars` characters with an ellipsis (SVG text does not wrap)."""
    text = " ".join(str(text).split())
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "…"


def pivot(series: Sequence[Series]) -> list[tuple[Any, list[Any]]]:
    """The data of several series as table rows: (x, [y of each series or None]), x ascending."""
    by_series = [dict(s.points) for s in series]
    xs = sorted({x for values in by_series for x in values})
    return [(x, [values.get(x) for values in by_series]) for x in xs]


def _path(points: Sequence[Point]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(points))


# ---------------------------------------------------------------- charts
def line_chart(
    series: Sequence[Series],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    y_include: Sequence[Any] = (),
    y_tick_count: int = 5,
    x_tick_count: int = 4,
    max_markers: int = 24,
    margins: Margins = Margins(),
) -> LineChart:
    """Lines on a shared x axis (dates or numbers) and a y axis with round ticks.

    `y_include` values are always inside the y range (0 and 1 for progress). A line's
    colour defaults to the palette by its position; a line of more than `max_markers`
    points is drawn without a dot per point.
    """
    plot = margins.box(width, height)
    xs = [_x_number(x) for s in series for x, _ in s.points]
    ys = [_dec(y) for s in series for _, y in s.points]
    if not xs:
        lines = tuple(
            Line(s.name, s.color or PALETTE[i % len(PALETTE)], s.dashed, "", ())
            for i, s in enumerate(series)
        )
        return LineChart(width, height, plot, lines, (), ())
    x_domain = (min(xs), max(xs))
    y_values = nice_ticks(
        min([*ys, *map(_dec, y_include)]),
        max([*ys, *map(_dec, y_include)]),
        count=y_tick_count,
    )
    y_domain = (float(y_values[0]), float(y_values[-1]))
    y_ticks = tuple(
        Tick(scale(float(v), domain=y_domain, to=(plot.bottom, plot.top)), v, "end")
        for v in y_values
    )
    lines = []
    for i, s in enumerate(series):
        points = tuple(
            Point(
                scale(_x_number(x), domain=x_domain, to=(plot.left, plot.right)),
                scale(float(_dec(y)), domain=y_domain, to=(plot.bottom, plot.top)),
                x,
                y,
            )
            for x, y in s.points
        )
        lines.append(
            Line(
                s.name,
                s.color or PALETTE[i % len(PALETTE)],
                s.dashed,
                _path(points),
                points,
                markers=len(points) <= max_markers,
            )
        )
    dates = all(isinstance(x, date) for s in series for x, _ in s.points)
    return LineChart(
        width,
        height,
        plot,
        tuple(lines),
        _x_ticks(x_domain, plot, count=x_tick_count, dates=dates),
        y_ticks,
    )


def _x_ticks(domain: tuple[float, float], plot: Box, *, count: int, dates: bool) -> tuple:
    lo, hi = domain
    if lo == hi:
        values = [lo]
    else:
        values = sorted({round(lo + i * (hi - lo) / (count - 1)) for i in range(count)})
    ticks = []
    for i, v in enumerate(values):
        anchor = "middle"
        if len(values) > 1 and i == 0:
            anchor = "start"
        elif len(values) > 1 and i == len(values) - 1:
            anchor = "end"
        shown = date.fromordinal(int(v)) if dates else v
        ticks.append(Tick(scale(v, domain=domain, to=(plot.left, plot.right)), shown, anchor))
    return tuple(ticks)


def column_chart(
    items: Sequence[tuple[Any, Any]],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    max_labels: int = 6,
    gap: float = 0.25,
    y_tick_count: int = 5,
    margins: Margins = Margins(left=34),
) -> ColumnChart:
    """Vertical bars of counts, one per (label, value); every k-th label shown so they fit,
    always including the last (the most recent)."""
    plot = margins.box(width, height)
    if not items:
        return ColumnChart(width, height, plot, (), ())
    top = max(max(_dec(v) for _, v in items), Decimal(1))
    y_values = nice_ticks(0, top, count=y_tick_count, integer=True)
    y_domain = (float(y_values[0]), float(y_values[-1]))
    y_ticks = tuple(
        Tick(scale(float(v), domain=y_domain, to=(plot.bottom, plot.top)), v, "end")
        for v in y_values
    )
    n = len(items)
    slot = plot.width / n
    every = max(1, math.ceil(n / max_labels))
    columns = []
    for i, (label, value) in enumerate(items):
        y = scale(float(_dec(value)), domain=y_domain, to=(plot.bottom, plot.top))
        columns.append(
            Column(
                x=_r(plot.left + i * slot + slot * gap / 2),
                y=y,
                width=_r(slot * (1 - gap)),
                height=_r(plot.bottom - y),
                label=label,
                value=value,
                label_x=_r(plot.left + (i + 0.5) * slot),
                show_label=(n - 1 - i) % every == 0,
            )
        )
    return ColumnChart(width, height, plot, tuple(columns), y_ticks)


def row_chart(
    items: Sequence[tuple[str, Any, Any]],
    *,
    width: int = WIDTH,
    row_height: float = 34,
    label_chars: int = 44,
    margins: Margins = Margins(left=8, top=4, right=64, bottom=4),
) -> RowChart:
    """Horizontal bars, one row per (label, value, total): the label above, a track as long as
    `total` and the `value` part coloured over it, all on one scale (the largest total)."""
    plot_width = width - margins.left - margins.right
    largest = max(
        (float(_dec(n)) for _, value, total in items for n in (value, total)), default=0.0
    )
    largest = largest or 1.0
    rows = []
    for i, (label, value, total) in enumerate(items):
        top = margins.top + i * row_height
        total_width = _r(plot_width * float(_dec(total)) / largest)
        rows.append(
            Row(
                label=str(label),
                short_label=shorten(label, label_chars),
                value=value,
                total=total,
                text_y=top + 13,
                bar_y=top + 18,
                bar_height=row_height - 22,
                value_width=_r(plot_width * float(_dec(value)) / largest),
                total_width=total_width,
                value_text_x=_r(margins.left + total_width + 6),
            )
        )
    height = round(margins.top + len(items) * row_height + margins.bottom)
    return RowChart(width, height, margins.left, tuple(rows))
