"""Highlighted sentences that hold the fact (issue 14, point 4): how `answering.pick_sentences`
re-weighs its candidates (`thidua.nlp.choose`: a bonus for a sentence giving the kind of
answer asked, `answer_types`; a weight for a document's legal bases instead of leaving them
out), chosen by 5-fold cross-validation over the eight development files — the old set (its
dev and test parts), the fresh set (its two parts), the second to the seventh blind sets —
against the default (legal bases left out, no bonus) in the same run.

    TMPDIR=/tmp/h_span_tmp .venv/bin/python -m bench.assistant_span_cv [--reuse]

Never reads `assistant_qa_blind8.jsonl` (the next blind set). Every document or unanswerable
question (personal ones aside) is retrieved as its asker as `answering` asks it (a case as its
rule, `bench.assistant_case_cv`); the not-found decision (`answering.grounded`, the default) is
computed once, and for every variant the highlighted sentences, the slot check on them
(`answering.slotted`: it reads them) and whether they hold the gold span. Errors, as a user
meets them: a document question whose highlighted sentences do not hold its gold span
(refused included) and an unanswerable question answered. Out of fold: each fold's questions
decided by the variant with fewest errors on the other four, ties to the earlier in VARIANTS
(the default first). Folds: SHA-256 of the id mod 5, as every earlier CV.

`--years` (stage two, after the first run shipped its choice): the same with a sentence naming
a year the question does not name weighed by `other_year_weight`, against the shipped choice.

Rule, written before the run: a family ships when its out-of-fold errors are below the
default's by more than one (the gain of one judged noise in earlier sections); of those, the
family with fewest; the values shipped are that family's choice on all eight files (same
ties). Otherwise the default stays.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from typing import Any

import numpy as np

from bench import assistant_case_cv as case_cv
from bench import assistant_count_cv as count_cv
from bench import assistant_qa as qa
from bench import assistant_refusal_all as old
from bench.assistant_refusal import FOLDS
from thidua.nlp.choose import Choice

PARTS = (*count_cv.PARTS, "blind7")
WEIGHTS = (None, 1.0, 0.75, 0.5)
BONUSES = ((0.0, "all"), *((b, t) for t in ("all", "document") for b in (0.2, 0.4, 0.8, 1.6)))
PARAPHRASES = (False, True)
CONTEXTS = (0.5, 0.75, 1.0)


def _grid() -> list[Choice]:
    grid = [
        Choice(basis_weight=w, type_bonus=b, type_scope=t, paraphrases=p, context_weight=c)
        for w in WEIGHTS
        for b, t in BONUSES
        for p in PARAPHRASES
        for c in CONTEXTS
    ]
    default = Choice()
    # the default first, then by how many of its options a variant changes (ties: grid order)
    return sorted(grid, key=lambda v: sum(getattr(v, f) != getattr(default, f) for f in FIELDS))


FIELDS = ("basis_weight", "type_bonus", "paraphrases", "context_weight")
VARIANTS = _grid()
FAMILIES = {
    "default": VARIANTS[:1],
    "legal bases weighed": [v for v in VARIANTS if (v.type_bonus, v.paraphrases,
                            v.context_weight) == (0.0, False, 0.5)],
    "answer-type bonus, any kind": [v for v in VARIANTS if v.basis_weight is None
                                    and v.type_scope == "all" and not v.paraphrases
                                    and v.context_weight == 0.5],
    "answer-type bonus, a document's date or number": [
        v for v in VARIANTS if v.basis_weight is None and (v.type_scope == "document"
        or not v.type_bonus) and not v.paraphrases and v.context_weight == 0.5],
    "paraphrases": [v for v in VARIANTS if (v.basis_weight, v.type_bonus, v.context_weight)
                    == (None, 0.0, 0.5)],
    "context weight": [v for v in VARIANTS if (v.basis_weight, v.type_bonus, v.paraphrases)
                       == (None, 0.0, False)],
    "all": VARIANTS,
}  # fmt: skip


# Stage two (`--years`), after the first run shipped its choice (SHIPPED): a sentence naming a
# year the question does not name weighed by `other_year_weight`, with the first stage's basis
# weights and bonuses (paraphrases and context weight, not chosen, stay off).
SHIPPED = Choice(basis_weight=1.0, type_bonus=0.8, type_scope="document")  # at 156863b
YEARS = (1.0, 0.75, 0.5, 0.25)


def stage_two() -> None:
    global VARIANTS, FAMILIES, PARAPHRASES, CONTEXTS
    PARAPHRASES, CONTEXTS = (False,), (0.5,)
    grid = [
        Choice(basis_weight=w, type_bonus=b, type_scope=t, other_year_weight=y)
        for w in WEIGHTS
        for b, t in BONUSES
        for y in YEARS
    ]
    VARIANTS = [SHIPPED] + [v for v in grid if v != SHIPPED]
    FAMILIES = {
        "shipped (stage one)": [SHIPPED],
        "other years weighed": [replace(SHIPPED, other_year_weight=y) for y in YEARS],
        "all of stage two": VARIANTS,
    }


def questions() -> list[dict[str, Any]]:
    blind7 = qa.load_set(qa.DATA.parent / "assistant_qa_blind7.jsonl")
    return count_cv.questions() + [
        dict(i, part="blind7") for i in blind7 if i["kind"] != qa.PERSONAL
    ]


def outcomes(rows, corpus) -> dict[tuple, dict[str, np.ndarray]]:
    """For each variant: refused, span held (document questions), per question."""
    from thidua.assistant.answering import (
        SENTENCE_CANDIDATES,
        continuation,
        grounded,
        slotted,
    )
    from thidua.assistant.answering_gate import content_pairs
    from thidua.nlp.answer import answer_sentences
    from thidua.nlp.cases import rule_question
    from thidua.nlp.choose import choose_sentences

    base, cands = [], {}
    for r in rows:
        q, texts = r["item"]["question"], r["texts"]
        case = rule_question(r["written"]).is_case
        ok = bool(texts) and grounded(q, texts, r["scores"], corpus=corpus, case=case)
        base.append((ok, "can cu" in " ".join(content_pairs(q))))
    for p in PARAPHRASES:
        for c in CONTEXTS:
            cands[p, c] = [
                answer_sentences(q["item"]["question"], q["shown"], max_sentences=SENTENCE_CANDIDATES,
                                 paraphrases=p, context_weight=c) if ok else []
                for q, (ok, _a) in zip(rows, base, strict=True)
            ]  # fmt: skip
    out = {}
    for v in VARIANTS:
        refused, span = [], []
        for r, (ok, asks), cs in zip(rows, base, cands[v.paraphrases, v.context_weight],
                                     strict=True):  # fmt: skip
            item, q = r["item"], r["item"]["question"]
            picked = choose_sentences(
                q, cs, 3, basis_weight=v.basis_weight, type_bonus=v.type_bonus,
                type_scope=v.type_scope, asks_basis=asks,
                other_year_weight=v.other_year_weight,
            ) if ok else []  # fmt: skip
            texts = {pid: text for pid, text, _h in r["shown"]}
            sents = [
                s.text + " " + continuation(s.text, texts.get(s.passage_id, "")) for s in picked
            ]
            ok_v = ok and slotted(r["written"], sentences=sents, passages=list(r["cited"].values()))
            refused.append(not ok_v)
            gold = qa.norm(item.get("answer") or "")
            span.append(ok_v and item["kind"] == "document" and gold in qa.norm(" ".join(sents)))
        out[v] = {"refused": np.array(refused), "span": np.array(span)}
    return out


def errors(o, unans: np.ndarray) -> np.ndarray:
    return np.where(unans, ~o["refused"], ~o["span"])


def select(out, unans, folds, family) -> tuple[np.ndarray, list[tuple], tuple]:
    """Out-of-fold errors per question, each fold's choice, and the choice on all."""
    decided = np.zeros(len(unans), dtype=bool)
    chosen = []
    err = {v: errors(out[v], unans) for v in family}
    for fo in range(FOLDS):
        train = folds != fo
        best = min(family, key=lambda v: (int(err[v][train].sum()), family.index(v)))
        chosen.append(best)
        decided[folds == fo] = err[best][folds == fo]
    on_all = min(family, key=lambda v: (int(err[v].sum()), family.index(v)))
    return decided, chosen, on_all


