"""Whole numbers in messages built in Python are written as the reader's language writes
them: 1.500 in Vietnamese, 1,500 in English (issue 12, point 3), as pages show them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from thidua.core.setting_checks import Text, Whole


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Tối đa 2.000 ký tự."), ("en", "At most 2,000 characters.")],
)
def test_a_limit_in_a_message_follows_the_language(language, expected):
    with translation.override(language):
        assert Text(max_length=2000).hint() == expected


@pytest.mark.parametrize(("language", "written"), [("vi", "100.000"), ("en", "100,000")])
def test_a_range_in_a_validation_message_follows_the_language(language, written):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        Whole(0, 100_000)(100_001)
    [message] = refused.value.messages
    assert written in message and "100000" not in message
