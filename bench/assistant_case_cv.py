"""Case questions asked as the rule they fall under (`answering.CASE_RULES`,
`thidua.nlp.cases`; issue 14, point 4): the switch and the not-found decision's thresholds
chosen by 5-fold cross-validation over all seven development parts — the old set's dev and
test parts, the fresh set's two parts, the second, third and fourth blind sets — against
`BY_ENTITY` as shipped and its own procedure retuned in the same folds.

    TMPDIR=/tmp/qa_tmp .venv/bin/python -m bench.assistant_case_cv [--reuse]

Never reads `assistant_qa_blind5.jsonl` (the next blind set). Every document or unanswerable
question (personal ones aside) is retrieved twice as its asker: as written and as
`rule_question` rewrites it; the passages' first-ranked Recall@1 is printed for both. The
not-found evidence (`weighed_support` with `BY_ENTITY`'s method: absent 0, context 0.5,
paraphrases, top 3; the entity check — awards and years held by the answering passage — on or
off; the gate of `supports` and the money check on or off) is computed on each, and every
threshold variant (`min_clause`, `max_missing`, a margin ratio with its own laxer pair or
none: `assistant_refusal_idf`'s grid) is scored per fold (an answerable question refused and
an unanswerable one answered count alike). Out of fold: each fold's questions decided by the
variant with fewest errors on the other four, ties to the simplest (cases as written, the
entity check on, the gate on, as shipped; then `assistant_refusal_entities`' order). Folds:
SHA-256 of the id mod 5, as every earlier CV. The script checks that its features decide as
`answering.grounded` does for `BY_ENTITY` (as written) and `BY_CASE` (as rules), and lists the
questions the two decide otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import numpy as np

from bench import assistant_qa as qa
from bench import assistant_refusal_all as old
from bench.assistant_refusal import FOLDS
from bench.assistant_refusal_entities import PAIRS, _pair_order
from bench.assistant_refusal_entities import questions as six
from bench.assistant_refusal_idf import RATIOS, gates
from bench.assistant_refusal_idf import line as idf_line

PARTS = ("dev", "test", "fresh-dev", "fresh-test", "blind2", "blind3", "blind4")
ENTITY = ("passage", ("award", "year"))


def questions() -> list[dict[str, Any]]:
    blind4 = qa.load_set(qa.DATA.parent / "assistant_qa_blind4.jsonl")
    return six() + [dict(i, part="blind4") for i in blind4 if i["kind"] != qa.PERSONAL]


def retrieve(items, cases: bool) -> list[dict[str, Any]]:
    from thidua.nlp.cases import rule_question

    asked = [dict(i, question=rule_question(i["question"]).text) if cases else i for i in items]
    # (`rule_question` returns a question with no instance part as it is, as `answering` asks it)
    rows = old.retrieve(asked)
    for r, item in zip(rows, items, strict=True):
        r["written"] = item["question"]
    return rows


def first_is_gold(r) -> bool:
    item = r["item"]
    if item["kind"] != "document" or not r["texts"]:
        return False
    title, _, rest = r["texts"][0].partition("\n")
    doc = item.get("document")
    title_ok = doc is None or qa.norm(title) == qa.norm(doc["title"])
    rest = qa.norm(rest)
    return title_ok and (qa.norm(item["passage"]) in rest or qa.norm(item["answer"]) in rest)


def evidence(rows, corpus) -> dict[str, np.ndarray]:
    from thidua.assistant.answering import BY_ENTITY, _context_and_body
    from thidua.nlp.cases import rule_question
    from thidua.nlp.entities import entities_held
    from thidua.nlp.weighed import weighed_support

    d = BY_ENTITY
    clause, missing, unheld = [], [], []
    for r in rows:
        if not r["texts"]:
            clause.append(0.0)
            missing.append(1.0)
            unheld.append(True)
            continue
        q = r["item"]["question"]
        passages = [_context_and_body(t) for t in r["texts"]]
        w = weighed_support(
            q, passages, df=corpus.df, n_docs=corpus.n_docs, absent=d.absent, context=d.context,
            paraphrases=d.paraphrases, top=d.top,
        )  # fmt: skip
        clause.append(w.best_clause)
        missing.append(w.missing)
        ok = entities_held(q, passages, w, scope=ENTITY[0], kinds=ENTITY[1], top=d.top)
        unheld.append(not ok)
    return {
        "clause": np.array(clause),
        "missing": np.array(missing),
        "unheld": np.array(unheld),
        "gate": gates(rows),
        "case": np.array([rule_question(r["written"]).is_case for r in rows]),
        "clear": np.array(
            [
                x[0] / x[1] if len(x) > 1 and x[1] > 0 else (1e9 if x else 0.0)
                for x in (r["scores"] for r in rows)
            ]
        ),
    }


GATES = (True, "not cases", False)


def _gate(f, gate) -> np.ndarray:
    """Where the gate refuses: everywhere (True), but for questions rewritten as their rule
    ("not cases": a case is by nature in other words than the rule), or nowhere."""
    if gate is False:
        return np.zeros(len(f["gate"]), bool)
    return f["gate"] & ~f["case"] if gate == "not cases" else f["gate"]


def simplicity(block) -> tuple:
    cases, gate, entity, ratio = block
    return (cases, not entity, GATES.index(gate), ratio is None, -(ratio or 99))


def decide(feats, v) -> np.ndarray:
    (cases, gate, entity, ratio), s_, m_, s2, m2 = v
    f = feats[cases]
    sharp = f["clear"] >= ratio if ratio is not None else np.zeros(len(f["clear"]), bool)
    s_eff, m_eff = np.where(sharp, s2, s_), np.where(sharp, m2, m_)
    r = (f["clause"] < s_eff - 1e-9) | (f["missing"] >= m_eff - 1e-9)
    if entity:
        r = r | f["unheld"]
    return r | _gate(f, gate)


def select(feats, truth, folds, families):
    """best[family][fold] and best_all[family]: (train errors, simplicity, rank, variant)."""
    onehot = np.stack([folds == f for f in range(FOLDS)], axis=1).astype(np.int64)
    best = {name: [None] * FOLDS for name in families}
    best_all = dict.fromkeys(families)
    for cases in (False, True):
        f = feats[cases]
        for gate in GATES if cases else (True, False):
            for entity in (True, False):
                refused = np.stack(
                    [(f["clause"] < s - 1e-9) | (f["missing"] >= m - 1e-9) for s, m in PAIRS]
                )
                refused |= _gate(f, gate)[None, :]
                if entity:
                    refused |= f["unheld"][None, :]
                wrong = (refused != truth[None, :]).astype(np.int64)
                for ratio in RATIOS:
                    block = (cases, gate, entity, ratio)
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
                    for train, fo in [(total - per[:, fo], fo) for fo in range(FOLDS)] + [
                        (total, None)
                    ]:
                        i = int(np.argmin(train))
                        (s_, m_), (s2, m2) = PAIRS[order[i][0]], PAIRS[order[i][1]]
                        entry = (int(train[i]), simplicity(block), i, (block, s_, m_, s2, m2))
                        for name, keep in families.items():
                            if not keep(block):
                                continue
                            slot = best_all if fo is None else best[name]
                            key = name if fo is None else fo
                            if slot[key] is None or entry[:3] < slot[key][:3]:
                                slot[key] = entry
    return best, best_all


def run() -> int:
    from thidua.assistant import index
    from thidua.assistant.answering import BY_ENTITY, corpus_of, grounded

    started = time.perf_counter()
    items = questions()
    rows = {c: retrieve(items, c) for c in (False, True)}
    corpus = corpus_of(index.current().index)
    base = rows[False]
    _ROWS[:] = base
    truth = np.array([r["item"]["kind"] == "unanswerable" for r in base])
    folds = np.array([old.fold_of(r) for r in base])
    print(f"{len(base)} questions; {corpus.n_docs} passages; retrieved twice in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    changed = sum(r["item"]["question"] != r["written"] for r in rows[True])
    print(f"questions rewritten as their rule: {changed}")
    print("index's first passage is the gold one (document questions), as written / as rule:")
    for part in (*PARTS, "all"):
        mine = [i for i, r in enumerate(base) if part == "all" or r["item"]["part"] == part]
        docs = [i for i in mine if base[i]["item"]["kind"] == "document"]
        a = sum(first_is_gold(rows[False][i]) for i in docs)
        b = sum(first_is_gold(rows[True][i]) for i in docs)
        print(f"  {part}: {a}/{len(docs)} · {b}/{len(docs)}")
    print("cells: answerable refused · unanswerable refused · errors; columns:", *PARTS, "all")
    for cases in (False, True):
        fixed = np.array(
            [not grounded(r["item"]["question"], r["texts"], r["scores"], decision=BY_ENTITY,
                          corpus=corpus) for r in rows[cases]]
        )  # fmt: skip
        print(line(f"BY_ENTITY, fixed, cases {'as rules' if cases else 'as written'}", fixed))
    feats = {c: evidence(rows[c], corpus) for c in (False, True)}
    families = {
        "cases as written (BY_ENTITY's procedure, method fixed)": lambda b: not b[0],
        "cases as rules, gate on or off": lambda b: b[0] and b[1] != "not cases",
        "cases as rules or as written, gate on or off": lambda b: b[1] != "not cases",
        "cases as rules, gate also not for cases": lambda b: b[0],
        "cases as rules or as written, gate also not for cases": lambda b: True,
    }
    best, best_all = select(feats, truth, folds, families)
    print(f"grid scored in {time.perf_counter() - started:.0f} s")
    for name in families:
        print(f"{name}:")
        decided = np.zeros(len(base), dtype=bool)
        for fo in range(FOLDS):
            train, _s, _i, v = best[name][fo]
            print(f"  fold {fo}: {v} ({train} errors on the other folds)")
            decided[folds == fo] = decide(feats, v)[folds == fo]
        print(line(f"out of fold, {name}", decided))
        train, _s, _i, v = best_all[name]
        print(f"  chosen on all: {v} ({train} errors in sample)")
        print(line(f"in sample, {name}", decide(feats, v)))
    from thidua.assistant.answering import BY_CASE

    variants = {}
    for cases, d in ((False, BY_ENTITY), (True, BY_CASE)):
        gate = d.gate if d.gate_cases else "not cases"
        shipped = ((cases, gate, True, d.clear_ratio), d.min_clause, d.max_missing,
                   d.clear_min_clause, d.clear_max_missing)  # fmt: skip
        check = decide(feats, shipped)
        for i, r in enumerate(rows[cases]):  # the features decide as `answering.grounded` does
            ok = grounded(r["item"]["question"], r["texts"], r["scores"], decision=d,
                          corpus=corpus, case=bool(feats[cases]["case"][i]))  # fmt: skip
            assert ok != check[i], r["item"]["id"]
        print(line(f"{shipped}, as answering.grounded decides", check))
        variants[cases] = shipped
    _listing(base, decide(feats, variants[True]), decide(feats, variants[False]))
    print(f"features checked against answering.grounded for BY_ENTITY, BY_CASE; done in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    return 0


def _listing(rows, new: np.ndarray, base: np.ndarray) -> None:
    """The questions BY_CASE (as rules) decides otherwise than BY_ENTITY (as written)."""
    print_changes(rows, new, base, heading="decided otherwise than BY_ENTITY as written:")


def print_changes(rows, new: np.ndarray, base: np.ndarray, *, heading: str) -> None:
    """Each question decided otherwise in `new` than in `base`: refused or answered, right or
    wrong (the cross-validation scripts list their variants' changes with it)."""
    print(heading)
    for i, r in enumerate(rows):
        if new[i] != base[i]:
            item = r["item"]
            right = new[i] == (item["kind"] == "unanswerable")
            print(f"    {item['id']} ({item['part']}, {item['kind']}): "
                  f"{'refused' if new[i] else 'answered'}, {'right' if right else 'wrong'}: "
                  f"{item['question']}")  # fmt: skip


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
