"""Honest tuning of the assistant's ranker: k-fold cross-validation of every parameter of
`thidua.nlp.retrieval.PassageIndex` on the ALQAC dev queries, against plain BM25.

.venv/bin/python -m bench.assistant_cv [--data ../shared/data] [--folds 5] [--repeats 5]
    [--seed 2025] [--quick] [--no-ablation] [--cache FILE]

For each repeat r (queries shuffled with seed + r) and each of the k folds, every parameter
is chosen on the other k - 1 folds only (highest mean MRR@10, then Recall@1, then the first
in grid order), and the fold's queries are ranked with that choice: the out-of-fold figures
are the mean over every query and every repeat. Selection is staged inside each fold: first
the BM25F and query parameters over the whole grid `GRID`, then pseudo-relevance feedback
(`PRF_GRID`, including "off") given the first stage's choice. Plain BM25 (rank-bm25 Okapi over
syllables, untuned, as in bench/assistant.py) is scored on the same queries in the same run.
The ablation reruns the whole cross-validation with parts of the grid removed.

Cheap scoring: the corpus is tokenised once (`PassageIndex(keep_fields=True)`); a BM25F
parameter set only recomputes the score matrix (`with_params`), and since a query's score is
linear in its term-kind weights (syllables 1, pairs `pair`, words `word`), each query is
scored once per kind and the pair/word grid is a weighted sum of those vectors. Feedback is
scored by `PassageIndex.search` itself. At the end the parameters chosen on all queries are
checked against a `PassageIndex` built from scratch with them (same ranks on every query):
they are the defaults committed in thidua/nlp/retrieval.py (`DEFAULT_PARAMS`).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from bench.assistant import DEFAULT_DATA, load
from bench.common import machine
from thidua.nlp.retrieval import DEFAULT_PARAMS, Params, PassageIndex, query_terms, segment
from thidua.nlp.text import fold, syllables

GRID = {
    "k1": [0.3, 0.45, 0.6, 0.9, 1.2, 1.6],
    "b": [0.3, 0.45, 0.6, 0.75, 0.9],
    "title": [1.0, 1.5, 2.0, 3.0, 4.0],
    "heading": [1.0, 2.0],
    "pair": [0.0, 1.0, 2.0, 3.0],
    "triple": [0.0, 1.0, 2.0],
    "word": [0.0, 0.5, 1.0],
    "words": ["runs", "longest"],
}
PRF_GRID = {"prf_docs": [3, 5, 10], "prf_terms": [10, 20, 40], "prf_weight": [0.1, 0.2, 0.3, 0.5]}
QUICK_GRID = {
    "k1": [0.9, 1.2, 1.6],
    "b": [0.45, 0.6, 0.75],
    "title": [1.0, 2.0],
    "heading": [1.0],
    "pair": [0.0, 1.0],
    "triple": [0.0, 1.0],
    "word": [0.0, 1.0],
    "words": ["runs", "longest"],
}
QUICK_PRF = {"prf_docs": [5], "prf_terms": [20], "prf_weight": [0.2]}

ABLATIONS: list[tuple[str, dict, bool]] = [
    ("everything (committed ranker)", {}, True),
    ("no feedback (PRF off)", {}, False),
    ("no syllable pairs (pair = 0)", {"pair": [0.0]}, True),
    ("no syllable triples (triple = 0)", {"triple": [0.0]}, True),
    ("no pairs nor triples", {"pair": [0.0], "triple": [0.0]}, True),
    ("no words (word = 0)", {"word": [0.0]}, True),
    ("query words: all runs only", {"words": ["runs"]}, True),
    ("query words: longest match only", {"words": ["longest"]}, True),
    ("no field weights (title = heading = 1)", {"title": [1.0], "heading": [1.0]}, True),
    (
        "syllables only (BM25 with k1, b tuned)",
        {"title": [1.0], "heading": [1.0], "pair": [0.0], "triple": [0.0], "word": [0.0]},
        False,
    ),
]


def ranks_of(scores: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Rank (1-based) of the best gold passage in each row of `scores` (passages with a 0
    score are never returned: rank 0 = not found); ties by position, as PassageIndex."""
    out = np.zeros(scores.shape[0], dtype=np.int64)
    g = scores[:, gold]  # (rows, golds)
    positions = np.arange(scores.shape[1])
    best = np.zeros(scores.shape[0], dtype=np.int64)
    for j, gpos in enumerate(gold):
        s = g[:, j : j + 1]
        rank = 1 + (scores > s).sum(axis=1) + ((scores == s) & (positions < gpos)).sum(axis=1)
        rank = np.where(s[:, 0] > 0, rank, 0)
        best = np.where((best == 0) | ((rank > 0) & (rank < best)), rank, best)
    out[:] = best
    return out


