"""The named things a question asks about, and whether a text holds them (issue 14, point 4:
the not-found decision).

The weighed decision (`thidua.nlp.weighed`) lets a word no passage of the corpus holds weigh
nothing: "năm ngoái", "chị em" of a question people type must not refuse it. But a near miss
names a title, an award, a year, a number or a body the documents do not hold ("Huân chương
Lao động hạng Ba", "năm 2027", "30 năm", "Cục An toàn thông tin") and is then answered with
the neighbouring fact. A named entity is not a colloquial word: here it is found by its form,
never by the corpus, in four kinds —

- `award`: a title or award of the emulation law's vocabulary ("Bằng khen", "Huân chương",
  "Chiến sĩ thi đua", "Anh hùng", "Nghệ sĩ" …) with what qualifies it ("của Thủ tướng",
  "cấp Bộ", "hạng Ba", "toàn quốc", capitalised words);
- `year`: a year written in digits (1900–2099);
- `number`: a number in digits with its unit ("30 năm", "100 triệu", "5 tháng", "cấp độ 4",
  "Điều 3", "mẫu số 2");
- `reference` (not in KINDS: asked for by name): a document's number ("91/2017/NĐ-CP",
  "52-NQ/TW");
- `body`: a run of two capitalised words or more, or an acronym ("Cục An" of "Cục An toàn
  thông tin", "Ban Chỉ" of "Ban Chỉ đạo", "Việt Nam", "UBND", "5G", "KPI"); a capitalised
  word alone ("Bộ", "Hội đồng") is not one.

`held(entity, text)`: the entity's syllables, folded (no diacritics, lower case), follow one
another in the text (an abbreviation in either counts as the phrase it stands for,
`synonyms.ABBREVIATIONS`; "của" between the words of a title may be left out). Pure Python,
no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from thidua.nlp.synonyms import ABBREVIATIONS, join_abbreviations
from thidua.nlp.text import fold

__all__ = [
    "KINDS",
    "SCOPES",
    "Entity",
    "award_spans",
    "entities",
    "entities_held",
    "held",
    "unheld",
]

KINDS = ("award", "year", "number", "body")
SCOPES = ("clause", "passage", "top")

_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
_CAP = rf"[{_UPPER}][\w]*"
_ACRONYM = re.compile(rf"^(?=.*[{_UPPER}])(?:[{_UPPER}0-9&]{{2,}}|\d+[A-Za-z]+)$")
# Abbreviations of the emulation vocabulary that `synonyms.ABBREVIATIONS` (shared with
# retrieval) does not spell out.
_MORE_ABBREVIATIONS = {
    "bk": "bằng khen",
    "gk": "giấy khen",
    "htxs": "hoàn thành xuất sắc",
    "hđ": "hội đồng",
    "dvc": "dịch vụ công",
    "tmđt": "thương mại điện tử",
}
# A title or award named only by its kind ("bằng khen", "Huân chương") names no one award.
_GENERIC = {
    ("bang", "khen"),
    ("giay", "khen"),
    ("huan", "chuong"),
    ("huy", "chuong"),
    ("huy", "hieu"),
    ("ky", "niem", "chuong"),
    ("giai", "thuong"),
}
_AWARD_HEADS = (
    r"Huân chương|Huy chương|Huy hiệu|Kỷ niệm chương|Bằng khen|Giấy khen|Cờ thi đua"
    r"|Chiến sĩ thi đua|Anh hùng|Nghệ sĩ|Nhà giáo|Thầy thuốc|Nghệ nhân|Giải thưởng"
    r"|Lao động tiên tiến|Tập thể lao động xuất sắc|Chiến sĩ tiên tiến|Đơn vị quyết thắng"
    r"|CSTĐ(?:CS)?|LĐTT|BK"
)
# What may qualify an award: "của" + a capitalised run or a title, "cấp …", "hạng …",
# fixed qualifiers, capitalised words.
# A capitalised word with the lower-case syllable that ends it ("Lao động", "Bộ trưởng").
_NAMED = rf"{_CAP}(?:\s+(?:động|phủ|trưởng|tướng|tịch|nước|nhân))?"
_QUALIFIER = (
    rf"(?:\s+(?:của\s+(?:{_NAMED}(?:\s+{_NAMED})*)|cấp\s+\w+|hạng\s+\w+|toàn quốc|cơ sở"
    rf"|nhân dân|ưu tú|xuất sắc|\d+\s+năm(?:\s+tuổi\s+Đảng)?|{_NAMED}))"
)
_AWARD = re.compile(rf"(?<!\w)(?i:{_AWARD_HEADS})(?:{_QUALIFIER})*(?!\w)")
# A document's number ("91/2017/NĐ-CP", "52-NQ/TW", "03-NQ/ĐU"): names one document.
_REFERENCE = re.compile(r"(?<![\w/])\d{1,4}(?:/\d{4})?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ]{1,6})*(?!\w)")
_YEAR = re.compile(r"(?<![\d.,/])(?:19|20)\d{2}(?![\d.,/%])")
_UNITS = (
    r"năm|tháng|ngày|tuần|giờ|phút|người|lần|%|phần trăm|triệu|tỷ(?!\s+(?:lệ|trọng))|nghìn|ngàn"
    r"|đồng|bộ|điểm"
    r"|bước|đợt|sản phẩm|trạm|ca|biên chế|thành viên|hồ sơ|km|GB|Mbps"
)
_NUMBER = re.compile(
    rf"(?<![\w.,])(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)?\s*(?:{_UNITS})(?!\w)"
    r"|(?<!\w)(?:cấp độ|bậc|Điều|khoản|mẫu số|mẫu|hạng|lần thứ)\s+(?:\d+|[IVX]+)(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w&]+(?:[-.][\w&]+)*")
_OPENERS = {"của", "cua"}


@dataclass(frozen=True)
class Entity:
    kind: str  # one of KINDS
    text: str  # as the question writes it
    key: tuple[str, ...]  # its syllables folded, abbreviations spelt out, "của" left out


def _spell(word: str) -> list[str]:
    """A word's folded syllables, an abbreviation as the first phrase it stands for."""
    lowered = join_abbreviations(word).lower()
    phrase = _MORE_ABBREVIATIONS.get(lowered) or ABBREVIATIONS.get(lowered, ("",))[0]
    if phrase:
        return [fold(s) for s in re.findall(r"\w+", phrase)]
    return [fold(s) for s in re.findall(r"\w+", lowered)]


