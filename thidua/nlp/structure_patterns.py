"""The vocabulary of document layouts (`thidua.nlp.structure`): the heading and item lines of
legal texts (Phần, Chương, Mục, Điều, khoản, điểm) and of other texts (markdown "#", roman,
capital-letter and numbered headings; ordinal, numbered, lettered and bulleted items), and
the numbering words that name the items in a passage's path ("Thứ ba", "điểm đ", "mục II").
"""

from __future__ import annotations

import re

# --- legal texts -------------------------------------------------------------------------------

_ROMAN = r"[IVXLCDM]+"
_DIEU = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+[a-zđ]?)\s*[.:](?=\s|$)\s*(.*)$")
_CHUONG = re.compile(rf"^(?:Chương|CHƯƠNG)\s+({_ROMAN}|\d+)(?=[\s.:\-–]|$)[.:\-–]?\s*(.*)$")
_MUC = re.compile(rf"^(?:Mục|MỤC)\s+(\d+|{_ROMAN})(?=[\s.:\-–]|$)[.:\-–]?\s*(.*)$")
_PHAN = re.compile(
    rf"^(?:Phần|PHẦN)\s+(thứ\s+\w+|THỨ\s+\w+|{_ROMAN}|\d+)(?=[\s.:\-–]|$)[.:\-–]?\s*(.*)$"
)
_KHOAN = re.compile(r"^(\d{1,3})\.(?!\d)\s*(\S.*)?$")
_DIEM = re.compile(r"^([a-zđ])\)\s*(\S.*)?$")
_DIEM_ORDER = "abcdđeghiklmnopqrstuvxy"
_CLOSING = re.compile(r"^Nơi\s+nhận\s*:?", re.IGNORECASE)


def _is_caps_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


# --- paragraphs and list items -----------------------------------------------------------------

_ITEM = re.compile(
    r"^(?:[-–—•+*·]\s|[a-zđ][.)]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVXLC]{1,6}[.)]\s"
    r"|(?:Thứ|THỨ)\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:])"
)
_LINE_END = re.compile(r"[.!?…:;]['\"”’)\]]*$")
_LINE_END_COLON = re.compile(r":['\"”’)\]]*$")

_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_COUNT_WORDS = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
_THU = re.compile(rf"^thứ\s+({'|'.join(_ORDINALS)})(?![\w])", re.IGNORECASE)
_LA = re.compile(rf"^({'|'.join(_COUNT_WORDS)})\s+là\s*[,:]", re.IGNORECASE)
_ROMAN_ITEM = re.compile(r"^([IVXLC]{1,6})[.)]\s")
_ARABIC_ITEM = re.compile(r"^(\d{1,3})[.)]\s")
_LETTER_ITEM = re.compile(r"^([a-zđ])[.)]\s")
_BULLET_ITEM = re.compile(r"^([-–—•·+*])\s")
_BULLET_KIND = {"-": "dash", "–": "dash", "—": "dash", "•": "dot", "·": "dot", "+": "plus"}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int | None:
    total = 0
    for i, c in enumerate(numeral):
        value = _ROMAN_VALUES[c]
        nxt = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return total if total > 0 and _to_roman(total) == numeral else None


def _to_roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _ordinal_word(n: int) -> str:
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else str(n)


def _marker(text: str) -> tuple[str, int | None] | None:
    """The kind of list item a paragraph starts with and its number (1-based; None for a
    bullet, which has no number), or None."""
    if m := _THU.match(text):
        return "thu", _ORDINALS.index(m.group(1).lower()) + 1
    if m := _LA.match(text):
        return "la", _COUNT_WORDS.index(m.group(1).lower()) + 1
    if m := _ROMAN_ITEM.match(text):
        value = _roman_value(m.group(1))
        return ("roman", value) if value else None
    if m := _ARABIC_ITEM.match(text):
        return "arabic", int(m.group(1))
    if m := _LETTER_ITEM.match(text):
        return "letter", _DIEM_ORDER.index(m.group(1)) + 1
    if m := _BULLET_ITEM.match(text):
        return _BULLET_KIND.get(m.group(1), "star"), None
    return None


def _label(kind: str, number: int) -> str:
    if kind == "thu":
        return f"Thứ {_ordinal_word(number)}"
    if kind == "la":
        return f"{_COUNT_WORDS[number - 1].capitalize()} là"
    if kind == "roman":
        return f"mục {_to_roman(number)}"
    if kind == "arabic":
        return f"khoản {number}"
    if kind == "letter":
        return f"điểm {_DIEM_ORDER[number - 1]}"
    return f"gạch đầu dòng thứ {_ordinal_word(number)}"


# --- headings of other texts -------------------------------------------------------------------

_MD = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ROMAN_HEAD = re.compile(r"^([IVX]{1,6})[.)]\s+(\S.*)$")
_LETTER_HEAD = re.compile(r"^([A-HJ-UYZĐ])[.)]\s+(\S.*)$")  # I, V, X are roman
_ARABIC_MARK = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(\.?)\s+(\S.*)$")
_UPPER_FIRST = re.compile(r"^[\"“(]*[A-ZÀ-ỸĐ]")
