"""Lines and passages of paragraphs (`thidua.nlp.structure`): the input read as lines with
their offsets, paragraphs grouped up to `max_chars` (a long one cut between sentences, a
run-on one at spaces), each group a `Section` with its path and heading.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from thidua.nlp.structure_patterns import _ITEM, _LINE_END
from thidua.nlp.text import split_sentences


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


def _size(lines: list[_Line]) -> int:
    return sum(len(line.text) + 1 for line in lines)


# --- paragraphs, sentences, grouping -----------------------------------------------------------


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
