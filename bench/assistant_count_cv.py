"""Counts and years in the slot check (issue 14, point 4): whether `answering.SLOT_KINDS` also
asks "count" (a number of the thing a "bao nhiêu / mấy" question names: "bao nhiêu ngày",
"mấy phó chủ tịch", "bao nhiêu phần trăm") and "year" ("từ năm nào"), and where
(`answering.SLOT_SCOPE`), chosen by 5-fold cross-validation over the seven development files
— the old set (its dev and test parts), the fresh set (its two parts), the second to the sixth
blind sets — against the procedure shipped before (`BY_CASE`, frame words "optional", the three
first slots on the highlighted sentences) retuned in the same folds.

    TMPDIR=/tmp/h_ent_tmp .venv/bin/python -m bench.assistant_count_cv [--reuse]

Never reads `assistant_qa_blind7.jsonl` (the next blind set). Every document or unanswerable
question (personal ones aside) is retrieved as its asker as `answering` asks it (a case as its
rule) and `BY_CASE`'s evidence computed (`bench.assistant_case_cv`); the gate with
`GATE_FRAMES = "optional"`. For each slot variant (the kinds asked × the scope) every threshold
variant of the earlier grid is scored per fold (an answerable question refused and an
unanswerable one answered count alike). Out of fold: each fold's questions decided by the
variant with fewest errors on the other four, ties to the simplest (the first slots, then the
highlighted sentences, then a margin, a higher ratio). Folds: SHA-256 of the id mod 5, as every
earlier CV. Rule: the change ships when its family makes fewer errors out of fold than the
baseline family by more than one. The script checks that its features decide as
`answering.grounded` does, and lists the questions each fixed variant decides otherwise than
the default before (the first three slots).
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
from bench import assistant_slot_cv as slot_cv
from bench.assistant_refusal import FOLDS
from bench.assistant_refusal_entities import PAIRS, _pair_order
from bench.assistant_refusal_idf import RATIOS
from bench.assistant_refusal_idf import line as idf_line

PARTS = (*slot_cv.PARTS, "blind6")
FIRST = ("people", "frequency", "weekday")
# (kinds, scope): the shipped one first.
VARIANTS = (
    (FIRST, "sentences"),
    ((*FIRST, "measure"), "sentences"),
    ((*FIRST, "count"), "sentences"),
    ((*FIRST, "year"), "sentences"),
    ((*FIRST, "measure", "count"), "sentences"),
    ((*FIRST, "measure", "count", "year"), "sentences"),
    ((*FIRST, "measure"), "shown"),
    ((*FIRST, "measure", "count"), "shown"),
)


def questions() -> list[dict[str, Any]]:
    blind6 = qa.load_set(qa.DATA.parent / "assistant_qa_blind6.jsonl")
    return slot_cv.questions() + [
        dict(i, part="blind6") for i in blind6 if i["kind"] != qa.PERSONAL
    ]


def slot_of(rows, kinds, scope) -> np.ndarray:
    """Where the slot check refuses with these kinds and scope."""
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
        ok = slotted(r["written"], sentences=sentences, passages=list(r["cited"].values()),
                     scope=scope, kinds=kinds)  # fmt: skip
        out.append(not ok)
    return np.array(out)


def features(rows, corpus) -> dict[str, Any]:
    f: dict[str, Any] = dict(case_cv.evidence(rows, corpus))
    f["gate"] = slot_cv.gate_of(rows, "optional")
    f["slots"] = {v: slot_of(rows, *v) for v in VARIANTS}
    return f


def fixed_part(f, variant) -> np.ndarray:
    return f["unheld"] | (f["gate"] & ~f["case"]) | f["slots"][variant]


def decide(f, v) -> np.ndarray:
    (variant, ratio), s_, m_, s2, m2 = v
    sharp = f["clear"] >= ratio if ratio is not None else np.zeros(len(f["clear"]), bool)
    s_eff, m_eff = np.where(sharp, s2, s_), np.where(sharp, m2, m_)
    r = (f["clause"] < s_eff - 1e-9) | (f["missing"] >= m_eff - 1e-9)
    return r | fixed_part(f, variant)


def simplicity(block) -> tuple:
    variant, ratio = block
    return (VARIANTS.index(variant), ratio is None, -(ratio or 99))


def select(f, truth, folds, families):
    onehot = np.stack([folds == k for k in range(FOLDS)], axis=1).astype(np.int64)
    best: dict[str, list] = {name: [None] * FOLDS for name in families}
    base = np.stack([(f["clause"] < s - 1e-9) | (f["missing"] >= m - 1e-9) for s, m in PAIRS])
    for variant in VARIANTS:
        refused = base | fixed_part(f, variant)[None, :]
        wrong = (refused != truth[None, :]).astype(np.int64)
        for ratio in RATIOS:
            block = (variant, ratio)
            keep = [name for name, ok in families.items() if ok(variant)]
            if not keep:
                continue
            order = _pair_order(ratio)
            k1 = np.array([c[0] for c in order])
            k2 = np.array([c[1] for c in order])
            if ratio is None:
                per = (wrong @ onehot)[k1]
            else:
                c = (f["clear"] >= ratio).astype(np.int64)
                per = ((wrong * (1 - c)[None, :]) @ onehot)[k1] + ((wrong * c[None, :]) @ onehot)[
                    k2
                ]
            total = per.sum(axis=1)
            for fo in range(FOLDS):
                train = total - per[:, fo]
                i = int(np.argmin(train))
                (s_, m_), (s2, m2) = PAIRS[order[i][0]], PAIRS[order[i][1]]
                entry = (int(train[i]), simplicity(block), i, (block, s_, m_, s2, m2))
                for name in keep:
                    if best[name][fo] is None or entry[:3] < best[name][fo][:3]:
                        best[name][fo] = entry
    return best


def _name(variant) -> str:
    kinds, scope = variant
    extra = [k for k in kinds if k not in FIRST]
    return f"first slots{' + ' + ' + '.join(extra) if extra else ''} on {scope}"


FAMILIES: dict[str, Any] = {
    "baseline: the shipped procedure (first slots on the sentences)": lambda v: v == VARIANTS[0],
    **{f"{_name(v)}, fixed": (lambda v0: lambda v: v == v0)(v) for v in VARIANTS[1:]},
    "count/year chosen in fold (every variant)": lambda v: True,
}


def run() -> int:
    from thidua.assistant import answering, answering_gate, index
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
    print(f"features in {time.perf_counter() - started:.0f} s")
    print("cells: answerable refused · unanswerable refused · errors; columns:", *PARTS, "all")
    d = BY_CASE
    assert answering_gate.GATE_FRAMES == "optional" and answering.SLOT_SCOPE == "sentences"
    shipped = ((VARIANTS[0], d.clear_ratio), d.min_clause, d.max_missing,
               d.clear_min_clause, d.clear_max_missing)  # fmt: skip
    check = decide(f, shipped)
    f["slots"][None] = np.zeros(len(rows), bool)
    no_slot = decide(f, ((None, d.clear_ratio), *shipped[1:]))
    for i, r in enumerate(rows):  # the features decide as `answering.grounded` does
        ok = grounded(r["item"]["question"], r["texts"], r["scores"], decision=d,
                      corpus=corpus, case=bool(f["case"][i]))  # fmt: skip
        assert ok != no_slot[i], r["item"]["id"]
    assert tuple(answering.SLOT_KINDS) in {v[0] for v in VARIANTS}
    print(line("the default before (first slots), fixed thresholds", check))
    for v in VARIANTS[1:]:
        print(line(f"fixed thresholds, {_name(v)}", decide(f, ((v, d.clear_ratio), *shipped[1:]))))
    best = select(f, truth, folds, FAMILIES)
    print(f"grid scored in {time.perf_counter() - started:.0f} s")
    for name in FAMILIES:
        print(f"{name}:")
        decided = np.zeros(len(rows), dtype=bool)
        for fo in range(FOLDS):
            train, _s, _i, v = best[name][fo]
            print(f"  fold {fo}: {_name(v[0][0])}, ratio {v[0][1]}, {v[1:]} ({train} errors)")
            decided[folds == fo] = decide(f, v)[folds == fo]
        print(line(f"out of fold, {name}", decided))
    for v in VARIANTS[1:]:
        _listing(rows, decide(f, ((v, d.clear_ratio), *shipped[1:])), check, _name(v))
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def _listing(rows, new: np.ndarray, base: np.ndarray, label: str) -> None:
    case_cv.print_changes(
        rows, new, base, heading=f"decided otherwise than the default before with {label}:"
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
