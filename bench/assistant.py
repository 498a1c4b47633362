"""The assistant's retrieval (`thidua.nlp.retrieval.PassageIndex`) on ALQAC, against plain
BM25 over syllables (rank-bm25), then latency on a corpus padded to 100,000 passages.

.venv/bin/python -m bench.assistant [--data ../shared/data] [--passages 100000] [--seed 2025]

Protocol (../shared/data/README.md): index every article of alqac_corpus.jsonl; for each of
the 76 queries of alqac_dev_queries.jsonl, Recall@1/5/10 (a hit when any gold id is among
the first k) and MRR@10. Padding: synthetic passages made of an article title and 3-8
sentences drawn (seeded) from the whole corpus, so the vocabulary and the statistics stay
those of real law text. Padding sentences recur, and the index caches segmentation per line:
indexing time of the padded corpus is therefore lower than for 100,000 novel passages; the
2,256-article figure is the honest throughput for new text.

The ranker's parameters (`retrieval.DEFAULT_PARAMS`) were chosen by cross-validation on these
same 76 queries (bench/assistant_cv.py), so the quality table here is in-sample and optimistic:
the figures to report are bench.assistant_cv's out-of-fold ones. This script is for latency,
memory and the padded corpus.
"""

import argparse
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from bench.common import machine
from thidua.nlp.retrieval import PassageIndex
from thidua.nlp.text import fold, split_sentences, syllables

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def load(data: Path) -> tuple[list[dict], list[dict]] | None:
    corpus, queries = data / "alqac_corpus.jsonl", data / "alqac_dev_queries.jsonl"
    if not (corpus.exists() and queries.exists()):
        return None
    read = lambda p: [json.loads(line) for line in p.read_text("utf-8").splitlines() if line]  # noqa: E731
    return read(corpus), read(queries)


def evaluate(ranked: list[list[str]], queries: list[dict]) -> dict[str, float]:
    r1 = r5 = r10 = mrr = 0.0
    for ids, q in zip(ranked, queries, strict=True):
        gold = set(q["gold"])
        ranks = [i for i, pid in enumerate(ids[:10], 1) if pid in gold]
        first = ranks[0] if ranks else None
        r1 += first is not None and first <= 1
        r5 += first is not None and first <= 5
        r10 += first is not None
        mrr += 1 / first if first else 0.0
    n = len(queries)
    return {"R@1": r1 / n, "R@5": r5 / n, "R@10": r10 / n, "MRR@10": mrr / n}


def latency(fn, queries: list[str], rounds: int = 3) -> dict[str, float]:
    for q in queries[:5]:
        fn(q)
    samples = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
        "n": len(samples),
    }


