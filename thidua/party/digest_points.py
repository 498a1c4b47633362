"""The key points a new digest starts from (the office edits them before approval).

Free text (a speech, news) gives the "5 - 6 ý chính" of seed 000: DIGEST_POINTS. A resolution
whose tasks are a numbered list ("Thứ nhất, ..." to "Thứ tám, ...", "1." ... "8.") keeps every
task, up to DIGEST_TASKS_MAX: dropping two of "tám chương trình trọng tâm" would send members
a digest that contradicts its own title (walk-through of 07/12/2026). Each point stays within
POINT_MAX_CHARS; the SMS carries only the short notice and link, never the points, so their
number does not change what an SMS costs."""

import re

from thidua.nlp.keypoints import KeyPoint, extract_key_points
from thidua.nlp.text import split_sentences

from .constants import DIGEST_POINTS, DIGEST_TASKS_MAX, POINT_MAX_CHARS

# A list item's marker at the start of a sentence (as thidua.nlp.keypoints reads them).
_ITEM = re.compile(
    r"^\s*(?:Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b|Điều\s+\d+\s*[.:]"
    r"|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][.)]|[IVXLC]{1,6}[.)]|[-–•+*]\s)",
    re.IGNORECASE,
)


def _all_listed_tasks(text: str, points: list[KeyPoint]) -> bool:
    """Whether every point is an item of the document's numbered list (its tasks)."""
    sentences = split_sentences(text)
    return all(
        p.index < len(sentences) and _ITEM.match(sentences[p.index]) is not None for p in points
    )


def draft_points(text: str) -> list[KeyPoint]:
    """The digest's first points of `text` (see the module)."""
    points = extract_key_points(text, n=DIGEST_TASKS_MAX, max_chars=POINT_MAX_CHARS)
    if len(points) <= DIGEST_POINTS or _all_listed_tasks(text, points):
        return points
    return extract_key_points(text, n=DIGEST_POINTS, max_chars=POINT_MAX_CHARS)
