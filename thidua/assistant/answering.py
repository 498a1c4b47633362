"""From a question to an answer: a personal question goes to the person's own data
(`personal.py`); any other is answered from the passages the asker may read, with
citations, or with "Không tìm thấy căn cứ" when no passage holds enough of the question.
Never an invented answer: the optional language model may only rephrase retrieved passages
and must cite them (`llm.py`)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.nlp.answer import answer_sentences, fact_kinds, holds_fact, support
from thidua.nlp.answer_types import AnswerType, asked_type, holds_instance
from thidua.nlp.cases import rule_question
from thidua.nlp.choose import Choice, choose_sentences
from thidua.nlp.entities import KINDS, entities_held
from thidua.nlp.intents import detect_intent
from thidua.nlp.slots import FIRST_SLOTS, asked_slot, holds_slot
from thidua.nlp.text import fold
from thidua.nlp.weighed import weighed_support

from . import index, llm, personal, selectors
from .answering_gate import content_pairs, content_terms, supports
from .choices import AnswerMode
from .constants import ANSWER_SENTENCES, PASSAGES_SEARCHED, PASSAGES_SHOWN
from .question_language import asked_in_vietnamese

# The first not-found decision (`WORDS_PRESENT`, tuned on the old set's dev part): refused
# unless one of the first three passages holds MIN_SUPPORT of the question's topic words
# (frame words aside: `thidua.nlp.frames`) and fewer than MAX_MISSING are in no passage.
MIN_SUPPORT = 0.67
MAX_MISSING = 1


@dataclass(frozen=True)
class Decision:
    """The thresholds of the not-found decision. Refused unless one of the first three
    passages holds `min_support` of the question's topic words and the topic words absent
    from every retrieved passage weigh less than `max_missing` (each syllable 1, or, with
    `by_word`, each word 1: a syllable 1 / the syllables of its word). When the first
    passage's retrieval score is at least `clear_ratio` times the second's (one passage
    stands out: BM25 weighs a question's rare words most, so a clear winner holds what is
    distinctive in it), `clear_min_support` and `clear_max_missing` apply instead: a word
    the documents say otherwise ("chịu trách nhiệm" for "chủ trì") need not refuse."""

    min_support: float
    max_missing: float
    by_word: bool = False
    clear_ratio: float | None = None  # None: no passage is ever taken as standing out
    clear_min_support: float = 1.0
    clear_max_missing: float = 0.0
    # A question's phrase counts as held by a passage holding a paraphrase of it
    # ("chịu trách nhiệm" by "chủ trì": `thidua.nlp.paraphrases`).
    paraphrases: bool = False

    def thresholds(self, scores: list[float] | None) -> tuple[float, float]:
        """(min_support, max_missing) for passages with these retrieval scores."""
        if self.clear_ratio is None or not scores:
            return self.min_support, self.max_missing
        first, second = scores[0], (scores[1] if len(scores) > 1 else 0.0)
        if first > 0 and first >= self.clear_ratio * second:
            return self.clear_min_support, self.clear_max_missing
        return self.min_support, self.max_missing


# The decision as chosen on the old set's dev part (words present, syllables counted).
WORDS_PRESENT = Decision(min_support=MIN_SUPPORT, max_missing=MAX_MISSING)
# The retrieval margin (docs/BENCHMARKS.md, "The not-found decision by retrieval margin"),
# chosen by 5-fold CV over the old and the fresh set's dev parts. Superseded.
BY_MARGIN = Decision(
    min_support=0.75,
    max_missing=0.5,
    by_word=True,
    clear_ratio=1.25,
    clear_min_support=0.6,
    clear_max_missing=3.0,
)
# Paraphrases (docs/BENCHMARKS.md, "The not-found decision with paraphrases"): a question's
# word held through a paraphrase group; chosen, with the method (paraphrases and/or more
# function words, or neither) and the thresholds, by 5-fold cross-validation over all four
# parts of the old and the fresh set (out of fold 40 errors against 44 for the margin grid).
BY_MEANING = Decision(
    min_support=0.8,
    max_missing=1.5,
    clear_ratio=3.0,
    clear_min_support=0.67,
    clear_max_missing=2.5,
    paraphrases=True,
)


@dataclass(frozen=True)
class WeighedDecision:
    """The not-found decision by what the passages answer (`thidua.nlp.weighed`): each topic
    word of the question weighs its IDF over the index's whole corpus (`absent` times the
    rarest weight when no passage of the corpus holds it). Refused when the best clause of
    the first `top` passages holds less than `min_clause` of the question's weight (a word
    only in the passage's title or heading counting `context`), or when the words in the
    corpus but in no retrieved passage hold `max_missing` of it or more; when the first
    passage's score is at least `clear_ratio` times the second's, `clear_min_clause` and
    `clear_max_missing` instead. With `gate`, also the money check and `supports` of
    `grounded`."""

    min_clause: float
    max_missing: float
    absent: float = 0.5
    context: float = 0.5
    paraphrases: bool = True
    top: int = 3
    named: bool = False  # a capitalised word absent from the corpus weighs the rarest weight
    clear_ratio: float | None = None
    clear_min_clause: float = 1.0
    clear_max_missing: float = 0.0
    gate: bool = False
    # The named entities of the question (`thidua.nlp.entities`: titles and awards, years,
    # numbers with a unit, bodies; those of `entity_kinds`) must all be held by "clause" (the
    # answering clause with its passage's title and heading), "passage" (that clause's whole
    # passage) or "top" (each by one of the first `top` passages); None: not checked.
    entities: str | None = None
    entity_kinds: tuple[str, ...] = KINDS
    # Whether the gate applies to a case question asked as its rule (`CASE_RULES`): a case is
    # by nature in other words than the rule, which the gate's words as written cannot show.
    gate_cases: bool = True

    def thresholds(self, scores: list[float] | None) -> tuple[float, float]:
        if self.clear_ratio is None or not scores:
            return self.min_clause, self.max_missing
        first, second = scores[0], (scores[1] if len(scores) > 1 else 0.0)
        if first > 0 and first >= self.clear_ratio * second:
            return self.clear_min_clause, self.clear_max_missing
        return self.min_clause, self.max_missing


# Chosen, with its method (absent, context, paraphrases, top, gate), by 5-fold cross-validation
# over all five development parts (the old set's two, the fresh set's two, the second blind
# set; `bench.assistant_refusal_idf`): out of fold 68 errors of 374 against 82 for the
# procedure that chose BY_MEANING, retuned in the same folds, and 83 for BY_MEANING as shipped
# (docs/BENCHMARKS.md, "The not-found decision weighed by the corpus"). Words in no passage of
# the corpus weigh nothing ("chị em", "năm ngoái"); the gate (`supports`, money) kept.
BY_WEIGHT = WeighedDecision(
    min_clause=0.6,
    max_missing=0.25,
    absent=0.0,
    context=0.5,
    paraphrases=True,
    top=3,
    clear_ratio=1.5,
    clear_min_clause=0.4,
    clear_max_missing=0.4,
    gate=True,
)
# The weighed decision that also requires the question's titles, awards and years
# (`thidua.nlp.entities`) to be held by the answering clause's passage: a near miss naming an
# award or a year the documents do not give ("Huân chương Lao động", "năm 2023") is refused,
# a colloquial word absent from the corpus still weighs nothing. Chosen, with the entity scope
# and kinds and every parameter above, by 5-fold cross-validation over all six development
# parts (the five above and the third blind set; `bench.assistant_refusal_entities`): out of
# fold 85 errors of 505 against 105 for BY_WEIGHT as shipped (in sample on five of the six) and
# 114 for BY_WEIGHT's procedure retuned in the same folds (docs/BENCHMARKS.md, "Named
# entities in the not-found decision").
BY_ENTITY = replace(
    BY_WEIGHT,
    min_clause=0.55,
    max_missing=0.5,
    clear_ratio=1.25,
    clear_max_missing=0.5,
    entities="passage",
    entity_kinds=("award", "year"),
)
# BY_ENTITY with the gate set aside for a case question asked as its rule (CASE_RULES): chosen
# by 5-fold CV over all seven development parts (`bench.assistant_case_cv`; docs/BENCHMARKS.md,
# "Case questions mapped to their rules").
BY_CASE = replace(BY_ENTITY, gate_cases=False)
# BY_CASE with a document's number the question names ("Nghị định 91/2017/NĐ-CP") held by one
# of the first passages (`bench.assistant_reference_cv`: out of fold 232 errors of 1,071
# against 235; docs/BENCHMARKS.md, "Highlighted sentences that hold the fact").
BY_REFERENCE = replace(BY_CASE, entity_kinds=("award", "year", "reference"))
DECISIONS = {
    "words": WORDS_PRESENT,
    "margin": BY_MARGIN,
    "meaning": BY_MEANING,
    "weight": BY_WEIGHT,
    "entity": BY_ENTITY,
    "case": BY_CASE,
    "reference": BY_REFERENCE,
}
DECISION: Decision | WeighedDecision = BY_REFERENCE
# The answer-type check (`thidua.nlp.answer_types`, `typed`): a question asking for a kind
# of answer is refused unless ANSWER_TYPE_SCOPE ("sentences", "supported", "first", "top3",
# "shown") holds one. Off: chosen on dev, it did not generalise (docs/BENCHMARKS.md,
# "Answer-type check").
ANSWER_TYPE_SCOPE: str | None = None
# The narrow slot check (`thidua.nlp.slots`: a number of people, a frequency, a weekday): a
# question asking one is refused unless SLOT_SCOPE ("sentences": the highlighted ones with the
# list they announce; "shown": the cited passages) gives one. None: off. "sentences" chosen by
# 5-fold CV over the six development files (`bench.assistant_slot_cv`: out of fold 165 errors
# of 787 against 173 off, 170 on the passages; with GATE_FRAMES 160).
SLOT_SCOPE: str | None = "sentences"
# Which slots are asked (`thidua.nlp.slots.SLOTS`): FIRST_SLOTS (people, frequency, weekday)
# as first shipped, and "measure" ("bao nhiêu ngày / mấy tiếng / bao nhiêu phần trăm": held by
# a number of that unit). "count" (of a thing named: "bao nhiêu phó chủ tịch") and "year" ("năm
# nào") were tried and not chosen. Chosen by 5-fold CV over the seven development files
# (`bench.assistant_count_cv`: out of fold 184 errors of 929 against 192 for the first slots;
# docs/BENCHMARKS.md, "Measures in the slot check, cross-validated over the seven files").
SLOT_KINDS: tuple[str, ...] = (*FIRST_SLOTS, "measure")
# A case question asked as its rule (`thidua.nlp.cases`: "chị A nghỉ ốm 3 tháng" -> "cá nhân
# nghỉ ốm thời gian tháng") for retrieval, the decision and the sentences (BY_CASE's CV).
CASE_RULES = True
SNIPPET_CHARS = 320
CONTINUATION_CHARS = 600
# The highlighted sentences (`thidua.nlp.choose`; Choice() as before). By 5-fold CV over the
# eight development files (`bench.assistant_span_cv`, out of fold 256 → 238, `--years` 232 →
# 228 errors of 1,071): legal bases weigh as any sentence; asked a document's date or number,
# a calendar date or document number earns 0.8; another year than the question's weighs 0.75.
SENTENCE_CHOICE = Choice(1.0, 0.8, "document", other_year_weight=0.75)
SENTENCE_CANDIDATES = 40  # the candidates `choose_sentences` re-weighs


def clean_question(text: str) -> str:
    """The question as asked, NFC, control characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Corpus:
    """The index's statistics over its whole corpus, for `WeighedDecision`: the number of
    passages and the passages holding a word (its matching key: `thidua.nlp.words`)."""

    n_docs: int
    df: Any  # Callable[[tuple[str, ...]], int]


def corpus_of(idx) -> Corpus:
    """`Corpus` of a `PassageIndex`, or of a base and delta (`index_delta.CombinedIndex`):
    a word's document frequency is that of its index token (exact, or "~" + folded for a
    word written without diacritics), summed over the parts."""
    parts = [p for p in (getattr(idx, "base", idx), getattr(idx, "delta", None)) if p is not None]
    cache: dict[str, int] = {}

    def df(alternative: tuple[str, ...]) -> int:
        key = alternative[0]
        if not key.startswith("~") and fold(key) == key:
            key = "~" + key  # a question typed without diacritics: the folded token
        if key not in cache:
            cache[key] = sum(len(p.postings(key)[0]) for p in parts)
        return cache[key]

    return Corpus(n_docs=len(idx), df=df)


def _weighed(
    question: str,
    texts: list[str],
    scores: list[float] | None,
    decision: WeighedDecision,
    corpus: Corpus | None,
    case: bool = False,
) -> bool:
    if corpus is None:  # no index at hand (tests): the given passages as the corpus
        corpus = corpus_of(_TextsCorpus(texts))
    min_clause, max_missing = decision.thresholds(scores)
    passages = [_context_and_body(t) for t in texts]
    evidence = weighed_support(
        question,
        passages,
        df=corpus.df,
        n_docs=corpus.n_docs,
        absent=decision.absent,
        context=decision.context,
        paraphrases=decision.paraphrases,
        top=decision.top,
        named=decision.named,
    )
    if evidence.best_clause < min_clause - 1e-9 or evidence.missing >= max_missing - 1e-9:
        return False
    if decision.entities and not entities_held(
        question,
        passages,
        evidence,
        scope=decision.entities,
        kinds=decision.entity_kinds,
        top=decision.top,
    ):
        return False
    if not decision.gate or (case and not decision.gate_cases):
        return True
    if "money" in fact_kinds(question) and not any(holds_fact("money", t) for t in texts):
        return False
    return any(supports(question, t) for t in texts[:3])


def _context_and_body(text: str) -> tuple[str, str]:
    """A retrieved passage as `from_documents` gives it (its document's title, its heading
    and its text, one a line) as (title and heading, text)."""
    title, _, rest = text.partition("\n")
    heading, _, body = rest.partition("\n")
    return f"{title}\n{heading}", body


class _TextsCorpus:
    """Document frequencies over a few texts, as `corpus_of` reads an index."""

    def __init__(self, texts: list[str]) -> None:
        from thidua.nlp.words import TOKEN, exact_form

        exact = [{exact_form(m.group(0)) for m in TOKEN.finditer(x)} for x in texts]
        self._texts = [keys | {"~" + fold(k) for k in keys} for keys in exact]

    def __len__(self) -> int:
        return len(self._texts)

    def postings(self, key: str):
        return [[i for i, keys in enumerate(self._texts) if key in keys]]


def grounded(
    question: str,
    texts: list[str],
    scores: list[float] | None = None,
    *,
    decision: Decision | WeighedDecision | None = None,
    corpus: Corpus | None = None,
    case: bool = False,
) -> bool:
    """Whether the retrieved passages (best first, each with its document's title and its
    heading; `scores` their retrieval scores) are a basis for answering: see `Decision`
    (DECISION by default); a question asking for an amount of money needs one in them; and
    `supports` holds for one of the first three (at least MIN_COVERAGE of the content words,
    a pair of them as written); `case`: the question is a case asked as its rule."""
    if not texts:
        return False
    decision = decision or DECISION
    if isinstance(decision, WeighedDecision):
        return _weighed(question, texts, scores, decision, corpus, case)
    min_support, max_missing = decision.thresholds(scores)
    evidence = support(question, texts, paraphrases=decision.paraphrases)
    missing = evidence.missing_words if decision.by_word else len(evidence.missing)
    if missing + evidence.frame_weight * len(evidence.missing_frame) >= max_missing:
        return False
    if support(question, texts[:3], paraphrases=decision.paraphrases).best_share < min_support:
        return False
    if "money" in fact_kinds(question) and not any(holds_fact("money", t) for t in texts):
        return False
    return any(supports(question, t) for t in texts[:3])


def typed(
    question: str,
    *,
    sentences: list[tuple[str, str]],
    passages: list[str],
    scope: str | None = None,
    answer_type: AnswerType | None = None,
) -> bool:
    """Whether the answer holds the kind of answer the question asks for (always, when it
    asks for none, or when the check is off): in the highlighted sentences or the passages,
    as ANSWER_TYPE_SCOPE says (`sentences`: each highlighted sentence, with the list it announces, and its
    passage; `passages`: the cited ones, best first, each with its title and heading)."""
    scope = scope or ANSWER_TYPE_SCOPE
    if scope is None:  # the check is off
        return True
    kind = asked_type(question) if answer_type is None else answer_type
    if kind is None:
        return True
    if scope == "supported":  # a highlighted sentence, from a passage that `supports` it
        return any(
            holds_instance(kind, text, question) and supports(question, passage)
            for text, passage in sentences
        )
    where = {
        "sentences": [text for text, _passage in sentences],
        "first": passages[:1],
        "top3": passages[:3],
        "shown": passages,
    }[scope]
    return any(holds_instance(kind, text, question) for text in where)


def slotted(
    question: str,
    *,
    sentences: list[str],
    passages: list[str],
    scope: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> bool:
    """Whether the answer gives the slot the question asks (`thidua.nlp.slots`, one of `kinds`,
    SLOT_KINDS by default; always when it asks none or the check is off): in the highlighted
    sentences or the cited passages, as SLOT_SCOPE says."""
    scope = scope or SLOT_SCOPE
    slot = asked_slot(question, kinds or SLOT_KINDS) if scope else None
    where = sentences if scope == "sentences" else passages
    return slot is None or any(holds_slot(slot, t, question) for t in where)


def pick_sentences(
    question: str, shown: list[tuple[str, str, str]], choice: Choice | None = None
) -> list[Any]:
    """The answer's sentences from the cited passages ((id, text, heading or title), best
    first): the best ANSWER_SENTENCES as SENTENCE_CHOICE says (`thidua.nlp.choose`: a
    sentence giving the kind of answer asked may earn a bonus; a document's legal bases are
    left out, or weighed, unless asked for)."""
    c = choice or SENTENCE_CHOICE
    candidates = answer_sentences(
        question,
        shown,
        max_sentences=SENTENCE_CANDIDATES,
        paraphrases=c.paraphrases,
        context_weight=c.context_weight,
    )
    return choose_sentences(
        question,
        candidates,
        ANSWER_SENTENCES,
        basis_weight=c.basis_weight,
        type_bonus=c.type_bonus,
        type_scope=c.type_scope,
        other_year_weight=c.other_year_weight,
        asks_basis="can cu" in " ".join(content_pairs(question)),
    )


def has_words(question: str) -> bool:
    """Whether the question names something to search for: a content word with a letter
    (not only stop words such as "là gì", not only numbers)."""
    return any(any(c.isalpha() for c in w) for w in content_terms(question))


def answer(*, viewer, question: str) -> tuple[str, dict[str, Any], int]:
    """(mode, answer data for the page and the API, index version used). A question with
    nothing to search for, or not in Vietnamese, is answered "Không tìm thấy căn cứ" with a
    note saying why, never with passages that merely share a number with it."""
    intent = detect_intent(question)
    if intent is not None:
        data = personal.answer(viewer=viewer, intent=intent)
        if data is not None:
            return AnswerMode.PERSONAL, data, 0
    if not has_words(question):
        return _not_found(
            index.current().version,
            _(
                "The question has no words to search for (only numbers, or words such as "
                "“là gì”). Say what you are asking about, e.g. “Thời hạn gửi hồ sơ khen "
                "thưởng?”."
            ),
        )
    mode, data, version = from_documents(viewer=viewer, question=question)
    if mode == AnswerMode.NOT_FOUND and not asked_in_vietnamese(question):
        data["note"] = _(
            "The assistant answers questions in Vietnamese. Please ask again in Vietnamese "
            "(with or without diacritics)."
        )
    return mode, data, version


def _not_found(version: int, note: str = "") -> tuple[str, dict[str, Any], int]:
    data: dict[str, Any] = {"text": _("No basis found"), "citations": [], "sentences": []}
    if note:
        data["note"] = note
    return AnswerMode.NOT_FOUND, data, version


def from_documents(*, viewer, question: str) -> tuple[str, dict[str, Any], int]:
    loaded = index.current()
    if loaded.index is None:
        # No build this process can load (lost, or the first one still running) and too many
        # changed passages to serve from the delta: say so, rather than "nothing found".
        waiting = bool(loaded.fallback_for) or selectors.library_has_passages()
        note = (
            _("The documents' search index is being rebuilt; please ask again in a few minutes.")
            if waiting
            else ""
        )
        return _not_found(loaded.version, note)
    allowed = selectors.allowed_mask(viewer=viewer, loaded=loaded)
    if allowed is not None and not allowed.any():
        return _not_found(loaded.version)
    case = rule_question(question if CASE_RULES else "")
    query = case.text if case.instances else question
    hits = loaded.index.search(query, k=PASSAGES_SEARCHED, allowed=allowed)
    rows = selectors.readable_passages(viewer=viewer, ids=[int(pid) for pid, _s in hits])
    ranked = [(rows[int(pid)], score) for pid, score in hits if int(pid) in rows]
    texts_ranked = [f"{p.document.title}\n{p.heading}\n{p.text}" for p, _s in ranked]
    corpus = corpus_of(loaded.index) if isinstance(DECISION, WeighedDecision) else None
    scores = [float(score) for _p, score in ranked]
    if not grounded(query, texts_ranked, scores, corpus=corpus, case=case.is_case):
        return _not_found(loaded.version)

    shown = ranked[:PASSAGES_SHOWN]
    citations = [_citation(n, p, score) for n, (p, score) in enumerate(shown, start=1)]
    number_of = {str(p.pk): n for n, (p, _s) in enumerate(shown, start=1)}
    picked = pick_sentences(
        query, [(str(p.pk), p.text, p.heading or p.document.title) for p, _s in shown]
    )
    texts = {str(p.pk): p.text for p, _s in shown}
    cited = {str(p.pk): f"{p.document.title}\n{p.heading}\n{p.text}" for p, _s in shown}
    if SLOT_SCOPE is not None and not slotted(
        question,
        sentences=[
            s.text + " " + continuation(s.text, texts.get(s.passage_id, "")) for s in picked
        ],
        passages=list(cited.values()),
    ):
        return _not_found(loaded.version)
    if ANSWER_TYPE_SCOPE is not None and not typed(
        query,
        sentences=[
            (s.text + " " + continuation(s.text, texts.get(s.passage_id, "")), cited[s.passage_id])
            for s in picked
        ],
        passages=list(cited.values()),
    ):
        return _not_found(loaded.version)
    sentences = [
        {
            "text": s.text,
            "highlights": [list(span) for span in s.highlights],
            "citation": number_of.get(s.passage_id),
            "continuation": continuation(s.text, texts.get(s.passage_id, "")),
        }
        for s in picked
    ]
    data: dict[str, Any] = {"citations": citations, "sentences": sentences}
    mode = _generate(question=question, citations=citations, shown=shown, data=data)
    return mode, data, loaded.version


def _citation(n: int, p, score: float) -> dict[str, Any]:
    """The n-th source shown under an answer: its document, place, snippet and link."""
    doc = p.document
    return {
        "n": n,
        "passage": p.pk,
        "document": doc.pk,
        "title": doc.title,
        "number": doc.number,
        "path": p.path,
        "effective_on": doc.effective_on.isoformat() if doc.effective_on else None,
        "url": reverse("assistant:document", args=[doc.pk]) + f"#p{p.pk}",
        "snippet": _snippet(p.text),
        "score": round(float(score), 3),
    }


def _generate(*, question: str, citations: list[dict], shown: list, data: dict[str, Any]) -> str:
    """The language model's answer citing the sources, where one is configured and it gives
    one; otherwise the extracted sentences stand (with a note when the model failed)."""
    if not llm.is_configured():
        return AnswerMode.EXTRACTIVE
    generated = llm.generate(
        question=question,
        passages=[
            (c["n"], _cite_label(c), p.text) for c, (p, _s) in zip(citations, shown, strict=True)
        ],
    )
    if generated is None:
        data["note"] = _(
            "The language model did not give an answer citing the documents; the answer "
            "below is taken from them."
        )
        return AnswerMode.EXTRACTIVE
    data["generated"] = generated.text
    data["cited"] = list(generated.cited)
    return AnswerMode.GENERATIVE


def continuation(sentence: str, passage: str, limit: int = CONTINUATION_CHARS) -> str:
    """What follows a sentence that announces a list ("… một trong các thành tích sau:"):
    the list itself (its điểm a), b), …), so the answer is not cut before its substance."""
    if not sentence.rstrip().endswith(":"):
        return ""
    flat = " ".join(passage.split())
    at = flat.find(" ".join(sentence.split()))
    if at < 0:
        return ""
    rest = flat[at + len(" ".join(sentence.split())) :].strip()
    if len(rest) <= limit:
        return rest
    cut = rest.rfind(";", 0, limit)
    if cut <= 0:
        cut = rest.rfind(" ", 0, limit)
    return rest[: cut + 1].rstrip() + " …"


def _cite_label(citation: dict[str, Any]) -> str:
    return f"{citation['title']}, {citation['path']}" if citation["path"] else citation["title"]


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
