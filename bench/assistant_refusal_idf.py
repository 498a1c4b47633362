"""The not-found decision weighed by the corpus (`answering.WeighedDecision`, issue 14 point 4),
chosen by 5-fold cross-validation over all five development parts — the old set's dev and
test parts, the fresh set's two parts and the second blind set — against the paraphrase
decision (`BY_MEANING`) and its own procedure retuned in the same folds.

    TMPDIR=/tmp/qa_tmp .venv/bin/python -m bench.assistant_refusal_idf [--reuse]

Never reads `assistant_qa_blind3.jsonl` (the next blind set). Every document or unanswerable
question (personal ones aside) is retrieved once as its asker. For each method — `absent`
(the weight of a word no passage of the corpus holds, times the rarest weight), `context`
(a word only in the passage's title or heading), `paraphrases`, `top` (the passages whose
clauses are weighed), `named` (a capitalised word absent from the corpus weighs the rarest) — the evidence of `thidua.nlp.weighed.weighed_support` is computed once;
then every threshold variant (`min_clause`, `max_missing`, optionally a margin ratio with its
own pair, the `gate` of `supports` and the money check on or off, the answer-type check of
the best clause on or off: `thidua.nlp.answer_types`) is scored by its errors per
fold (an answerable question refused and an unanswerable one answered count alike). Out of
fold: each fold's questions decided by the variant with fewest errors on the other four, ties
to the simplest (`simplicity`). Folds: SHA-256 of the id mod 5, as `bench.assistant_refusal`.

Baselines in the same run, same rows and folds: `BY_MEANING` and `BY_MARGIN` as shipped
(fixed; chosen in sample on the four older parts), and the procedure that chose `BY_MEANING`
(`assistant_refusal_all`: the margin grid, with paraphrases and more function words each or
not) retuned out of fold over the five parts.
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
from bench.assistant_refusal import FOLDS, grid

PARTS = ("dev", "test", "fresh-dev", "fresh-test", "blind2")
ABSENT = (0.0, 0.25, 0.5, 1.0)
CONTEXT = (0.5, 1.0)  # 0 was never chosen in a first run with (0, 0.5, 1)
TOPS = (1, 3)
CLAUSE = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
MISSING = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 2.0)  # 2.0: never refuses
RATIOS = (None, 1.25, 1.5, 2.0, 3.0)
TYPES = [False]  # the answer-type check of the best clause: with --types, on or off too


def questions() -> list[dict[str, Any]]:
    items = old.questions()
    blind2 = qa.load_set(qa.DATA.parent / "assistant_qa_blind2.jsonl")
    items += [dict(i, part="blind2") for i in blind2 if i["kind"] != qa.PERSONAL]
    return items


def evidence(rows, corpus, absent, context, para, top, named) -> dict[str, np.ndarray]:
    from thidua.assistant.answering import _context_and_body
    from thidua.nlp.answer_types import asked_type, holds_instance
    from thidua.nlp.weighed import weighed_support

    clause, missing, untyped = [], [], []
    for r in rows:
        if not r["texts"]:
            clause.append(0.0)
            missing.append(1.0)
            untyped.append(True)
            continue
        w = weighed_support(
            r["item"]["question"],
            [_context_and_body(t) for t in r["texts"]],
            df=corpus.df,
            n_docs=corpus.n_docs,
            absent=absent,
            context=context,
            paraphrases=para,
            top=top,
            named=named,
        )
        clause.append(w.best_clause)
        missing.append(w.missing)
        q = r["item"]["question"]
        untyped.append(not holds_instance(asked_type(q), w.clause, q))
    return {"clause": np.array(clause), "missing": np.array(missing), "untyped": np.array(untyped)}


def gates(rows) -> np.ndarray:
    from thidua.assistant.answering import supports
    from thidua.nlp.answer import fact_kinds, holds_fact

    out = []
    for r in rows:
        q, texts = r["item"]["question"], r["texts"]
        money = "money" in fact_kinds(q) and not any(holds_fact("money", t) for t in texts)
        out.append(not texts or money or not any(supports(q, t) for t in texts[:3]))
    return np.array(out)


def simplicity(v: tuple) -> tuple:
    """Ties go to: no answer-type check, no margin, no gate, names not weighed apart, no paraphrases, context 0.5, absent 0.5, top 3, then
    thresholds nearest the middle of the grid, a higher ratio and a smaller relaxation."""
    (absent, context, para, top, named), (gate, typed), ratio, s, m, s2, m2 = v
    return (
        typed,
        ratio is not None,
        gate,
        named,
        para,
        abs(context - 0.5),
        abs(absent - 0.5),
        top != 3,
        -(ratio or 99),
        s - s2,
        m2 - m,
        abs(s - 0.6),
        abs(m - 0.3),
    )


def weighed_costs(feats, gate_feat, clear, truth, folds):
    """{variant: errors per fold} for every weighed variant (vectorised: a variant's errors
    are those of its pair on the rows without a clear winner plus its clear pair's on the
    rest)."""
    costs: dict[tuple, np.ndarray] = {}
    onehot = np.stack([folds == f for f in range(FOLDS)], axis=1).astype(np.int64)  # R × F
    pairs = list(itertools.product(CLAUSE, MISSING))
    for method, f in feats.items():
        for gate in itertools.product((False, True), TYPES):
            refused = np.stack(
                [(f["clause"] < s - 1e-9) | (f["missing"] >= m - 1e-9) for s, m in pairs]
            )
            if gate[0]:
                refused |= gate_feat[None, :]
            if gate[1]:
                refused |= f["untyped"][None, :]
            wrong = (refused != truth[None, :]).astype(np.int64)  # P × R
            for ratio in RATIOS:
                if ratio is None:
                    per = wrong @ onehot
                    for k, (s, m) in enumerate(pairs):
                        costs[(method, gate, None, s, m, s, m)] = per[k]
                    continue
                c = (clear >= ratio).astype(np.int64)
                plain = (wrong * (1 - c)[None, :]) @ onehot
                sharp = (wrong * c[None, :]) @ onehot
                for k, (s, m) in enumerate(pairs):
                    for k2, (s2, m2) in enumerate(pairs):
                        if s2 <= s and m2 >= m and (s2, m2) != (s, m):
                            costs[(method, gate, ratio, s, m, s2, m2)] = plain[k] + sharp[k2]
    return costs


def refuse(v, feats, gate_feat, clear) -> np.ndarray:
    method, gate, ratio, s, m, s2, m2 = v
    f = feats[method]
    sharp = clear >= ratio if ratio is not None else np.zeros(len(clear), bool)
    s_eff, m_eff = np.where(sharp, s2, s), np.where(sharp, m2, m)
    r = (f["clause"] < s_eff - 1e-9) | (f["missing"] >= m_eff - 1e-9)
    if gate[1]:
        r = r | f["untyped"]
    return r | gate_feat if gate[0] else r


def out_of_fold(costs: dict[tuple, np.ndarray], decide, folds, keep=lambda v: True):
    names = sorted((v for v in costs if keep(v)), key=simplicity)
    table = np.stack([costs[v] for v in names])  # V × F
    decided = np.zeros(len(folds), dtype=bool)
    for f in range(FOLDS):
        train = table.sum(axis=1) - table[:, f]
        k = int(np.argmin(train))  # the first of the fewest: names are simplest first
        print(f"  fold {f}: {names[k]} ({train[k]} errors on the other folds)")
        decided[folds == f] = decide(names[k])[folds == f]
    total = table.sum(axis=1)
    k = int(np.argmin(total))
    print(f"  chosen on all: {names[k]} ({total[k]} errors in sample)")
    return decided, names[k]


def line(label: str, rows, refused: np.ndarray, parts: tuple[str, ...] = PARTS) -> str:
    """A table row: answerable refused · unanswerable refused · errors, per part and all."""
    cells = []
    for part in (*parts, None):
        mine = [i for i, r in enumerate(rows) if part is None or r["item"]["part"] == part]
        una = [i for i in mine if rows[i]["item"]["kind"] == "unanswerable"]
        ans = [i for i in mine if rows[i]["item"]["kind"] != "unanswerable"]
        a, u = int(refused[ans].sum()), int(refused[una].sum())
        cells.append(f"{a} · {u} · {a + len(una) - u}")
    return f"| {label} | " + " | ".join(cells) + " |"


def run() -> int:
    from thidua.assistant import index
    from thidua.assistant.answering import BY_MARGIN, BY_MEANING, corpus_of, grounded

    started = time.perf_counter()
    rows = old.retrieve(questions())
    corpus = corpus_of(index.current().index)
    truth = np.array([r["item"]["kind"] == "unanswerable" for r in rows])
    folds = np.array([old.fold_of(r) for r in rows])
    s = [r["scores"] for r in rows]
    clear = np.array([x[0] / x[1] if len(x) > 1 and x[1] > 0 else (1e9 if x else 0.0) for x in s])
    print(f"{len(rows)} questions; {corpus.n_docs} passages in the corpus; parts: {PARTS}")
    for part in PARTS:
        mine = [r for r in rows if r["item"]["part"] == part]
        una = sum(r["item"]["kind"] == "unanswerable" for r in mine)
        print(f"  {part}: {len(mine) - una} answerable, {una} unanswerable")
    print("cells: answerable refused · unanswerable refused · errors; columns:", *PARTS, "all")

    # Baselines: the shipped decisions, fixed, and the procedure that chose BY_MEANING.
    fixed = {}
    for name, d in (("BY_MEANING", BY_MEANING), ("BY_MARGIN", BY_MARGIN)):
        fixed[name] = np.array(
            [not grounded(r["item"]["question"], r["texts"], r["scores"], decision=d) for r in rows]
        )
        print(line(f"{name}, fixed (in sample on the four older parts)", rows, fixed[name]))
    methods = [(stop, para) for stop in (0, 1) for para in (False, True)]
    ofeats = {m: old.measure(rows, *m) for m in methods}
    common = {"clear": clear}
    ovs = [(m, None, g) for m in methods for g in grid()]
    orefused = old.refusals(ofeats, common, ovs)
    owrong = orefused != truth[None, :]
    onehot = np.stack([folds == f for f in range(FOLDS)], axis=1).astype(np.int64)
    ocosts = {v: (owrong[i].astype(np.int64) @ onehot) for i, v in enumerate(ovs)}
    index_of = {v: i for i, v in enumerate(ovs)}
    print("paraphrase procedure (margin grid; paraphrases, function words each or not):")
    names = sorted(ovs, key=old.simplicity)
    table = np.stack([ocosts[v] for v in names])
    procedure = np.zeros(len(rows), dtype=bool)
    for f in range(FOLDS):
        k = int(np.argmin(table.sum(axis=1) - table[:, f]))
        print(f"  fold {f}: {names[k]}")
        procedure[folds == f] = orefused[index_of[names[k]]][folds == f]
    print(line("paraphrase procedure, out of fold", rows, procedure))
    print(f"baselines in {time.perf_counter() - started:.0f} s", flush=True)

    # The weighed decision.
    gate_feat = gates(rows)
    feats = {}
    for method in itertools.product(ABSENT, CONTEXT, (False, True), TOPS, (False, True)):
        feats[method] = evidence(rows, corpus, *method)
    print(f"weighed evidence for {len(feats)} methods in {time.perf_counter() - started:.0f} s")
    costs = weighed_costs(feats, gate_feat, clear, truth, folds)
    print(f"{len(costs)} weighed variants")

    def decide(v):
        return refuse(v, feats, gate_feat, clear)

    families = {
        "weighed, names not weighed apart": lambda v: not v[1][1] and not v[0][4],
        "weighed, whole grid": lambda v: not v[1][1],
        "weighed, no margin": lambda v: v[2] is None and not v[1][1],
        "weighed, no gate": lambda v: not v[1][0] and not v[1][1],
        "weighed, no margin, no gate": lambda v: v[2] is None and not any(v[1]),
    }
    if TYPES != [False]:
        families["weighed, answer type of the clause checked or not"] = lambda v: True
    chosen = {}
    for name, keep in families.items():
        print(f"{name}:")
        decided, chosen[name] = out_of_fold(costs, decide, folds, keep)
        print(line(f"out of fold, {name}", rows, decided))
        print(line(f"in sample, {name}", rows, decide(chosen[name])))
    from thidua.assistant.answering import BY_WEIGHT

    shipped = _as_variant(BY_WEIGHT)  # the features decide as `answering.grounded` does
    for i, r in enumerate(rows):
        q = r["item"]["question"]
        ok = grounded(q, r["texts"], r["scores"], decision=BY_WEIGHT, corpus=corpus)
        assert ok != decide(shipped)[i], (r["item"]["id"], shipped)
    print(line("BY_WEIGHT (shipped; in sample on all five parts)", rows, decide(shipped)))
    print(
        f"features checked against answering.grounded for BY_WEIGHT; done in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0


def _as_variant(d) -> tuple:
    ratio = d.clear_ratio
    clear = (d.clear_min_clause, d.clear_max_missing) if ratio else (d.min_clause, d.max_missing)
    method = (d.absent, d.context, d.paraphrases, d.top, d.named)
    return (method, (d.gate, False), ratio, d.min_clause, d.max_missing, *clear)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--types", action="store_true", help="the answer-type check too")
    args = parser.parse_args()
    if args.types:
        TYPES.append(True)
    qa.setup(args.reuse)
    return run()


if __name__ == "__main__":
    sys.exit(main())
