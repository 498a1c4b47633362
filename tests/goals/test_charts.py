"""The pure chart and trajectory arithmetic: values to SVG coordinates, behind or on track."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.goals import charts, trajectory
from thidua.goals.charts import Series, column_chart, line_chart, nice_ticks, row_chart
from thidua.goals.choices import Direction
from thidua.goals.trajectory import Trajectory

# The default line chart's plot area inside its margins (y grows downwards).
LEFT, TOP = 44, 10
RIGHT, BOTTOM = charts.WIDTH - 14, charts.HEIGHT - 26
MIDDLE_Y = (TOP + BOTTOM) / 2


def test_scale_maps_a_domain_onto_a_range_and_a_single_value_to_the_middle():
    assert charts.scale(5, domain=(0, 10), to=(0, 100)) == 50
    assert charts.scale(0, domain=(0, 1), to=(194, 10)) == 194  # y grows downwards
    assert charts.scale(1, domain=(0, 1), to=(194, 10)) == 10
    assert charts.scale(7, domain=(7, 7), to=(44, 386)) == 215
    assert charts.scale(1, domain=(0, 3), to=(0, 100)) == 33.3  # to a tenth


def test_ticks_are_round_numbers_covering_the_values():
    assert nice_ticks(0, 1) == [Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), 1]
    assert nice_ticks(12.3, 87.1) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]  # counts: no 0.75 check-ins
    assert nice_ticks(0, 0) == [Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), 1]


def test_progress_line_maps_dates_to_x_and_fractions_to_y():
    chart = line_chart(
        [Series("P8", [(date(2025, 1, 1), Decimal("0")), (date(2025, 7, 2), Decimal("0.5"))])],
        y_include=(0, 1),
    )
    (line,) = chart.lines
    assert [(p.x, p.y) for p in line.points] == [(LEFT, BOTTOM), (RIGHT, MIDDLE_Y)]
    assert line.d == f"M{LEFT:.1f},{BOTTOM:.1f} L{RIGHT:.1f},{MIDDLE_Y:.1f}"
    assert [t.value for t in chart.y_ticks] == [
        0,
        Decimal("0.25"),
        Decimal("0.5"),
        Decimal("0.75"),
        1,
    ]
    assert chart.y_ticks[0].pos == BOTTOM and chart.y_ticks[-1].pos == TOP
    assert chart.x_ticks[0].value == date(2025, 1, 1) and chart.x_ticks[0].pos == LEFT
    assert chart.x_ticks[-1].value == date(2025, 7, 2) and chart.x_ticks[-1].pos == RIGHT
    assert (chart.x_ticks[0].anchor, chart.x_ticks[-1].anchor) == ("start", "end")


def test_lines_share_one_x_axis():
    chart = line_chart(
        [
            Series("a", [(date(2025, 1, 1), 0), (date(2025, 1, 11), 1)]),
            Series("b", [(date(2025, 1, 6), 1)]),
        ],
        y_include=(0, 1),
    )
    assert chart.lines[1].points[0].x == (LEFT + RIGHT) / 2
    assert chart.lines[0].color != chart.lines[1].color


def test_empty_series_give_an_empty_chart_without_failing():
    chart = line_chart([Series("P1", [])], y_include=(0, 1))
    assert chart.is_empty
    assert chart.lines[0].d == ""
    assert (chart.x_ticks, chart.y_ticks) == ((), ())
    assert line_chart([]).is_empty


def test_a_single_point_sits_in_the_middle_with_a_marker():
    chart = line_chart([Series("P1", [(date(2025, 6, 30), Decimal("0.125"))])], y_include=(0, 1))
    (point,) = chart.lines[0].points
    assert point.x == (LEFT + RIGHT) / 2
    assert point.y == pytest.approx(BOTTOM - 0.125 * (BOTTOM - TOP), abs=0.1)  # to a tenth
    assert chart.lines[0].markers
    assert [t.value for t in chart.x_ticks] == [date(2025, 6, 30)]


def test_long_lines_are_drawn_without_a_dot_per_point():
    points = [(date(2025, 1, 1 + i), i) for i in range(30)]
    assert not line_chart([Series("P1", points)], max_markers=24).lines[0].markers


def test_columns_stand_on_the_axis_and_scale_to_round_counts():
    chart = column_chart([(date(2025, 6, 23), 2), (date(2025, 6, 30), 1)])
    first, second = chart.columns
    assert [t.value for t in chart.y_ticks] == [0, 1, 2]
    assert first.y + first.height == second.y + second.height == BOTTOM
    assert first.height == BOTTOM - TOP and second.height == (BOTTOM - TOP) / 2
    assert first.x < second.x and first.width == second.width


def test_column_labels_thin_out_but_the_latest_week_is_always_labelled():
    chart = column_chart([(i, 1) for i in range(13)], max_labels=6)
    shown = [c.label for c in chart.columns if c.show_label]
    assert shown == [0, 3, 6, 9, 12]


def test_no_columns_or_only_zeros_is_an_empty_chart():
    assert column_chart([]).is_empty
    zeros = column_chart([(date(2025, 6, 23), 0)])
    assert zeros.is_empty
    assert zeros.columns[0].height == 0


def test_rows_scale_to_the_largest_total_with_the_value_over_its_track():
    chart = row_chart([("Cục A", 1, 2), ("Cục B", 2, 4)])
    a, b = chart.rows
    plot_width = charts.WIDTH - 8 - 64
    assert b.total_width == plot_width and b.value_width == plot_width / 2
    assert a.total_width == plot_width / 2 and a.value_width == plot_width / 4
    assert a.bar_y < b.bar_y
    assert chart.height == 4 + 2 * 34 + 4


def test_long_unit_names_are_shortened_but_kept_whole_for_the_tooltip():
    name = "Trung tâm Giám sát an toàn không gian mạng quốc gia và ứng cứu sự cố"
    (row,) = row_chart([(name, 0, 0)], label_chars=30).rows
    assert row.label == name
    assert len(row.short_label) == 30 and row.short_label.endswith("…")
    assert row.total_width == row.value_width == 0
    assert row_chart([]).is_empty


def test_downsample_keeps_the_ends_and_spaces_the_rest_evenly():
    assert charts.downsample(list(range(10)), 4) == [0, 3, 6, 9]
    assert charts.downsample([1, 2], 53) == [1, 2]
    assert charts.downsample([], 5) == []


def test_pivot_lines_up_series_by_date_for_the_data_table():
    rows = charts.pivot(
        [
            Series("a", [(date(2025, 1, 1), 1), (date(2025, 1, 2), 2)]),
            Series("b", [(date(2025, 1, 2), 3)]),
        ]
    )
    assert rows == [(date(2025, 1, 1), [1, None]), (date(2025, 1, 2), [2, 3])]


# ---------------------------------------------------------------- trajectory
# Two years, 730 days: 1 January 2022 is exactly half way.
MIDWAY = date(2022, 1, 1)


def rising():
    return Trajectory(
        baseline_value=Decimal(100),
        baseline_on=date(2021, 1, 1),
        target_value=Decimal(200),
        target_on=date(2023, 1, 1),
        direction=Direction.UP,
    )


def falling():
    return Trajectory(
        baseline_value=Decimal(50),
        baseline_on=date(2021, 1, 1),
        target_value=Decimal(10),
        target_on=date(2023, 1, 1),
        direction=Direction.DOWN,
    )


def test_the_trajectory_is_the_straight_line_from_baseline_to_target():
    assert rising().expected_on(MIDWAY) == 150
    assert falling().expected_on(MIDWAY) == 30
    assert rising().expected_on(date(2020, 6, 1)) == 100  # before the baseline
    assert rising().expected_on(date(2024, 6, 1)) == 200  # after the deadline


@pytest.mark.parametrize(
    ("line", "value", "behind"),
    [
        (rising, 140, True),
        (rising, 160, False),
        (rising, 150, False),  # on the line
        (falling, 35, True),
        (falling, 25, False),
        (falling, 30, False),
    ],
    ids=["up-below", "up-above", "up-on", "down-above", "down-below", "down-on"],
)
def test_behind_means_the_wrong_side_of_the_line_for_the_direction(line, value, behind):
    assert line().is_behind(value=Decimal(value), on=MIDWAY) is behind


def test_after_the_deadline_short_of_the_target_is_behind():
    assert rising().is_behind(value=Decimal(199), on=date(2023, 6, 1))
    assert not falling().is_behind(value=Decimal(10), on=date(2023, 6, 1))


def test_trajectory_directions_are_the_model_choices():
    assert (trajectory.UP, trajectory.DOWN) == (Direction.UP, Direction.DOWN)
