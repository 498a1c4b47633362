"""Split a document into passages along its structure, each keeping its citation path.

    split_passages(luat)  # [Section(path="Chương II, Điều 24, khoản 1", heading="Điều 24. ...",
                          #          text="1. Danh hiệu ...", start=1834), ...]

Legal texts (`is_legal_text`: a line starting "Điều 24." or a Chương/Mục structure): Phần,
Chương, Mục and Điều headings at line start set the path; inside an Điều, lines "1.", "2." ...
(numbered in sequence) are khoản and lines "a)", "b)", "đ)" ... (in the Vietnamese alphabet's
order) are điểm. A passage is one khoản with its điểm; a khoản longer than `max_chars` is
split into its lead-in and one passage per điểm ("Điều 24, khoản 2, điểm a"); an Điều without
khoản is one passage. The text before the first Chương/Điều (title, "Căn cứ ...") is a passage
with path "", and so is the closing block from "Nơi nhận:" on. The Điều heading line goes
into `heading` only; an Điều whose whole content is on its heading line ("Điều 3. Nghị quyết
này có hiệu lực kể từ ngày ký.") gets the words after "Điều 3." as its text. The titles of
Phần/Chương/Mục ("DANH HIỆU THI ĐUA") are not passages: their numbers are in the path.
A cite inside a sentence ("theo Điều 24, khoản 2") is never a heading: a heading starts a line
and reads "Điều 24." (or "Điều 24:").

Other texts (plans, resolutions, lessons, markdown): headings are markdown "#" lines,
roman-numbered lines ("II. NHIỆM VỤ, GIẢI PHÁP"), capital-letter lines in capitals
("A. MỤC TIÊU"), and short numbered lines ("1. Mục tiêu chung", "1.2. Chuyển đổi số") that
do not end a sentence and are not followed by a sibling item (a run of "1. ...", "2. ..."
lines is a list, not headings), nor follow the body item numbered just before them ("2. Các
đơn vị ... sau:" after the item "1. Xây dựng ... ngày 15/3." goes on the list).
The path is the heading trail, "II. NHIỆM VỤ › 1. Chuyển đổi số" (markdown "#" removed).

Under a heading (or before the first one), list items are passages of their own, named in
the path after the heading trail the way Decree 30/2020 names the parts of a text: ordinal
openers "Thứ nhất, ..." / "Một là, ..." ("II. NHIỆM VỤ › Thứ ba", "Ba là"), Roman-numbered
items that are not headings ("mục II"), "1." / "1)" items ("khoản 2"), "a)" / "a." items
("điểm a") and bullets "-", "+", "•" ("gạch đầu dòng thứ hai"); nested items add their
label after a comma ("II. NHIỆM VỤ › khoản 2, điểm a"). Items count only in sequence (1, 2,
3 ...; a, b, c, d, đ ...; nhất, hai, ba ...) from the first, so "Thứ hai, ngày 5/1" alone or
a stray "2023." is body; a list of one item is body. Ordinal items are always one passage
each (each names a task); numbered, lettered and Roman items when they average at least
`_ITEM_SPLIT_CHARS` characters, bullets at least `_BULLET_SPLIT_CHARS` (a list of five-word
items stays one passage with its lead-in, at the heading's path). An item is one passage
with its sub-items; one longer than `max_chars` is split into its lead-in and its sub-items,
as a khoản by its điểm. Paragraphs after an item belong to it, except after the last item of
a list whose items are one paragraph each (and the last one does not end with ":"): those
are back at the heading's level ("Các chi bộ báo cáo ..." after "Thứ tám, ..."). A short
lead-in line ending with ":" right before a list ("Nhiệm vụ trọng tâm tháng 11:") names the
list: it goes into the items' path (without its colon) and, as written, into their heading,
instead of being a passage of its own. A longer paragraph announcing the list stays a passage
at the heading's path, and its last sentence ("Mỗi chi bộ ... thực hiện các nhiệm vụ sau:")
is the items' heading, so each item keeps what it is an item of; the items of a list with no
such lead-in have the section's heading. The block from "Nơi nhận:" on is never split.

Under one heading, paragraphs are grouped up to `max_chars`; a paragraph longer than that is
cut between sentences (`text.split_sentences`), never inside one, unless a single "sentence"
runs past 4 × `max_chars` (a table or unpunctuated dump), which is cut at spaces into pieces
of `max_chars`. A group
shorter than `min_chars` takes the next paragraph, and a short last group joins the one
before. A heading with neither body nor sub-headings becomes a passage of its own words.

Text is NFC-normalised; each line is stripped and its runs of spaces and tabs become one
space; lines are joined with "\\n" ("\\n\\n" across a blank line). `start` is the offset in
the input of the passage's first character. Nothing but whitespace is dropped, apart from
the Phần/Chương/Mục titles of legal texts.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from thidua.nlp.text import split_sentences

__all__ = ["Section", "is_legal_text", "split_passages"]


@dataclass(frozen=True)
class Section:
    path: str  # "Chương II, Mục 1, Điều 24, khoản 2, điểm a"  or  "II. NHIỆM VỤ › 1. Chuyển đổi số"
    heading: str  # nearest heading line as written ("Điều 24. Quyền của cán bộ"), "" if none
    text: str  # the passage body
    start: int  # offset of the passage's first character in the input


# --- lines -------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # NFC, stripped, inner whitespace runs → one space
    raw: str  # stripped, as in the input (offsets inside the line are exact)
    start: int  # offset of the first character of `raw` in the input
    blank_before: bool  # a blank line (or the start of the text) precedes it


_SPACES = re.compile(r"\s+")


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = True
    for raw_line in text.splitlines(keepends=True):
        content = raw_line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = content.strip()
        if stripped:
            lead = len(content) - len(content.lstrip())
            norm = unicodedata.normalize("NFC", _SPACES.sub(" ", stripped))
            lines.append(_Line(norm, stripped, pos + lead, blank))
            blank = False
        else:
            blank = True
        pos += len(raw_line)
    return lines


# --- legal structure ---------------------------------------------------------------------------

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


def is_legal_text(text: str) -> bool:
    """Whether the text is structured as a legal document: a line starting "Điều N." (or
    "Điều N:"), or Chương headings with Mục under them or at least two Chương."""
    chuong = muc = 0
    for line in _lines(text):
        if _DIEU.match(line.text):
            return True
        if _CHUONG.match(line.text):
            chuong += 1
        elif _MUC.match(line.text):
            muc += 1
    return chuong >= 2 or (chuong >= 1 and muc >= 1)


@dataclass
class _Container:
    path: list[str]
    heading: str
    title: _Line | None  # words after "Điều 3." on the heading line, used when there is no body
    body: list[_Line]
    is_dieu: bool = False


def _title_line(line: _Line, number: str, title: str) -> _Line | None:
    """The part of a heading line after its marker ("Điều 3. Nghị quyết này ..."), as a line."""
    if not title:
        return None
    after = line.raw.find(number) + len(number) if number in line.raw else 0
    offset = max(line.raw.find(title.split(" ")[0], after), 0)
    return _Line(title, line.raw[offset:], line.start + offset, False)


def _split_legal(lines: list[_Line], max_chars: int, min_chars: int) -> list[Section]:
    sections: list[Section] = []
    phan = chuong = muc = ""
    current = _Container([], "", None, [])
    in_title = False  # just after a Phần/Chương/Mục line: capitals lines are its title

    def trail() -> list[str]:
        return [p for p in (phan, chuong, muc) if p]

    def flush() -> None:
        sections.extend(_legal_sections(current, max_chars, min_chars))

    for line in lines:
        text = line.text
        if m := _DIEU.match(text):
            flush()
            title = _title_line(line, m.group(1), m.group(2))
            current = _Container([*trail(), f"Điều {m.group(1)}"], text, title, [], True)
            in_title = False
            continue
        structural = None
        if m := _PHAN.match(text):
            flush()
            number = m.group(1)
            phan = f"Phần {number.lower() if number[:3].lower() == 'thứ' else number}"
            chuong = muc = ""
            structural = m
        elif m := _CHUONG.match(text):
            flush()
            chuong, muc = f"Chương {m.group(1)}", ""
            structural = m
        elif m := _MUC.match(text):
            flush()
            muc = f"Mục {m.group(1)}"
            structural = m
        if structural is not None:
            current = _Container(trail(), text, None, [])
            in_title = True
            continue
        if _CLOSING.match(text):
            flush()
            current = _Container([], "", None, [])
            in_title = False
        if in_title and not current.body and _is_caps_title(text):
            continue  # the chapter's title ("DANH HIỆU THI ĐUA"): its number is in the path
        in_title = False
        current.body.append(line)
    flush()
    return sections


def _numbered_parts(
    lines: list[_Line], pattern: re.Pattern[str], order: str | None
) -> tuple[list[_Line], list[tuple[str, list[_Line]]]]:
    """Lead-in lines and (label, lines) parts starting at lines that match `pattern` in
    sequence (1, 2, 3 ... or a, b, c, d, đ ...)."""
    lead: list[_Line] = []
    parts: list[tuple[str, list[_Line]]] = []
    expected = 0
    for line in lines:
        m = pattern.match(line.text)
        if m:
            label = m.group(1)
            if order is None:
                ok = int(label) == expected + 1
                nxt = int(label)
            else:
                idx = order.find(label)
                ok = idx == expected
                nxt = idx + 1
            if ok:
                expected = nxt
                parts.append((label, [line]))
                continue
        if parts:
            parts[-1][1].append(line)
        else:
            lead.append(line)
    return lead, parts


def _size(lines: list[_Line]) -> int:
    return sum(len(line.text) + 1 for line in lines)


def _legal_sections(c: _Container, max_chars: int, min_chars: int) -> list[Section]:
    path = ", ".join(c.path)
    if not c.body:
        if c.title is not None and c.is_dieu:
            return [Section(path, c.heading, c.title.text, c.title.start)]
        return []
    if not c.is_dieu:
        return _chunked(path, c.heading, c.body, max_chars, min_chars)
    lead, khoan = _numbered_parts(c.body, _KHOAN, None)
    out: list[Section] = []
    if not khoan:
        return _by_diem(path, c.heading, c.body, max_chars, min_chars)
    if lead:
        out += _chunked(path, c.heading, lead, max_chars, min_chars)
    for number, part in khoan:
        out += _by_diem(f"{path}, khoản {number}", c.heading, part, max_chars, min_chars)
    return out


def _by_diem(
    path: str, heading: str, lines: list[_Line], max_chars: int, min_chars: int
) -> list[Section]:
    """One passage, or — when longer than max_chars — its lead-in and one per điểm."""
    if _size(lines) <= max_chars:
        return _chunked(path, heading, lines, max_chars, min_chars)
    lead, diem = _numbered_parts(lines, _DIEM, _DIEM_ORDER)
    if not diem:
        return _chunked(path, heading, lines, max_chars, min_chars)
    out = _chunked(path, heading, lead, max_chars, min_chars) if lead else []
    for letter, part in diem:
        out += _chunked(f"{path}, điểm {letter}", heading, part, max_chars, min_chars)
    return out


# --- paragraphs, sentences, grouping -----------------------------------------------------------

_ITEM = re.compile(
    r"^(?:[-–—•+*·]\s|[a-zđ][.)]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVXLC]{1,6}[.)]\s"
    r"|(?:Thứ|THỨ)\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:])"
)
_LINE_END = re.compile(r"[.!?…:;]['\"”’)\]]*$")


@dataclass
class _Atom:
    text: str
    start: int
    sep: str  # joins it to the atom before: "\n\n", "\n" or " "


def _units(lines: list[_Line]) -> list[list[_Line]]:
    """Paragraphs: a new one starts after a blank line, after a line ending a sentence, or at a
    list item; other lines continue the paragraph (hard-wrapped text)."""
    units: list[list[_Line]] = []
    for i, line in enumerate(lines):
        if (
            not units
            or line.blank_before
            or _LINE_END.search(lines[i - 1].text)
            or _ITEM.match(line.text)
        ):
            units.append([line])
        else:
            units[-1].append(line)
    return units


def _sentence_atoms(unit: list[_Line], max_chars: int) -> list[_Atom]:
    """A long paragraph cut between its sentences, each piece with its offset in the input."""
    joined = "\n".join(line.raw for line in unit)
    starts: list[int] = []
    pos = 0
    for line in unit:
        starts.append(pos)
        pos += len(line.raw) + 1

    def to_input(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        return unit[i].start + offset - starts[i]

    pieces: list[tuple[int, int]] = []  # spans in `joined`
    cursor = 0
    for sentence in split_sentences(joined):
        tokens = sentence.split()
        if not tokens:
            continue
        m = re.compile(r"\s+".join(re.escape(t) for t in tokens)).search(joined, cursor)
        if m is None:
            break
        pieces.append((m.start(), m.end()))
        cursor = m.end()
    rest = joined[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        pieces.append((cursor + lead, len(joined.rstrip())))
    if pieces:  # nothing between sentences is lost: stretch each piece to the next one
        pieces = [
            (s, pieces[i + 1][0] if i + 1 < len(pieces) else len(joined))
            for i, (s, _) in enumerate(pieces)
        ]
        pieces[0] = (0, pieces[0][1])
    atoms: list[_Atom] = []
    for s, e in pieces:
        piece = joined[s:e].strip()
        if not piece:
            continue
        s += len(joined[s:e]) - len(joined[s:e].lstrip())
        cuts = _hard_cut(piece, max_chars) if len(piece) > 4 * max_chars else [(0, piece)]
        for sub_start, sub in cuts:
            text = unicodedata.normalize("NFC", _SPACES.sub(" ", sub))
            atoms.append(_Atom(text, to_input(s + sub_start), " "))
    return atoms


def _hard_cut(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut a run-on text at spaces into pieces of at most `limit` characters (when it has
    spaces); (offset, piece) pairs."""
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > limit:
        cut = text.rfind(" ", pos + 1, pos + limit + 1)
        if cut <= pos:
            cut = text.find(" ", pos + limit)
            if cut == -1:
                break
        out.append((pos, text[pos:cut]))
        pos = cut
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


