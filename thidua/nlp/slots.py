"""Narrow answer slots: a question asking a number of people, a frequency, a weekday or a
measure, and whether a text gives one (the assistant's not-found decision, `answering.SLOT_SCOPE`).

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
- "measure": "bao nhiêu / mấy" + a unit of time or "phần trăm" ("bao nhiêu ngày", "mấy tiếng",
  "bao nhiêu phần trăm"). Held by a number of that unit ("10 ngày làm việc", "4 giờ" for "mấy
  tiếng", "3 ngày" for "mấy hôm", "80 %"), never a date's "tháng 01 năm sau".
- "count" (a thing named after "bao nhiêu / mấy", a classifier passed over: "mấy cái sáng
  kiến", "bao nhiêu phó chủ tịch") and "year" ("năm nào"): measured, not asked by default.

`asked_slot(question, kinds)` asks only the slots of `kinds` (FIRST_SLOTS by default; the
assistant passes `answering.SLOT_KINDS`). Accent-insensitive when the question is typed without
diacritics.
"""

from __future__ import annotations

import re
import unicodedata

from thidua.nlp.answer_types import NOT_UNITS
from thidua.nlp.synonyms import ABBREVIATIONS
from thidua.nlp.text import fold

__all__ = ["FIRST_SLOTS", "SLOTS", "asked_slot", "count_unit", "holds_slot"]

_W = r"(?<!\w)"
_E = r"(?!\w)"
_HOW_MANY = r"(?:bao nhiêu|mấy)"
_PEOPLE = r"(?:người|thành viên|ủy viên|uỷ viên|cán bộ|đồng chí|đại biểu)"
_TIME = r"(?:ngày|tuần|tháng|quý|năm)"
_ONCE = r"(?:một|1) lần"
_MEASURES = r"giây|phút|giờ|tiếng|ngày|hôm|tuần|tháng|quý|năm|phần trăm|%"
# A unit of measure and the words that give the same measure ("tiếng" is "giờ").
_SAME_MEASURE = {"tieng": "gio", "hom": "ngay", "phan": "%"}
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
    # A measure: "bao nhiêu / mấy" + a unit of time or "phần trăm" ("bao nhiêu ngày", "mấy
    # tiếng", "bao nhiêu phần trăm"); not "bao lâu" (any duration), not "… một lần" (above).
    "measure": rf"{_W}{_HOW_MANY}\s+(?:{_MEASURES}){_E}",
    # A count of a thing the question names ("bao nhiêu biên chế", "mấy cái sáng kiến", "bao
    # nhiêu phó chủ tịch"): the word after "bao nhiêu / mấy" (`count_unit`).
    "count": rf"{_W}{_HOW_MANY}\s+\w+",
    # A year: "năm nào", "từ năm nào", "năm bao nhiêu".
    "year": rf"{_W}năm (?:nào|bao nhiêu){_E}",
}
# Words after "bao nhiêu / mấy" that name nothing counted: answer_types' words that are no
# unit ("là bao nhiêu", "bao nhiêu thì"), except "người" (a head count is counted here), and
# the particles and time words a count question ends on ("mấy về", "mấy hả", "bao nhiêu lâu").
_NOT_COUNTED = (NOT_UNITS - {"người"}) | frozenset(
    [
        "lâu",
        "giờ",
        "tuổi",
        "lần",
        "đến",
        "tới",
        "về",
        "từ",
        "ở",
        "theo",
        "nữa",
        "thêm",
        "rồi",
        "hả",
        "ạ",
        "vậy",
        "nhỉ",
        "thế",
        "đây",
        "đó",
        "gì",
        "nào",
        "không",
    ]
)
# Classifiers: "mấy cái sáng kiến" counts "sáng kiến".
_CLASSIFIERS = frozenset(["cái", "con", "chiếc", "bạn", "vị", "bản", "quyển", "tấm"])
_DIGITS = r"\d+(?:[.,]\d+)*"
_NUMERALS = r"(?:một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu)"
_NUMBER = rf"(?:{_DIGITS}|{_W}{_NUMERALS}(?:\s+{_NUMERALS})*{_E})"
_WEEKDAY = r"(?:hai|ba|tư|năm|sáu|bảy|[2-7])"
_PERCENT = rf"{_DIGITS}\s*%|{_W}phần trăm{_E}"
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
    "year": rf"{_W}(?:19|20)\d\d{_E}",
}
# The slots as first shipped, and all of them (`answering.SLOT_KINDS` says which are asked).
FIRST_SLOTS = ("people", "frequency", "weekday")
SLOTS = (*FIRST_SLOTS, "measure", "count", "year")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


