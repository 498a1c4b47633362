"""Key points of a Vietnamese text: the tasks of a resolution, the central sentences of news.

`extract_key_points(text, n, max_chars)` first splits the text into sentences
(`thidua.nlp.text.split_sentences`) and segments their words (underthesea, offline). Then:

- A *resolution-like* document (numbered tasks "Thứ nhất, ...", "1.", "a)", sections such as
  "II. NHIỆM VỤ", often a preamble "Căn cứ ..." and a closing "Nơi nhận:") yields its tasks:
  one point per top-level item of the task list, in document order, a bare heading ("1. Về
  hạ tầng số") merged with its first sentence. Nothing comes from the preamble (căn cứ,
  attendance, dates) or the closing (entry into force, nơi nhận, signature). When there are
  more tasks than `n`, the most central ones are kept, still in document order.
- Anything else (news) is scored by TF-IDF similarity to the document's centroid with a
  lead bias (news puts its substance first), then picked greedily with redundancy removal.

Each point is a complete sentence, no two overlap much in content words, and with
`max_chars` each is shortened at a clause boundary (",", ";", ":", " và ", ...) and never cut
mid-word. Pure Python: no Django, nothing downloaded at run time.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from thidua.nlp.text import split_sentences, syllables, words

__all__ = ["KeyPoint", "extract_key_points", "shorten"]


@dataclass(frozen=True)
class KeyPoint:
    """A point: its text, the indices (into `split_sentences(text)`) of the sentence(s) it
    comes from, and its score (higher is more central; comparable within one document)."""

    text: str
    sentences: tuple[int, ...]
    score: float

    @property
    def index(self) -> int:
        return self.sentences[0]


# --- structure -------------------------------------------------------------------------------

_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_MARKER = re.compile(
    r"^\s*(?:"
    r"(?P<thu>Thứ\s+(?P<thu_n>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))\s*[,:.]?"
    r"|(?P<dieu>Điều\s+(?P<dieu_n>\d+))\s*[.:]"
    r"|(?P<roman>(?P<roman_n>[IVXLC]{1,6}))[.)]"
    r"|(?P<arabic2>\d{1,3}\.\d{1,3}(?:\.\d{1,3})*)[.)]?"
    r"|(?P<arabic>(?P<arabic_n>\d{1,3}))[.)]"
    r"|(?P<letter>(?P<letter_n>[a-zđ]))[.)]"
    r"|(?P<bullet>[-–•+*])"
    r")\s+",
)
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese list letters (đ after d, no f/j/w/z)


def _roman_value(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.lower()):
        value = _ROMAN[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def _marker(sentence: str) -> tuple[str, int | None, int] | None:
    """(kind, ordinal, length of the marker) of a list item, or None."""
    m = _MARKER.match(sentence)
    if not m:
        return None
    if m.group("thu"):
        return "thu", _ORDINALS.index(m.group("thu_n").lower()) + 1, m.end()
    if m.group("dieu"):
        return "dieu", int(m.group("dieu_n")), m.end()
    if m.group("roman"):
        return "roman", _roman_value(m.group("roman_n")), m.end()
    if m.group("arabic2"):
        return "arabic2", None, m.end()
    if m.group("arabic"):
        return "arabic", int(m.group("arabic_n")), m.end()
    if m.group("letter"):
        letter = m.group("letter_n").lower()
        return "letter", _LETTERS.index(letter) + 1 if letter in _LETTERS else None, m.end()
    return "bullet", None, m.end()


def strip_marker(sentence: str) -> str:
    """The sentence without its list marker ("Thứ nhất, ", "1. ", "a) ", "- "), capitalised."""
    found = _marker(sentence)
    text = sentence[found[2] :] if found else sentence
    text = text.lstrip(" ,:;-–")
    return text[:1].upper() + text[1:] if text else text


def _is_title(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_CLOSING = re.compile(
    r"^\s*(?:Nơi\s+nhận|T/?M\.?\s|TM\.|KT\.|Q\.|TL\.|Lưu[:\s]|\(?Đã\s+ký\)?|Ký\s+bởi)"
    r"|Nghị\s+quyết\s+này\s+có\s+hiệu\s+lực|Quyết\s+định\s+này\s+có\s+hiệu\s+lực"
    r"|có\s+hiệu\s+lực\s+(?:thi\s+hành\s+)?(?:kể\s+)?từ\s+ngày",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^\s*(?:Căn\s+cứ|Xét\s|Theo\s+đề\s+nghị|Sau\s+khi\s+(?:thảo\s+luận|nghe)|Trên\s+cơ\s+sở)"
    r"|^\s*(?:QUYẾT\s+NGHỊ|NGHỊ\s+QUYẾT|QUYẾT\s+ĐỊNH|CỘNG\s+HÒA|CỘNG\s+HOÀ|ĐẢNG\s+CỘNG\s+SẢN)"
    r"|Độc\s+lập\s*[-–]\s*Tự\s+do|^\s*Số:|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$"
    r"|\bcó\s+mặt\b|\bvắng\s+mặt\b|\btham\s+dự\b|\bdự\s+(?:đại\s+hội|hội\s+nghị|kỳ\s+họp)\b"
    r"|\bvỗ\s+tay\b|\bbiểu\s+quyết\b|\btán\s+thành\b|\bnhất\s+trí\s+(?:thông\s+qua|\d)"
    r"|\bkhai\s+mạc\b|\bbế\s+mạc\b|\bchủ\s+trì\s+(?:đại\s+hội|hội\s+nghị)\b"
    r"|\bchịu\s+trách\s+nhiệm\s+thi\s+hành\b|\btổ\s+chức\s+(?:thực\s+hiện|quán\s+triệt)\s+nghị\s+quyết"
    r"|^\s*(?:Ảnh|Nguồn|Video|Clip|Xem\s+thêm|Đọc\s+thêm)\s*:"
    r"|\(\s*(?:Theo|Nguồn)\b[^)]*\)\s*$",
    re.IGNORECASE,
)
_TASK_HEADING = re.compile(
    r"NHIỆM\s+VỤ|GIẢI\s+PHÁP|CHƯƠNG\s+TRÌNH|QUYẾT\s+NGHỊ|ĐỊNH\s+HƯỚNG|PHƯƠNG\s+HƯỚNG|"
    r"CHỈ\s+TIÊU|MỤC\s+TIÊU|TRỌNG\s+TÂM|ĐỘT\s+PHÁ|KẾ\s+HOẠCH|giao|nhiệm\s+vụ|giải\s+pháp",
)
_NOT_TASK_HEADING = re.compile(
    r"ĐÁNH\s+GIÁ|KẾT\s+QUẢ|TÌNH\s+HÌNH|HẠN\s+CHẾ|NGUYÊN\s+NHÂN|BÀI\s+HỌC|TỔ\s+CHỨC\s+THỰC\s+HIỆN|"
    r"đánh\s+giá|kết\s+quả\s+đạt\s+được|hạn\s+chế|tổ\s+chức\s+thực\s+hiện|hiệu\s+lực",
)
_TASK_VERB = re.compile(
    r"\b(?:tập\s+trung|đẩy\s+mạnh|nâng\s+cao|tăng\s+cường|phát\s+triển|xây\s+dựng|triển\s+khai|"
    r"hoàn\s+thành|hoàn\s+thiện|thực\s+hiện|chuyển\s+đổi|phấn\s+đấu|đổi\s+mới|bảo\s+đảm|đảm\s+bảo|"
    r"thúc\s+đẩy|đưa|làm\s+chủ|ứng\s+dụng|tiếp\s+tục|chủ\s+động|quán\s+triệt|rà\s+soát|kiện\s+toàn|"
    r"chú\s+trọng|khuyến\s+khích|phát\s+huy|bảo\s+vệ|hỗ\s+trợ|giao)\b",
    re.IGNORECASE,
)


@dataclass
class _Run:
    kind: str
    items: list[int]  # sentence indices of the items
    heading: str = ""  # the section heading above the run


def _runs(sentences: list[str], markers: list) -> list[_Run]:
    """Sequences of items of one kind numbered 1, 2, 3, ... (other sentences may sit between);
    bullets in a row form a run too. A restart at 1 opens a new run."""
    open_runs: dict[str, _Run] = {}
    last_number: dict[str, int] = {}
    runs: list[_Run] = []
    heading = ""
    for i, found in enumerate(markers):
        sentence = sentences[i]
        if found is None:
            if _is_title(sentence) and len(syllables(sentence)) <= 14:
                heading = sentence
            continue
        kind, number, _ = found
        if kind == "roman" or (kind == "dieu" and len(syllables(sentence)) <= 14):
            heading = sentence
            if _is_title(sentence):
                continue
        if kind in ("bullet", "arabic2"):
            run = open_runs.get(kind)
            if run and run.items[-1] >= i - 2:
                run.items.append(i)
            else:
                run = _Run(kind, [i], heading)
                open_runs[kind] = run
                runs.append(run)
            continue
        if number is None:
            continue
        run = open_runs.get(kind)
        if run and number == last_number[kind] + 1:
            run.items.append(i)
        elif number == 1:
            run = _Run(kind, [i], heading)
            open_runs[kind] = run
            runs.append(run)
        else:
            continue
        last_number[kind] = number
        if kind in ("roman", "dieu"):  # a new section closes the lists inside the previous one
            for inner in ("arabic", "letter", "thu", "bullet", "arabic2"):
                open_runs.pop(inner, None)
        elif kind == "arabic":
            open_runs.pop("letter", None)
            open_runs.pop("bullet", None)
    return runs


_KIND_WEIGHT = {
    "thu": 1.0,
    "arabic": 1.0,
    "dieu": 0.6,
    "roman": 0.5,
    "arabic2": 0.4,
    "letter": 0.5,
    "bullet": 0.3,
}


def _boilerplate_item(sentence: str) -> bool:
    """A list item that is preamble or closing, not a task. An item carrying a deadline
    ("6. Tổ chức quán triệt nghị quyết trước 31/01/2027") is a task whatever its wording: the
    preamble and closing phrases (a dateline, "tổ chức thực hiện nghị quyết") never set one."""
    return bool(_BOILERPLATE.search(sentence)) and not _DEADLINE.search(sentence)


def _run_score(run: _Run, sentences: list[str], closing: int) -> float:
    items = [i for i in run.items if i < closing and not _boilerplate_item(sentences[i])]
    if len(items) < 2:
        return 0.0
    taskish = sum(bool(_TASK_VERB.search(sentences[i])) for i in items) / len(items)
    score = _KIND_WEIGHT[run.kind] * (1 + math.log(len(items))) * (0.5 + taskish)
    if _NOT_TASK_HEADING.search(run.heading):
        score *= 0.3
    elif _TASK_HEADING.search(run.heading):
        score *= 1.5
    return score


# --- words and similarity -------------------------------------------------------------------

_STOPWORD_TEXT = (
    "và của là các những được có trong cho với này đã sẽ không một người đó thì mà để từ "
    "khi tại về theo như cũng lại nên vào ra đến trên dưới sau trước rằng nhiều hơn rất "
    "còn đang vẫn chỉ bị do nếu hay hoặc nhưng vì thế nào gì ai đây kia ấy cùng năm ngày "
    "tháng ông bà anh chị họ chúng_tôi chúng_ta tôi mình việc nhằm qua bởi"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _content(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in _STOPWORDS and not t.isdigit()]


def _tfidf(docs: list[list[str]]) -> list[dict[str, float]]:
    df = Counter(t for doc in docs for t in set(doc))
    n = len(docs)
    vectors = []
    for doc in docs:
        tf = Counter(doc)
        vec = {t: (1 + math.log(c)) * math.log(1 + n / df[t]) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _centrality(vectors: list[dict[str, float]]) -> list[float]:
    centroid: Counter = Counter()
    for vec in vectors:
        centroid.update(vec)
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    centroid_unit = {t: v / norm for t, v in centroid.items()}
    return [_cosine(vec, centroid_unit) for vec in vectors]


def _overlap(a: set[str], b: set[str]) -> float:
    """Cosine of two sets of content words: 1.0 = the same words."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


