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

from thidua.nlp.structure_legal import _split_legal, is_legal_text
from thidua.nlp.structure_lines import Section, _lines
from thidua.nlp.structure_plain import _split_plain

__all__ = ["Section", "is_legal_text", "split_passages"]


def split_passages(text: str, *, max_chars: int = 1200, min_chars: int = 80) -> list[Section]:
    """Passages of a document along its structure (see the module's docstring)."""
    lines = _lines(text)
    if not lines:
        return []
    if is_legal_text(text):
        return _split_legal(lines, max_chars, min_chars)
    return _split_plain(lines, max_chars, min_chars)
