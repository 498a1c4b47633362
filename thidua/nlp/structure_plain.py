"""Headings of other texts (`thidua.nlp.structure`): plans, resolutions, lessons and markdown
split under their heading trail ("II. NHIỆM VỤ › 1. Chuyển đổi số"), each heading's body
through its lists (`structure_lists`).
"""

from __future__ import annotations

import re

from thidua.nlp.structure_lines import Section, _chunked, _Line
from thidua.nlp.structure_lists import _list_tree, _listed
from thidua.nlp.structure_patterns import (
    _ARABIC_ITEM,
    _ARABIC_MARK,
    _CLOSING,
    _LETTER_HEAD,
    _MD,
    _ROMAN_HEAD,
    _UPPER_FIRST,
    _is_caps_title,
)


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