def _atoms(lines: list[_Line], max_chars: int) -> list[_Atom]:
    atoms: list[_Atom] = []
    for unit in _units(lines):
        sep = "\n\n" if unit[0].blank_before else "\n"
        text = "\n".join(line.text for line in unit)
        if len(text) > max_chars:
            pieces = _sentence_atoms(unit, max_chars)
            if pieces:
                pieces[0].sep = sep
                atoms += pieces
                continue
        atoms.append(_Atom(text, unit[0].start, sep))
    return atoms


def _chunked(
    path: str, heading: str, lines: list[_Line], max_chars: int, min_chars: int
) -> list[Section]:
    """Paragraphs grouped up to max_chars; a short group takes the next paragraph, and a short
    last group joins the one before."""
    groups: list[list[_Atom]] = []
    size = 0
    for atom in _atoms(lines, max_chars):
        if groups and (size < min_chars or size + len(atom.sep) + len(atom.text) <= max_chars):
            groups[-1].append(atom)
            size += len(atom.sep) + len(atom.text)
        else:
            groups.append([atom])
            size = len(atom.text)
    if len(groups) > 1 and size < min_chars:
        last = groups.pop()
        groups[-1].extend(last)
    return [
        Section(
            path,
            heading,
            group[0].text + "".join(a.sep + a.text for a in group[1:]),
            group[0].start,
        )
        for group in groups
    ]