def metrics(ranks: np.ndarray) -> np.ndarray:
    """Per query (last axis): [R@1, R@5, R@10, RR@10] from ranks (0 = not found)."""
    found = ranks > 0
    return np.stack(
        [
            found & (ranks <= 1),
            found & (ranks <= 5),
            found & (ranks <= 10),
            np.where(found & (ranks <= 10), 1.0 / np.maximum(ranks, 1), 0.0),
        ],
        axis=-1,
    ).astype(np.float64)


KINDS = 4


def kind_of(term: str) -> int:
    """0 syllable (or abbreviation), 1 pair, 2 triple, 3 word."""
    spaces = term.count(" ")
    return 1 if spaces == 1 else 2 if spaces == 2 else 3 if "_" in term else 0


def segmentation(corpus: list[dict], cache: Path | None) -> dict[str, str]:
    """underthesea's words of every article (`retrieval.segment`), kept in `cache` (JSON,
    keyed by a digest of the corpus) so later runs skip the slow part."""
    digest = hashlib.sha256("\n".join(d["id"] + d["text"] for d in corpus).encode()).hexdigest()
    if cache is not None and cache.exists():
        kept = json.loads(cache.read_text("utf-8"))
        if kept.get("digest") == digest:
            return kept["segmented"]
    segmented = {d["id"]: segment(d["text"]) for d in corpus}
    if cache is not None:
        cache.write_text(json.dumps({"digest": digest, "segmented": segmented}), "utf-8")
    return segmented


