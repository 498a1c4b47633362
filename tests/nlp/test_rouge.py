import random

import pytest

from thidua.nlp.rouge import lcs_length, rouge, rouge_l, rouge_n


def _lcs_dp(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


def test_hand_computed_vietnamese_case():
    # candidate: chuyển đổi số quốc gia (5 syllables); reference: thúc đẩy chuyển đổi số (5)
    scores = rouge("Chuyển đổi số quốc gia.", "Thúc đẩy chuyển đổi số!")
    # unigrams in common: chuyển, đổi, số -> P = R = 3/5
    assert scores["rouge1"].precision == pytest.approx(0.6)
    assert scores["rouge1"].f1 == pytest.approx(0.6)
    # bigrams: 4 each, common: (chuyển đổi), (đổi số) -> 2/4
    assert scores["rouge2"].f1 == pytest.approx(0.5)
    # LCS: chuyển đổi số -> 3/5
    assert scores["rougeL"].f1 == pytest.approx(0.6)


def test_diacritics_matter_and_case_does_not():
    # "Số" and "số" match; "so" (no diacritic) does not
    assert rouge("Số liệu", "số liệu")["rouge1"].f1 == 1.0
    assert rouge("so lieu", "số liệu")["rouge1"].f1 == 0.0


def test_clipped_counts_and_unequal_lengths():
    # candidate "a a a b" vs reference "a b": unigram matches = min(3,1) + 1 = 2
    score = rouge_n(["a", "a", "a", "b"], ["a", "b"], 1)
    assert score.precision == pytest.approx(2 / 4)
    assert score.recall == pytest.approx(2 / 2)
    assert score.f1 == pytest.approx(2 * 0.5 * 1 / 1.5)
    # LCS of "a b c d" and "b d a" = 2 (b d): P = 2/4, R = 2/3, F = 4/7
    assert rouge_l(list("abcd"), list("bda")).f1 == pytest.approx(4 / 7)


def test_empty_inputs_score_zero():
    assert rouge("", "chuyển đổi số")["rougeL"].f1 == 0.0
    assert rouge_n(["a"], ["a"], 2).f1 == 0.0


def test_bit_parallel_lcs_matches_dynamic_programming():
    rng = random.Random(7)
    for _ in range(300):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 70))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 70))]
        assert lcs_length(a, b) == _lcs_dp(a, b)
