"""The weighed not-found decision with the named-entity check (`answering.WeighedDecision.
entities`, `thidua.nlp.entities`; issue 14, point 4), chosen by 5-fold cross-validation over
all six development parts — the old set's dev and test parts, the fresh set's two parts, the
second and the third blind sets — against `BY_WEIGHT` as shipped and against the weighed
procedure without the check, retuned in the same folds.

    TMPDIR=/tmp/qa_tmp .venv/bin/python -m bench.assistant_refusal_entities [--reuse]

Never reads `assistant_qa_blind4.jsonl` (the next blind set). Every document or unanswerable
question (personal ones aside) is retrieved once as its asker. For each method (`absent`,
`context`, `top`; paraphrases on and `named` off, as every fold of the earlier run chose) the
evidence of `weighed_support` is computed once, with, for each entity option (off, or a scope
— the answering clause, its passage, the first `top` passages — and the kinds checked), whether
the question's entities are held. Every threshold variant (`min_clause`, `max_missing`, a
margin ratio with its own laxer pair or none, the gate on or off) is scored per fold (an
answerable question refused and an unanswerable one answered count alike). Out of fold: each
fold's questions decided by the variant with fewest errors on the other four, ties to the
simplest (no entity check, no margin, no gate, context 0.5, absent 0.5, top 3, a higher ratio,
a smaller relaxation, thresholds nearest the grid's middle). Folds: SHA-256 of the id mod 5.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from typing import Any

import numpy as np

from bench import assistant_qa as qa
from bench import assistant_refusal_all as old
from bench.assistant_refusal import FOLDS
from bench.assistant_refusal_idf import ABSENT, CLAUSE, CONTEXT, MISSING, RATIOS, TOPS, gates
from bench.assistant_refusal_idf import line as idf_line

PARTS = ("dev", "test", "fresh-dev", "fresh-test", "blind2", "blind3")
KIND_SETS = (
    ("award",),
    ("award", "year"),
    ("award", "year", "number"),
    ("award", "year", "body"),
    ("award", "year", "number", "body"),
)
ENTITY_OPTIONS = [None] + [(s, k) for s in ("clause", "passage", "top") for k in KIND_SETS]


def questions() -> list[dict[str, Any]]:
    from bench.assistant_refusal_idf import questions as five

    items = five()
    blind3 = qa.load_set(qa.DATA.parent / "assistant_qa_blind3.jsonl")
    return items + [dict(i, part="blind3") for i in blind3 if i["kind"] != qa.PERSONAL]


def evidence(rows, corpus, absent, context, top) -> dict[str, Any]:
    from thidua.assistant.answering import _context_and_body
    from thidua.nlp.entities import entities_held
    from thidua.nlp.weighed import weighed_support

    clause, missing = [], []
    unheld = {opt: [] for opt in ENTITY_OPTIONS if opt is not None}
    for r in rows:
        if not r["texts"]:
            clause.append(0.0)
            missing.append(1.0)
            for v in unheld.values():
                v.append(True)
            continue
        q = r["item"]["question"]
        passages = [_context_and_body(t) for t in r["texts"]]
        w = weighed_support(
            q, passages, df=corpus.df, n_docs=corpus.n_docs, absent=absent, context=context,
            paraphrases=True, top=top,
        )  # fmt: skip
        clause.append(w.best_clause)
        missing.append(w.missing)
        for scope, kinds in unheld:
            ok = entities_held(q, passages, w, scope=scope, kinds=kinds, top=top)
            unheld[(scope, kinds)].append(not ok)
    return {
        "clause": np.array(clause),
        "missing": np.array(missing),
        "unheld": {k: np.array(v) for k, v in unheld.items()},
    }


PAIRS = list(itertools.product(CLAUSE, MISSING))


def _pair_order(ratio) -> list[tuple[int, int]]:
    """The (pair, clear pair) combinations of a block, simplest first."""
    if ratio is None:
        combos = [(k, k) for k in range(len(PAIRS))]
    else:
        combos = [
            (k, k2)
            for k, (s, m) in enumerate(PAIRS)
            for k2, (s2, m2) in enumerate(PAIRS)
            if s2 <= s and m2 >= m and (s2, m2) != (s, m)
        ]

    def key(c):
        (s, m), (s2, m2) = PAIRS[c[0]], PAIRS[c[1]]
        return (s - s2, m2 - m, abs(s - 0.6), abs(m - 0.3))

    return sorted(combos, key=key)


def block_simplicity(block) -> tuple:
    (absent, context, top), gate, entity, ratio = block
    return (
        entity is not None,
        ratio is not None,
        gate,
        abs(context - 0.5),
        abs(absent - 0.5),
        top != 3,
        -(ratio or 99),
        str(entity),
    )


def run() -> int:
    from thidua.assistant import index
    from thidua.assistant.answering import BY_MEANING, BY_WEIGHT, corpus_of, grounded

    started = time.perf_counter()
    rows = old.retrieve(questions())
    corpus = corpus_of(index.current().index)
    truth = np.array([r["item"]["kind"] == "unanswerable" for r in rows])
    folds = np.array([old.fold_of(r) for r in rows])
    s = [r["scores"] for r in rows]
    clear = np.array([x[0] / x[1] if len(x) > 1 and x[1] > 0 else (1e9 if x else 0.0) for x in s])
    print(f"{len(rows)} questions; {corpus.n_docs} passages in the corpus; retrieved in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    for part in PARTS:
        mine = [r for r in rows if r["item"]["part"] == part]
        una = sum(r["item"]["kind"] == "unanswerable" for r in mine)
        print(f"  {part}: {len(mine) - una} answerable, {una} unanswerable")
    print("cells: answerable refused · unanswerable refused · errors; columns:", *PARTS, "all")
    for name, d in (("BY_WEIGHT", BY_WEIGHT), ("BY_MEANING", BY_MEANING)):
        fixed = np.array(
            [not grounded(r["item"]["question"], r["texts"], r["scores"], decision=d,
                          corpus=corpus) for r in rows]
        )  # fmt: skip
        print(line(f"{name}, fixed", rows, fixed))

    gate_feat = gates(rows)
    feats = {}
    for method in itertools.product(ABSENT, CONTEXT, TOPS):
        feats[method] = evidence(rows, corpus, *method)
    print(f"evidence for {len(feats)} methods in {time.perf_counter() - started:.0f} s")

    onehot = np.stack([folds == f for f in range(FOLDS)], axis=1).astype(np.int64)  # R × F
    orders = {ratio: _pair_order(ratio) for ratio in RATIOS}
    families = {
        "weighed, no entity check (BY_WEIGHT's procedure)": lambda b: b[2] is None,
        "weighed, entity check or not": lambda b: True,
        "weighed, entity check, clause scope or none": lambda b: (
            b[2] is None or b[2][0] == "clause"
        ),
        "weighed, entity check, passage scope or none": lambda b: (
            b[2] is None or b[2][0] == "passage"
        ),
        "weighed, entity check, top scope or none": lambda b: b[2] is None or b[2][0] == "top",
    }
    # best[family][fold] = (train errors, block simplicity, pair rank, variant)
    best = {name: [None] * FOLDS for name in families}
    best_all = dict.fromkeys(families)
    n_variants = 0
    for method, f in feats.items():
        for gate in (False, True):
            for entity in ENTITY_OPTIONS:
                refused = np.stack(
                    [(f["clause"] < s - 1e-9) | (f["missing"] >= m - 1e-9) for s, m in PAIRS]
                )
                if gate:
                    refused |= gate_feat[None, :]
                if entity is not None:
                    refused |= f["unheld"][entity][None, :]
                wrong = (refused != truth[None, :]).astype(np.int64)  # P × R
                for ratio in RATIOS:
                    block = (method, gate, entity, ratio)
                    order = orders[ratio]
                    k1 = np.array([c[0] for c in order])
                    k2 = np.array([c[1] for c in order])
                    if ratio is None:
                        per = (wrong @ onehot)[k1]
                    else:
                        c = (clear >= ratio).astype(np.int64)
                        plain = (wrong * (1 - c)[None, :]) @ onehot
                        sharp = (wrong * c[None, :]) @ onehot
                        per = plain[k1] + sharp[k2]  # combos × F
                    n_variants += len(order)
                    total = per.sum(axis=1)
                    simple = block_simplicity(block)
                    cands = [(total - per[:, fo], fo) for fo in range(FOLDS)] + [(total, None)]
                    for train, fo in cands:
                        i = int(np.argmin(train))
                        s_, m_ = PAIRS[order[i][0]]
                        s2, m2 = PAIRS[order[i][1]]
                        entry = (int(train[i]), simple, i, (block, s_, m_, s2, m2))
                        for name, keep in families.items():
                            if not keep(block):
                                continue
                            if fo is None:
                                if best_all[name] is None or entry[:3] < best_all[name][:3]:
                                    best_all[name] = entry
                            elif best[name][fo] is None or entry[:3] < best[name][fo][:3]:
                                best[name][fo] = entry
    print(f"{n_variants} variants scored in {time.perf_counter() - started:.0f} s")

    def decide(v) -> np.ndarray:
        (method, gate, entity, ratio), s_, m_, s2, m2 = v
        f = feats[method]
        sharp = clear >= ratio if ratio is not None else np.zeros(len(clear), bool)
        s_eff, m_eff = np.where(sharp, s2, s_), np.where(sharp, m2, m_)
        r = (f["clause"] < s_eff - 1e-9) | (f["missing"] >= m_eff - 1e-9)
        if entity is not None:
            r = r | f["unheld"][entity]
        return r | gate_feat if gate else r

    for name in families:
        print(f"{name}:")
        decided = np.zeros(len(rows), dtype=bool)
        for fo in range(FOLDS):
            train, _s, _i, v = best[name][fo]
            print(f"  fold {fo}: {v} ({train} errors on the other folds)")
            decided[folds == fo] = decide(v)[folds == fo]
        print(line(f"out of fold, {name}", rows, decided))
        train, _s, _i, v = best_all[name]
        print(f"  chosen on all: {v} ({train} errors in sample)")
        print(line(f"in sample, {name}", rows, decide(v)))
        if name.startswith("weighed, entity check or not"):
            _listing(rows, decided, decide(_shipped_variant(BY_WEIGHT)))
    from thidua.assistant.answering import BY_ENTITY

    for d in (BY_WEIGHT, BY_ENTITY):  # the features decide as `answering.grounded` does
        shipped = _shipped_variant(d)
        for i, r in enumerate(rows):
            ok = grounded(r["item"]["question"], r["texts"], r["scores"], decision=d,
                          corpus=corpus)  # fmt: skip
            assert ok != decide(shipped)[i], (r["item"]["id"], shipped)
        print(line(f"{shipped}, as answering.grounded decides", rows, decide(shipped)))
    print(f"features checked against answering.grounded for BY_WEIGHT, BY_ENTITY; done in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    return 0


def _listing(rows, new: np.ndarray, base: np.ndarray) -> None:
    """The questions the out-of-fold entity decision decides otherwise than BY_WEIGHT."""
    for i, r in enumerate(rows):
        if new[i] != base[i]:
            item = r["item"]
            right = new[i] == (item["kind"] == "unanswerable")
            verdict = "refused" if new[i] else "answered"
            print(f"    {item['id']} ({item['kind']}): {verdict}, "
                  f"{'right' if right else 'wrong'}: {item['question']}")  # fmt: skip


def _shipped_variant(d) -> tuple:
    ratio = d.clear_ratio
    clear = (d.clear_min_clause, d.clear_max_missing) if ratio else (d.min_clause, d.max_missing)
    entity = (d.entities, tuple(d.entity_kinds)) if d.entities else None
    return (
        ((d.absent, d.context, d.top), d.gate, entity, ratio),
        d.min_clause,
        d.max_missing,
        *clear,
    )


def line(label: str, rows, refused: np.ndarray) -> str:
    return idf_line(label, rows, refused, parts=PARTS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    qa.setup(parser.parse_args().reuse)
    return run()


if __name__ == "__main__":
    sys.exit(main())
