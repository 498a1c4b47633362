"""A document's number in the not-found decision (issue 14, point 4): whether the entity check
of `answering.BY_CASE` (the question's awards and years held by the answering passage) also
requires the documents' numbers the question names ("Nghị định 91/2017/NĐ-CP …", "Nghị quyết
52-NQ/TW …": `thidua.nlp.entities`, kind "reference"), chosen by 5-fold cross-validation over
the eight development files against the default in the same run.

    TMPDIR=/tmp/h_span_tmp .venv/bin/python -m bench.assistant_reference_cv [--reuse]

Never reads `assistant_qa_blind8.jsonl`. The questions, retrieval and errors are
`bench.assistant_span_cv`'s (a document question whose highlighted sentences miss its gold
span, refused included, and an unanswerable question answered), with the default sentence
choice (`answering.SENTENCE_CHOICE`) and the default's thresholds. Folds: SHA-256 of the id
mod 5; each fold decided by the variant with fewest errors on the other four, ties to the
default. Rule, written before the run: the variant ships when its out-of-fold errors are below
the default's by more than one.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

import numpy as np

from bench import assistant_case_cv as case_cv
from bench import assistant_qa as qa
from bench import assistant_refusal_all as old
from bench import assistant_span_cv as span_cv
from bench.assistant_refusal import FOLDS

KINDS = (("award", "year"), ("award", "year", "reference"))


def outcomes(rows, corpus) -> dict[tuple, dict[str, np.ndarray]]:
    from thidua.assistant.answering import BY_CASE, continuation, grounded, pick_sentences, slotted
    from thidua.nlp.cases import rule_question

    out = {}
    for kinds in KINDS:
        d = replace(BY_CASE, entity_kinds=kinds)
        refused, span = [], []
        for r in rows:
            item, q = r["item"], r["item"]["question"]
            case = rule_question(r["written"]).is_case
            ok = bool(r["texts"]) and grounded(
                q, r["texts"], r["scores"], decision=d, corpus=corpus, case=case
            )
            picked = pick_sentences(q, r["shown"]) if ok else []
            texts = {pid: text for pid, text, _h in r["shown"]}
            sents = [
                s.text + " " + continuation(s.text, texts.get(s.passage_id, "")) for s in picked
            ]
            ok = ok and slotted(r["written"], sentences=sents, passages=list(r["cited"].values()))
            refused.append(not ok)
            gold = qa.norm(item.get("answer") or "")
            span.append(ok and item["kind"] == "document" and gold in qa.norm(" ".join(sents)))
        out[kinds] = {"refused": np.array(refused), "span": np.array(span)}
    return out


def run() -> int:
    from thidua.assistant import answering, index
    from thidua.assistant.answering import corpus_of

    started = time.perf_counter()
    rows = case_cv.retrieve(span_cv.questions(), True)
    corpus = corpus_of(index.current().index)
    unans = np.array([r["item"]["kind"] == "unanswerable" for r in rows])
    folds = np.array([old.fold_of(r) for r in rows])
    print(f"{len(rows)} questions; default entity kinds {answering.DECISION.entity_kinds}")
    out = outcomes(rows, corpus)
    print("cells: span in answer (document) · answerable refused · unanswerable refused · "
          "errors; columns:", *span_cv.PARTS, "all")  # fmt: skip
    for kinds in KINDS:
        o = out[kinds]
        errs = span_cv.errors(o, unans)
        print(f"fixed {kinds}: " + span_cv.cells(rows, unans, o["refused"], o["span"], errs))
    decided, chosen, on_all = span_cv.select(out, unans, folds, list(KINDS))
    refused = np.zeros(len(rows), bool)
    span = np.zeros(len(rows), bool)
    for fo in range(FOLDS):
        m = folds == fo
        refused[m], span[m] = out[chosen[fo]]["refused"][m], out[chosen[fo]]["span"][m]
    print(f"out of fold (folds chose {chosen}; on all {on_all}): "
          + span_cv.cells(rows, unans, refused, span, decided))  # fmt: skip
    before, after = (span_cv.errors(out[k], unans) for k in KINDS)
    for r, b, a in zip(rows, before, after, strict=True):
        if b != a:
            print(f"  {'+' if b else '-'} {r['item']['id']}: {r['written']}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    qa.setup(parser.parse_args().reuse)
    return run()


if __name__ == "__main__":
    sys.exit(main())
