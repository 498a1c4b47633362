"""How much of what a question asks a passage's clause answers, each word weighed by how
much it says in the corpus (issue 14, point 4: the not-found decision).

The word-presence decisions (`answer.support`) refuse a question for any topic word no passage
holds, however little it says: "chị em", "năm ngoái", "lúc này" of a question people really
type refuse it as surely as "Huân chương" of a near miss. Here each topic word of the question
weighs its inverse document frequency over the index's whole corpus (the caller gives the
frequencies: `df(alternative) -> passages holding it`, `n_docs`):

- a word in nearly every passage ("thi", "đua" in a corpus of emulation rules) weighs little;
- a word in no passage weighs `absent` times the weight of a word in one passage: the corpus
  cannot answer about it, but neither can it tell a colloquial word from a missing topic, so
  how much such a word counts is a parameter (chosen by cross-validation, `bench.
  assistant_refusal_idf`); with `named`, a word the question writes with a capital letter
  (not its first word: "Huân chương", "Chủ tịch nước", "Nghệ sĩ") weighs the rarest weight
  when absent — a name of a thing the corpus does not hold, not a colloquial word;
- frame words (`frames.FRAME_CLASSES`) weigh nothing, as in `support`.

Evidence, for the first `top` passages (each given as (context, body): its document title and
heading, and its text): the best weighted share of the question one *clause* holds (a sentence
of the body, cut again at ";"; a word found only in the passage's context counts `context`);
the best weighted share one whole passage holds; and the weighted share of the words no
retrieved passage holds (words absent from the corpus aside: their absence is already in
their weight). Words are matched as `answer.support` matches them (accents kept when the
question has any; an abbreviation's phrase; with `paraphrases`, a phrase of the same
`paraphrases.PARAPHRASE_GROUPS` group). Pure Python, no Django.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from thidua.nlp import paraphrases as paraphrases_module
from thidua.nlp.answer import _matches, _paraphrased, _query, _unjudged
from thidua.nlp.frames import frame_words
from thidua.nlp.text import fold, split_sentences
from thidua.nlp.words import TOKEN, UNACCENTED, match_tokens

__all__ = ["Weighed", "clauses", "idf", "weighed_support"]

_CLAUSE_BREAK = re.compile(r";\s+")


@dataclass(frozen=True)
class Weighed:
    """The question's informative weight and how much of it the passages hold."""

    total: float  # the question's topic words' weight
    best_clause: float  # the largest share one clause holds (with its passage's context)
    best_passage: float  # the largest share one whole passage (context and body) holds
    missing: float  # the share held by no retrieved passage (corpus-absent words aside)
    clause: str = ""  # that clause
    passage: int = -1  # the rank of its passage


def idf(df: int, n_docs: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def clauses(body: str) -> list[str]:
    """The sentences of a passage's text, each cut again at "; " (the items of a rule)."""
    out = []
    for sentence in split_sentences(body or ""):
        out += [c.strip() for c in _CLAUSE_BREAK.split(sentence) if c.strip()]
    return out


def _unit_df(unit: frozenset[tuple[str, ...]], df: Callable[[tuple[str, ...]], int]) -> int:
    """A word's document frequency: of its exact forms when it has any (a question with
    diacritics: "cờ" is not "có"), of the most frequent alternative (an abbreviation or its
    phrase); a phrase's, that of its rarest syllable. A form is exact when one of its
    syllables is written with diacritics: the phrase of "LĐTT", "lao động tiên tiến", is,
    though "lao" has none (so an abbreviation the corpus spells out never weighs as absent)."""
    exact = [alt for alt in unit if not all(s.startswith(UNACCENTED) for s in alt)]
    return max(min(df(alt[i : i + 1]) for i in range(len(alt))) for alt in exact or unit)


def _capitalised(query: str) -> set[str]:
    """The folded words a question writes with a capital letter, its first word aside."""
    tokens = list(TOKEN.finditer(query or ""))[1:]
    return {fold(t.group(0).lower()) for t in tokens if t.group(0)[:1].isupper()}


def _held(q, units: set, text: str, asked) -> set:
    keys = [t for t, _, _ in match_tokens(unicodedata.normalize("NFC", text or ""), q.accented)]
    key_set = set(keys)
    matched = {u for u in units if _matches(u, keys, key_set)}
    for phrase_unit in matched & q.covers.keys():
        matched |= q.covers[phrase_unit]
    if asked:
        groups = paraphrases_module.groups_in(text or "", q.accented)
        for group, members in asked:
            if group in groups:
                matched |= members
    return matched & units


def weighed_support(
    query: str,
    passages: Sequence[tuple[str, str]],
    *,
    df: Callable[[tuple[str, ...]], int],
    n_docs: int,
    absent: float = 0.5,
    context: float = 0.5,
    paraphrases: bool = True,
    top: int = 3,
    named: bool = False,
) -> Weighed:
    """The evidence described in the module docstring; `passages` best first, as (context,
    body). A question whose words all weigh nothing holds nothing (shares 0)."""
    q = _query(query)
    asked = _paraphrased(query, q) if paraphrases else []
    frame = frame_words(query)
    topic = [u for u in q.units if not all(s in frame for alt in u for s in alt)]
    rarest = idf(0, max(n_docs, 1))
    capitals = _capitalised(query) if named else set()
    weight: dict[frozenset, float] = {}
    in_corpus: dict[frozenset, bool] = {}
    for u in topic:
        n = _unit_df(u, df)
        in_corpus[u] = n > 0
        if n > 0:
            weight[u] = idf(n, n_docs)
        else:
            name = any(fold(a[0].removeprefix(UNACCENTED)) in capitals for a in u)
            weight[u] = rarest if name else absent * rarest
    total = sum(weight.values())
    if total <= 0 or not passages:
        return Weighed(total, 0.0, 0.0, 1.0 if total > 0 else 0.0)
    units = set(topic)
    best_clause, best_passage, best_text, best_rank = 0.0, 0.0, "", -1
    anywhere: set = set()
    for rank, (ctx, body) in enumerate(passages):
        around = _held(q, units, ctx, asked)
        whole = around | _held(q, units, body, asked)
        anywhere |= whole
        if rank >= top:
            continue
        best_passage = max(best_passage, sum(weight[u] for u in whole) / total)
        for clause in clauses(body) or [""]:
            inside = _held(q, units, clause, asked)
            share = (
                sum(weight[u] for u in inside) + context * sum(weight[u] for u in around - inside)
            ) / total
            if share > best_clause:
                best_clause, best_text, best_rank = share, clause, rank
    missing = sum(
        weight[u]
        for u in topic
        if in_corpus[u] and u not in anywhere and not _unjudged(u, q.accented, query)
    )
    return Weighed(total, best_clause, best_passage, missing / total, best_text, best_rank)