# --- lists of other texts ----------------------------------------------------------------------

_ITEM_SPLIT_CHARS = 60  # numbered/lettered items averaging this long are passages of their own
_BULLET_SPLIT_CHARS = 120  # bullets only when they are paragraphs
_LEAD_LABEL_CHARS = 80  # a lead-in line ending with ":" at most this long names its list
_LEAD_SENTENCE_CHARS = 300  # a longer sentence announcing a list is not its items' heading
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


@dataclass
class _Item:
    label: str
    children: list  # the item's first paragraph (a list of lines), then paragraphs and _Lists


@dataclass
class _List:
    kind: str
    items: list[_Item]
    next: int = 2

    def splits(self) -> bool:
        """Whether each item is a passage of its own (else the list stays body text)."""
        if self.kind in ("thu", "la"):
            return True
        mean = sum(_size(_item_lines(item)) for item in self.items) / len(self.items)
        limit = (
            _ITEM_SPLIT_CHARS if self.kind in ("roman", "arabic", "letter") else _BULLET_SPLIT_CHARS
        )
        return mean >= limit


def _child_lines(child) -> list[_Line]:
    if isinstance(child, _List):
        return [line for item in child.items for line in _item_lines(item)]
    return child


def _item_lines(item: _Item) -> list[_Line]:
    return [line for child in item.children for line in _child_lines(child)]


