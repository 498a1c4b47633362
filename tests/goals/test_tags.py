from decimal import Decimal

import pytest
from django.utils import translation

from thidua.core.templatetags.formatting import bar_width, number, percent


@pytest.mark.parametrize(
    ("fraction", "vi", "en"),
    [
        (Decimal("0.0625"), "6,3%", "6.3%"),
        (Decimal("0.5"), "50%", "50%"),
        (Decimal("1.35"), "135%", "135%"),
        (None, "—", "—"),
    ],
)
def test_percentages_round_half_up_in_the_active_language(fraction, vi, en):
    with translation.override("vi"):
        assert percent(fraction) == vi
    with translation.override("en"):
        assert percent(fraction) == en


def test_quantities_use_vietnamese_grouping_and_bars_are_capped():
    with translation.override("vi"):
        assert number(Decimal("1234.5000")) == "1.234,5"
    assert bar_width(Decimal("1.35")) == 100
    assert bar_width(Decimal("-0.2")) == 0
