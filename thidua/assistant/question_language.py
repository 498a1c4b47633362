"""Is a question asked in Vietnamese? The decision behind the "ask in Vietnamese" note of a
not-found answer (`answering.answer`).

A question is short, so the text check of uploads (`thidua.nlp.language.is_vietnamese`) can
miss one: "Mô hình Hoa Sen Xanh là gì?" holds only letters French shares (ô, ì, à) and
"Phuong an Bach Dang Tim la gi?" none at all. A question is taken as Vietnamese when that
check says so, when it has a letter only Vietnamese writes (ă, ơ, ư, đ, ạ, ở …), when at
least a third of its words carry a Vietnamese diacritic, or when, folded, it holds a common
Vietnamese function word or question phrase ("la gi", "bao nhieu", "cua" …). Only a question
that is none of these (an English one) is told to ask in Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata

from thidua.nlp.language import is_vietnamese, vietnamese_share
from thidua.nlp.text import fold

__all__ = ["asked_in_vietnamese"]

# Folded, as a question typed without diacritics writes them.
FUNCTION_WORDS = frozenset({"cua", "duoc", "khong", "co", "cho", "va", "cac", "nhung", "trong"})
QUESTION_PHRASES = ("la gi", "la ai", "bao nhieu", "nhu the nao", "o dau", "khi nao")
MIN_MARKED_WORDS = 1 / 3
_WORD = re.compile(r"[^\W\d_]+")


def _marked(word: str) -> bool:
    """Whether a word carries a diacritic (a tone or vowel mark)."""
    return fold(word) != word


def asked_in_vietnamese(question: str) -> bool:
    """True unless the question is in another language than Vietnamese (with or without
    its diacritics); a question with no words is not judged (True)."""
    text = unicodedata.normalize("NFC", question or "")
    words = [w.lower() for w in _WORD.findall(text)]
    if not words or is_vietnamese(text, require_diacritics=False):
        return True
    if vietnamese_share(text) > 0:
        return True
    if sum(_marked(w) for w in words) >= MIN_MARKED_WORDS * len(words):
        return True
    folded = [fold(w) for w in words]
    if FUNCTION_WORDS.intersection(folded):
        return True
    joined = f" {' '.join(folded)} "
    return any(f" {phrase} " in joined for phrase in QUESTION_PHRASES)
