"""Narrow answer slots: a question asking a number of people, a frequency or a weekday, and
whether a text gives one (the assistant's not-found decision, `answering.SLOT_SCOPE`).

A near miss can share every topic word with a passage and still not be answered by it: "Hội
đồng TĐKT cấp đơn vị gồm bao nhiêu người?" when no passage counts its members, "Mật khẩu …
phải đổi mấy tháng một lần?" when none gives a frequency, "Giao ban … họp vào thứ mấy trong
tuần?" when none names a weekday. `thidua.nlp.answer_types` asks for any number there; this
module asks only for the three slots, each in forms other questions do not use for something
else:

- "people": "bao nhiêu / mấy" + a noun counting people ("người", "thành viên", "ủy viên",
  "cán bộ", "đồng chí", "đại biểu"). Held by a number with such a noun ("ba thành viên",
  "700.000 người") or a share ("15%", "hai phần ba", "quá nửa"): "được đề nghị tối đa mấy
  người" is answered by a percentage.
- "frequency": "bao lâu / mấy <time unit> / bao nhiêu <time unit> … một lần", "mấy lần một
  năm", "định kỳ bao lâu / nào". Held by "hằng / hàng / mỗi <time unit>", "<n> lần trong /
  mỗi / một <time unit>", "<n> <time unit> một lần", "định kỳ <n> <time unit>".
- "weekday": "thứ mấy" with "trong tuần / hằng tuần" after it or "vào / họp / buổi / sáng /
  chiều / ngày" before it, never "đứng / hạng / lần / xếp / khóa / kỳ thứ mấy" (a rank, an
  ordinal); "ngày nào trong tuần". Held by "vào / sáng / chiều / … thứ Hai … Bảy", "thứ 2 … 7"
  after those words, "chủ nhật".

Accent-insensitive when the question is typed without diacritics.
"""

from __future__ import annotations

import re
import unicodedata

from thidua.nlp.text import fold

__all__ = ["asked_slot", "holds_slot"]

_W = r"(?<!\w)"
_E = r"(?!\w)"
_HOW_MANY = r"(?:bao nhiêu|mấy)"
_PEOPLE = r"(?:người|thành viên|ủy viên|uỷ viên|cán bộ|đồng chí|đại biểu)"
_TIME = r"(?:ngày|tuần|tháng|quý|năm)"
_ONCE = r"(?:một|1) lần"
_ASKED = {
    "people": rf"{_W}{_HOW_MANY} {_PEOPLE}{_E}",
    "frequency": (
        rf"{_W}(?:bao lâu|{_HOW_MANY} {_TIME})(?:\s+\S+){{0,6}}?\s+{_ONCE}{_E}"
        rf"|{_W}{_HOW_MANY} lần (?:một|mỗi|trong|1|/) ?(?:{_TIME}){_E}"
        rf"|{_W}định kỳ (?:bao lâu|nào|mấy){_E}"
    ),
    "weekday": (
        rf"{_W}(?<!đứng )(?<!hạng )(?<!lần )(?<!xếp )(?<!khóa )(?<!khoá )(?<!kỳ )"
        rf"(?:(?:vào|họp|buổi|sáng|chiều|ngày) thứ mấy{_E}|thứ mấy (?:trong|hằng|hàng) tuần{_E})"
        rf"|{_W}ngày nào trong tuần{_E}"
    ),
}
_DIGITS = r"\d+(?:[.,]\d+)*"
_NUMERALS = r"(?:một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu)"
_NUMBER = rf"(?:{_DIGITS}|{_W}{_NUMERALS}(?:\s+{_NUMERALS})*{_E})"
_WEEKDAY = r"(?:hai|ba|tư|năm|sáu|bảy|[2-7])"
_HELD = {
    "people": (
        rf"{_NUMBER}\s+(?:\w+\s+)?{_PEOPLE}{_E}|{_DIGITS}\s*%|{_W}phần trăm{_E}"
        rf"|{_W}(?:phần hai|phần ba|phần tư|phần năm|một nửa|quá nửa|đa số){_E}"
    ),
    "frequency": (
        rf"{_W}(?:hằng|hàng|mỗi) {_TIME}{_E}|{_NUMBER}\s+lần (?:trong|mỗi|một|trên|/) ?{_TIME}{_E}"
        rf"|{_NUMBER}\s+{_TIME} {_ONCE}{_E}|{_W}định kỳ {_NUMBER}\s+{_TIME}{_E}"
    ),
    "weekday": (
        rf"{_W}(?:vào|sáng|chiều|tối|buổi|ngày|các|mỗi|từ|đến) thứ {_WEEKDAY}{_E}"
        rf"|{_W}chủ nhật{_E}"
    ),
}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


def _compiled(pattern: str, accented: bool) -> re.Pattern[str]:
    return re.compile(pattern if accented else fold(pattern))


_ACCENTED = {k: _compiled(p, True) for k, p in _ASKED.items()}
_FOLDED = {k: _compiled(p, False) for k, p in _ASKED.items()}
_HELD_ACCENTED = {k: _compiled(p, True) for k, p in _HELD.items()}
_HELD_FOLDED = {k: _compiled(p, False) for k, p in _HELD.items()}


def asked_slot(question: str) -> str | None:
    """ "people", "frequency", "weekday", or None when the question asks none of them."""
    text = _norm(question)
    accented = fold(text) != text
    patterns = _ACCENTED if accented else _FOLDED
    for slot, pattern in patterns.items():
        if pattern.search(text if accented else fold(text)):
            return slot
    return None


def holds_slot(slot: str | None, text: str, question: str = "") -> bool:
    """Whether the text gives the slot (always, for no slot); matched without diacritics
    when the question has none."""
    if slot is None:
        return True
    q = _norm(question)
    accented = not q or fold(q) != q
    body = _norm(text)
    if accented:
        return bool(_HELD_ACCENTED[slot].search(body))
    return bool(_HELD_FOLDED[slot].search(fold(body)))