def _key(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for w in _WORD.findall(text):
        out += _spell(w)
    return tuple(s for s in out if s not in _OPENERS)


def _covered(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in taken)


def entities(question: str) -> list[Entity]:
    """The named entities of a question, in the order above, none inside another."""
    q = unicodedata.normalize("NFC", question or "")
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match) -> None:
        if _covered(m.span(), taken):
            return
        key = _key(m.group(0))
        if key and not (kind == "award" and key in _GENERIC):
            found.append(Entity(kind, m.group(0), key))
            taken.append(m.span())

    for m in _REFERENCE.finditer(q):
        add("reference", m)
    for m in _AWARD.finditer(q):
        add("award", m)
    for m in _NUMBER.finditer(q):
        add("number", m)
    for m in _YEAR.finditer(q):
        add("year", m)
    words = list(_WORD.finditer(q))
    run: list[re.Match] = []
    for w in [*words, None]:
        capital = w is not None and (w.group(0)[:1].isupper() or bool(_ACRONYM.match(w.group(0))))
        if capital and not (w is not None and _YEAR.fullmatch(w.group(0))):
            run.append(w)
            continue
        acronym = len(run) == 1 and bool(_ACRONYM.match(run[0].group(0)))
        if len(run) > 1 or acronym:
            span = (run[0].start(), run[-1].end())
            if not _covered(span, taken):
                text = q[span[0] : span[1]]
                key = _key(text)
                if key:
                    found.append(Entity("body", text, key))
                    taken.append(span)
        run = []
    return found


def award_spans(text: str) -> list[tuple[int, int]]:
    """Where a text names a title or award (the `award` form above, a kind alone too): (start,
    end) of each, in the NFC text."""
    return [m.span() for m in _AWARD.finditer(unicodedata.normalize("NFC", text or ""))]


def _folded(text: str) -> str:
    return " " + " ".join(_key(text)) + " "


def held(entity: Entity, text: str, folded: str | None = None) -> bool:
    """Whether the text holds the entity (its folded syllables in a row)."""
    folded = _folded(text) if folded is None else folded
    return f" {' '.join(entity.key)} " in folded


def unheld(question: str, text: str, kinds: tuple[str, ...] = KINDS) -> list[Entity]:
    """The question's entities of these kinds the text does not hold."""
    folded = _folded(text)
    return [e for e in entities(question) if e.kind in kinds and not held(e, text, folded)]


def entities_held(
    question: str,
    passages,
    evidence,
    *,
    scope: str,
    kinds: tuple[str, ...] = KINDS,
    top: int = 3,
) -> bool:
    """Whether every entity of these kinds in the question is held where `scope` says:
    "clause", the answering clause (`evidence`: a `weighed.Weighed`) with its passage's
    context (title and heading); "passage", that clause's whole passage; "top", each entity
    by one of the first `top` passages. `passages`: (context, body), best first. A document's
    number (kind "reference") is looked for in the first `top` passages whatever the scope:
    a document writes it once, in its header, not in the clause that answers."""
    wanted = [e for e in entities(question) if e.kind in kinds]
    numbers = [e for e in wanted if e.kind == "reference" and scope != "top"]
    if numbers and not entities_held(
        question, passages, evidence, scope="top", kinds=("reference",), top=top
    ):
        return False
    wanted = [e for e in wanted if e not in numbers]
    if not wanted:
        return True
    if scope == "top":
        texts = [_folded(f"{c}\n{b}") for c, b in list(passages)[:top]]
        return all(any(held(e, "", t) for t in texts) for e in wanted)
    if evidence.passage < 0:
        return False
    context, body = passages[evidence.passage]
    text = f"{context}\n{evidence.clause}" if scope == "clause" else f"{context}\n{body}"
    folded = _folded(text)
    return all(held(e, text, folded) for e in wanted)