def _list_tree(lines: list[_Line]) -> list:
    """Paragraphs (lists of lines) and the lists among them, items nested by their kinds."""
    root: list = []
    stack: list[_List] = []
    parents: list[list] = []  # the children list each open _List sits in

    def here() -> list:
        return stack[-1].items[-1].children if stack else root

    for unit in _units(lines):
        marker = _marker(unit[0].text)
        placed = False
        if marker is not None:
            kind, number = marker
            for depth in range(len(stack) - 1, -1, -1):
                open_list = stack[depth]
                if open_list.kind == kind and (number is None or number == open_list.next):
                    del stack[depth + 1 :], parents[depth + 1 :]
                    n = number if number is not None else len(open_list.items) + 1
                    open_list.items.append(_Item(_label(kind, n), [unit]))
                    open_list.next = n + 1
                    placed = True
                    break
            if not placed and number in (None, 1):
                # A list of a kind already open starts again: a sibling of that list.
                for depth, open_list in enumerate(stack):
                    if open_list.kind == kind:
                        del stack[depth:], parents[depth:]
                        break
                new = _List(kind, [_Item(_label(kind, 1), [unit])])
                container = here()
                container.append(new)
                stack.append(new)
                parents.append(container)
                placed = True
        if not placed:
            here().append(unit)
    return _settled(root)


