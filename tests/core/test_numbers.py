from decimal import Decimal

import pytest
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("1.500", "vi", "1500"),
        ("1.234,5", "vi", "1234.5"),
        ("1,5", "vi", "1.5"),
        ("2.5", "vi", "2.5"),
        ("1.234.567", "vi", "1234567"),
        ("-3", "vi", "-3"),
        (" 12 ", "vi", "12"),
        ("1,500", "en", "1500"),
        ("1,234.5", "en", "1234.5"),
        ("2.5", "en", "2.5"),
    ],
)
def test_numbers_are_read_as_the_language_writes_them(text, language, expected):
    assert parse_number(text, language=language) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5", "NaN", "Infinity", "1e"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text, language="vi")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2), st.sampled_from(["vi", "en"]))
def test_a_number_shown_on_a_page_reads_back_to_the_same_value(value, language):
    with translation.override(language):
        shown = formats.number_format(value, decimal_pos=2, force_grouping=True)
    assert parse_number(shown, language=language) == value
