"""Extractive answers: the sentences of the retrieved passages that answer a question best.

    answer_sentences("Tỷ lệ chiến sĩ thi đua cơ sở tối đa là bao nhiêu?",
                     [("luat#24.2", "2. Tỷ lệ cá nhân được công nhận ... không quá 15% ..."), ...])
    # [AnswerSentence(passage_id="luat#24.2", text="2. Tỷ lệ cá nhân ...", score=1.21,
    #                 highlights=((3, 9), ...)), ...]

Query terms are the question's syllables without stopwords ("là, của, và, có, được, các,
những, gì, nào, không, bao nhiêu, như thế nào, tôi" ...), matched accent-insensitively (both
sides `text.fold`ed and lower-cased), so "ty le" finds "Tỷ lệ". An abbreviation from
`synonyms.ABBREVIATIONS` in the question also matches its phrase ("CNTT" ⇄ "công nghệ thông
tin"), and the phrase in the question also matches the abbreviation. Each term weighs its IDF
over the given passages (a term found in every passage says little about which sentence
answers). A sentence scores the share of the question's IDF weight it covers, plus a bonus for
question word pairs found side by side in it ("thi đua"), plus a small bonus for passages
ranked earlier by retrieval; very long sentences, and short lines without final punctuation
(headings, lead-ins ending in ":") are discounted. Sentences
that match no term are never returned; duplicates (same words, any accents) are returned once.

Stopwords are recognised with their diacritics when the question has any; in a question typed
without diacritics the folded stopwords are used, except the few whose folded form is also a
content word ("co" is có but also cơ in "cơ sở"; "de" is để but also đề in "đề tài").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from thidua.nlp import frames
from thidua.nlp import paraphrases as paraphrases_module
from thidua.nlp.defines import defined_titles, defines
from thidua.nlp.frames import frame_words
from thidua.nlp.synonyms import ABBREVIATIONS
from thidua.nlp.text import fold, split_sentences
from thidua.nlp.words import TOKEN, UNACCENTED, WORD_OR_BREAK, exact_form, match_key, match_tokens

__all__ = [
    "AnswerSentence",
    "Support",
    "answer_sentences",
    "fact_kinds",
    "support",
    "highlight_spans",
    "query_units",
    "question_words",
]

_STOP_PHRASES = (
    "như thế nào",
    "thế nào",
    "bao nhiêu",
    "bao giờ",
    "bao lâu",
    "ra sao",
    "khi nào",
    "cho biết",
    "xin hỏi",
    "là gì",
    "hay không",
    "có phải",
)
_STOPWORD_TEXT = (
    "là của và có được các những gì nào không tôi mình thì mà để ở tại về cho với trong một "
    "này đó ấy khi hay hoặc bị sẽ đã đang cần phải theo từ đến nếu vậy hả ạ nhé ơi em anh "
    "chị xin hỏi biết muốn ai đâu sao gồm nêu hãy bạn chúng ta nhỉ không mấy do"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Folded stopwords, for questions typed without diacritics; ambiguous folds left out.
_AMBIGUOUS = frozenset(
    {"co", "de", "can", "dau", "ma", "the", "da", "ve", "nay", "ai", "thi", "may", "do"}
)
_FOLDED_STOPWORDS = frozenset(fold(w) for w in _STOPWORDS) - _AMBIGUOUS | {"toi"}
_FOLDED_STOP_PHRASES = tuple(fold(p) for p in _STOP_PHRASES)


@dataclass(frozen=True)
class AnswerSentence:
    passage_id: str
    text: str  # the sentence as in the passage (whitespace collapsed)
    score: float
    highlights: tuple[tuple[int, int], ...]  # spans in `text` of words matching the query


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[
    dict[str, list[tuple[str, ...]]], list[tuple[tuple[str, ...], str, tuple[str, ...]]]
]:
    """Abbreviation → phrases (as tuples of exact syllables), and phrase → abbreviation
    (with the phrase's folded syllables, computed once)."""
    forward: dict[str, list[tuple[str, ...]]] = {}
    backward: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
    for abbr, phrases in ABBREVIATIONS.items():
        key = exact_form(abbr)
        for phrase in phrases:
            sylls = tuple(exact_form(m.group(0)) for m in TOKEN.finditer(phrase))
            forward.setdefault(key, []).append(sylls)
            if fold(key) != key:  # "LDTT" typed without its "Đ"
                forward.setdefault(fold(key), []).append(sylls)
            backward.append((sylls, key, tuple(fold(x) for x in sylls)))
    return forward, backward


def question_words(query: str) -> list[str | None]:
    """The question's words in order, folded ("Chiến sĩ" → "chien", "si"), each stop word
    or stop phrase ("là gì", "bao nhiêu") as None, so that the words around it are not
    taken as adjacent: what the question is about, with the same stop words as the answer
    sentences use."""
    text = unicodedata.normalize("NFC", (query or "").lower())
    accented = fold(text) != text
    for phrase in _STOP_PHRASES if accented else _FOLDED_STOP_PHRASES:
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " | ", text)
    stop = _STOPWORDS if accented else _FOLDED_STOPWORDS
    out: list[str | None] = []
    for match in WORD_OR_BREAK.finditer(text):
        word = match.group(0)
        if word == "|":
            out.append(None)
            continue
        word = exact_form(word)
        out.append(None if word in stop else fold(word))
    return out


