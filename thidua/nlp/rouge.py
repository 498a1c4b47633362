"""ROUGE-1, ROUGE-2 and ROUGE-L (F1) over lower-cased Vietnamese syllables.

The `rouge-score` package drops non-ASCII letters, so its scores are wrong for Vietnamese;
this scorer tokenises with `thidua.nlp.text.syllables`. ROUGE-N counts clipped n-gram
matches; ROUGE-L is the longest common subsequence of the whole candidate and reference
(token sequences, sentences concatenated in order).
"""

from collections import Counter
from dataclasses import dataclass

from thidua.nlp.text import syllables


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def _prf(matches: int, candidate_total: int, reference_total: int) -> Score:
    precision = matches / candidate_total if candidate_total else 0.0
    recall = matches / reference_total if reference_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: list[str], reference: list[str], n: int) -> Score:
    """Clipped n-gram overlap of two token lists."""
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    matches = sum((cand & ref).values())
    return _prf(matches, sum(cand.values()), sum(ref.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyrö 2004)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, token in enumerate(a):
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for token in b:
        u = v & masks.get(token, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def rouge_l(candidate: list[str], reference: list[str]) -> Score:
    return _prf(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge(candidate: str, reference: str) -> dict[str, Score]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of two texts, over syllables."""
    cand, ref = syllables(candidate), syllables(reference)
    return {
        "rouge1": rouge_n(cand, ref, 1),
        "rouge2": rouge_n(cand, ref, 2),
        "rougeL": rouge_l(cand, ref),
    }
