"""Questions the documents could not answer, grouped by what they ask about.

    group_questions([Asked("Hạn nộp hồ sơ khen thưởng?", when, "not_found"), ...])
    # [QuestionGroup(question="Hạn nộp hồ sơ khen thưởng?", count=3, not_found=2,
    #                not_useful=1, last_asked=..., wordings=[...], terms=["hồ", "sơ", ...])]

A question's terms are its syllables folded (no diacritics, lower case: "Hồ sơ" → "ho", "so"),
without the words every question has ("là", "gì", "bao nhiêu", "cho", "tôi" ...) and without
bare numbers. Two questions ask about the same thing when the Jaccard similarity of their
terms (shared terms / all terms) is at least `threshold` (0.5). Grouping is deterministic:
identical wordings (case, spaces and final punctuation aside) are counted together first; the
wordings are then taken most asked first (then most recent, then alphabetically), and each
joins the group whose first wording it resembles most, or starts a new group. A question
with no terms left (only common words or numbers) groups only with the same wording.

Each group says how often it was asked, how many times "Không tìm thấy căn cứ" was the answer
and how many answers were rated not useful, when it was last asked, its other wordings (most
asked first) and its key terms: the terms in at least half of its questions, spelt as they
were most often typed. Only question texts, dates and reasons go in: who asked is never part
of the input, so it cannot be part of the output.

Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from thidua.nlp.text import fold

__all__ = ["Asked", "QuestionGroup", "group_questions", "question_terms"]

NOT_FOUND = "not_found"
NOT_USEFUL = "not_useful"

# Words of the question form, not of its subject (folded).
_COMMON_TEXT = """là gì của và có được các cho về thế nào bao nhiêu như những không ai đâu khi
tôi mình em anh chị ạ ơi với trong theo thì mà này đó ở hỏi cần phải làm sao hãy xin vui lòng
giúp ra nêu biết muốn thể sẽ đang bị một hay hoặc nhé vậy nữa chưa đến từ tại bằng do vì nên
cùng rằng"""
_COMMON = frozenset(fold(w) for w in _COMMON_TEXT.split())
_SYLLABLE = re.compile(r"[0-9a-z]+")
_SURFACE = re.compile(r"[0-9a-zà-ỹđ]+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s?.!…,;:]+$")


@dataclass(frozen=True)
class Asked:
    question: str
    asked_at: datetime | date
    reason: str  # NOT_FOUND or NOT_USEFUL


@dataclass
class QuestionGroup:
    question: str  # the wording asked most often (the latest on a tie)
    count: int
    not_found: int
    not_useful: int
    last_asked: datetime | date
    wordings: list[str] = field(default_factory=list)  # the other wordings, most asked first
    terms: list[str] = field(default_factory=list)  # key terms, as typed


def _surface(question: str) -> list[tuple[str, str]]:
    """(folded, as typed in lower case) for each syllable of the question."""
    text = unicodedata.normalize("NFC", question).lower()
    return [(fold(s), s) for s in _SURFACE.findall(text)]


def question_terms(question: str) -> frozenset[str]:
    """The folded syllables that say what a question is about."""
    return frozenset(
        folded
        for folded, _typed in _surface(question)
        if _SYLLABLE.fullmatch(folded) and folded not in _COMMON and not folded.isdigit()
    )


def _wording_key(question: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(question.split())).casefold()
    return _TRAILING.sub("", text)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class _Wording:
    text: str  # as first seen (most recent ask)
    terms: frozenset[str]
    asks: list[Asked]

    @property
    def last(self) -> datetime | date:
        return max(a.asked_at for a in self.asks)


def _sort_key(when: datetime | date) -> tuple[int, int, int, float]:
    """Datetimes and dates in one order (a date counts as its first moment)."""
    if isinstance(when, datetime):
        return (when.year, when.month, when.day, when.hour * 3600 + when.minute * 60 + when.second)
    return (when.year, when.month, when.day, 0.0)


def group_questions(asked: Iterable[Asked], *, threshold: float = 0.5) -> list[QuestionGroup]:
    """Groups of similar questions, the most asked first (see the module's docstring)."""
    wordings: dict[str, _Wording] = {}
    for item in asked:
        key = _wording_key(item.question)
        if not key:
            continue
        found = wordings.get(key)
        if found is None:
            wordings[key] = _Wording(item.question.strip(), question_terms(item.question), [item])
        else:
            if _sort_key(item.asked_at) > _sort_key(found.last):
                found.text = item.question.strip()
            found.asks.append(item)
    ordered = sorted(
        wordings.values(),
        key=lambda w: (-len(w.asks), tuple(-x for x in _sort_key(w.last)), w.text),
    )
    groups: list[list[_Wording]] = []
    by_term: dict[str, list[int]] = defaultdict(list)  # term -> groups whose leader has it
    for wording in ordered:
        best, best_score = None, 0.0
        candidates = sorted({g for t in wording.terms for g in by_term[t]})
        for g in candidates:
            score = _jaccard(wording.terms, groups[g][0].terms)
            if score > best_score:
                best, best_score = g, score
        if best is not None and best_score >= threshold:
            groups[best].append(wording)
            continue
        groups.append([wording])
        for t in wording.terms:
            by_term[t].append(len(groups) - 1)
    result = [_summary(members) for members in groups]
    result.sort(key=lambda g: (-g.count, tuple(-x for x in _sort_key(g.last_asked)), g.question))
    return result


def _summary(members: list[_Wording]) -> QuestionGroup:
    asks = [a for w in members for a in w.asks]
    # The most asked wording names the group (members are already in that order).
    lead = members[0]
    spelt: dict[str, Counter[str]] = defaultdict(Counter)
    in_questions: Counter[str] = Counter()
    for a in asks:
        seen = set()
        for folded, typed in _surface(a.question):
            spelt[folded][typed] += 1
            seen.add(folded)
        in_questions.update(t for t in question_terms(a.question) if t in seen)
    order = [folded for folded, _typed in _surface(lead.text)]
    terms = sorted(
        (t for t, n in in_questions.items() if 2 * n >= len(asks)),
        key=lambda t: (order.index(t) if t in order else len(order), t),
    )
    return QuestionGroup(
        question=lead.text,
        count=len(asks),
        not_found=sum(a.reason == NOT_FOUND for a in asks),
        not_useful=sum(a.reason == NOT_USEFUL for a in asks),
        last_asked=max((a.asked_at for a in asks), key=_sort_key),
        wordings=[w.text for w in members[1:]],
        terms=[spelt[t].most_common(1)[0][0] for t in terms],
    )
