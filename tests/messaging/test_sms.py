import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.messaging.sms import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    is_gsm7,
    sms_cost,
    sms_parts,
    strip_diacritics,
)

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ "
)
GSM_PLAIN = sorted(GSM7_BASIC - {"\n", "\r"})


def expected_parts(chars: int, single: int, part: int) -> int:
    if chars == 0:
        return 0
    return 1 if chars <= single else math.ceil(chars / part)


@pytest.mark.parametrize(
    ("length", "parts"), [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_vietnamese_with_diacritics_is_ucs2_70_then_67_per_part(length, parts):
    info = sms_parts("ệ" * length)
    assert (info.encoding, info.chars, info.parts) == ("UCS-2", length, parts)


@pytest.mark.parametrize(("length", "parts"), [(160, 1), (161, 2), (306, 2), (307, 3)])
def test_plain_text_is_gsm7_160_then_153_per_part(length, parts):
    info = sms_parts("a" * length)
    assert (info.encoding, info.chars, info.parts) == ("GSM-7", length, parts)


def test_extension_characters_count_twice_and_are_not_split():
    info = sms_parts("€" * 80)
    assert (info.encoding, info.chars, info.parts) == ("GSM-7", 160, 1)
    # 152 septets, then a two-septet character that does not fit the first part's 153.
    assert sms_parts("a" * 152 + "€" + "a" * 10).parts == 2
    assert sms_parts("a" * 152 + "€" * 77).parts == 3


def test_decomposed_vietnamese_is_counted_as_composed():
    import unicodedata

    text = "Nghị quyết Đại hội"
    assert sms_parts(unicodedata.normalize("NFD", text)) == sms_parts(text)


def test_strip_diacritics_turns_vietnamese_into_gsm7():
    assert strip_diacritics("Đồng chí hãy đọc Nghị quyết “mới” – ngay…") == (
        'Dong chi hay doc Nghi quyet "moi" - ngay...'
    )


def test_cost_is_parts_times_members_times_price():
    assert sms_cost(2, 1000, Decimal("800")) == Decimal("1600000")


@given(st.text(alphabet=VIETNAMESE, min_size=1, max_size=500))
def test_text_with_a_diacritic_follows_the_ucs2_rule(text):
    info = sms_parts(text)
    if is_gsm7(text):
        assert info.encoding == "GSM-7"
    else:
        assert info.encoding == "UCS-2"
        assert info.parts == expected_parts(len(text), 70, 67)


@given(st.text(alphabet=GSM_PLAIN, max_size=700))
def test_plain_gsm_text_follows_the_160_153_rule(text):
    info = sms_parts(text)
    assert info.encoding == "GSM-7"
    assert info.parts == expected_parts(len(text), 160, 153)


@given(st.text(alphabet=GSM_PLAIN + sorted(GSM7_EXTENSION), max_size=700))
def test_every_gsm_part_holds_at_most_153_septets(text):
    info = sms_parts(text)
    assert info.chars == len(text) + sum(c in GSM7_EXTENSION for c in text)
    assert info.parts >= expected_parts(info.chars, 160, 153)
    assert info.parts <= expected_parts(info.chars, 160, 153) + info.chars // 153 + 1


@given(st.text(alphabet=VIETNAMESE, max_size=400))
def test_stripped_vietnamese_is_gsm7_and_no_longer(text):
    stripped = strip_diacritics(text)
    assert is_gsm7(stripped)
    assert len(stripped) == len(text)
    assert sms_parts(stripped).parts <= sms_parts(text).parts
