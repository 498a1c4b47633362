"""How the not-found decision's parameters were chosen (`answering.Decision`, issue 14 point 4):
5-fold cross-validation over the questions one may look at — the dev part of
`bench/data/assistant_qa.jsonl` and the dev part of `bench/data/assistant_qa_fresh.jsonl`
(`fresh_split_of`) — never the held-out parts.

    .venv/bin/python -m bench.assistant_refusal [--reuse]

Each document or unanswerable question is retrieved once as its asker (as
`answering.from_documents` does); what the decision looks at is computed once (the topic words
absent from every passage, by syllable and by word; the best share of the first three; the
money check; `supports`; the first score over the second); then every variant of the grid is
scored on it. A variant: syllables or words counted, a margin ratio (or none), and the
(min_support, max_missing) thresholds without and with a passage standing out. Selection:
fewest errors (an answerable question refused and an unanswerable one answered count alike);
ties to the shape of the old rule (no margin, syllables), then to a higher ratio, a smaller
relaxation and thresholds nearer the old ones. Out of fold: each fold's questions decided by
the variant chosen on the other four. The final variant is chosen on all of them; the script
checks that the features give the same verdicts as `answering.grounded` for it and the old rule.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from typing import Any

from bench import assistant_qa as qa

FOLDS = 5
SHARES = (0.5, 0.6, 0.67, 0.75, 0.8)
Variant = tuple[bool, float | None, float, float, float, float]  # by_word, ratio, S, M, S2, M2
OLD: Variant = (False, None, 0.67, 1, 0.67, 1)


def grid() -> list[Variant]:
    out: list[Variant] = [
        (w, None, s, m, s, m) for w in (False, True) for s in SHARES for m in (0.5, 1, 1.5, 2)
    ]
    out += [
        (w, t, s, m, s2, m2)
        for w in (False, True)
        for t in (1.25, 1.5, 2.0, 3.0)
        for s in SHARES
        for m in (0.5, 1, 1.5)
        for s2 in SHARES
        for m2 in (1, 1.5, 2, 2.5, 3, 3.5)
        if s2 <= s and m2 > m
    ]
    return out


def questions() -> list[dict[str, Any]]:
    old = [dict(i, part="dev") for i in qa.load_set() if qa.split_of(i["question"]) == "dev"]
    fresh = qa.load_set(qa.DATA.parent / "assistant_qa_fresh.jsonl")
    old += [dict(i, part="fresh-dev") for i in fresh if qa.fresh_split_of(i["id"]) == "dev"]
    return [i for i in old if i["kind"] != qa.PERSONAL]


def features(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from django.contrib.auth import get_user_model

    from thidua.assistant import index, selectors
    from thidua.assistant.answering import supports
    from thidua.assistant.constants import PASSAGES_SEARCHED
    from thidua.nlp.answer import fact_kinds, holds_fact, support

    users, loaded, rows = get_user_model().objects, index.current(), []
    for item in items:
        user = users.get(username=item["asker"])
        allowed = selectors.allowed_mask(viewer=user, loaded=loaded)
        hits = loaded.index.search(item["question"], k=PASSAGES_SEARCHED, allowed=allowed)
        found = selectors.readable_passages(viewer=user, ids=[int(pid) for pid, _s in hits])
        ranked = [(found[int(pid)], s) for pid, s in hits if int(pid) in found]
        texts = [f"{p.document.title}\n{p.heading}\n{p.text}" for p, _s in ranked]
        scores = [float(s) for _p, s in ranked]
        row = {"item": item, "texts": texts, "scores": scores, "empty": not texts}
        if texts:
            q, ev = item["question"], support(item["question"], texts)
            row |= {
                "syllables": len(ev.missing),
                "words": ev.missing_words,
                "best3": support(q, texts[:3]).best_share,
                "money": "money" in fact_kinds(q)
                and not any(holds_fact("money", t) for t in texts),
                "supports": any(supports(q, t) for t in texts[:3]),
                "clear": scores[0] / scores[1] if len(scores) > 1 and scores[1] > 0 else 1e9,
            }
        rows.append(row)
    return rows


def refused(row: dict[str, Any], v: Variant) -> bool:
    by_word, ratio, s, m, s2, m2 = v
    if row["empty"]:
        return True
    if ratio is not None and row["clear"] >= ratio:
        s, m = s2, m2
    missing = row["words"] if by_word else row["syllables"]
    return missing >= m - 1e-9 or row["best3"] < s or row["money"] or not row["supports"]


def cost(rows: list[dict[str, Any]], v: Variant) -> tuple[int, int]:
    wrong = [refused(r, v) != (r["item"]["kind"] == "unanswerable") for r in rows]
    kinds = [r["item"]["kind"] for r in rows]
    answerable = sum(w for w, k in zip(wrong, kinds, strict=True) if k != "unanswerable")
    return sum(wrong), answerable


def simplicity(v: Variant) -> tuple:
    by_word, ratio, s, m, s2, m2 = v
    return (ratio is not None, by_word, -(ratio or 99), m2 - m, abs(s - 0.67), abs(m - 1), s - s2)


def choose(rows: list[dict[str, Any]], variants: list[Variant]) -> Variant:
    return min(variants, key=lambda v: (cost(rows, v), simplicity(v)))


def out_of_fold(rows: list[dict[str, Any]], variants: list[Variant]) -> dict[str, bool]:
    def fold(row):
        return int(hashlib.sha256(row["item"]["id"].encode()).hexdigest(), 16) % FOLDS

    decided = {}
    for f in range(FOLDS):
        chosen = choose([r for r in rows if fold(r) != f], variants)
        print(f"  fold {f}: {chosen}")
        decided |= {r["item"]["id"]: refused(r, chosen) for r in rows if fold(r) == f}
    return decided


def line(label: str, rows: list[dict[str, Any]], refuse) -> str:
    cells = []
    for part in ("dev", "fresh-dev"):
        mine = [r for r in rows if r["item"]["part"] == part]
        ans = [refuse(r) for r in mine if r["item"]["kind"] != "unanswerable"]
        una = [refuse(r) for r in mine if r["item"]["kind"] == "unanswerable"]
        errors = sum(ans) + len(una) - sum(una)
        cells.append(f"{sum(ans)} / {len(ans)} | {sum(una)} / {len(una)} | {errors}")
    return f"| {label} | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--all", action="store_true", help="all four parts, the meaning-level methods too"
    )
    args = parser.parse_args()
    qa.setup(args.reuse)
    if args.all:
        from bench import assistant_refusal_all

        return assistant_refusal_all.run()
    from thidua.assistant.answering import Decision, grounded

    rows, variants = features(questions()), grid()
    final = choose(rows, variants)
    for v in (OLD, final):  # the features decide as the code does
        w, t, s, m, s2, m2 = v
        decision = Decision(s, m, w, t, s2, m2) if t is not None else Decision(s, m, w)
        for r in rows:
            ok = grounded(r["item"]["question"], r["texts"], r["scores"], decision=decision)
            assert ok != refused(r, v), (r["item"]["id"], v)
    print(f"{len(rows)} questions, {len(variants)} variants; columns: dev, then fresh-dev:")
    print("answerable refused | unanswerable refused | errors")
    print(line("words present (the old rule)", rows, lambda r: refused(r, OLD)))
    families = [
        ("whole grid", variants),
        ("no margin", [v for v in variants if v[1] is None]),
        ("margin, syllables counted", [v for v in variants if v[1] is not None and not v[0]]),
        ("margin, words counted", [v for v in variants if v[1] is not None and v[0]]),
    ]
    for name, family in families:
        decided = out_of_fold(rows, family)
        print(line(f"out of fold, {name}", rows, lambda r, d=decided: d[r["item"]["id"]]))
    print(f"chosen on all: {final} errors, answerable refused: {cost(rows, final)}")
    print(line("chosen on all (in sample)", rows, lambda r: refused(r, final)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
