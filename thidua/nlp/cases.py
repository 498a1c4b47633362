"""A case question asked as the rule it falls under (issue 14, point 4).

People ask about their case, not about the rule: "Chị A bên em nghỉ ốm 3 tháng trong năm,
vậy chị ấy có được xét LĐTT không?", "Hội đồng 20 thành viên, anh Minh được 17 phiếu đồng ý
thì có được đề nghị không?", "Phòng tôi có 30 người đạt LĐTT thì được đề nghị tối đa mấy
người CSTĐCS?". The rule ("Cá nhân có thời gian công tác trong năm dưới 10 tháng …", "… từ
90% số phiếu đồng ý trở lên tính trên tổng số thành viên Hội đồng", "Tỷ lệ cá nhân …
không quá 15% tổng số cá nhân đạt danh hiệu Lao động tiên tiến của đơn vị") holds none of
the instance's words — a person's name, a count, a month, "năm ngoái" — and says instead who
(cá nhân, đơn vị), how long (thời gian), what share (tỷ lệ, tổng số). `rule_question`
rewrites the instance parts, recognised by their linguistic form, into that vocabulary, for
retrieval and for the not-found decision:

- a person named by a kinship or honorific word and a capitalised name or letter ("chị A",
  "anh Bình", "đồng chí Dũng", "ông X"), or referred back to ("chị ấy", "đồng chí ấy") →
  "cá nhân";
- a unit or group the asker belongs to ("phòng tôi", "đơn vị em", "bên mình") → "đơn vị";
- a count of people, members or votes ("27 người", "20 thành viên", "17 phiếu", "chín thành
  viên"): the number goes, the noun stays ("người" → "cá nhân"); with two counts or more (a
  part of a whole) the question asks a share → "tỷ lệ", and the first count is the whole
  ("tổng số thành viên");
- a duration of the case ("3 tháng", "gần 6 tháng") → "thời gian" with its unit; consecutive
  years or times ("2 năm liền", "3 lần") lose their number ("năm liên tục", "lần");
- deictic time ("năm ngoái", "năm nay", "tuần trước", "sáng nay", "hồi tháng 3") goes; in a
  question with a person, a unit of the asker or the asker as the subject of what happened
  ("tôi được", "em đạt"), a year in digits is the case's date, not the rule's ("có BK Bộ từ
  2019") and goes too.

Nothing inside the name of an award is an instance ("Huy hiệu 30 năm tuổi Đảng",
`entities.award_spans`); a duration compared ("dưới 10 tháng") is the rule's own.

Written after reading the failures of the development question sets (docs/BENCHMARKS.md,
"Case questions mapped to their rules"): each rule is a form, not a question's words, and its
short lists (honorifics, nouns that count people, units of time, deictic words) are general
Vietnamese, but which forms are here was chosen on those sets, so the design is in sample. A
question with no instance part is returned unchanged. Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from thidua.nlp.entities import award_spans

__all__ = ["Case", "rule_question"]

_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
# Kinship and honorific words that name a person before a name ("chị Lan", "đồng chí Dũng").
_HONORIFIC = r"chị|anh|em|ông|bà|cô|chú|đồng chí|đ/c"
# "Anh hùng" is a title, not a person named Hùng.
_NOT_NAMES = {"anh": {"hùng"}}
_PERSON = re.compile(
    rf"(?<!\w)(?P<title>(?i:{_HONORIFIC}))\s+(?P<name>[{_UPPER}]\w*)(?!\w)"
    rf"|(?<!\w)(?i:{_HONORIFIC}|bạn|dong chi|ong|ba|co|chu)\s+(?:ấy|ay)(?!\w)"
)
# The asker as the subject of a case ("Tôi được LĐTT …", "Năm 2025 em được giấy khen …"):
# no words to rewrite, but the years of such a question are the case's dates.
_SELF = re.compile(
    r"(?<!\w)(?i:tôi|em|mình|toi)\s+(?:(?:mới|đã|vừa|cũng|đang)\s+)?"
    r"(?i:được|có|đạt|bị|nghỉ|vào làm|chuyển)(?!\w)"
)
# A unit or group named with the asker's possessive ("phòng tôi", "bên em").
_OWN_UNIT = re.compile(
    r"(?<!\w)(?i:phòng|ban|tổ|nhóm|đơn vị|cơ quan|vụ|cục|trung tâm|chi bộ|bên)"
    r"\s+(?:tôi|em|mình|chúng tôi|chúng em|ta)(?!\w)"
)
_NUMBER_WORDS = r"một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm"
_NUMBER = rf"(?:\d+(?:[.,]\d+)?|(?i:{_NUMBER_WORDS})(?:\s+(?i:{_NUMBER_WORDS}))*)"
_ABOUT = r"(?:(?:gần|khoảng|hơn|tầm|chừng|có|được|mới|đúng)\s+)?"
# Nouns that count people or votes.
_COUNTED = r"người|thành viên|cá nhân|phiếu|đồng chí|cán bộ|công chức|viên chức"
# Not after "phần" ("hai phần ba thành viên", "phần trăm cá nhân": a fraction, the rule's).
_COUNT = re.compile(
    rf"(?<!\w)(?<!phần )(?<!phan ){_ABOUT}(?P<n>{_NUMBER})\s+(?P<noun>{_COUNTED})(?!\w)", re.I
)
_IN_A_ROW = r"(?:liền|liên tục|liên tiếp)"
# "2 năm liền", "3 lần", "hai năm liên tục"; not "tháng 5 năm …" (a date).
_CONSECUTIVE = re.compile(
    rf"(?<!\w)(?<!tháng )(?<!Tháng ){_ABOUT}(?:\d+\s+(?P<unit>năm|lần)(?:\s+{_IN_A_ROW})?"
    rf"|(?i:{_NUMBER_WORDS})\s+(?P<unit2>năm|lần)\s+{_IN_A_ROW})(?!\w)",
    re.I,
)
# A duration compared ("dưới 10 tháng", "đủ 12 tháng", "tối đa 3 ngày") is the rule's, not
# the case's: left as it is.
_DURATION = re.compile(
    r"(?<!\w)(?<!dưới )(?<!trên )(?<!đủ )(?<!quá )(?<!đa )(?<!thiểu )(?<!nhất )(?<!từ )"
    r"(?:(?:gần|khoảng|hơn|tầm|chừng|được|mất|trong)\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>tháng|tuần|ngày)(?!\w)(?!\s*/)",
    re.I,
)
# Deictic time: "năm ngoái", "tuần sau", "hôm nay", "hồi tháng 3", "sáng nay".
_DEICTIC = re.compile(
    r"(?<!\w)(?:(?:hồi|từ|vào)\s+)?(?:"
    r"(?:năm|tháng|tuần|kỳ|đợt|quý)\s+(?:ngoái|nay|này|trước|sau|tới|rồi)"
    r"|(?:hôm|sáng|chiều|tối)\s+(?:nay|qua|kia|trước|sau)"
    r"|hồi\s+tháng\s+\d{1,2}|tháng\s+\d{1,2}\s+vừa\s+rồi)(?!\w)",
    re.I,
)
_YEAR = re.compile(r"(?<!\w)(?:(?:năm|từ|hồi|vào)\s+)?(?:19|20)\d{2}(?![\w/%]|[.,-]\d)", re.I)
_SPACES = re.compile(r"\s+")
_ORPHAN_PUNCT = re.compile(r"\s+([,.;:?!])")


@dataclass(frozen=True)
class Case:
    """A question with its instance parts rewritten: `text` the rule's question (the question
    itself when `instances` is empty), `instances` the parts recognised, as written;
    `is_case`: one of them is a participant of a case (a person, the asker's unit, a count, a
    duration), not only a time ("tháng sau" alone makes no case)."""

    text: str
    instances: tuple[str, ...] = ()
    is_case: bool = False


def _consecutive(m: re.Match) -> str:
    """The number goes; the unit and "liên tục" (the rule's word for "liền") stay."""
    unit = (m.group("unit") or m.group("unit2")).lower()
    return f"{unit} liên tục" if re.search(r"liền|liên", m.group(0), re.I) else unit


def _tidy(text: str) -> str:
    return _ORPHAN_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()


def rule_question(question: str) -> Case:
    """The question with its case's instance parts in the rule's words (module docstring)."""
    text = unicodedata.normalize("NFC", question or "")
    found: list[str] = []

    def sub(pattern: re.Pattern, repl) -> None:
        nonlocal text
        names = award_spans(text)

        def one(m: re.Match) -> str:
            if any(a < m.end() and m.start() < b for a, b in names):
                return m.group(0)  # inside an award's name: "Huy hiệu 30 năm tuổi Đảng"
            out = repl(m) if callable(repl) else repl
            if out is None:
                return m.group(0)
            found.append(m.group(0))
            return f" {out} "

        text = pattern.sub(one, text)

    def person(m: re.Match) -> str | None:
        name, title = m.group("name"), (m.group("title") or "").lower()
        return None if name and name.lower() in _NOT_NAMES.get(title, ()) else "cá nhân"

    sub(_PERSON, person)
    sub(_OWN_UNIT, "đơn vị")
    personal = bool(found)
    counts = list(_COUNT.finditer(text))
    if counts:
        whole = counts[0] if len(counts) > 1 else None

        def count(m: re.Match) -> str:
            noun = m.group("noun").lower()
            noun = "cá nhân" if noun == "người" else noun
            if whole is not None and m.start() == whole.start():
                return f"tỷ lệ tổng số {noun}"
            return f"số {noun}" if noun == "phiếu" else noun

        sub(_COUNT, count)
    sub(_CONSECUTIVE, _consecutive)
    sub(_DURATION, lambda m: f"thời gian {m.group('unit').lower()}")
    participants = bool(found)
    sub(_DEICTIC, "")
    if personal or _SELF.search(text):
        sub(_YEAR, "")
    if not found:
        return Case(question)
    return Case(_tidy(text), tuple(found), participants)