def _compiled(pattern: str, accented: bool) -> re.Pattern[str]:
    return re.compile(pattern if accented else fold(pattern))


_ACCENTED = {k: _compiled(p, True) for k, p in _ASKED.items()}
_FOLDED = {k: _compiled(p, False) for k, p in _ASKED.items()}
_HELD_ACCENTED = {k: _compiled(p, True) for k, p in _HELD.items()}
_HELD_FOLDED = {k: _compiled(p, False) for k, p in _HELD.items()}


def asked_slot(question: str, kinds: tuple[str, ...] = FIRST_SLOTS) -> str | None:
    """The first slot of `kinds` (in the order of SLOTS) the question asks, or None."""
    text = _norm(question)
    accented = fold(text) != text
    patterns = _ACCENTED if accented else _FOLDED
    for slot, pattern in patterns.items():
        if slot not in kinds:
            continue
        if slot == "count" and count_unit(question) in _NOT_THINGS:
            continue
        if pattern.search(text if accented else fold(text)):
            return slot
    return None


def count_unit(question: str) -> str:
    """What a "bao nhiêu / mấy" question counts, folded, abbreviations spelt out ("ngay",
    "gio" for "tiếng", "%", "pho chu tich", "doanh nghiep" for "DN"), or "" when the word after
    names nothing counted; a classifier ("cái", "con") is passed over."""
    text = _norm(question)
    accented = fold(text) != text
    asked = re.findall(r"[\w%&]+", text)
    words = [fold(w) for w in asked]
    for i, w in enumerate(words[:-1]):
        many = w == "bao" and words[i + 1] == "nhieu"
        if not (many or (w == "may" and (asked[i] == "mấy" or not accented))):
            continue
        rest = words[i + 2 :] if many else words[i + 1 :]
        if rest and rest[0] in _FOLDED_CLASSIFIERS:
            rest = rest[1:]
        if not rest or rest[0] in _FOLDED_NOT_COUNTED:
            return ""
        first = _SAME_MEASURE.get(rest[0], rest[0])
        if first in _FOLDED_MEASURES:
            return first
        phrase = _FOLDED_ABBREVIATIONS.get(first)
        return phrase or first
    return ""


def holds_slot(slot: str | None, text: str, question: str = "") -> bool:
    """Whether the text gives the slot (always, for no slot); matched without diacritics
    when the question has none."""
    if slot is None:
        return True
    q = _norm(question)
    accented = not q or fold(q) != q
    body = _norm(text)
    if slot in ("measure", "count"):
        return _counted(count_unit(question), fold(body))
    if accented:
        return bool(_HELD_ACCENTED[slot].search(body))
    return bool(_HELD_FOLDED[slot].search(fold(body)))


_FOLDED_NUMBER = fold(_NUMBER)
_FOLDED_NOT_COUNTED = frozenset(fold(w) for w in _NOT_COUNTED)
_FOLDED_CLASSIFIERS = frozenset(fold(w) for w in _CLASSIFIERS)
_FOLDED_MEASURES = frozenset(
    _SAME_MEASURE.get(fold(w), fold(w)) for w in _MEASURES.split("|") if " " not in w
) | {"%"}
_FOLDED_ABBREVIATIONS = {
    fold(k): fold(v[0]) for k, v in {**ABBREVIATIONS, "dn": ("doanh nghiệp",)}.items()
}


# What "count" leaves to the other slots: nothing counted, a measure, people.
_NOT_THINGS = _FOLDED_MEASURES | {"", *(fold(w) for w in _PEOPLE.strip("(?:)").split("|"))}


def _counted(unit: str, folded: str) -> bool:
    """Whether a folded text gives a number of `unit`: the number before it, a word between
    allowed ("10 ngay lam viec", "hai nghin dang vien"; never a date's "thang 01 nam"), or, for
    a thing counted, after it ("hang 30", "top 10"); for "%" a percentage; for "gio" also
    "tieng", for "ngay" also "hom"."""
    if not unit:
        return True
    if unit == "%":
        return bool(re.search(fold(_PERCENT), folded))
    same = [u for u, v in _SAME_MEASURE.items() if v == unit]
    first = "|".join(re.escape(u.split()[0]) for u in [unit, *same])
    before = rf"(?<!thang )(?<!ngay )(?<![\d.,/]){_FOLDED_NUMBER}\s*(?:\w+\s+)?(?:{first})(?!\w)"
    if unit in _FOLDED_MEASURES:
        return bool(re.search(before, folded))
    after = rf"(?<!\w)(?:{first})\s+\d"
    return bool(re.search(before, folded) or re.search(after, folded))