def cells(rows, unans, refused, span, err) -> str:
    parts = [r["item"]["part"] for r in rows]
    out = []
    for part in (*PARTS, "all"):
        m = np.array([part in ("all", p) for p in parts])
        doc = m & ~unans
        out.append(
            f"{span[doc].mean():.3f} · {int(refused[doc].sum())} · "
            f"{int(refused[m & unans].sum())} · {int(err[m].sum())}"
        )
    return " | ".join(out)


def run() -> int:
    from thidua.assistant import index
    from thidua.assistant.answering import corpus_of

    started = time.perf_counter()
    rows = case_cv.retrieve(questions(), True)
    corpus = corpus_of(index.current().index)
    unans = np.array([r["item"]["kind"] == "unanswerable" for r in rows])
    folds = np.array([old.fold_of(r) for r in rows])
    print(f"{len(rows)} questions ({int((~unans).sum())} document, {int(unans.sum())} "
          f"unanswerable); retrieved in {time.perf_counter() - started:.0f} s")  # fmt: skip
    out = outcomes(rows, corpus)
    print(f"variants scored in {time.perf_counter() - started:.0f} s")
    print("cells: span in answer (document) · answerable refused · unanswerable refused · "
          "errors; columns:", *PARTS, "all")  # fmt: skip
    for v in VARIANTS:
        o = out[v]
        if len(VARIANTS) <= 30 or any(v in fam for fam in list(FAMILIES.values())[:-1]):
            print(f"fixed {_name(v)}: "
                  + cells(rows, unans, o["refused"], o["span"], errors(o, unans)))  # fmt: skip
    for name, family in FAMILIES.items():
        decided, chosen, on_all = select(out, unans, folds, family)
        refused = np.zeros(len(rows), bool)
        span = np.zeros(len(rows), bool)
        for fo in range(FOLDS):
            m = folds == fo
            refused[m], span[m] = out[chosen[fo]]["refused"][m], out[chosen[fo]]["span"][m]
        print(f"out of fold, {name} (folds chose {[_name(c) for c in chosen]}; on all "
              f"{_name(on_all)}): "
              + cells(rows, unans, refused, span, decided))  # fmt: skip
    _listing(rows, out, unans)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def _listing(rows, out, unans) -> None:
    """The questions whose outcome the whole grid's choice on all changes."""
    _d, _c, on_all = select(out, unans, np.zeros(len(rows), int) - 1, VARIANTS)
    before, after = errors(out[VARIANTS[0]], unans), errors(out[on_all], unans)
    print(f"changed by {_name(on_all)} (+ now right, - now wrong):")
    for r, b, a in zip(rows, before, after, strict=True):
        if b != a:
            print(f"  {'+' if b else '-'} {r['item']['id']}: {r['written']}")


def _name(v: Choice) -> str:
    return (f"basis {v.basis_weight}, bonus {v.type_bonus} {v.type_scope}, paraphrases "
            f"{v.paraphrases}, context {v.context_weight}, other years {v.other_year_weight}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--years", action="store_true", help="stage two: other years weighed")
    args = parser.parse_args()
    if args.years:
        stage_two()
    qa.setup(args.reuse)
    return run()


if __name__ == "__main__":
    sys.exit(main())
