"""Which of the answer's candidate sentences are highlighted: the best by `answer.answer_sentences`'
score, re-weighed by two things a user cares about —

- the sentence gives **the kind of answer asked** (`answer_types`: a number for "bao nhiêu",
  a date for "ngày nào", who for "ai" / "đơn vị nào", a duration for "bao lâu", a place for
  "ở đâu"): it earns `type_bonus`, so "Nghị quyết … ký ngày nào?" highlights the line "Hà Nội,
  ngày 12 tháng 10 năm 2020" rather than a sentence repeating more of the question's words;
- a document's **legal bases** ("Căn cứ Luật …; Theo đề nghị của …") share many words with
  any question about the document and answer few: `basis_weight` None leaves them out unless
  the question asks for them (the rule before, with one kept when nothing else is there); a
  number multiplies their score instead, so a question they do answer ("dựa trên nghị định
  nào?", "theo đề nghị của ai?") can still reach them.

    choose_sentences(question, candidates, 3, basis_weight=0.75, type_bonus=0.4)

Pure Python; the weights are chosen by cross-validation (`bench.assistant_span_cv`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from thidua.nlp.answer_types import asked_type, holds_instance
from thidua.nlp.text import fold

__all__ = ["LEGAL_BASIS", "Choice", "choose_sentences", "is_legal_basis"]

LEGAL_BASIS = re.compile(r"^\W*(?:Căn cứ|Xét đề nghị|Theo đề nghị)\b", re.IGNORECASE)
# A document's own date and number, which its header lines give ("Hà Nội, ngày 12 tháng 10
# năm 2020", "Số 03-NQ/ĐU"): asked by "ngày nào" / "ngày tháng năm nào" / "số hiệu" …, held
# by a calendar date or a document number (not "ngày ký", not a bare number).
_CALENDAR = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{4}\b|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\b", re.IGNORECASE
)
# A year in digits, a date's too ("31/12/2025"): a sentence naming a year the question does
# not, when it names one, is about another period ("2030" targets for "đến 2025").
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_DAY_ASKED = re.compile(r"\bngay (?:bao nhieu|may)\b")
_NUMBER_ASKED = re.compile(r"\b(?:so hieu|ky hieu|danh so|so may|so bao nhieu|mang so)\b")
_DOCUMENT_NUMBER = re.compile(r"\b\d{1,4}(?:/\d{4})?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ]{1,6})*")


@dataclass(frozen=True)
class Choice:
    """How the highlighted sentences are chosen (`answer_sentences`' options and
    `choose_sentences`'): the default is the choice before this module."""

    basis_weight: float | None = None
    type_bonus: float = 0.0
    type_scope: str = "all"
    paraphrases: bool = False
    context_weight: float = 0.5
    other_year_weight: float = 1.0


class _Sentence(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def score(self) -> float: ...


S = TypeVar("S", bound=_Sentence)


def is_legal_basis(sentence: str) -> bool:
    """Whether a sentence is one of a document's legal bases ("Căn cứ …", "Theo đề nghị …")."""
    return bool(LEGAL_BASIS.match(sentence))


def choose_sentences(
    question: str,
    candidates: Sequence[S],
    n: int,
    *,
    basis_weight: float | None = None,
    type_bonus: float = 0.0,
    asks_basis: bool = False,
    type_scope: str = "all",
    other_year_weight: float = 1.0,
) -> list[S]:
    """The `n` sentences to highlight among `candidates` (best first, as `answer_sentences`
    ranks them; their `score` is its score). `asks_basis`: the question asks for the legal
    bases ("căn cứ"), which then count as any sentence. With `basis_weight` None and no
    `type_bonus`, the first 2n candidates, legal bases left out (one kept if all are), as
    before this module. `type_scope`: "all" (any kind `answer_types` knows) or "document"
    (only a document's date or number asked: a calendar date, a document number).
    `other_year_weight` multiplies the score of a sentence naming a year the question does not
    (when it names one)."""
    if basis_weight is None and not type_bonus and other_year_weight == 1.0:
        picked = list(candidates[: 2 * n])
        if not asks_basis:
            picked = [s for s in picked if not is_legal_basis(s.text)] or picked[:1]
        return picked[:n]
    pool = list(candidates)
    if basis_weight is None and not asks_basis:
        pool = [s for s in pool if not is_legal_basis(s.text)] or pool[:1]
    gives = _asked(question, type_scope) if type_bonus else None
    years = set(_YEAR.findall(question)) if other_year_weight != 1.0 else set()
    scored = []
    for order, s in enumerate(pool):
        score = s.score
        if basis_weight is not None and not asks_basis and is_legal_basis(s.text):
            score *= basis_weight
        if years and set(_YEAR.findall(s.text)) - years:
            score *= other_year_weight
        if gives is not None and gives(s.text):
            score += type_bonus
        scored.append((-score, order, s))
    scored.sort(key=lambda t: t[:2])
    return [_rescored(s, -neg) for neg, _o, s in scored[:n]]


def _asked(question: str, scope: str) -> Callable[[str], bool] | None:
    """What a sentence must hold to give the kind of answer asked, or None (none asked)."""
    if scope == "document":
        folded = " ".join(re.findall(r"\w+", fold(question.lower())))
        if _NUMBER_ASKED.search(folded):
            return lambda text: bool(_DOCUMENT_NUMBER.search(text))
        kind = asked_type(question)
        if _DAY_ASKED.search(folded) or (kind and kind.kind == "date" and kind.via != "when"):
            return lambda text: bool(_CALENDAR.search(text))
        return None
    kind = asked_type(question, organisations=True)
    if kind is None:
        return None
    return lambda text: holds_instance(kind, text, question)


def _rescored(sentence: S, score: float) -> S:
    """The sentence with its new score, where it is a dataclass (as `AnswerSentence` is)."""
    try:
        return replace(sentence, score=round(score, 6))  # type: ignore[type-var]
    except TypeError:
        return sentence
