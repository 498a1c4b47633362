"""The gate of the not-found decision (`answering.grounded`): whether one retrieved passage
holds enough of the question's content words, and a pair of them as written, to be cited as
its basis. `GATE_FRAMES` says how the words that only frame a question (`thidua.nlp.frames`:
"tiêu chuẩn", "điều kiện", "thực hiện" …) count there."""

from __future__ import annotations

from thidua.nlp.answer import question_words
from thidua.nlp.frames import frame_words
from thidua.nlp.synonyms import ABBREVIATIONS, join_abbreviations
from thidua.nlp.text import fold, syllables

from .constants import MIN_COVERAGE, MIN_MATCHED

# "count": frame words count as content words (the gate as first written); "aside": they do
# not count at all, as in the weighed decision; "optional": one counts only where the passage
# holds it ("Tiêu chuẩn CSTĐCS là gì?" and Điều 6, which never writes "tiêu chuẩn"). Chosen by
# 5-fold CV over the six development files (`bench.assistant_slot_cv`: out of fold 168 errors
# of 787 against 173 counted, 172 aside; docs/BENCHMARKS.md, "The gate's frame words …").
GATE_FRAMES = "optional"
# "cstd" -> ("chien si thi dua",): abbreviations and what they stand for, folded.
_FOLDED_ABBREVIATIONS = {
    fold(key): tuple(" ".join(fold(s) for s in syllables(p)) for p in phrases)
    for key, phrases in ABBREVIATIONS.items()
}


def _framed(question: str) -> set[str]:
    """The question's frame syllables, folded."""
    return {k[1:] for k in frame_words(question) if k.startswith("~")}


def content_terms(question: str) -> list[str]:
    """The question's content syllables, folded, stop words out, each once."""
    return list(dict.fromkeys(x for x in question_words(question) if x is not None))


def content_pairs(question: str, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Adjacent content syllables of the question ("thu do", "nuoc phap"), folded, those of
    `skip` aside: evidence that a passage speaks of the same thing, not only shares its words
    ("nhà nước" and "pháp luật" do not answer "nước Pháp")."""
    content = [None if w in skip else w for w in question_words(question)]
    pairs = [f"{a} {b}" for a, b in zip(content, content[1:], strict=False) if a and b]
    return list(dict.fromkeys(pairs))


def _folded_text(text: str) -> str:
    return " " + " ".join(fold(s) for s in syllables(join_abbreviations(text))) + " "


def coverage(terms: list[str], text: str) -> tuple[int, float]:
    """How many of the terms the text holds (accent-insensitive; an abbreviation counts when
    the text holds it or what it stands for), and their share."""
    if not terms:
        return 0, 0.0
    folded = _folded_text(text)
    matched = 0
    for term in terms:
        if f" {term} " in folded:
            matched += 1
            continue
        if any(f" {phrase} " in folded for phrase in _FOLDED_ABBREVIATIONS.get(term, ())):
            matched += 1
    return matched, matched / len(terms)


def supports(question: str, text: str, frames: str | None = None) -> bool:
    """Whether a passage holds enough of the question to be cited as its basis: at least
    MIN_COVERAGE of its content words (and MIN_MATCHED of them), and, when the question has
    two adjacent content words, at least one such pair as written; frame words as `frames`
    (GATE_FRAMES by default) says."""
    frames = frames or GATE_FRAMES
    terms = content_terms(question)
    skip: set[str] = set()
    if frames != "count":
        framed = _framed(question)
        held = [t for t in terms if t in framed and coverage([t], text)[0]]
        skip = framed if frames == "aside" else framed - set(held)
        terms = [t for t in terms if t not in skip]
    matched, share = coverage(terms, text)
    if share < MIN_COVERAGE or matched < min(MIN_MATCHED, len(terms)):
        return False
    pairs = content_pairs(question, skip)
    if not pairs:
        return True
    folded = _folded_text(text)
    if any(f" {pair} " in folded for pair in pairs):
        return True
    # An abbreviation found (as itself or spelt out) is a pair's worth of evidence ("CSTĐ").
    return any(_FOLDED_ABBREVIATIONS.get(t) and coverage([t], text)[0] for t in terms)
