"""The not-found decision over all four parts, with the meaning-level methods (issue 14,
point 4): `python -m bench.assistant_refusal --all [--reuse]`.

The old set's two parts and the fresh set's two parts are all development data now (a new
blind set is written elsewhere). Every document or unanswerable question is retrieved once
as its asker; what the decision looks at is computed once per method:

- `stop`: more function words out of the topic words (`EXTRA_FUNCTION_WORDS`: distributive,
  additive and aspect words, "lúc", "nằm" — by class, as `frames.FRAME_CLASSES`);
- `para`: a question's phrase of a paraphrase group held by a passage holding another phrase
  of the group (`thidua.nlp.paraphrases`);
- a number check: a number the question names ("năm 2025", "90%") absent from the first
  passage (`first`) or from each of the first three (`top3`) refuses.

A variant is a method, a number check and the margin grid of `assistant_refusal.grid`. 5-fold
cross-validation by a hash of the id (as `assistant_refusal`): each fold's questions decided by
the variant chosen (fewest errors, ties to the simpler) on the other four folds; figures per
part, out of fold. Vectorised with numpy (22,080 variants).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

from bench import assistant_qa as qa
from bench.assistant_refusal import FOLDS, OLD, grid

EXTRA_FUNCTION_WORDS = (
    # distributive and additive: "each", "every", "besides", "more"
    "mỗi",
    "từng",
    "mọi",
    "ngoài",
    "thêm",
    "nữa",
    # adverbs of aspect and degree: "also", "all", "still", "yet", "already", "always"
    "cũng",
    "đều",
    "vẫn",
    "còn",
    "rồi",
    "chưa",
    "luôn",
    "nên",
    # aspect verb and time/location frames: "begin", "at (time)", "lie (at)"
    "bắt đầu",
    "lúc",
    "thời gian",
    "nằm",
)
# More of the same classes, added after reading the diagnostics of failures of all four parts
# (so their out-of-fold gain is partly in sample): "mới" (only then), "xong", "đủ" (aspect,
# degree), "dùng", "chiếm", "đặt ra" (light predicates), "lĩnh vực" (generic noun), "phép"
# (modal "được phép").
SEEN_FUNCTION_WORDS = ("mới", "xong", "đủ", "dùng", "chiếm", "đặt ra", "lĩnh vực", "phép")
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
METHODS = [(stop, para) for stop in (0, 1, 2) for para in (False, True)]
CHECKS = (
    None,
    "num_top3",
    "name_top3",
    "type_sentences",
    "type_first",
    "type_shown",
    "type_sentences+num_top3",
)
CAPITAL = re.compile(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+")
PARTS = ("dev", "test", "fresh-dev", "fresh-test")


def questions() -> list[dict[str, Any]]:
    items = [dict(i, part=qa.split_of(i["question"])) for i in qa.load_set()]
    fresh = qa.load_set(qa.DATA.parent / "assistant_qa_fresh.jsonl")
    items += [dict(i, part="fresh-" + qa.fresh_split_of(i["id"])) for i in fresh]
    return [i for i in items if i["kind"] != qa.PERSONAL]


def retrieve(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from django.contrib.auth import get_user_model

    from thidua.assistant import index, selectors
    from thidua.assistant.constants import PASSAGES_SEARCHED, PASSAGES_SHOWN

    users, loaded, rows = get_user_model().objects, index.current(), []
    for item in items:
        user = users.get(username=item["asker"])
        allowed = selectors.allowed_mask(viewer=user, loaded=loaded)
        hits = loaded.index.search(item["question"], k=PASSAGES_SEARCHED, allowed=allowed)
        found = selectors.readable_passages(viewer=user, ids=[int(pid) for pid, _s in hits])
        ranked = [(found[int(pid)], s) for pid, s in hits if int(pid) in found]
        shown = ranked[:PASSAGES_SHOWN]
        rows.append(
            {
                "shown": [(str(p.pk), p.text, p.heading or p.document.title) for p, _s in shown],
                "cited": {
                    str(p.pk): f"{p.document.title}\n{p.heading}\n{p.text}" for p, _s in shown
                },
                "item": item,
                "texts": [f"{p.document.title}\n{p.heading}\n{p.text}" for p, _s in ranked],
                "scores": [float(s) for _p, s in ranked],
            }
        )
    return rows


def numbers_absent(question: str, texts: list[str]) -> tuple[bool, bool]:
    """(a number the question names is not in the first passage, no one of the first three
    holds them all)."""
    named = set(NUMBER.findall(question))
    if not named or not texts:
        return False, False

    def holds(text):
        return all(re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d])", text) for n in named)

    return not holds(texts[0]), not any(holds(t) for t in texts[:3])


def measure(rows: list[dict[str, Any]], stop: bool, para: bool) -> dict[str, np.ndarray]:
    """The decision's evidence for each row under one method, as arrays."""
    from thidua.assistant.answering import supports
    from thidua.nlp import frames
    from thidua.nlp.answer import fact_kinds, holds_fact, support

    saved = frames.FRAME_PHRASES
    if stop:
        words = EXTRA_FUNCTION_WORDS + (SEEN_FUNCTION_WORDS if stop == 2 else ())
        extra = tuple(
            tuple(frames.exact_form(m.group(0)) for m in frames.TOKEN.finditer(w)) for w in words
        )
        frames.FRAME_PHRASES = saved + extra
    try:
        out: dict[str, list] = {k: [] for k in ("syl", "word", "best3", "gate")}
        for row in rows:
            q, texts = row["item"]["question"], row["texts"]
            if not texts:
                out["syl"].append(99)
                out["word"].append(99)
                out["best3"].append(0.0)
                out["gate"].append(True)
                continue
            ev = support(q, texts, paraphrases=para)
            out["syl"].append(len(ev.missing))
            out["word"].append(ev.missing_words)
            out["best3"].append(support(q, texts[:3], paraphrases=para).best_share)
            money = "money" in fact_kinds(q) and not any(holds_fact("money", t) for t in texts)
            out["gate"].append(money or not any(supports(q, t) for t in texts[:3]))
    finally:
        frames.FRAME_PHRASES = saved
    return {k: np.array(v, dtype=float) for k, v in out.items()}


