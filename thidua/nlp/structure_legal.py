"""Legal texts (`thidua.nlp.structure`): Phần, Chương, Mục and Điều set the path; an Điều is
split by khoản, and a long khoản by điểm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.nlp.structure_lines import Section, _chunked, _Line, _lines, _size
from thidua.nlp.structure_patterns import (
    _CHUONG,
    _CLOSING,
    _DIEM,
    _DIEM_ORDER,
    _DIEU,
    _KHOAN,
    _MUC,
    _PHAN,
    _is_caps_title,
)


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