# --- text of a point ------------------------------------------------------------------------

_END = re.compile(r"[.!?…][”\"')\]]*$")
_CLAUSE = re.compile(
    r"(?:[,;:]\s+|\s+[-–]\s+|\s+(?:và|nhưng|song|đồng\s+thời|nhằm|để|trong\s+đó|với|nhất\s+là|"
    r"đặc\s+biệt\s+là|bao\s+gồm|gồm|như|thông\s+qua|bằng\s+cách)\s+)"
)
_DANGLING = re.compile(
    r"(?:\s+(?:và|của|các|những|để|với|cho|là|nhằm|trong|tại|về|như|gồm|bao\s+gồm|từ|đến|"
    r"theo|hoặc|hay|mà|thì|được|bị|do|vì|nên|một|cả|đó))+$",
    re.IGNORECASE,
)


def _finish(text: str, close: bool = True) -> str:
    """A readable sentence: trimmed, capitalised, unbalanced quotes and brackets removed,
    closed by a full stop if it has no end punctuation (unless `close` is false)."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(",;:-– ")
    if text.count("“") > text.count("”"):
        text = text.replace("“", "", text.count("“") - text.count("”"))
    if text.count('"') % 2:
        text = text.replace('"', "", 1)
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")]
    text = text.strip().rstrip(",;:-– ")
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    if close and not _END.search(text):
        text = text.rstrip(".…") + "."
    return text


def _depth_ok(text: str) -> bool:
    """Not inside parentheses or quotes."""
    return (
        text.count("(") == text.count(")")
        and text.count("“") == text.count("”")
        and text.count('"') % 2 == 0
    )


# A deadline: a time preposition and a date, month, quarter or year ("trước ngày 30/9/2024",
# "chậm nhất trong quý III/2025", "đến hết năm 2025", "trong tháng 10 năm 2024").
_TIME = (
    r"(?:ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{2,4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
    r"|tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4})?"
    r"|quý\s+(?:[IV]{1,3}|\d)(?:/\d{4}|\s+năm\s+\d{4})?"
    r"|năm\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4})"
)
_DEADLINE = re.compile(
    r"(?<![\w])(?:(?:hoàn\s+thành|xong)\s+)?"
    r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:trong|vào|đến))?|muộn\s+nhất(?:\s+là)?|"
    r"đến\s+hết|đến|trong|từ\s+nay\s+đến|hạn)\s+" + _TIME + r"(?![\w/])",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*%?")


def _clauses(text: str) -> list[tuple[str, str]]:
    """`text` as (separator, clause) pairs cut at the clause boundaries outside parentheses
    and quotes; the first separator is ""."""
    out, last, sep = [], 0, ""
    for m in _CLAUSE.finditer(text):
        if not _depth_ok(text[: m.start()]):
            continue
        out.append((sep, text[last : m.start()]))
        sep, last = m.group(0), m.end()
    out.append((sep, text[last:]))
    return out


def _clause_cut(text: str, max_chars: int) -> str:
    """Whole clauses that fit: a run from the start (nothing dangling, no two-syllable
    fragment after a comma), then the later list items carrying a figure that still fit, in
    order ("…, bảo đảm 100% hồ sơ …" survives a cut before it). Of these, the one keeping
    the most figures, then the longest; "" if none."""
    heads: list[tuple[str, int]] = []
    for m in _CLAUSE.finditer(text):
        head = text[: m.start()]
        if not _depth_ok(head):
            continue
        head = _DANGLING.sub("", head)
        last_clause = re.split(r"[,;:]\s", head)[-1]
        if head != last_clause and len(syllables(last_clause)) < 4:  # "A, B" cut before "và C"
            head = head[: len(head) - len(last_clause)]
        candidate = _finish(head)
        if len(candidate) <= max_chars and len(syllables(candidate)) >= 3:
            heads.append((candidate, m.start()))
        elif len(candidate) > max_chars:
            break
    best, best_key = "", (-1, -1)
    for head, head_end in heads:
        kept, added = head.rstrip("."), False
        for sep, clause in _clauses(text[head_end:])[1:]:
            # only items of a list ("A, B, C") with a figure; a clause after "và", "để", …
            # belongs to the one before it ("cho doanh nghiệp và người dân"): it follows
            # that one when it was kept
            item = bool(re.fullmatch(r"[,;]\s+", sep))
            clause = _DANGLING.sub("", clause.rstrip(" .,;:"))
            wanted = (item and _FIGURE.search(clause)) or (added and not item)
            if not wanted or len(syllables(clause)) < (3 if item else 1):
                added = added and not item
                continue
            candidate = _finish(kept + sep + clause)
            added = len(candidate) <= max_chars
            if added:
                kept = candidate.rstrip(".")
        kept = _finish(kept)
        key = (len(_NUMBER.findall(kept)), len(kept))
        if key > best_key:
            best, best_key = kept, key
    return best


def _word_cut(text: str, max_chars: int) -> str:
    """Cut at a word boundary (a Vietnamese word may have several syllables: "người dân" is
    never cut to "người") and mark the cut with "…"; "" if no word fits."""
    from thidua.nlp.text import _tokenizer

    ends, pos = [], 0
    for token in _tokenizer()(text):
        token = token.strip()
        at = text.find(token, pos) if token else -1
        if at < 0:
            continue
        pos = at + len(token)
        if pos >= len(text) or not (text[pos].isalnum() or text[pos] in "/%"):
            ends.append(pos)
    cut = ""
    for end in ends:
        if end > max_chars - 1:
            break
        cut = text[:end]
    if not cut and " " in text[: max_chars - 1]:  # the tokenizer gave nothing usable
        cut = text[: text[: max_chars - 1].rfind(" ")]
    cut = _finish(_DANGLING.sub("", cut.rstrip(" ,;:-–")), close=False).rstrip(".…")
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rfind("(")].rstrip(" ,;:-–")
    return cut + "…" if cut else ""


def _shorten_core(text: str, max_chars: int) -> str:
    """`text` (already a finished sentence) in at most `max_chars`: whole clauses when they
    keep enough (half the room, or more figures than a word cut), else a word cut."""
    if len(text) <= max_chars:
        return text
    clauses = _clause_cut(text, max_chars)
    words_cut = _word_cut(text, max_chars)
    if clauses and (
        len(clauses) >= max_chars // 2
        or len(_NUMBER.findall(clauses)) > len(_NUMBER.findall(words_cut))
        or not words_cut
    ):
        return clauses
    return words_cut


def shorten(text: str, max_chars: int) -> str:
    """`text` as a sentence of at most `max_chars` characters: cut at the last clause boundary
    that fits (never inside parentheses or quotes; a later clause with a figure kept when it
    fits), else at a word boundary with "…"; never mid-word, always closed by punctuation.

    A deadline ("trước ngày 30/9/2024", "trong quý III/2025") is what a member must not
    lose: when the cut would drop it, the rest is shortened to leave room for it and it is
    put back at the end ("Hoàn thành … cho người dân trước ngày 30/9/2024.")."""
    text = _finish(unicodedata.normalize("NFC", text))
    if len(text) <= max_chars:
        return text
    plain = _shorten_core(text, max_chars)
    deadlines = [m for m in _DEADLINE.finditer(text) if _depth_ok(text[: m.start()])]
    if not deadlines:
        return plain
    deadline = deadlines[-1]
    phrase = " ".join(deadline.group(0).split())
    date = re.search(_TIME, phrase, re.IGNORECASE).group(0)  # type: ignore[union-attr]
    if date in " ".join(plain.split()):
        return plain
    core = text[: deadline.start()].rstrip(" ,;:-–") + " " + text[deadline.end() :].lstrip(" ,")
    core = _finish(core.strip())
    room = max_chars - len(phrase) - 1  # head + " " + phrase + "." (the head's own "." goes)
    for size in (room, room - 1):  # one less when the head ends with the "…" of a word cut
        short = _shorten_core(core, size) if size > 0 else ""
        head = _DANGLING.sub("", short.rstrip(".…!?"))
        if len(syllables(head)) < 3:
            return plain
        marker = "…" if short.endswith("…") else ""
        result = _finish(f"{head}{marker} {phrase}")
        if len(result) <= max_chars:
            return result
    return plain


# --- extraction -----------------------------------------------------------------------------


def _resolution_points(
    sentences: list[str], markers: list, tokens: list[list[str]], central: list[float], n: int
) -> list[KeyPoint] | None:
    closing = next(
        (i for i, s in enumerate(sentences) if _CLOSING.search(s)),
        len(sentences),
    )
    runs = _runs(sentences, markers)
    scored = [(r, _run_score(r, sentences, closing)) for r in runs]
    scored = [(r, s) for r, s in scored if s > 0]
    if not scored:
        return None
    best_run, best = max(scored, key=lambda rs: rs[1])
    structured = len(best_run.items) >= 3 or any(_BOILERPLATE.search(s) for s in sentences[:5])
    if not structured:
        return None
    # every run of the best kind that is about tasks (e.g. "II. NHIỆM VỤ" and "III. GIẢI PHÁP")
    chosen = [
        r
        for r, s in scored
        if r.kind == best_run.kind and s >= 0.5 * best and not _NOT_TASK_HEADING.search(r.heading)
    ]
    if best_run not in chosen:
        chosen.append(best_run)
    item_starts = sorted(
        i
        for r in chosen
        for i in r.items
        if i < closing and not _boilerplate_item(sentences[i]) and not _is_title(sentences[i])
    )
    points = []
    for i in item_starts:
        body = strip_marker(sentences[i])
        used = [i]
        heading_only = (not _END.search(body) or body.endswith(":")) or len(syllables(body)) < 6
        if (
            heading_only
            and i + 1 < min(closing, len(sentences))
            and (markers[i + 1] is None or markers[i + 1][0] in ("letter", "bullet", "arabic2"))
            and not _boilerplate_item(sentences[i + 1])
        ):
            nxt = strip_marker(sentences[i + 1])
            body = f"{body.rstrip(' .:')}: {nxt}"
            used.append(i + 1)
        if len(syllables(body)) < 3:
            continue
        score = sum(central[j] for j in used) / len(used)
        points.append(KeyPoint(_finish(body), tuple(used), score))
    return points


def _news_points(
    sentences: list[str], tokens: list[list[str]], central: list[float]
) -> list[KeyPoint]:
    top = max(central) or 1.0
    points = []
    for i, sentence in enumerate(sentences):
        length = len(syllables(sentence))
        if length < 6 or _BOILERPLATE.search(sentence) or _is_title(sentence):
            continue
        if length < 15 and not _END.search(sentence):  # a subheading
            continue
        lead = 1.0 / (1.0 + i) ** LEAD_DECAY
        score = (1 - LEAD_WEIGHT) * central[i] / top * min(1.0, length / SHORT) + LEAD_WEIGHT * lead
        if length > 80:  # run-on sentences read badly as a point
            score *= 0.9
        if _DEPENDENT.match(sentence):  # leans on the sentence before it
            score *= 0.8
        points.append(KeyPoint(_finish(strip_marker(sentence)), (i,), score))
    return points


LEAD_WEIGHT = 0.3
SHORT = 12  # syllables under which a sentence's centrality is discounted
_DEPENDENT = re.compile(
    r"^\W*(?:Và|Nhưng|Tuy\s+nhiên|Do\s+đó|Vì\s+vậy|Bởi\s+vậy|Vì\s+thế|Ngoài\s+ra|Trong\s+khi\s+đó|"
    r"Điều\s+này|Đó\s+là|Khi\s+đó|Sau\s+đó|Cũng\s+theo|Còn)\b"
)
LEAD_DECAY = 1.0
REDUNDANT_TASK = 0.8
REDUNDANT = 0.6  # overlap of content words above which a point says nothing new


def _select(
    points: list[KeyPoint], tokens: list[list[str]], n: int, redundant: float
) -> list[KeyPoint]:
    """Best-scored points that add something new, returned in document order."""
    chosen: list[KeyPoint] = []
    seen: list[set[str]] = []
    for point in sorted(points, key=lambda p: -p.score):
        bag = {t for j in point.sentences for t in _content(tokens[j])}
        if any(_overlap(bag, other) > redundant for other in seen):
            continue
        chosen.append(point)
        seen.append(bag)
        if len(chosen) == n:
            break
    return sorted(chosen, key=lambda p: p.sentences)


def extract_key_points(text: str, n: int = 6, max_chars: int | None = None) -> list[KeyPoint]:
    """Up to `n` key points of `text`, in document order (see the module's docstring)."""
    if n <= 0:
        return []
    sentences = split_sentences(text)
    if not sentences:
        return []
    tokens = [words(s) for s in sentences]
    central = _centrality(_tfidf([_content(t) for t in tokens]))
    markers = [_marker(s) for s in sentences]
    points = _resolution_points(sentences, markers, tokens, central, n)
    # numbered tasks are distinct by the author's choice: only near-copies are dropped
    redundant = REDUNDANT_TASK if points else REDUNDANT
    if not points:
        points = _news_points(sentences, tokens, central)
    selected = _select(points, tokens, n, redundant)
    if max_chars:
        selected = [
            KeyPoint(shorten(p.text, max_chars), p.sentences, p.score)
            for p in selected
            if shorten(p.text, max_chars)
        ]
    return selected