def _settled(children: list) -> list:
    """Lists of one item dissolved into body; paragraphs after the last item of a list of
    one-paragraph items moved out of it, to the level around the list."""
    out: list = []
    for child in children:
        if not isinstance(child, _List):
            out.append(child)
            continue
        for item in child.items:
            item.children = [item.children[0], *_settled(item.children[1:])]
        if len(child.items) < 2:
            out.extend(child.items[0].children)
            continue
        last = child.items[-1]
        one_paragraph_each = not any(
            not isinstance(c, _List) for item in child.items[:-1] for c in item.children[1:]
        )
        tail: list = []
        if one_paragraph_each and not _LINE_END_COLON.search(last.children[0][-1].text):
            while len(last.children) > 1 and not isinstance(last.children[-1], _List):
                tail.insert(0, last.children.pop())
        out.append(child)
        out.extend(tail)
    return out


_LINE_END_COLON = re.compile(r":['\"”’)\]]*$")


def _lead_label(unit: list[_Line]) -> str | None:
    """A short one-line lead-in ending with ":" ("Nhiệm vụ trọng tâm tháng 11:"), as a label."""
    if len(unit) != 1:
        return None
    text = unit[0].text
    if (
        not text.endswith(":")
        or len(text) > _LEAD_LABEL_CHARS
        or not _UPPER_FIRST.match(text)
        or re.search(r"[.!?;]\s", text)
        or _CLOSING.match(text)
    ):
        return None
    return text[:-1].rstrip()


def _lead_sentence(unit: list[_Line]) -> str | None:
    """The sentence announcing a list ("Mỗi chi bộ ... thực hiện các nhiệm vụ sau:"), when the
    paragraph before the list ends with one."""
    text = " ".join(line.text for line in unit)
    if not _LINE_END_COLON.search(text):
        return None
    sentences = split_sentences(text)
    last = sentences[-1].strip() if sentences else ""
    return last if 0 < len(last) <= _LEAD_SENTENCE_CHARS else None


def _join_path(trail: str, labels: list[str]) -> str:
    items = ", ".join(labels)
    return f"{trail} › {items}" if trail and items else trail or items


def _listed(
    children: list,
    trail: str,
    labels: list[str],
    heading: str,
    max_chars: int,
    min_chars: int,
) -> list[Section]:
    """Passages of a heading's body or of an item too long for one passage: plain paragraphs
    (and lists that stay together) grouped as `_chunked` does, each splitting list's items
    as passages of their own."""
    sections: list[Section] = []
    buffer: list[list[_Line]] = []

    def flush() -> None:
        lines = [line for unit in buffer for line in unit]
        if lines:
            sections.extend(
                _chunked(_join_path(trail, labels), heading, lines, max_chars, min_chars)
            )
        buffer.clear()

    for child in children:
        if not isinstance(child, _List) or not child.splits():
            buffer.append(_child_lines(child))
            continue
        item_trail, item_heading = trail, heading
        if not labels and buffer and (label := _lead_label(buffer[-1])):
            item_heading = buffer.pop()[0].text  # as written, with its colon
            item_trail = f"{trail} › {label}" if trail else label
        elif buffer and (lead := _lead_sentence(buffer[-1])):
            item_heading = lead  # "... thực hiện các nhiệm vụ sau:": what the items are
        flush()
        for item in child.items:
            sections.extend(
                _item_sections(
                    item, item_trail, [*labels, item.label], item_heading, max_chars, min_chars
                )
            )
    flush()
    return sections


def _item_sections(
    item: _Item, trail: str, labels: list[str], heading: str, max_chars: int, min_chars: int
) -> list[Section]:
    lines = _item_lines(item)
    if _size(lines) <= max_chars:
        return _chunked(_join_path(trail, labels), heading, lines, max_chars, min_chars)
    return _listed(item.children, trail, labels, heading, max_chars, min_chars)