class Scorer:
    """Per-query metrics of every grid point, computed once; folds then only average."""

    def __init__(
        self,
        corpus: list[dict],
        queries: list[dict],
        *,
        accentless: bool = False,
        cache: Path | None = None,
    ):
        started = time.perf_counter()
        self.segmented = segmented = segmentation(corpus, cache)
        self.base = PassageIndex(
            ((d["id"], d["text"]) for d in corpus),
            params=replace(DEFAULT_PARAMS, pair=1.0, triple=1.0, prf_weight=0.0),
            segmented=segmented,
            keep_fields=True,
        )
        self.build_s = time.perf_counter() - started
        self.position = {pid: i for i, pid in enumerate(self.base.ids)}
        self.texts = [fold(q["query"]) if accentless else q["query"] for q in queries]
        self.gold = [
            np.array([self.position[g] for g in q["gold"] if g in self.position]) for q in queries
        ]
        vocab = self.base._vocab
        # Query terms by kind, for both ways of finding query words.
        self.kind_terms: dict[str, list[list[tuple[np.ndarray, np.ndarray]]]] = {}
        for mode in ("runs", "longest"):
            params = replace(DEFAULT_PARAMS, pair=1.0, triple=1.0, word=1.0, words=mode)
            per_query = []
            for text in self.texts:
                terms = query_terms(
                    text, params, known=vocab.__contains__, synonyms=self.base._synonyms
                )
                known_terms = [(t, vocab[t], w) for t, w in terms.items() if t in vocab]
                kinds = []
                for kind in range(KINDS):
                    chosen = [(i, w) for t, i, w in known_terms if kind_of(t) == kind]
                    kinds.append(
                        (
                            np.array([i for i, _ in chosen], dtype=np.int64),
                            np.array([w for _, w in chosen], dtype=np.float64),
                        )
                    )
                per_query.append(kinds)
            self.kind_terms[mode] = per_query
        self.indexes: dict[tuple, PassageIndex] = {}

    def index(self, params: Params) -> PassageIndex:
        key = (params.k1, params.b, params.title, params.heading)
        if key not in self.indexes:
            self.indexes[key] = self.base.with_params(
                replace(
                    self.base.params,
                    k1=params.k1,
                    b=params.b,
                    title=params.title,
                    heading=params.heading,
                )
            )
        return self.indexes[key]

    def _postings(self) -> None:
        """Every posting of every query term, once: (query, slot) rows where the slots are
        syllables, pairs, triples, words as runs, words by longest match."""
        if hasattr(self, "_post"):
            return
        index = self.base
        slots = [("runs", 0), ("runs", 1), ("runs", 2), ("runs", 3), ("longest", 3)]
        rows, where, weights = [], [], []
        for qi in range(len(self.texts)):
            for si, (mode, kind) in enumerate(slots):
                ids, w = self.kind_terms[mode][qi][kind]
                for tid, weight in zip(ids.tolist(), w.tolist(), strict=True):
                    s, e = index._tf_indptr[tid], index._tf_indptr[tid + 1]
                    where.append(np.arange(s, e))
                    rows.append(np.full(e - s, qi * len(slots) + si, dtype=np.int64))
                    weights.append(np.full(e - s, weight))
        where_all = np.concatenate(where)
        self._post = {
            "row": np.concatenate(rows),
            "w": np.concatenate(weights),
            "doc": index._tf_docs[where_all].astype(np.int64),
            "field_tf": index._field_tf[:, where_all],
            "df": np.diff(index._tf_indptr)[index._term_of[where_all]].astype(np.float64),
            "slots": len(slots),
        }

    def grid_metrics(self, grid: dict) -> tuple[list[Params], np.ndarray]:
        """Every point of `grid` (PRF off): its Params and per-query metrics
        (points × queries × 4). The same formula as PassageIndex, over all queries' postings
        at once; the chosen parameters are checked against PassageIndex.search in main()."""
        self._postings()
        post = self._post
        n_q, n_d, n_s = len(self.texts), len(self.base.ids), post["slots"]
        field_len = self.base._field_len.astype(np.float64)
        points: list[Params] = []
        blocks: list[np.ndarray] = []
        query_points = list(
            itertools.product(grid["pair"], grid["triple"], grid["word"], grid["words"])
        )
        mode_points = {
            mode: [i for i, qp in enumerate(query_points) if qp[3] == mode]
            for mode in grid["words"]
        }
        idf = np.log1p((n_d - post["df"] + 0.5) / (post["df"] + 0.5))
        for k1, b, title, heading in itertools.product(
            grid["k1"], grid["b"], grid["title"], grid["heading"]
        ):
            fw = np.array([title, heading, 1.0], dtype=np.float32)
            tf = (fw[:, None] * post["field_tf"]).sum(axis=0).astype(np.float32)
            doc_len = (fw[:, None] * self.base._field_len).sum(axis=0).astype(np.float32)
            avg = float(doc_len.mean())
            data = (idf * tf / (tf + k1 * (1 - b + b * doc_len[post["doc"]] / avg))).astype(
                np.float32
            )
            by_slot = np.bincount(
                post["row"] * n_d + post["doc"], weights=data * post["w"], minlength=n_q * n_s * n_d
            ).reshape(n_q, n_s, n_d)
            ranks = np.zeros((len(query_points), n_q), dtype=np.int64)
            for mode, which in mode_points.items():
                kinds = by_slot[:, [0, 1, 2, 3 if mode == "runs" else 4], :]
                weights = np.array(
                    [
                        [1.0, query_points[i][0], query_points[i][1], query_points[i][2]]
                        for i in which
                    ]
                )
                scores = np.einsum("pk,qkd->qpd", weights, kinds)
                for qi in range(n_q):
                    if len(self.gold[qi]):
                        ranks[which, qi] = ranks_of(scores[qi], self.gold[qi])
            for (pair, triple, word, mode), row in zip(query_points, ranks, strict=True):
                points.append(
                    replace(
                        DEFAULT_PARAMS,
                        k1=k1,
                        b=b,
                        title=title,
                        heading=heading,
                        pair=pair,
                        triple=triple,
                        word=word,
                        words=mode,
                        prf_weight=0.0,
                    )
                )
                blocks.append(metrics(row))
        del field_len
        return points, np.stack(blocks)

    def search_metrics(self, params: Params, texts: list[str] | None = None) -> np.ndarray:
        """Per-query metrics of `params` through PassageIndex.search itself."""
        base = self.index(params)
        if params.prf and base._fw_order is None:
            base._feedback_rows()  # once per BM25F parameter set, shared by with_params
        index = base.with_params(params)
        ranks = []
        for text, gold in zip(texts or self.texts, self.gold, strict=True):
            ids = [self.position[pid] for pid, _ in index.search(text, 10)]
            hit = [i + 1 for i, pos in enumerate(ids) if pos in set(gold.tolist())]
            ranks.append(hit[0] if hit else 0)
        return metrics(np.array(ranks))


def choose(points: list[Params], per_query: np.ndarray, rows: np.ndarray) -> int:
    """Best point on the queries `rows`: MRR@10, then R@1, then grid order."""
    means = per_query[:, rows, :].mean(axis=1)
    order = np.lexsort((np.arange(len(points)), -means[:, 0], -means[:, 3]))
    return int(order[0])


def prf_points(base: Params, prf_grid: dict | None) -> list[Params]:
    out = [base]
    if prf_grid:
        for docs, terms, weight in itertools.product(
            prf_grid["prf_docs"], prf_grid["prf_terms"], prf_grid["prf_weight"]
        ):
            out.append(replace(base, prf_docs=docs, prf_terms=terms, prf_weight=weight))
    return out