@dataclass(frozen=True)
class _Query:
    units: tuple[frozenset[tuple[str, ...]], ...]  # each: alternative syllable tuples
    accented: bool
    pairs: tuple[tuple[str, str], ...]  # adjacent query words ("thi", "đua"): phrase evidence
    # A phrase with an abbreviation → its words: a sentence with "CNTT" matches them all.
    covers: Mapping[frozenset[tuple[str, ...]], frozenset[frozenset[tuple[str, ...]]]]


def _alternatives(sylls: tuple[str, ...], accented: bool) -> set[tuple[str, ...]]:
    folded = tuple(fold(s) for s in sylls)
    if not accented:
        return {folded}
    return {tuple(match_key(s, True) for s in sylls), tuple(UNACCENTED + s for s in folded)}


def _query(query: str) -> _Query:
    """The query's terms, stopwords removed, in order, without repeats: each word (with the
    phrases it abbreviates), plus each phrase that has an abbreviation (with it)."""
    text = unicodedata.normalize("NFC", (query or "").lower())
    accented = fold(text) != text
    phrases = _STOP_PHRASES if accented else _FOLDED_STOP_PHRASES
    for phrase in phrases:
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", text)
    words = [exact_form(m.group(0)) for m in TOKEN.finditer(text)]
    if accented:
        words = [w for w in words if w not in _STOPWORDS]
    else:
        words = [w for w in words if w not in _FOLDED_STOPWORDS]
    forward, backward = _abbreviations()
    folded_words = tuple(fold(w) for w in words)
    units: list[frozenset[tuple[str, ...]]] = []
    covers: dict[frozenset[tuple[str, ...]], frozenset[frozenset[tuple[str, ...]]]] = {}
    word_units = []
    for word in words:
        alternatives = _alternatives((word,), accented)
        for phrase in forward.get(word, ()):
            alternatives |= _alternatives(phrase, accented)
        word_units.append(frozenset(alternatives))
    for i, unit in enumerate(word_units):
        units.append(unit)
        for phrase, abbr, folded_phrase in backward:  # "chiến sĩ thi đua cơ sở" ~ "CSTĐCS"
            n = len(phrase)
            if n > 1 and folded_words[i : i + n] == folded_phrase:
                phrase_unit = frozenset(
                    _alternatives(phrase, accented) | _alternatives((abbr,), accented)
                )
                units.append(phrase_unit)
                covers[phrase_unit] = frozenset(word_units[i : i + n])
    seen: set[frozenset[tuple[str, ...]]] = set()
    unique = tuple(u for u in units if not (u in seen or seen.add(u)))
    keyed = [match_key(w, accented) for w in words]
    pairs = tuple(zip(keyed, keyed[1:], strict=False))
    return _Query(unique, accented, pairs, covers)


def query_units(query: str) -> list[frozenset[tuple[str, ...]]]:
    """The query's terms as sets of alternative syllable tuples (for tests and debugging)."""
    return list(_query(query).units)


