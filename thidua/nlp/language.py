"""Is a text Vietnamese? A cheap check for uploads, without any model.

Vietnamese written with its diacritics is easy to tell from other languages: letters such as
ă, ơ, ư, đ and every letter with a hook above (ả, ở) or a dot below (ạ, ộ) occur in no other
major language, and they make up well over a tenth of the letters of any Vietnamese
paragraph (French, Portuguese or Spanish share only á, à, â, é, ê, ô ... with it). A text is
Vietnamese when at least `MIN_SHARE` of its letters are Vietnamese-only, or when fewer are but
Vietnamese function words ("và", "của", "được" ...) are frequent. Short texts (fewer than
`MIN_LETTERS` letters) are never rejected: there is too little to judge.

Documents must carry their diacritics; `require_diacritics=False` also accepts Vietnamese
typed without them ("muc tieu cua toi"), recognised by its folded function words.
"""

from __future__ import annotations

import re
import unicodedata

from thidua.nlp.text import fold

__all__ = ["is_vietnamese", "vietnamese_share"]

MIN_LETTERS = 20
MIN_SHARE = 0.04

_VIETNAMESE_ONLY = frozenset(
    "ăằắẳẵặấầẩẫậảạđẻẽẹếềểễệỉịỏọốồổỗộơờớởỡợủụưừứửữựỳỷỹỵĩũ"
    "ĂẰẮẲẴẶẤẦẨẪẬẢẠĐẺẼẸẾỀỂỄỆỈỊỎỌỐỒỔỖỘƠỜỚỞỠỢỦỤƯỪỨỬỮỰỲỶỸỴĨŨ"
)
_FUNCTION_WORD_TEXT = (
    "và của là các những được có trong cho với này không một người để từ khi tại về theo "
    "như đã sẽ đang cũng thì mà nhưng hoặc nên do bởi năm ngày tháng việc đơn vị cán bộ"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_TEXT.split())
# Folded syllables frequent in Vietnamese and rare as words of English, French or Spanish.
_FOLDED_WORD_TEXT = (
    "cua cac nhung duoc trong khong mot nguoi nay voi cho nam ngay thang viec cong tac "
    "can bo don vi thi dua khen thuong nhiem muc tieu toi chung hien thuc chi dao quy dinh "
    "theo ve tai tu khi nhu da se dang cung thi nhung hoac nen boi"
)
_FOLDED_WORDS = frozenset(_FOLDED_WORD_TEXT.split())
_WORD = re.compile(r"\w+")


def vietnamese_share(text: str) -> float:
    """The share of letters that only Vietnamese uses (0 for a text without letters)."""
    letters = [c for c in unicodedata.normalize("NFC", text) if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c in _VIETNAMESE_ONLY for c in letters) / len(letters)


def _word_share(words: list[str], vocabulary: frozenset[str]) -> float:
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


def is_vietnamese(text: str, *, require_diacritics: bool = True) -> bool:
    """True for Vietnamese text (and for texts too short to judge), False for English,
    French, Chinese ... texts."""
    text = unicodedata.normalize("NFC", text or "")
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_LETTERS:
        return True
    share = vietnamese_share(text)
    if share >= MIN_SHARE:
        return True
    words = [w.lower() for w in _WORD.findall(text)]
    if share >= MIN_SHARE / 4 and _word_share(words, _FUNCTION_WORDS) >= 0.1:
        return True  # Vietnamese mixed with much foreign vocabulary
    if not require_diacritics:
        folded = [fold(w) for w in words]
        return _word_share(folded, _FOLDED_WORDS) >= 0.2
    return False
