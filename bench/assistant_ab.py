"""Latency of the assistant's ranker against an earlier version of it, on the same padded
corpus in the same process, queries interleaved (so machine load hits both alike).

.venv/bin/python -m bench.assistant_ab [--against 1c7fa27] [--passages 30000]

The earlier `thidua/nlp/retrieval.py` is read from git (`git show REV:path`) and loaded as a
separate module; both index the ALQAC corpus padded as bench/assistant.py pads it.
"""

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.assistant import DEFAULT_DATA, load, pad
from bench.common import machine
from thidua.nlp.retrieval import PassageIndex


def earlier(rev: str):
    source = subprocess.run(
        ["git", "show", f"{rev}:thidua/nlp/retrieval.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "earlier_retrieval.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("earlier_retrieval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--against", default="1c7fa27")
    parser.add_argument("--passages", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    loaded = load(args.data)
    if loaded is None:
        print(f"SKIP: ALQAC data not found under {args.data}")
        return 0
    corpus, queries = loaded
    passages = [(d["id"], d["text"]) for d in corpus] + pad(corpus, args.passages, 2025)
    texts = [q["query"] for q in queries]
    print(f"# Ranker latency, now vs {args.against} — {machine()}")
    start = time.perf_counter()
    before = earlier(args.against).PassageIndex(passages)
    before_s = time.perf_counter() - start
    start = time.perf_counter()
    now = PassageIndex(passages)
    now_s = time.perf_counter() - start
    samples: dict[str, list[float]] = {"before": [], "now": []}
    for _ in range(args.rounds):
        for q in texts:
            for name, index in (("before", before), ("now", now)):
                start = time.perf_counter()
                index.search(q, 10)
                samples[name].append((time.perf_counter() - start) * 1000)
    print(f"{len(passages):,} passages, {len(samples['now'])} searches each\n")
    print("| ranker | indexing | p50 | p95 |")
    print("|---|---|---|---|")
    for name, seconds in (("before", before_s), ("now", now_s)):
        xs = sorted(samples[name])
        label = args.against if name == "before" else "now"
        p95 = xs[int(0.95 * len(xs))]
        print(f"| {label} | {seconds:.0f} s | {statistics.median(xs):.2f} ms | {p95:.2f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
