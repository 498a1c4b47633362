"""Words of a question or a passage as the answer finder matches them.

A word's matching key is its lower-case NFC form with one tone placement; in a question typed
with diacritics a word written without any gets the "~" prefix, so it still matches through
the folded alternative (`thidua.nlp.answer`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from thidua.nlp.synonyms import normalise_syllable
from thidua.nlp.text import fold

LETTERS = r"(?:[^\W_]|[\u0300-\u036f])+"
TOKEN = re.compile(rf"{LETTERS}(?:&{LETTERS})*")  # "TT&TT" is one word
WORD_OR_BREAK = re.compile(rf"\||{TOKEN.pattern}")
UNACCENTED = "~"  # prefix of the key of a word written without diacritics


@lru_cache(maxsize=50_000)
def exact_form(word: str) -> str:
    """Lower case, NFC, one tone placement ("hoá" → "hóa"), "&" dropped."""
    return normalise_syllable(unicodedata.normalize("NFC", word.lower().replace("&", "")))


@lru_cache(maxsize=50_000)
def match_key(word: str, accented: bool) -> str:
    """A word's matching form. For a question without diacritics: the folded word. For a
    question with diacritics: the word itself, or "~" + the word for a word written without
    any (so that it still matches, through the query's folded alternative)."""
    exact = exact_form(word)
    folded = fold(exact)
    if not accented:
        return folded
    return exact if exact != folded else UNACCENTED + folded


def match_tokens(text: str, accented: bool) -> list[tuple[str, int, int]]:
    """(matching key, start, end) of each word of a text."""
    return [(match_key(m.group(0), accented), m.start(), m.end()) for m in TOKEN.finditer(text)]
