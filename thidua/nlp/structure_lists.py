"""Lists of other texts (`thidua.nlp.structure`): ordinal, numbered, lettered and bulleted
items found in sequence, nested by kind, and — when long enough — each a passage named in the
path ("II. NHIỆM VỤ › khoản 2, điểm a"), with the lead-in that announces them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.nlp.structure_lines import Section, _chunked, _Line, _size, _units
from thidua.nlp.structure_patterns import (
    _CLOSING,
    _LINE_END_COLON,
    _UPPER_FIRST,
    _label,
    _marker,
)
from thidua.nlp.text import split_sentences

_ITEM_SPLIT_CHARS = 60  # numbered/lettered items averaging this long are passages of their own
_BULLET_SPLIT_CHARS = 120  # bullets only when they are paragraphs
_LEAD_LABEL_CHARS = 80  # a lead-in line ending with ":" at most this long names its list
_LEAD_SENTENCE_CHARS = 300  # a longer sentence announcing a list is not its items' heading


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
