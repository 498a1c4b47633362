"""The clause that defines the title a question asks about (issue 14, point 4).

"Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?" asks for the clause whose *subject* is that title —
"1. Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng hằng năm cho cá nhân …" — not for a clause
that merely mentions it ("Tỷ lệ cá nhân được đề nghị danh hiệu Chiến sĩ thi đua cơ sở …") or
one about another title that shares the question's words ("Danh hiệu Tập thể lao động xuất
sắc được xét tặng cho tập thể tiêu biểu đạt các tiêu chuẩn sau:").

`defined_titles(question)`: the titles or awards (`entities`' `award` form, an abbreviation
spelt out) of a question that names one and no other ("… khi xét danh hiệu toàn quốc") and asks what a title's standard, condition or content is
("tiêu chuẩn", "điều kiện", "yêu cầu", "cần gì", "là gì"); none for any other question.
`defines(titles, sentence)`: whether the sentence, after its list marker and a leading
"Danh hiệu"/"Hình thức", begins with one of those titles exactly (not a longer or other one:
"Chiến sĩ thi đua cấp Bộ" does not define "Chiến sĩ thi đua cơ sở") and goes on with what
a definition says of it ("được xét tặng", "được tặng", "được công nhận", "là", "gồm", "phải").
Pure Python.
"""

from __future__ import annotations

import re
import unicodedata

from thidua.nlp.entities import _AWARD, _key, entities
from thidua.nlp.text import fold

__all__ = ["defined_titles", "defines"]

_ASKS_STANDARD = re.compile(
    r"\b(?:tieu chuan|dieu kien|yeu cau|can (?:nhung )?gi|can dat (?:nhung )?gi|la gi"
    r"|gom (?:nhung )?gi|nhu the nao)\b"
)
_LEAD = re.compile(
    r"^\s*(?:(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][.)]|[-–•+*])\s+)?"
    r"(?:(?:danh hiệu|hình thức(?: khen thưởng)?)\s+)?",
    re.IGNORECASE,
)
_TITLED = re.compile(rf"(?:(?i:danh hiệu|hình thức)\s+)?{_AWARD.pattern}")
_OTHER_TITLE = re.compile(r"\b(?:danh hieu|hinh thuc khen|khen thuong)\b")
_DEFINITION = re.compile(
    r"^\s*(?:,\s*)?(?:được (?:xét )?(?:tặng|công nhận|trao)|được xét|là\b|gồm\b|phải\b"
    r"|do\b[^.;:]*\bxét tặng)",
    re.IGNORECASE,
)


def defined_titles(question: str) -> tuple[tuple[str, ...], ...]:
    """The folded keys of the titles whose definition the question asks for (see above)."""
    q = unicodedata.normalize("NFC", question or "")
    folded = re.sub(r"[^\w]+", " ", fold(q.lower()))
    if not _ASKS_STANDARD.search(folded):
        return ()
    keys = {e.key for e in entities(q) if e.kind == "award"}
    # One title, and no other named by its kind ("… khi xét danh hiệu toàn quốc"): a question
    # relating two titles asks about the other one's rule.
    rest = fold(_TITLED.sub(" ", q).lower())
    if len(keys) != 1 or _OTHER_TITLE.search(rest):
        return ()
    return tuple(keys)


def defines(titles: tuple[tuple[str, ...], ...], sentence: str) -> bool:
    """Whether the sentence's subject is one of the titles and it says what that title is."""
    if not titles:
        return False
    s = unicodedata.normalize("NFC", sentence or "")
    rest = s[_LEAD.match(s).end() :]
    m = _AWARD.match(rest)
    if m is None or _key(m.group(0)) not in titles:
        return False
    return bool(_DEFINITION.match(rest[m.end() :]))
