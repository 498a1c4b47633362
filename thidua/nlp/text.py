"""Sentences, words and accent folding for Vietnamese.

Sentence splitting survives abbreviations (TS., ThS., v.v., TT&TT), numbers written the
Vietnamese way (1.114 and 30,95%), quotes, and headings ("Thứ nhất, ...", "Điều 3.",
"1.", "a)", "II. NHIỆM VỤ"): a heading starts a new unit and stays with its sentence.
Word segmentation is underthesea's (its model ships inside the wheel).
"""

import re
import unicodedata
from functools import lru_cache

# Paragraph breaks: blank lines, or a new line that starts a heading or a list item.
_BLANK = re.compile(r"\n\s*\n")
_HEADING = re.compile(
    r"^\s*(?:"
    r"(?:Điều|Chương|Mục|Phần|Khoản|Điểm)\s+[0-9IVXLC]+[a-zđ]?[.:]"  # Điều 3.  Chương II:
    r"|[IVXLC]{1,6}[.)]\s"  # II. NHIỆM VỤ
    r"|\d{1,3}(?:\.\d{1,3})*[.)]\s"  # 1.  1.2.  3)
    r"|[a-zđ][.)]\s"  # a)  b.
    r"|[-–•+*]\s"  # bullets
    r"|Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b"  # Thứ nhất, ...
    r")",
    re.IGNORECASE,
)
# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = {
    "tp",
    "ts",
    "ths",
    "pgs",
    "gs",
    "bs",
    "ks",
    "cn",
    "th.s",
    "v.v",
    "vv",
    "tr",
    "st",
    "sđd",
    "nxb",
    "q",
    "p",
    "đ",
    "k",
    "tt",
    "ubnd",
    "hđnd",
    "nđ",
    "qđ",
    "tt-btttt",
    "ct",
    "mr",
    "mrs",
    "dr",
    "no",
}
_SENTENCE_END = re.compile(r"([.!?…]+)([”\"')\]]*)(\s+)")
_UPPER_START = re.compile(r"[“\"'(\[]*[A-ZÀ-ỸĐ0-9]")


def _is_title(line: str) -> bool:
    """A heading written in capitals ("II. NHIỆM VỤ"): it stands on its own."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _is_bare_heading(current: list[str], line: str) -> bool:
    """A numbered heading without end punctuation ("1. Về bưu chính") on a line of its own,
    followed by a line starting with a capital: the heading stands on its own."""
    return (
        len(current) == 1
        and bool(_HEADING.match(current[0]))
        and not re.search(r"[.!?…:;,]$", current[0].rstrip("”\"')"))
        and len(current[0].split()) <= 12
        and bool(_UPPER_START.match(line.strip()))
    )


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; within a block, a line that begins a heading or a list
    item starts a new paragraph."""
    paragraphs: list[str] = []
    for block in _BLANK.split(text.replace("\r\n", "\n")):
        current: list[str] = []
        for line in block.split("\n"):
            if not line.strip():
                continue
            if current and (
                _HEADING.match(line) or _is_title(current[-1]) or _is_bare_heading(current, line)
            ):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line.strip())
        if current:
            paragraphs.append(" ".join(current))
    return [p for p in (re.sub(r"\s+", " ", p).strip() for p in paragraphs) if p]


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a period between `before` and `after` ends a sentence."""
    last_word = re.split(r"\s", before.rstrip(".!?…”\"')]"))[-1].lower()
    if last_word.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[a-zđ]", last_word):
        return False
    if re.search(r"\b[A-ZĐ]\.$", before) and re.match(
        r"[A-ZĐ]", after
    ):  # initials: Nguyễn Văn A. Hùng
        return bool(re.match(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+\s+[a-zà-ỹđ]", after))
    return bool(_UPPER_START.match(after))


_MARKER_ONLY = re.compile(
    r"(?:(?:Điều|Chương|Mục|Phần|Khoản|Điểm)\s+[0-9IVXLC]+[a-zđ]?|[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, paragraph by paragraph, in order. A heading marker ("Điều 3.",
    "1.", "II.") stays with the words that follow it."""
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            piece = paragraph[start : match.end(2)]
            if match.group(1) == "." and not _ends_sentence(piece, paragraph[match.end() :]):
                continue
            if _MARKER_ONLY.fullmatch(piece.strip()):
                continue
            sentences.append(piece.strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


_WORD = re.compile(r"[0-9a-zà-ỹđ_]+(?:[.,][0-9]+)*", re.IGNORECASE)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (Vietnamese letters kept), for ROUGE and syllable baselines."""
    return [
        t.lower()
        for t in re.findall(r"[0-9a-zà-ỹđ]+", unicodedata.normalize("NFC", text), re.IGNORECASE)
    ]


@lru_cache(maxsize=1)
def _tokenizer():
    from underthesea import word_tokenize

    return word_tokenize


def words(text: str) -> list[str]:
    """Lower-cased words from underthesea's segmentation, syllables of a word joined by "_"
    ("thông_tin"), punctuation dropped."""
    tokens = _tokenizer()(unicodedata.normalize("NFC", text))
    out = []
    for token in tokens:
        token = token.strip().lower().replace(" ", "_")
        if _WORD.fullmatch(token):
            out.append(token)
    return out


def fold(text: str) -> str:
    """Vietnamese without diacritics ("Đổi mới" → "Doi moi"), for accent-insensitive matching."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )
