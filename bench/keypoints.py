"""Key points against Lead-k and sumy's LexRank and TextRank on Vietnamese news.

.venv/bin/python -m bench.keypoints [--limit N]

Protocol (../shared/data/README.md): ROUGE-1/2/L F1 over lower-cased syllables.
VietNews (vietnews_dev.jsonl): the body's sentences as paragraphs, extract as many sentences
as the reference has; ViMs (vims_dev.jsonl): a cluster's bodies concatenated in order, 6
sentences, scored against both references (mean). Every method sees the same sentences
(`split_sentences`) and the same words (underthesea via `words`); each pays for its own
segmentation in its ms/article. Skips with a message when the data is absent.
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import machine
from thidua.nlp.keypoints import extract_key_points
from thidua.nlp.rouge import rouge
from thidua.nlp.text import split_sentences, words

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


class _Tokenizer:
    """sumy's tokenizer interface over the project's segmentation."""

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def _sumy(kind: str) -> Callable[[str, int], list[str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    summarizer = LexRankSummarizer() if kind == "lexrank" else TextRankSummarizer()
    tokenizer = _Tokenizer()

    def run(text: str, k: int) -> list[str]:
        sentences = split_sentences(text)
        document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
        return [str(s) for s in summarizer(document, k)]

    return run


def lead(text: str, k: int) -> list[str]:
    return split_sentences(text)[:k]


def ours(text: str, k: int) -> list[str]:
    return [p.text for p in extract_key_points(text, n=k)]


def load(limit: int | None) -> dict[str, list[tuple[str, list[str], int]]]:
    """Per set: (text, references, k)."""
    sets: dict[str, list[tuple[str, list[str], int]]] = {}
    path = DATA / "vietnews_dev.jsonl"
    if path.exists():
        rows = [json.loads(line) for line in path.open(encoding="utf-8")][:limit]
        sets[f"VietNews dev ({len(rows)})"] = [
            (
                " ".join(r["sentences"]),
                [r["reference"]],
                max(1, len(split_sentences(r["reference"]))),
            )
            for r in rows
        ]
    else:
        print(f"skipped VietNews: {path} is absent", file=sys.stderr)
    path = DATA / "vims_dev.jsonl"
    if path.exists():
        rows = [json.loads(line) for line in path.open(encoding="utf-8")][:limit]
        sets[f"ViMs dev ({len(rows)} clusters)"] = [
            ("\n\n".join(d["body"] for d in r["docs"]), list(r["references"]), 6) for r in rows
        ]
    else:
        print(f"skipped ViMs: {path} is absent", file=sys.stderr)
    return sets


def evaluate(method, items) -> dict[str, float]:
    totals = {"rouge1": [], "rouge2": [], "rougeL": []}
    elapsed = 0.0
    for text, references, k in items:
        start = time.perf_counter()
        summary = " ".join(method(text, k))
        elapsed += time.perf_counter() - start
        per_ref = [rouge(summary, ref) for ref in references]
        for key in totals:
            totals[key].append(statistics.fmean(s[key].f1 for s in per_ref))
    result = {key: 100 * statistics.fmean(values) for key, values in totals.items()}
    result["ms"] = 1000 * elapsed / len(items)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each set")
    args = parser.parse_args(argv)
    sets = load(args.limit)
    if not sets:
        print(f"no evaluation data under {DATA}: nothing to measure", file=sys.stderr)
        return 0
    words("khởi động")  # load underthesea's model outside the timings
    methods = {
        "extract_key_points": ours,
        "Lead-k": lead,
        "LexRank (sumy)": _sumy("lexrank"),
        "TextRank (sumy)": _sumy("textrank"),
    }
    print(f"# Key points, ROUGE F1 (%) over syllables — {machine()}")
    print("| set | method | ROUGE-1 | ROUGE-2 | ROUGE-L | ms/article |")
    print("|---|---|---:|---:|---:|---:|")
    for name, items in sets.items():
        for label, method in methods.items():
            r = evaluate(method, items)
            print(
                f"| {name} | {label} | {r['rouge1']:.2f} | {r['rouge2']:.2f} "
                f"| {r['rougeL']:.2f} | {r['ms']:.1f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