def cross_validate(scorer, grid, prf_grid, *, folds, repeats, seed, cache):
    """Out-of-fold per-query metrics (repeats × queries × 4) and the parameters chosen per
    fold, plus the parameters chosen on all queries."""
    points, per_query = grid_metrics_cached(scorer, grid, cache)
    n = len(scorer.texts)
    prf_cache: dict[Params, np.ndarray] = cache.setdefault("prf", {})

    def prf_metrics(params: Params) -> np.ndarray:
        if params not in prf_cache:
            prf_cache[params] = scorer.search_metrics(params)
        return prf_cache[params]

    def select(rows: np.ndarray) -> Params:
        base = points[choose(points, per_query, rows)]
        candidates = prf_points(base, prf_grid)
        if len(candidates) == 1:
            return base
        stacked = np.stack(
            [per_query[points.index(base)]] + [prf_metrics(p) for p in candidates[1:]]
        )
        return candidates[choose(candidates, stacked, rows)]

    out = np.zeros((repeats, n, 4))
    chosen: list[Params] = []
    for r in range(repeats):
        order = np.random.default_rng(seed + r).permutation(n)
        for f in range(folds):
            test = np.sort(order[f::folds])
            train = np.setdiff1d(np.arange(n), test)
            params = select(train)
            chosen.append(params)
            if params.prf:
                out[r, test] = prf_metrics(params)[test]
            else:
                out[r, test] = per_query[points.index(params), test]
    final = select(np.arange(n))
    return out, chosen, final


def grid_metrics_cached(scorer, grid, cache):
    """Metrics of a sub-grid taken from the full grid's (computed once)."""
    if "full" not in cache:
        cache["full"] = scorer.grid_metrics(cache["grid"])
    points, per_query = cache["full"]
    keep = [
        i
        for i, p in enumerate(points)
        if all(getattr(p, name) in values for name, values in grid.items())
    ]
    return [points[i] for i in keep], per_query[keep]


def baseline_metrics(corpus, queries, texts) -> np.ndarray:
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([syllables(d["text"]) for d in corpus])
    position = {d["id"]: i for i, d in enumerate(corpus)}
    ranks = []
    for text, q in zip(texts, queries, strict=True):
        scores = bm25.get_scores(syllables(text))
        top = np.argsort(-scores, kind="stable")[:10].tolist()
        gold = {position[g] for g in q["gold"] if g in position}
        hit = [i + 1 for i, pos in enumerate(top) if pos in gold]
        ranks.append(hit[0] if hit else 0)
    return metrics(np.array(ranks))


def row(name: str, per_query: np.ndarray, base: np.ndarray | None = None) -> str:
    """A table row: mean over queries (and repeats) and, for several repeats, the range."""
    m = per_query.reshape(-1, per_query.shape[-2], 4).mean(axis=1)  # repeats × 4
    mean = m.mean(axis=0)
    cells = []
    for j in range(4):
        cell = f"{mean[j]:.3f}"
        if m.shape[0] > 1 and m[:, j].max() - m[:, j].min() > 1e-9:
            cell += f" ({m[:, j].min():.3f}–{m[:, j].max():.3f})"
        cells.append(cell)
    if base is not None:
        delta = 100 * (mean - base.mean(axis=0))
        cells.append(f"{delta[0]:+.1f} / {delta[3]:+.1f} / {delta[2]:+.1f}")
    else:
        cells.append("–")
    return f"| {name} | " + " | ".join(cells) + " |"


