"""Counts in the Party services' messages are written as the reader's language writes
numbers (1.234 in Vietnamese, 1,234 in English), as the other messages built in Python."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from thidua.party import selectors, services


def _digest(party, text):
    resolution = services.resolution_upload(
        actor=party["secretary_a"].user,
        body=party["cell_a"],
        title="Nghị quyết về chuyển đổi số",
        file_name="nq.txt",
        data=text.encode(),
    )
    return selectors.digest_current(resolution=resolution)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", "Ý 1 có 1.234 ký tự; tối đa 300 ký tự."),
        ("en", "Point 1 has 1,234 characters; at most 300 are allowed."),
    ],
)
def test_a_long_point_counts_its_characters_as_the_reader_writes_numbers(
    party, resolution_text, language, words
):
    digest = _digest(party, resolution_text)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        services.digest_edit(
            actor=party["secretary_a"].user, digest=digest, points=[{"text": "a" * 1234}]
        )
    assert refused.value.messages == [words]
