"""The gate's frame words and the narrow slot check (issue 14, point 4), each chosen by 5-fold
cross-validation over the six development files — the old set (its dev and test parts), the
fresh set (its two parts), the second to the fifth blind sets — against `BY_CASE`'s own
procedure retuned in the same folds.

    TMPDIR=/tmp/h_asst_tmp .venv/bin/python -m bench.assistant_slot_cv [--reuse]

Never reads `assistant_qa_blind6.jsonl` (the next blind set). Every document or unanswerable
question (personal ones aside) is retrieved as its asker as `answering` asks it (a case as its
rule, `thidua.nlp.cases`), and `BY_CASE`'s evidence computed (`bench.assistant_case_cv`: the
weighed clause share and missing share, the award/year check, the margin). Two changes:

- (a) the gate's frame words (`answering_gate.GATE_FRAMES`): "count" (as shipped), "optional"
  (a frame word counts only where the passage holds it) or "aside" (never counts);
- (b) the slot check (`answering.SLOT_SCOPE`, `thidua.nlp.slots`): off, held by the
  highlighted sentences, or by the cited passages.

Every combination with every threshold variant of `assistant_case_cv`'s grid (the method of
`BY_CASE` fixed: cases as rules, the gate not for cases, the award/year check) is scored per
fold (an answerable question refused and an unanswerable one answered count alike). Out of
fold: each fold's questions decided by the variant with fewest errors on the other four, ties
to the simplest (as shipped first: frame words counted, no slot check; then a margin, a higher
ratio). Folds: SHA-256 of the id mod 5, as every earlier CV. A change ships when its family
makes fewer errors out of fold than the baseline family (`BY_CASE`'s procedure) by more than one.
The script checks that its features decide as `answering.grounded` (and `answering.slotted`)
do, and lists the questions each fixed change decides otherwise than `BY_CASE` as shipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import numpy as np

from bench import assistant_case_cv as case_cv
from bench import assistant_qa as qa
from bench import assistant_refusal_all as old
from bench.assistant_refusal import FOLDS
from bench.assistant_refusal_entities import PAIRS, _pair_order
from bench.assistant_refusal_idf import RATIOS
from bench.assistant_refusal_idf import line as idf_line

PARTS = (*case_cv.PARTS, "blind5")
FRAMES = ("count", "optional", "aside")
SLOTS = (None, "sentences", "shown")


def questions() -> list[dict[str, Any]]:
    blind5 = qa.load_set(qa.DATA.parent / "assistant_qa_blind5.jsonl")
    return case_cv.questions() + [
        dict(i, part="blind5") for i in blind5 if i["kind"] != qa.PERSONAL
    ]


def gate_of(rows, frames: str) -> np.ndarray:
    """Where the gate refuses (`supports` with these frame words, the money check)."""
    from thidua.assistant.answering_gate import supports
    from thidua.nlp.answer import fact_kinds, holds_fact

    out = []
    for r in rows:
        q, texts = r["item"]["question"], r["texts"]
        money = "money" in fact_kinds(q) and not any(holds_fact("money", t) for t in texts)
        out.append(not texts or money or not any(supports(q, t, frames) for t in texts[:3]))
    return np.array(out)


def slot_of(rows, scope: str) -> np.ndarray:
    """Where the slot check refuses: the question (as written) asks a slot its answer lacks."""
    from thidua.assistant.answering import continuation, pick_sentences, slotted

    out = []
    for r in rows:
        if not r["texts"]:
            out.append(False)
            continue
        picked = pick_sentences(r["item"]["question"], r["shown"])
        texts = {pid: text for pid, text, _h in r["shown"]}
        sentences = [
            s.text + " " + continuation(s.text, texts.get(s.passage_id, "")) for s in picked
        ]
        ok = slotted(
            r["written"], sentences=sentences, passages=list(r["cited"].values()), scope=scope
        )
        out.append(not ok)
    return np.array(out)


def features(rows, corpus) -> dict[str, Any]:
    f: dict[str, Any] = dict(case_cv.evidence(rows, corpus))
    f["gates"] = {v: gate_of(rows, v) for v in FRAMES}
    f["slots"] = {v: (slot_of(rows, v) if v else np.zeros(len(rows), bool)) for v in SLOTS}
    return f


def fixed_part(f, frames, slot) -> np.ndarray:
    """The refusals that do not depend on the thresholds."""
    return f["unheld"] | (f["gates"][frames] & ~f["case"]) | f["slots"][slot]


def decide(f, v) -> np.ndarray:
    (frames, slot, ratio), s_, m_, s2, m2 = v
    sharp = f["clear"] >= ratio if ratio is not None else np.zeros(len(f["clear"]), bool)
    s_eff, m_eff = np.where(sharp, s2, s_), np.where(sharp, m2, m_)
    r = (f["clause"] < s_eff - 1e-9) | (f["missing"] >= m_eff - 1e-9)
    return r | fixed_part(f, frames, slot)


def simplicity(block) -> tuple:
    frames, slot, ratio = block
    return (FRAMES.index(frames), SLOTS.index(slot), ratio is None, -(ratio or 99))


def select(f, truth, folds, families):
    onehot = np.stack([folds == k for k in range(FOLDS)], axis=1).astype(np.int64)
    best: dict[str, list] = {name: [None] * FOLDS for name in families}
    best_all: dict[str, Any] = dict.fromkeys(families)
    base = np.stack([(f["clause"] < s - 1e-9) | (f["missing"] >= m - 1e-9) for s, m in PAIRS])
    for frames in FRAMES:
        for slot in SLOTS:
            refused = base | fixed_part(f, frames, slot)[None, :]
            wrong = (refused != truth[None, :]).astype(np.int64)
            for ratio in RATIOS:
                block = (frames, slot, ratio)
                keep = [name for name, ok in families.items() if ok(block)]
                if not keep:
                    continue
                order = _pair_order(ratio)
                k1 = np.array([c[0] for c in order])
                k2 = np.array([c[1] for c in order])
                if ratio is None:
                    per = (wrong @ onehot)[k1]
                else:
                    c = (f["clear"] >= ratio).astype(np.int64)
                    per = ((wrong * (1 - c)[None, :]) @ onehot)[k1] + (
                        (wrong * c[None, :]) @ onehot
                    )[k2]
                total = per.sum(axis=1)
                for fo in [*range(FOLDS), None]:
                    train = total if fo is None else total - per[:, fo]
                    i = int(np.argmin(train))
                    (s_, m_), (s2, m2) = PAIRS[order[i][0]], PAIRS[order[i][1]]
                    entry = (int(train[i]), simplicity(block), i, (block, s_, m_, s2, m2))
                    for name in keep:
                        slot_ = best_all if fo is None else best[name]
                        key = name if fo is None else fo
                        if slot_[key] is None or entry[:3] < slot_[key][:3]:
                            slot_[key] = entry
    return best, best_all


FAMILIES = {
    "baseline: BY_CASE's procedure (frame words counted, no slot check)": lambda b: (
        b[:2] == ("count", None)
    ),
    "(a) frame words in the gate chosen in fold": lambda b: b[1] is None,
    "(a) frame words optional, fixed": lambda b: b[:2] == ("optional", None),
    "(a) frame words aside, fixed": lambda b: b[:2] == ("aside", None),
    "(b) slot check chosen in fold": lambda b: b[0] == "count",
    "(b) slot check on sentences, fixed": lambda b: b[:2] == ("count", "sentences"),
    "(b) slot check on cited passages, fixed": lambda b: b[:2] == ("count", "shown"),
    "(a) and (b) chosen in fold": lambda b: True,
}


def run() -> int:
    from thidua.assistant import index
    from thidua.assistant.answering import BY_CASE, corpus_of, grounded

    started = time.perf_counter()
    rows = case_cv.retrieve(questions(), True)
    corpus = corpus_of(index.current().index)
    _ROWS[:] = rows
    truth = np.array([r["item"]["kind"] == "unanswerable" for r in rows])
    folds = np.array([old.fold_of(r) for r in rows])
    print(f"{len(rows)} questions ({int((~truth).sum())} document, {int(truth.sum())} "
          f"unanswerable); {corpus.n_docs} passages; retrieved in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    f = features(rows, corpus)
    asked = sum(1 for r in rows if _slot(r["written"]))
    print(f"questions asking a slot: {asked}; features in {time.perf_counter() - started:.0f} s")
    print("cells: answerable refused · unanswerable refused · errors; columns:", *PARTS, "all")
    from thidua.assistant import answering, answering_gate

    d = BY_CASE
    shipped = (("count", None, d.clear_ratio), d.min_clause, d.max_missing,
               d.clear_min_clause, d.clear_max_missing)  # fmt: skip
    gate_now = ((answering_gate.GATE_FRAMES, None, d.clear_ratio), *shipped[1:])
    check = decide(f, gate_now)
    for i, r in enumerate(rows):  # the features decide as `answering.grounded` does
        ok = grounded(r["item"]["question"], r["texts"], r["scores"], decision=d,
                      corpus=corpus, case=bool(f["case"][i]))  # fmt: skip
        assert ok != check[i], r["item"]["id"]
    now = ((answering_gate.GATE_FRAMES, answering.SLOT_SCOPE, d.clear_ratio), *shipped[1:])
    print(line(f"BY_CASE as shipped now, {now[0][:2]}", decide(f, now)))
    check = decide(f, shipped)
    print(line("BY_CASE as shipped before (fixed; in sample on the first seven parts)", check))
    for frames in FRAMES:
        for slot in SLOTS:
            if (frames, slot) == ("count", None):
                continue
            v = ((frames, slot, d.clear_ratio), *shipped[1:])
            print(line(f"BY_CASE fixed, frame words {frames}, slot check {slot}", decide(f, v)))
    best, best_all = select(f, truth, folds, FAMILIES)
    print(f"grid scored in {time.perf_counter() - started:.0f} s")
    for name in FAMILIES:
        print(f"{name}:")
        decided = np.zeros(len(rows), dtype=bool)
        for fo in range(FOLDS):
            train, _s, _i, v = best[name][fo]
            print(f"  fold {fo}: {v} ({train} errors on the other folds)")
            decided[folds == fo] = decide(f, v)[folds == fo]
        print(line(f"out of fold, {name}", decided))
        train, _s, _i, v = best_all[name]
        print(f"  chosen on all: {v} ({train} errors in sample)")
    for frames, slot in (
        ("optional", None),
        ("aside", None),
        ("count", "sentences"),
        ("count", "shown"),
    ):
        _listing(rows, decide(f, ((frames, slot, d.clear_ratio), *shipped[1:])), check,
                 f"frame words {frames}, slot check {slot}")  # fmt: skip
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def _slot(question: str) -> str | None:
    from thidua.nlp.slots import asked_slot

    return asked_slot(question)


def _listing(rows, new: np.ndarray, base: np.ndarray, label: str) -> None:
    case_cv.print_changes(
        rows, new, base, heading=f"decided otherwise than BY_CASE as shipped with {label}:"
    )


def line(label: str, refused: np.ndarray) -> str:
    return idf_line(label, _ROWS, refused, parts=PARTS)


_ROWS: list[dict[str, Any]] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    qa.setup(parser.parse_args().reuse)
    return run()


if __name__ == "__main__":
    sys.exit(main())