def describe(params: Params) -> str:
    d = asdict(params)
    if not params.prf:
        for key in ("prf_docs", "prf_terms", "prf_weight"):
            d.pop(key)
    d.pop("mined")
    return ", ".join(f"{k}={v}" for k, v in d.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=type(DEFAULT_DATA), default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--quick", action="store_true", help="a small grid (smoke test)")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "thidua_alqac_segmented.json",
        help="where underthesea's segmentation of the corpus is kept between runs",
    )
    args = parser.parse_args()
    loaded = load(args.data)
    if loaded is None:
        print(f"SKIP: ALQAC data not found under {args.data} (see ../shared/data/README.md)")
        return 0
    corpus, queries = loaded
    grid, prf_grid = (QUICK_GRID, QUICK_PRF) if args.quick else (GRID, PRF_GRID)
    started = time.perf_counter()
    print(f"# Assistant retrieval, {args.folds}-fold cross-validation — {machine()}")
    print(
        f"ALQAC: {len(corpus)} articles, {len(queries)} queries; {args.folds} folds × "
        f"{args.repeats} repeats (seeds {args.seed}..{args.seed + args.repeats - 1}); "
        f"selection by training MRR@10, then Recall@1"
    )
    n_points = int(np.prod([len(v) for v in grid.values()]))
    print(f"Grid ({n_points} points): " + "; ".join(f"{k} {v}" for k, v in grid.items()))
    print("Feedback grid (given the rest): " + "; ".join(f"{k} {v}" for k, v in prf_grid.items()))
    scorer = Scorer(corpus, queries, cache=args.cache)
    print(f"Tokenised once in {scorer.build_s:.1f} s (segmentation kept in {args.cache})\n")
    sys.stdout.flush()
    cache: dict = {"grid": grid}
    texts = [q["query"] for q in queries]
    base = baseline_metrics(corpus, queries, texts)
    base_rep = np.broadcast_to(base, (args.repeats, *base.shape))
    out, chosen, final = cross_validate(
        scorer, grid, prf_grid, folds=args.folds, repeats=args.repeats, seed=args.seed, cache=cache
    )
    print(f"Grid scored in {time.perf_counter() - started:.0f} s\n")
    print("Out of fold (mean over queries and repeats; range over repeats):\n")
    print("| system | Recall@1 | Recall@5 | Recall@10 | MRR@10 | Δ R@1 / MRR / R@10 (pts) |")
    print("|---|---|---|---|---|---|")
    print(row("plain BM25, syllables (rank-bm25)", base_rep))
    print(row("**PassageIndex, every parameter chosen out of fold**", out, base))
    # Accentless queries ranked with each fold's choice.
    folded_texts = [fold(t) for t in texts]
    folded_rows = np.zeros_like(out)
    folded_cache: dict[Params, np.ndarray] = {}
    n = len(queries)
    i = 0
    for r in range(args.repeats):
        order = np.random.default_rng(args.seed + r).permutation(n)
        for f in range(args.folds):
            test = np.sort(order[f :: args.folds])
            params = chosen[i]
            i += 1
            if params not in folded_cache:
                folded_cache[params] = scorer.search_metrics(params, folded_texts)
            folded_rows[r, test] = folded_cache[params][test]
    print(row("PassageIndex, queries without diacritics", folded_rows, base))
    print(
        row(
            "plain BM25, queries without diacritics",
            np.broadcast_to(baseline_metrics(corpus, queries, folded_texts), out.shape),
        )
    )
    sys.stdout.flush()

    distinct: dict[Params, int] = {}
    for p in chosen:
        distinct[p] = distinct.get(p, 0) + 1
    print(f"\nChosen in the {len(chosen)} training sets:")
    for p, count in sorted(distinct.items(), key=lambda kv: -kv[1]):
        print(f"- {count}× {describe(p)}")
    print(f"\nChosen on all {n} queries (the committed defaults): {describe(final)}")
    full = scorer.search_metrics(final)
    in_sample = full.mean(axis=0)
    print(
        f"In-sample with those (optimistic, not a result): R@1 {in_sample[0]:.3f}, "
        f"R@10 {in_sample[2]:.3f}, MRR@10 {in_sample[3]:.3f}"
    )
    # The committed defaults must be exactly this choice, and a fresh build must agree.
    fresh = PassageIndex(
        ((d["id"], d["text"]) for d in corpus), params=final, segmented=scorer.segmented
    )
    position = scorer.position
    same = True
    for text, gold, m in zip(texts, scorer.gold, full, strict=True):
        ids = [position[pid] for pid, _ in fresh.search(text, 10)]
        hit = [k + 1 for k, pos in enumerate(ids) if pos in set(gold.tolist())]
        same &= bool(metrics(np.array(hit[0] if hit else 0)).tolist() == m.tolist())
    print(f"A fresh PassageIndex with those parameters gives the same ranks: {same}")
    print(f"They are the committed defaults (DEFAULT_PARAMS): {final == DEFAULT_PARAMS}")
    sys.stdout.flush()

    if not args.no_ablation:
        print("\nAblation (each line a full cross-validation with part of the grid removed):\n")
        print("| grid | Recall@1 | Recall@5 | Recall@10 | MRR@10 | Δ R@1 / MRR / R@10 (pts) |")
        print("|---|---|---|---|---|---|")
        for name, restrict, with_prf in ABLATIONS:
            sub = {**grid, **restrict}
            res, _, _ = cross_validate(
                scorer,
                sub,
                prf_grid if with_prf else None,
                folds=args.folds,
                repeats=args.repeats,
                seed=args.seed,
                cache=cache,
            )
            print(row(name, res, base))
            sys.stdout.flush()
    print(f"\nWall time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
