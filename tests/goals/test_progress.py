from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.goals.progress import RiskInput, key_result_progress, risk_reasons, time_elapsed

D = Decimal


def progress(baseline, target, value, direction="up", metric="number", stretch=False):
    return key_result_progress(
        baseline=D(baseline),
        target=D(target),
        value=None if value is None else D(value),
        direction=direction,
        metric_type=metric,
        stretch=stretch,
    )


def test_progress_is_where_the_value_stands_between_baseline_and_target():
    assert progress(0, 200, 50) == D("0.25")
    assert progress(100, 50, 75, direction="down") == D("0.5")  # lower is better


def test_progress_stops_at_100_percent_unless_the_key_result_is_a_stretch():
    assert progress(0, 100, 150) == 1
    assert progress(0, 100, 150, stretch=True) == D("1.5")


def test_no_check_in_yet_means_no_progress_and_a_milestone_is_all_or_nothing():
    assert progress(0, 100, None) == 0
    assert progress(0, 1, 1, metric="milestone") == 1
    assert progress(0, 1, 0, metric="milestone") == 0


@given(
    baseline=st.decimals(-1000, 1000, places=2),
    target=st.decimals(-1000, 1000, places=2),
    value=st.decimals(-5000, 5000, places=2),
    direction=st.sampled_from(["up", "down"]),
)
def test_progress_of_a_normal_key_result_is_always_between_0_and_1(
    baseline, target, value, direction
):
    result = key_result_progress(
        baseline=baseline, target=target, value=value, direction=direction, metric_type="number"
    )
    assert 0 <= result <= 1


def test_time_elapsed_is_a_share_of_the_period():
    assert time_elapsed(start=date(2025, 1, 1), end=date(2025, 12, 31), today=date(2024, 6, 1)) == 0
    assert time_elapsed(start=date(2025, 1, 1), end=date(2025, 1, 11), today=date(2025, 1, 6)) == D(
        "0.5"
    )


def risk(**overrides):
    item = {
        "progress": D("0.5"),
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "due_date": None,
        "last_checkin_on": date(2025, 6, 20),
        "confidence": "on_track",
        "started_on": date(2025, 1, 1),
        **overrides,
    }
    return risk_reasons(RiskInput(**item), today=date(2025, 7, 1))


def test_a_key_result_on_schedule_is_not_at_risk():
    assert risk() == []


def test_each_risk_reason_is_named():
    assert risk(progress=D("0.2")) == ["behind_schedule"]
    assert risk(last_checkin_on=date(2025, 4, 1)) == ["no_recent_checkin"]
    assert risk(confidence="off_track") == ["off_track"]
    assert "overdue" in risk(due_date=date(2025, 6, 1), progress=D("0.9"))