def names_absent(question: str, texts: list[str]) -> tuple[bool, bool]:
    """A name the question writes with a capital inside it ("Bằng khen của Bộ trưởng",
    "danh hiệu Anh hùng": the capitalised syllable and the next) not in the first passage;
    not all of them in any one of the first three."""
    from thidua.nlp.text import fold

    words = list(re.finditer(r"\w+", question))
    named = set()
    for a, b in zip(words[1:], words[2:], strict=False):
        if CAPITAL.fullmatch(a.group(0)) and question[a.end() : b.start()] == " ":
            named.add(fold(f"{a.group(0)} {b.group(0)}".lower()))
    if not named or not texts:
        return False, False

    def holds(text):
        flat = " " + " ".join(fold(w.lower()) for w in re.findall(r"\w+", text)) + " "
        return all(f" {n} " in flat for n in named)

    return not holds(texts[0]), not any(holds(t) for t in texts[:3])


def untyped(row: dict[str, Any], scope: str) -> bool:
    """The answer-type check (`answering.typed`) fails in this scope: the highlighted
    sentences (with the list each announces) or the cited passages hold no answer of the
    kind asked."""
    from thidua.assistant.answering import continuation, pick_sentences, typed

    q = row["item"]["question"]
    if not row["shown"]:
        return True
    texts = {pid: text for pid, text, _h in row["shown"]}
    picked = pick_sentences(q, row["shown"])
    sentences = [
        (
            s.text + " " + continuation(s.text, texts.get(s.passage_id, "")),
            row["cited"][s.passage_id],
        )
        for s in picked
    ]
    return not typed(q, sentences=sentences, passages=list(row["cited"].values()), scope=scope)


