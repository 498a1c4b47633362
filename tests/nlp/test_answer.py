"""Extractive answers: the best sentences of the retrieved passages, with highlighted words."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.nlp.answer import AnswerSentence, answer_sentences, highlight_spans, query_units
from thidua.nlp.text import fold

PASSAGES = [
    (
        "luat#24.1",
        "1. Danh hiệu “Chiến sĩ thi đua cơ sở” được xét tặng cho cá nhân đạt các tiêu chuẩn "
        "sau đây:\na) Đạt tiêu chuẩn danh hiệu “Lao động tiên tiến”;\nb) Có sáng kiến được cơ "
        "quan, tổ chức, đơn vị công nhận.",
    ),
    (
        "luat#24.2",
        "2. Tỷ lệ cá nhân được công nhận danh hiệu “Chiến sĩ thi đua cơ sở” do Bộ trưởng quy "
        "định, bảo đảm không quá 15% tổng số cá nhân đạt danh hiệu “Lao động tiên tiến”.",
    ),
    (
        "luat#26",
        "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2024. Luật Thi đua, khen thưởng "
        "số 15/2003/QH11 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.",
    ),
    (
        "kh#2.1",
        "Xây dựng nền tảng dữ liệu dùng chung của tỉnh. Mỗi cán bộ, công chức có một trợ lý ảo. "
        "Ứng dụng CNTT trong mọi khâu xử lý hồ sơ.",
    ),
]


def texts(answers: list[AnswerSentence]) -> list[str]:
    return [a.text for a in answers]


def marked(answer: AnswerSentence) -> list[str]:
    return [answer.text[s:e] for s, e in answer.highlights]


def test_the_sentence_that_answers_comes_first_with_its_passage():
    answers = answer_sentences("Tỷ lệ Chiến sĩ thi đua cơ sở tối đa là bao nhiêu?", PASSAGES)
    assert answers[0].passage_id == "luat#24.2"
    assert answers[0].text.startswith("2. Tỷ lệ cá nhân") and "15%" in answers[0].text
    assert marked(answers[0])[:2] == ["Tỷ lệ", "Chiến sĩ thi đua cơ sở"]
    scores = [a.score for a in answers]
    assert scores == sorted(scores, reverse=True)
    assert len(answers) <= 3


def test_a_question_typed_without_diacritics_finds_the_same_sentence():
    accented = answer_sentences("Luật có hiệu lực từ khi nào?", PASSAGES)
    plain = answer_sentences("luat co hieu luc tu khi nao", PASSAGES)
    assert (
        accented[0].text
        == plain[0].text
        == ("Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2024.")
    )
    assert marked(plain[0]) == ["Luật", "có hiệu lực"]  # "co hieu luc" as in the question


def test_a_lone_ambiguous_word_of_an_unaccented_question_is_not_marked():
    # "co" may be "có" or "cơ": marked only next to the word it precedes in the question.
    text = "Cơ sở dữ liệu có 3 bảng; có thể mở rộng."
    spans = highlight_spans("co so du lieu", text)
    assert [text[s:e] for s, e in spans] == ["Cơ sở dữ liệu"]


def test_sentences_are_picked_inside_a_passage_not_whole_passages():
    (best, *_) = answer_sentences("trợ lý ảo", PASSAGES, max_sentences=1)
    assert best.passage_id == "kh#2.1"
    assert best.text == "Mỗi cán bộ, công chức có một trợ lý ảo."
    assert marked(best) == ["trợ lý ảo"]


def test_rarer_words_weigh_more_than_words_every_passage_has():
    # "danh hiệu" is in most passages; "sáng kiến" in one sentence only.
    (best, *_) = answer_sentences("danh hiệu sáng kiến", PASSAGES)
    assert best.text.startswith("b) Có sáng kiến")


def test_earlier_ranked_passages_win_ties():
    same = "Cá nhân phải hoàn thành tốt nhiệm vụ được giao."
    answers = answer_sentences("hoàn thành nhiệm vụ", [("a", same), ("b", same + " Khác.")])
    assert [a.passage_id for a in answers] == ["a"]  # and the duplicate from "b" is dropped


def test_duplicates_are_returned_once_even_with_other_accents_or_spacing():
    passages = [("a", "Trợ lý ảo trả lời câu hỏi."), ("b", "Trợ  lý ảo   trả lời câu hỏi.")]
    assert texts(answer_sentences("trợ lý ảo", passages)) == ["Trợ lý ảo trả lời câu hỏi."]


def test_abbreviations_match_their_phrases_both_ways():
    passages = [("x", "Ứng dụng công nghệ thông tin trong cải cách hành chính.")]
    (answer,) = answer_sentences("CNTT", passages)
    assert marked(answer) == ["công nghệ thông tin"]
    answer = answer_sentences("công nghệ thông tin", PASSAGES[3:])[0]
    assert answer.text == "Ứng dụng CNTT trong mọi khâu xử lý hồ sơ."
    assert "CNTT" in marked(answer)


@pytest.mark.parametrize("query", ["", "   ", "là gì?", "của tôi là gì", "như thế nào", "?!"])
def test_a_question_of_stopwords_only_gives_nothing(query):
    assert answer_sentences(query, PASSAGES) == []
    assert highlight_spans(query, PASSAGES[0][1]) == ()


def test_no_overlap_gives_nothing():
    assert answer_sentences("bóng đá ngoại hạng", PASSAGES) == []
    assert answer_sentences("tỷ lệ", []) == []
    assert answer_sentences("tỷ lệ", PASSAGES, max_sentences=0) == []


def test_stopwords_are_dropped_and_terms_are_folded():
    words = {alt for unit in query_units("Tôi có được tặng giấy khen không?") for alt in unit}
    assert ("tặng",) in words and ("giấy",) in words
    assert not {("tôi",), ("có",), ("được",), ("không",)} & words
    plain = {alt for unit in query_units("toi co duoc tang giay khen khong") for alt in unit}
    assert ("tang",) in plain and ("giay",) in plain and ("duoc",) not in plain


def test_highlights_are_sorted_non_overlapping_word_spans():
    text = "Danh hiệu “Chiến sĩ thi đua cơ sở”: tỷ lệ chiến sĩ thi đua không quá 15%."
    spans = highlight_spans("chien si thi dua co so ty le", text)
    assert [text[s:e] for s, e in spans] == ["Chiến sĩ thi đua cơ sở", "tỷ lệ chiến sĩ thi đua"]
    flat = [x for span in spans for x in span]
    assert flat == sorted(flat) and len(set(flat)) == len(flat)


def test_highlights_are_offsets_in_the_given_text_even_when_decomposed():
    text = unicodedata.normalize("NFD", "Tỷ lệ đạt 15%.")
    spans = highlight_spans("tỷ lệ", text)
    assert [unicodedata.normalize("NFC", text[s:e]) for s, e in spans] == ["Tỷ lệ"]


def test_accented_question_prefers_exact_words():
    # "tối đa" must not light up "đã" (both fold to "da").
    spans = highlight_spans("tối đa", "Đã nộp, tối đa 3 hồ sơ.")
    assert spans == ((8, 14),)


@settings(deadline=None)
@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.text(max_size=8), st.text(max_size=200)), max_size=5),
)
def test_never_raises_and_spans_point_at_matching_words(query, passages):
    answers = answer_sentences(query, passages)
    assert len(answers) <= 3
    assert len({fold(a.text.lower()) for a in answers}) == len(answers) or len(answers) <= 1
    for answer in answers:
        assert answer.passage_id in {pid for pid, _ in passages}
        previous_end = -1
        for start, end in answer.highlights:
            assert previous_end <= start < end <= len(answer.text)
            previous_end = end


def test_question_words_drop_stop_words_and_keep_the_break():
    from thidua.nlp.answer import question_words

    assert question_words("Thủ đô của nước Pháp là gì?") == [
        "thu",
        "do",
        None,
        "nuoc",
        "phap",
        None,
    ]
    # Without diacritics "cán bộ" must not lose "can" (ambiguous with "cần").
    assert question_words("can bo TT&TT") == ["can", "bo", "tttt"]
