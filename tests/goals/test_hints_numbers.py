"""Hints built in Python write their numbers as the reader's language does (issue 12:
"Tổng trọng số … là 5.00" was an English decimal in a Vietnamese sentence)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from thidua.goals.choices import Direction, MetricType
from thidua.goals.hints import goal_hints


def _kr(title, weight, *, previous=None, target="10"):
    return SimpleNamespace(
        title=title,
        weight=Decimal(weight),
        metric_type=MetricType.NUMBER,
        due_date=date(2026, 12, 31),
        previous_actual=None if previous is None else Decimal(previous),
        target=Decimal(target),
        direction=Direction.UP,
    )


def _messages(key_results, language="vi", **kwargs):
    goal = SimpleNamespace(parent_id=1, program_id=None)
    with translation.override(language):
        return {h.code: h.message for h in goal_hints(goal, key_results, **kwargs)}


def test_weights_that_do_not_add_up_are_said_with_vietnamese_numbers():
    hints = _messages([_kr("Số hồ sơ 1", "2.50"), _kr("Số hồ sơ 2", "2.75")])
    assert "5,25" in hints["weights"]
    assert "5.25" not in hints["weights"]


def test_the_siblings_total_and_last_periods_actual_use_the_decimal_comma():
    hints = _messages(
        [_kr("Số hồ sơ 3", "100", previous="12.50", target="12")],
        siblings_weight_total=Decimal("40.50"),
    )
    assert "40,5" in hints["sibling_weights"] and "40.50" not in hints["sibling_weights"]
    assert "(12,5)" in hints["not_high_enough"]


def test_in_english_the_same_hint_keeps_the_decimal_point():
    hints = _messages([_kr("A", "2.50"), _kr("B", "2.75")], language="en")
    assert "5.25" in hints["weights"]