def _occurrences(unit: frozenset[tuple[str, ...]], keys: list[str]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) where an alternative of the unit occurs."""
    out = []
    for alternative in unit:
        n = len(alternative)
        first = alternative[0]
        for i, key in enumerate(keys):
            if key == first and tuple(keys[i : i + n]) == alternative:
                out.append((i, i + n))
    return out


def _matches(unit: frozenset[tuple[str, ...]], keys: list[str], key_set: set[str]) -> bool:
    for alternative in unit:
        if all(s in key_set for s in alternative) and (
            len(alternative) == 1 or _occurrences(frozenset({alternative}), keys)
        ):
            return True
    return False


def _spans(q: _Query, text: str) -> tuple[tuple[int, int], ...]:
    tokens = match_tokens(text, q.accented)
    keys = [t for t, _, _ in tokens]
    strong = [False] * len(keys)
    weak = [False] * len(keys)
    for unit in q.units:
        for i, j in _occurrences(unit, keys):
            if j - i == 1 and not q.accented and keys[i] in _AMBIGUOUS:
                weak[i] = True  # "co": có? cơ? shown only next to its query neighbour
            else:
                strong[i:j] = [True] * (j - i)
    pairs = set(q.pairs)
    for i in range(len(keys)):
        if weak[i] and not strong[i]:
            before = i > 0 and (strong[i - 1] or weak[i - 1]) and (keys[i - 1], keys[i]) in pairs
            after = (
                i + 1 < len(keys)
                and (strong[i + 1] or weak[i + 1])
                and (keys[i], keys[i + 1]) in pairs
            )
            strong[i] = bool(before or after)
    spans: list[tuple[int, int]] = []
    for i, (_, start, end) in enumerate(tokens):
        if not strong[i]:
            continue
        # Marked words separated by spaces only form one span.
        if spans and i > 0 and strong[i - 1] and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def highlight_spans(query: str, text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) spans of the words of `text` that match the query's terms (case and,
    for a question typed without diacritics, accents ignored; stopwords not highlighted);
    adjacent matching words form one span."""
    return _spans(_query(query), text)


# ---------------------------------------------------------------- the kind of fact asked
# "bao nhiêu", "tỷ lệ", "khi nào" ask for a number, a share, a date or a duration: a sentence
# holding one answers better than one that only repeats the question's words (the council's
# "90 %" sentence shares one word with "ngưỡng biểu quyết ... là bao nhiêu?").
# The question side is matched on the folded question; the sentence side on the sentence.
_ASKS = {
    "percent": re.compile(r"\bphan tram\b|%"),
    "share": re.compile(r"\b(?:ty le|ti le|ty trong)\b"),
    "money": re.compile(r"\bbao nhieu (?:tien|dong|usd)\b|\b(?:kinh phi|chi phi)\b"),
    "time": re.compile(
        r"\b(?:khi nao|bao gio|luc nao|ngay nao|thang nao|quy nao|nam nao|thoi han|han chot"
        r"|han nop|bao lau|den bao gio|truoc ngay nao|may gio|may lan)\b"
    ),
    "count": re.compile(
        r"\b(?:bao nhieu|so luong|toi da|toi thieu|hang may|may (?:lan|nguoi|nam|thang|ngay"
        r"|gio|phut|sang kien|thanh vien|diem|hang|quy))\b"
    ),
}
_MARKER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][.)]|[IVXLC]{1,6}\.|[-–•+*])\s+")
_NUMBER = r"\d+(?:[.,]\d+)*"
_NUMBER_WORD = r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn)"
_FACTS = {
    "percent": re.compile(rf"{_NUMBER}\s*%|\bphần trăm\b", re.I),
    "share": re.compile(rf"{_NUMBER}\s*%|\bphần (?:trăm|ba|tư|năm)\b|\bmột nửa\b", re.I),
    "money": re.compile(rf"{_NUMBER}\s*(?:đồng|triệu|tỷ|nghìn|USD|VNĐ|VND)\b", re.I),
    "time": re.compile(
        rf"\d{{1,2}}/\d{{1,2}}/\d{{4}}|\b(?:ngày|tháng|năm|quý)\s+(?:{_NUMBER}|[IV]+\b)"
        rf"|(?:{_NUMBER}|\b{_NUMBER_WORD})\s+(?:ngày|tháng|năm|giờ|phút|tuần|lần|quý)\b"
        r"|\bhằng (?:ngày|tuần|tháng|quý|năm)\b|\bvài (?:phút|giờ|ngày)\b|\bngày ký\b",
        re.I,
    ),
    "count": re.compile(
        rf"{_NUMBER}|\b(?:hai|ba|bốn|sáu|bảy|tám|chín|mười|một nửa|phần ba)\b", re.I
    ),
}
# Tuned on the dev part of bench/data/assistant_qa.jsonl: the bonus of a sentence holding
# the fact asked next to a word of the question (half of it when the fact stands elsewhere).
FACT_BONUS = 0.4
NEAR_CHARS = 6
# A question asking a title's standard or condition: the clause whose subject is that title
# (`thidua.nlp.defines`) leads the answer, ahead of clauses that merely mention it. A rule, not
# a weight: more than any other sentence scores (coverage 1 + pairs 0.25 + FACT_BONUS); at 1.0
# "Tiêu chuẩn CSTĐCS là gì?" led with another title's clause holding "các tiêu chuẩn sau".
DEFINES_BONUS = 2.0


def fact_kinds(query: str) -> tuple[str, ...]:
    """The kinds of fact the question asks for, the most specific first ("percent", "share",
    "money", "time", "count")."""
    folded = fold(unicodedata.normalize("NFC", (query or "").lower()))
    folded = re.sub(r"[^\w%]+", " ", folded)
    return tuple(kind for kind, pattern in _ASKS.items() if pattern.search(folded))


def holds_fact(kind: str, sentence: str) -> bool:
    """Whether a sentence gives a fact of that kind (a list marker "1." is no number)."""
    return bool(fact_spans(kind, sentence))


def fact_spans(kind: str, sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the facts of that kind in a sentence, its list marker aside."""
    marker = _MARKER.match(sentence)
    after = marker.end() if marker else 0
    return [m.span() for m in _FACTS[kind].finditer(sentence) if m.start() >= after]


def _near(facts: list[tuple[int, int]], spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether a fact stands within a few words of a word of the question ("90% số phiếu")."""
    return any(
        s_start - NEAR_CHARS <= f_end and f_start <= s_end + NEAR_CHARS
        for f_start, f_end in facts
        for s_start, s_end in spans
    )


# ---------------------------------------------------------------- does anything answer?


@dataclass(frozen=True)
class Support:
    """How far retrieved passages hold a question's topic words (frame words weighed
    `frame_weight`)."""

    terms: int  # topic words of the question (frame words not counted)
    best_share: float  # the largest weighted share of them one passage holds (1.0 when none)
    best_passage: int  # index of that passage (-1 when no passage)
    missing: tuple[str, ...]  # topic words no passage holds, folded
    missing_frame: tuple[str, ...] = ()  # frame words no passage holds, folded
    frame_weight: float = 0.0
    # The topic words no passage holds counted by word, not syllable: a missing syllable
    # weighs 1 / the syllables of the question's word it is part of ("xây dựng" absent
    # counts 1, not 2; "trưởng" of "Trưởng phòng" alone ½); an abbreviation's phrase 1.
    missing_words: float = 0.0

    @property
    def missing_weight(self) -> float:
        """The weight of the words no passage holds: 1 a topic word, `frame_weight` a frame
        word."""
        return len(self.missing) + self.frame_weight * len(self.missing_frame)


_CAPITALS = re.compile(r"\b[A-ZĐ]{2,5}\b")


def _unjudged(unit: frozenset[tuple[str, ...]], accented: bool, query: str) -> bool:
    """A word whose absence says nothing: without diacritics, one that may be a function word
    ("co": có or cờ? "can": cần or cán?); an abbreviation not in the table ("BK")."""
    words = {" ".join(fold(x.removeprefix(UNACCENTED)) for x in alt) for alt in unit}
    if not accented and words & _AMBIGUOUS:
        return True
    forward, _ = _abbreviations()
    unknown = {fold(exact_form(a)) for a in _CAPITALS.findall(query)} - {fold(k) for k in forward}
    return bool(words & unknown)


@lru_cache(maxsize=1024)
def _word_sizes(query: str, accented: bool) -> dict[str, int]:
    """A question's syllables (matching keys) → syllables of the word each is part of, by
    underthesea's segmentation (`text.words`); the first word holding it wins."""
    from thidua.nlp.text import words

    sizes: dict[str, int] = {}
    for word in words(query):
        parts = [match_key(x, accented) for x in word.split("_") if x]
        for part in parts:
            sizes.setdefault(part.removeprefix(UNACCENTED), len(parts))
    return sizes


def _missing_words(units, accented: bool, query: str) -> float:
    """The weight of missing units counted by word (see `Support.missing_words`)."""
    sizes = _word_sizes(query, accented)
    total = 0.0
    for unit in units:
        alternative = min(unit)
        if len(alternative) > 1:  # an abbreviation's phrase
            total += 1.0
            continue
        total += 1.0 / sizes.get(alternative[0].removeprefix(UNACCENTED), 1)
    return total


def _paraphrased(query: str, q: _Query) -> list[tuple[int, frozenset]]:
    """The question's phrases of `paraphrases.PARAPHRASE_GROUPS`: (group, the question's
    units the phrase is made of)."""
    tokens = paraphrases_module.tokens_of(query.lower())
    out = []
    for i, j, group in paraphrases_module.phrases_in(tokens, q.accented):
        keys = {(match_key(t, q.accented),) for t in tokens[i:j]}
        units = frozenset(u for u in q.units if keys & u)
        if units:
            out.append((group, units))
    return out


def support(
    query: str,
    passages: Sequence[str],
    *,
    frame_weight: float | None = None,
    paraphrases: bool = False,
) -> Support:
    """How well the passages hold the question: each word of the question (a word or an
    abbreviation's phrase, matched as `answer_sentences` matches them: accents kept when the
    question has any) weighs 1, a frame word (`FRAME_CLASSES`) `frame_weight` (default
    FRAME_WEIGHT); the largest weighted share one passage holds, and the words none holds.
    With `paraphrases`, a question's phrase of a group of `paraphrases.PARAPHRASE_GROUPS`
    ("chịu trách nhiệm") is held by a passage holding a phrase of that group ("chủ trì")."""
    if frame_weight is None:
        frame_weight = frames.FRAME_WEIGHT
    q = _query(query)
    asked = _paraphrased(query, q) if paraphrases else []
    frame = frame_words(query)
    framing = {u for u in q.units if all(s in frame for alt in u for s in alt)}
    weight = {u: frame_weight if u in framing else 1.0 for u in q.units}
    topic = [u for u in q.units if u not in framing]
    total = sum(weight.values())
    if not total:
        return Support(0, 1.0, 0 if passages else -1, (), (), frame_weight)
    held: list[set[frozenset[tuple[str, ...]]]] = []
    for text in passages:
        keys = [t for t, _, _ in match_tokens(unicodedata.normalize("NFC", text or ""), q.accented)]
        key_set = set(keys)
        matched = {u for u in q.units if _matches(u, keys, key_set)}
        for phrase_unit in matched & q.covers.keys():
            matched |= q.covers[phrase_unit]
        if asked:
            groups = paraphrases_module.groups_in(text or "", q.accented)
            for group, units in asked:
                if group in groups:
                    matched |= units
        held.append(matched)
    shares = [sum(weight[u] for u in m if u in weight) / total for m in held]
    best = max(range(len(shares)), key=lambda i: shares[i]) if shares else -1
    anywhere = set().union(*held) if held else set()

    def absent_units(units):
        return [u for u in units if u not in anywhere and not _unjudged(u, q.accented, query)]

    def absent(units):
        return tuple(" ".join(fold(x.removeprefix(UNACCENTED)) for x in min(u)) for u in units)

    framing_in_order = [u for u in q.units if u in framing]
    missing = absent_units(topic)
    return Support(
        len(topic),
        shares[best] if best >= 0 else 0.0,
        best,
        absent(missing),
        absent(absent_units(framing_in_order)) if frame_weight else (),
        frame_weight,
        _missing_words(missing, q.accented, query) if missing else 0.0,
    )


_ENDS = re.compile(r"[.;!?…][\"'”’)\]]*\s*$")  # a sentence, not a bare heading or lead-in


def answer_sentences(
    query: str,
    passages: Sequence[tuple[str, str] | tuple[str, str, str]],
    *,
    max_sentences: int = 3,
    rank_bonus: float = 0.05,
    fact_bonus: float | None = None,
    context_weight: float = 0.5,
    paraphrases: bool = False,
) -> list[AnswerSentence]:
    """The sentences that answer the query best, best first (see the module's docstring).

    A passage may come with a context, its heading ("2. Số phiếu cần đạt"): a query word
    found there and not in the sentence counts `context_weight` of its weight, so a sentence
    under the heading that names the topic is not outranked by one that repeats more words
    elsewhere. A question asking for a number, share, date or amount (`fact_kinds`) adds
    `fact_bonus` to the sentences holding one. With `paraphrases`, a question's phrase of a
    `paraphrases.PARAPHRASE_GROUPS` group ("trễ hạn") is held by a sentence saying another
    ("gửi chậm"), as `support` holds it."""
    q = _query(query)
    asked = _paraphrased(query, q) if paraphrases else []
    units = q.units
    if not units or not passages or max_sentences <= 0:
        return []
    scorer = _SentenceScorer(
        q=q,
        passages=passages,
        kinds=fact_kinds(query),
        fact_bonus=FACT_BONUS if fact_bonus is None else fact_bonus,
        context_weight=context_weight,
    )
    titles = defined_titles(query)
    n = len(passages)
    candidates: list[tuple[float, int, int, AnswerSentence]] = []
    seen: set[str] = set()
    for rank, (passage, (p_keys, p_set), in_context) in enumerate(
        zip(passages, scorer.passage_keys, scorer.context_sets, strict=True)
    ):
        passage_id, text = passage[0], passage[1]
        if not any(_matches(u, p_keys, p_set) for u in units) and not in_context:
            continue
        sentences = split_sentences(unicodedata.normalize("NFC", text or ""))
        for position, sentence in enumerate(sentences):
            keys = [t for t, _, _ in match_tokens(sentence, q.accented)]
            key_set = set(keys)
            matched = {u for u in units if _matches(u, keys, key_set)}
            if asked:
                held = paraphrases_module.groups_in(sentence, q.accented)
                matched |= {u for group, gu in asked if group in held for u in gu}
            if not matched:
                continue
            for phrase_unit in matched & q.covers.keys():
                matched |= q.covers[phrase_unit]
            dedupe = " ".join(fold(k.removeprefix(UNACCENTED)) for k in keys)
            if dedupe in seen:
                continue
            seen.add(dedupe)
            score, spans = scorer.score(sentence, keys, matched, in_context)
            score += rank_bonus * (1 - rank / n) + DEFINES_BONUS * defines(titles, sentence)
            answer = AnswerSentence(passage_id, sentence, round(score, 6), spans)
            candidates.append((-score, rank, position, answer))
    candidates.sort(key=lambda c: c[:3])
    return [c[3] for c in candidates[:max_sentences]]


class _SentenceScorer:
    """The query's words weighed over the passages (idf), and a sentence's score from them."""

    def __init__(self, *, q, passages, kinds, fact_bonus: float, context_weight: float):
        self.q, self.kinds = q, kinds
        self.fact_bonus, self.context_weight = fact_bonus, context_weight
        units = q.units
        self.passage_keys: list[tuple[list[str], set[str]]] = []
        self.context_sets: list[set] = []
        for passage in passages:
            text = passage[1]
            context = passage[2] if len(passage) > 2 else ""
            keys = [
                t for t, _, _ in match_tokens(unicodedata.normalize("NFC", text or ""), q.accented)
            ]
            self.passage_keys.append((keys, set(keys)))
            c_keys = [
                t
                for t, _, _ in match_tokens(unicodedata.normalize("NFC", context or ""), q.accented)
            ]
            self.context_sets.append({u for u in units if _matches(u, c_keys, set(c_keys))})
        n = len(passages)
        self.idf = {}
        for unit in units:
            df = sum(_matches(unit, keys, key_set) for keys, key_set in self.passage_keys)
            self.idf[unit] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        self.total = sum(self.idf.values())

    def score(self, sentence: str, keys: list[str], matched: set, in_context: set):
        """The sentence's score before the rank bonus, and the query's spans in it."""
        idf, pairs = self.idf, self.q.pairs
        from_context = in_context - matched
        covered = sum(idf[u] for u in matched) + self.context_weight * sum(
            idf[u] for u in from_context
        )
        coverage = covered / self.total if self.total else 0.0
        adjacent = set(zip(keys, keys[1:], strict=False))
        pair_share = sum(p in adjacent for p in pairs) / len(pairs) if pairs else 0.0
        score = coverage + 0.25 * pair_share
        if len(keys) > 60:  # a run-on sentence: the answer is somewhere inside
            score /= 1 + (len(keys) - 60) / 120
        bare_heading = len(keys) <= 15 and not _ENDS.search(sentence)
        if len(keys) <= 3 or bare_heading:
            score *= 0.7  # a bare heading names the topic but does not answer
        spans = _spans(self.q, sentence)
        if self.kinds and not (len(keys) <= 3 or bare_heading):
            facts = fact_spans(self.kinds[0], sentence)  # the most specific kind asked
            if facts:
                score += self.fact_bonus if _near(facts, spans) else self.fact_bonus / 2
        return score, spans