def shared(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    out: dict[str, list] = {k: [] for k in ("clear", *CHECKS[1:])}
    for row in rows:
        s, q, texts = row["scores"], row["item"]["question"], row["texts"]
        out["clear"].append(s[0] / s[1] if len(s) > 1 and s[1] > 0 else (1e9 if s else 0.0))
        _nf, nt = numbers_absent(q, texts)
        out["num_top3"].append(nt)
        out["name_top3"].append(names_absent(q, texts)[1])
        for scope in ("sentences", "first", "shown"):
            out[f"type_{scope}"].append(untyped(row, scope))
        out["type_sentences+num_top3"].append(nt or out["type_sentences"][-1])
    return {k: np.array(v) for k, v in out.items()}


def variants() -> list[tuple]:
    return [(m, c, g) for m in METHODS for c in CHECKS for g in grid()]


def simplicity(v: tuple) -> tuple:
    (stop, para), check, g = v
    by_word, ratio, s, m, s2, m2 = g
    base = (ratio is not None, by_word, -(ratio or 99), m2 - m, abs(s - 0.67), abs(m - 1), s - s2)
    return (stop + para + (check is not None), stop, para, CHECKS.index(check), *base)


def refusals(feats, common, vs: list[tuple]) -> np.ndarray:
    """Variants × rows: refused."""
    out = np.zeros((len(vs), len(common["clear"])), dtype=bool)
    for k, ((stop, para), check, g) in enumerate(vs):
        f = feats[(stop, para)]
        by_word, ratio, s, m, s2, m2 = g
        clear = common["clear"] >= ratio if ratio is not None else np.zeros_like(f["syl"], bool)
        share = np.where(clear, s2, s)
        limit = np.where(clear, m2, m)
        missing = f["word"] if by_word else f["syl"]
        r = (missing >= limit - 1e-9) | (f["best3"] < share) | f["gate"].astype(bool)
        if check is not None:
            r |= common[check]
        out[k] = r
    return out


def fold_of(row) -> int:
    return int(hashlib.sha256(row["item"]["id"].encode()).hexdigest(), 16) % FOLDS


def choose(wrong: np.ndarray, mask: np.ndarray, order: np.ndarray) -> int:
    """Index of the variant with fewest errors on the masked rows, ties to the simplest
    (`order`: variants' indices, simplest first)."""
    cost = wrong[:, mask].sum(axis=1)
    best = cost[order].min()
    return int(next(i for i in order if cost[i] == best))


def line(label: str, rows, refused: np.ndarray) -> str:
    cells, total = [], 0
    for part in (*PARTS, None):
        mine = [i for i, r in enumerate(rows) if part is None or r["item"]["part"] == part]
        una = [i for i in mine if rows[i]["item"]["kind"] == "unanswerable"]
        ans = [i for i in mine if rows[i]["item"]["kind"] != "unanswerable"]
        a, u = int(refused[ans].sum()), int(refused[una].sum())
        total = a + len(una) - u
        cells.append(f"{a}/{len(ans)} {u}/{len(una)} {total}")
    return f"| {label} | " + " | ".join(cells) + " |"


def run() -> int:
    from thidua.assistant.answering import BY_MARGIN

    rows = retrieve(questions())
    feats = {m: measure(rows, *m) for m in METHODS}
    common = shared(rows)
    vs = variants()
    refused = refusals(feats, common, vs)
    truth = np.array([r["item"]["kind"] == "unanswerable" for r in rows])
    wrong = refused != truth
    folds = np.array([fold_of(r) for r in rows])
    print(
        f"{len(rows)} questions, {len(vs)} variants; cells: answerable refused, "
        "unanswerable refused, errors; parts: " + ", ".join(PARTS) + ", all"
    )
    idx = {v: i for i, v in enumerate(vs)}
    old = idx[((False, False), None, OLD)]
    current = idx[((False, False), None, _as_grid(BY_MARGIN))]
    print(line("words present (old rule, fixed)", rows, refused[old]))
    print(line("margin (current rule, fixed)", rows, refused[current]))
    families = {
        "margin grid (current procedure)": lambda v: v[0] == (False, False) and v[1] is None,
        "+ function words": lambda v: v[0] == (1, False) and v[1] is None,
        "+ function words (seen too)": lambda v: v[0][0] == 2 and not v[0][1] and v[1] is None,
        "+ paraphrases": lambda v: v[0] == (0, True) and v[1] is None,
        "+ number/name check": lambda v: v[0] == (0, False) and (v[1] or "n")[0] == "n",
        "+ answer-type check": lambda v: v[0] == (0, False) and (v[1] or "t")[0] == "t",
        "+ any check": lambda v: v[0] == (0, False),
        "function words + paraphrases": lambda v: v[0] == (1, True) and v[1] is None,
        "function words + paraphrases + checks": lambda v: v[0] == (1, True),
        "function words, paraphrases, each or not": lambda v: v[0][0] < 2 and v[1] is None,
        "function words, paraphrases, checks, each or not": lambda v: v[0][0] < 2,
        "all, seen words too": lambda v: True,
    }
    for name, keep in families.items():
        members = [i for i, v in enumerate(vs) if keep(v)]
        order = np.array(sorted(members, key=lambda i: simplicity(vs[i])))
        decided = np.zeros(len(rows), dtype=bool)
        for f in range(FOLDS):
            k = choose(wrong, folds != f, order)
            print(f"  fold {f}: {vs[k]}")
            decided[folds == f] = refused[k][folds == f]
        print(line(f"out of fold, {name}", rows, decided))
        k = choose(wrong, np.ones(len(rows), bool), order)
        print(f"  chosen on all: {vs[k]}")
        print(line(f"in sample, {name}", rows, refused[k]))
    from thidua.assistant.answering import BY_MEANING, grounded

    for d in (BY_MARGIN, BY_MEANING):  # the features decide as the code does
        k = idx[((0, d.paraphrases), None, _as_grid(d))]
        for i, r in enumerate(rows):
            q = r["item"]["question"]
            assert grounded(q, r["texts"], r["scores"], decision=d) != refused[k][i], (q, d)
    print("features checked against answering.grounded for BY_MARGIN and BY_MEANING")
    return 0


def _as_grid(d) -> tuple:
    return (
        d.by_word,
        d.clear_ratio,
        d.min_support,
        d.max_missing,
        d.clear_min_support,
        d.clear_max_missing,
    )