def pad(corpus: list[dict], total: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    titles, sentences = [], []
    for doc in corpus:
        title, _, body = doc["text"].partition("\n")
        titles.append(title.strip())
        sentences.extend(split_sentences(body))
    out = []
    for i in range(total - len(corpus)):
        body = "\n".join(rng.choice(sentences) for _ in range(rng.randint(3, 8)))
        out.append((f"synthetic#{i}", f"{rng.choice(titles)}\n\n{body}"))
    return out


def index_params() -> str:
    from dataclasses import asdict

    from thidua.nlp.retrieval import DEFAULT_PARAMS

    return ", ".join(f"{k}={v}" for k, v in asdict(DEFAULT_PARAMS).items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    loaded = load(args.data)
    if loaded is None:
        print(f"SKIP: ALQAC data not found under {args.data} (see ../shared/data/README.md)")
        return 0
    corpus, queries = loaded
    texts = [q["query"] for q in queries]
    print(f"# Assistant retrieval — {machine()}")
    print(f"Parameters: {index_params()}")
    print(f"ALQAC: {len(corpus)} articles, {len(queries)} queries\n")

    # Baseline: plain BM25 (rank-bm25 Okapi) over lower-cased syllables.
    from rank_bm25 import BM25Okapi

    start = time.perf_counter()
    baseline = BM25Okapi([syllables(d["text"]) for d in corpus])
    base_index_s = time.perf_counter() - start
    ids = [d["id"] for d in corpus]

    def base_search(q: str, k: int = 10) -> list[str]:
        scores = baseline.get_scores(syllables(q))
        return [ids[i] for i in np.argsort(-scores, kind="stable")[:k]]

    start = time.perf_counter()
    index = PassageIndex((d["id"], d["text"]) for d in corpus)
    ours_index_s = time.perf_counter() - start

    flat = PassageIndex(((d["id"], d["text"]) for d in corpus), fields={"title": 1, "heading": 1})

    def ours(q: str) -> list[str]:
        return [pid for pid, _ in index.search(q, 10)]

    rows = [
        ("plain BM25, syllables (rank-bm25)", evaluate([base_search(q) for q in texts], queries)),
        ("PassageIndex (in-sample)", evaluate([ours(q) for q in texts], queries)),
        (
            "PassageIndex, queries without diacritics",
            evaluate([ours(fold(q)) for q in texts], queries),
        ),
        (
            "PassageIndex, no field boosts",
            evaluate([[pid for pid, _ in flat.search(q, 10)] for q in texts], queries),
        ),
    ]
    print("| system | Recall@1 | Recall@5 | Recall@10 | MRR@10 |")
    print("|---|---|---|---|---|")
    for name, m in rows:
        print(f"| {name} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | {m['MRR@10']:.3f} |")
    base, mine = rows[0][1], rows[1][1]
    print(
        f"\nΔ vs baseline: Recall@1 {100 * (mine['R@1'] - base['R@1']):+.1f} pts, "
        f"MRR@10 {100 * (mine['MRR@10'] - base['MRR@10']):+.1f} pts, "
        f"Recall@10 {100 * (mine['R@10'] - base['R@10']):+.1f} pts"
    )

    print("\n| corpus | system | indexing | p50 | p95 | queries |")
    print("|---|---|---|---|---|---|")
    lat = latency(base_search, texts)
    print(
        f"| {len(corpus):,} | plain BM25 (rank-bm25) | {base_index_s:.1f} s "
        f"| {lat['p50']:.1f} ms | {lat['p95']:.1f} ms | {lat['n']} |"
    )
    lat = latency(ours, texts)
    print(
        f"| {len(corpus):,} | PassageIndex | {ours_index_s:.1f} s "
        f"| {lat['p50']:.2f} ms | {lat['p95']:.2f} ms | {lat['n']} |"
    )
    allowed = set(ids[::2])
    lat = latency(lambda q: index.search(q, 10, allowed=allowed), texts)
    print(
        f"| {len(corpus):,} | PassageIndex, allowed = {len(allowed):,} ids | – "
        f"| {lat['p50']:.2f} ms | {lat['p95']:.2f} ms | {lat['n']} |"
    )
    sys.stdout.flush()

    if args.passages > len(corpus):
        start = time.perf_counter()
        synthetic = pad(corpus, args.passages, args.seed)
        pad_s = time.perf_counter() - start
        start = time.perf_counter()
        big = PassageIndex([(d["id"], d["text"]) for d in corpus] + synthetic)
        big_index_s = time.perf_counter() - start
        n = len(big)
        lat = latency(lambda q: big.search(q, 10), texts)
        print(
            f"| {n:,} (padded) | PassageIndex | {big_index_s:.1f} s "
            f"| {lat['p50']:.2f} ms | {lat['p95']:.2f} ms | {lat['n']} |"
        )
        lat = latency(lambda q: big.search(fold(q), 10), texts)
        print(
            f"| {n:,} (padded) | PassageIndex, queries without diacritics | – "
            f"| {lat['p50']:.2f} ms | {lat['p95']:.2f} ms | {lat['n']} |"
        )
        big_allowed = set(big.ids[::10])
        lat = latency(lambda q: big.search(q, 10, allowed=big_allowed), texts)
        print(
            f"| {n:,} (padded) | PassageIndex, allowed = {len(big_allowed):,} ids | – "
            f"| {lat['p50']:.2f} ms | {lat['p95']:.2f} ms | {lat['n']} |"
        )
        padded = evaluate([[pid for pid, _ in big.search(q, 10)] for q in texts], queries)
        print(
            f"\nPadding: {n - len(corpus):,} synthetic passages (seed {args.seed}) built in "
            f"{pad_s:.1f} s. Quality with those distractors: Recall@1 {padded['R@1']:.3f}, "
            f"Recall@10 {padded['R@10']:.3f}, MRR@10 {padded['MRR@10']:.3f}."
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"Peak memory (max RSS): {peak:.1f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