# --- headings of other texts -------------------------------------------------------------------

_MD = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ROMAN_HEAD = re.compile(r"^([IVX]{1,6})[.)]\s+(\S.*)$")
_LETTER_HEAD = re.compile(r"^([A-HJ-UYZĐ])[.)]\s+(\S.*)$")  # I, V, X are roman
_ARABIC_MARK = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(\.?)\s+(\S.*)$")
_UPPER_FIRST = re.compile(r"^[\"“(]*[A-ZÀ-ỸĐ]")


def _arabic(text: str) -> tuple[int, str] | None:
    """("1.2. Chuyển đổi số") → (depth 2, label): a numbered line that could be a heading."""
    m = _ARABIC_MARK.match(text)
    if not m:
        return None
    number, dot, rest = m.groups()
    depth = number.count(".") + 1
    if depth == 1 and not dot:  # "2024 ..." or "5 năm": not a heading
        return None
    return depth, rest


def _heading_level(lines: list[_Line], i: int) -> tuple[int, str] | None:
    """The level (smaller is outer) and path label of a heading line, or None."""
    text = lines[i].text
    if m := _MD.match(text):
        label = m.group(2).strip()
        return (len(m.group(1)), label) if label else None
    if len(text) > 200:
        return None
    if (m := _LETTER_HEAD.match(text)) and _is_caps_title(m.group(2)):
        return 9, text
    if (m := _ROMAN_HEAD.match(text)) and _UPPER_FIRST.match(m.group(2)):
        return 10, text
    arabic = _arabic(text)
    if arabic is None:
        return None
    depth, rest = arabic
    if (
        len(text) > 120
        or len(text.split()) > 16
        or not _UPPER_FIRST.match(rest)
        or re.search(r"[.;,!?…]['\"”’)]*$", text)
    ):
        return None
    # A heading has body or sub-headings after it; a run of sibling items is a list.
    if i + 1 >= len(lines):
        return None
    nxt = _arabic(lines[i + 1].text)
    if nxt is not None and nxt[0] <= depth:
        return None
    if _ROMAN_HEAD.match(lines[i + 1].text) or _MD.match(lines[i + 1].text):
        return None
    return 10 + depth, text


def _split_plain(lines: list[_Line], max_chars: int, min_chars: int) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, label)
    heading_line: _Line | None = None
    body: list[_Line] = []

    closing = False  # from "Nơi nhận:" on: recipients and signature, no items
    previous_item: int | None = None  # the last "n." body line's number; None after a heading

    def flush(next_level: int | None) -> None:
        path = " › ".join(label for _, label in stack)
        heading = stack[-1][1] if heading_line is not None else ""  # markdown "#" removed
        if body and closing:
            sections.extend(_chunked(path, heading, body, max_chars, min_chars))
        elif body:
            sections.extend(_listed(_list_tree(body), path, [], heading, max_chars, min_chars))
        elif heading_line is not None and (next_level is None or next_level <= stack[-1][0]):
            # Neither body nor sub-headings: the heading's own words are the passage.
            text = stack[-1][1]
            offset = heading_line.raw.find(text.split(" ")[0]) if text else 0
            sections.append(Section(path, heading, text, heading_line.start + max(offset, 0)))

    for i, line in enumerate(lines):
        if _CLOSING.match(line.text):  # "Nơi nhận:" and the signature: outside the sections
            flush(None)
            stack, heading_line, body, closing = [], None, [line], True
            continue
        level = _heading_level(lines, i)
        if item := _ARABIC_ITEM.match(line.text):
            # "2. Các đơn vị ... sau:" after the body item "1. ...": the list goes on.
            number = int(item.group(1))
            if level is not None and level[0] == 11 and previous_item == number - 1:
                level = None
            previous_item = number if level is None else None
        elif level is not None:
            previous_item = None
        if level is None:
            body.append(line)
            continue
        flush(level[0])
        closing = False
        while stack and stack[-1][0] >= level[0]:
            stack.pop()
        stack.append(level)
        heading_line = line
        body = []
    flush(None)
    return sections


def split_passages(text: str, *, max_chars: int = 1200, min_chars: int = 80) -> list[Section]:
    """Passages of a document along its structure (see the module's docstring)."""
    lines = _lines(text)
    if not lines:
        return []
    if is_legal_text(text):
        return _split_legal(lines, max_chars, min_chars)
    return _split_plain(lines, max_chars, min_chars)
