"""`thidua.nlp.weighed`: a question's topic words weighed by their IDF over the corpus, and
the share of that weight the best clause of the first passages holds (issue 14, point 4)."""

import math

import pytest

from thidua.nlp.weighed import clauses, idf, weighed_support

# A corpus of 100 passages: "khen", "thưởng" everywhere, "hồ", "sơ" often, "chậm" in few.
FREQUENCIES = {
    "khen": 90,
    "thưởng": 90,
    "hồ": 30,
    "sơ": 30,
    "gửi": 20,
    "chậm": 3,
    "xét": 40,
    "đợt": 5,
    "hạn": 10,
}
PASSAGES = [
    (
        "Quy chế thi đua\nĐiều 12. Thời hạn",
        "1. Hồ sơ khen thưởng gửi trước ngày 15/11 hằng năm. "
        "2. Hồ sơ gửi chậm được xem xét vào đợt tiếp theo; không xét bổ sung trong đợt.",
    )
]


def df(alternative):
    return FREQUENCIES.get(alternative[0].removeprefix("~"), 0)


def weigh(question, **kwargs):
    return weighed_support(question, PASSAGES, df=df, n_docs=100, **kwargs)


def test_idf_is_bm25s_and_never_negative():
    assert idf(1, 100) == pytest.approx(math.log(1 + 99.5 / 1.5))
    assert idf(100, 100) > 0
    assert idf(0, 100) > idf(1, 100) > idf(90, 100)


def test_clauses_are_sentences_cut_at_semicolons():
    assert clauses(PASSAGES[0][1]) == [
        "1. Hồ sơ khen thưởng gửi trước ngày 15/11 hằng năm.",
        "2. Hồ sơ gửi chậm được xem xét vào đợt tiếp theo",
        "không xét bổ sung trong đợt.",
    ]


def test_the_best_clause_holds_the_question():
    w = weigh("Hồ sơ khen thưởng gửi chậm thì xử lý thế nào?")  # "xử lý" frames
    assert w.best_clause > 0.95  # "khen thưởng", in 90 of 100 passages, is not in it
    assert "gửi chậm" in w.clause
    assert w.missing == 0


def test_a_word_absent_from_the_corpus_weighs_absent_times_the_rarest():
    # "chị em" (colloquial) is in no passage of the corpus; "em", "chị" are stop words, and
    # "năm ngoái": "ngoái" absent from the corpus.
    question = "Hồ sơ khen thưởng năm ngoái gửi chậm thì sao?"
    held = weigh(question, absent=0.0)
    assert held.best_clause > 0.95  # "năm ngoái" weighs nothing
    assert held.missing == 0  # absent from the corpus: not a missing topic word
    counted = weigh(question, absent=1.0)
    assert counted.best_clause < 0.8
    assert counted.missing == 0


def test_a_rare_word_of_the_corpus_in_no_passage_is_missing():
    # "chậm" is in the corpus (3 passages of 100) but not in the passage retrieved.
    passages = [(PASSAGES[0][0], "1. Hồ sơ khen thưởng gửi trước ngày 15/11 hằng năm.")]
    w = weighed_support("Hồ sơ khen thưởng gửi chậm thì sao?", passages, df=df, n_docs=100)
    assert w.missing > 0.4  # "chậm" is the most informative word of the question
    assert w.best_clause == pytest.approx(1 - w.missing)


def test_frequent_words_weigh_little():
    # The clause with "chậm" but not "khen thưởng" holds nearly all of the question.
    assert weigh("Khen thưởng chậm?", absent=0.0).best_clause > 0.9
    assert idf(FREQUENCIES["khen"], 100) < 0.2 * idf(FREQUENCIES["chậm"], 100)


def test_a_word_only_in_the_heading_counts_context():
    question = "Quy chế thi đua: hồ sơ chậm?"  # "quy chế thi đua" only in the title
    frequencies = dict(FREQUENCIES, quy=5, chế=5, thi=5, đua=5)

    def heading_df(alternative):
        return frequencies.get(alternative[0].removeprefix("~"), 0)

    shares = [
        weighed_support(question, PASSAGES, df=heading_df, n_docs=100, context=c).best_clause
        for c in (0.0, 0.5, 1.0)
    ]
    assert shares[0] < shares[1] < shares[2] == pytest.approx(1.0)


def test_a_paraphrase_holds_the_word():
    question = "Hồ sơ khen thưởng gửi trễ thì sao?"  # "trễ" / "chậm": one group
    assert weigh(question, absent=1.0, paraphrases=True).best_clause > 0.95
    assert weigh(question, absent=1.0, paraphrases=False).best_clause < 0.6


def test_no_passage_or_no_weight_holds_nothing():
    assert weighed_support("Hồ sơ chậm?", [], df=df, n_docs=100).best_clause == 0.0
    nothing = weighed_support("chị em năm ngoái", PASSAGES, df=df, n_docs=100, absent=0.0)
    assert nothing.best_clause == 0.0


def test_an_abbreviation_the_corpus_spells_out_weighs_as_its_phrase_not_as_absent():
    # "LĐTT" is written nowhere, "lao động tiên tiến" is ("lao" has no diacritics, so its
    # phrase is no less an exact form): the question "Tiêu chuẩn LĐTT là gì?" was refused,
    # its only topic word weighing nothing.
    frequencies = {"lao": 12, "động": 15, "tiên": 6, "tiến": 6, "danh": 40, "hiệu": 40}
    passages = [
        (
            "Quy chế thi đua\nĐiều 5. Danh hiệu Lao động tiên tiến",
            "1. Danh hiệu Lao động tiên tiến được xét tặng cho cá nhân hoàn thành tốt nhiệm vụ.",
        )
    ]

    def df_of(alternative):
        return min(frequencies.get(s.removeprefix("~"), 0) for s in alternative)

    w = weighed_support("Tiêu chuẩn LĐTT là gì?", passages, df=df_of, n_docs=100, absent=0.0)
    assert w.total > 0
    assert w.best_clause == pytest.approx(1.0)
