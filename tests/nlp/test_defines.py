"""`thidua.nlp.defines`: the clause whose subject is the title a question asks the standard
of (issue 14, point 4)."""

import pytest

from thidua.nlp.answer import answer_sentences
from thidua.nlp.defines import defined_titles, defines

CSTDCS = (
    "1. Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng hằng năm cho cá nhân đạt danh hiệu Lao "
    "động tiên tiến và có một trong các thành tích sau:"
)
OTHERS = [
    "1. Danh hiệu Tập thể lao động xuất sắc được xét tặng cho tập thể tiêu biểu đạt các tiêu "
    "chuẩn sau:",
    "1. Danh hiệu Chiến sĩ thi đua cấp Bộ được xét tặng cho cá nhân có ba lần liên tục đạt "
    "danh hiệu Chiến sĩ thi đua cơ sở.",
    "2. Tỷ lệ cá nhân được đề nghị danh hiệu Chiến sĩ thi đua cơ sở không quá 15% tổng số cá "
    "nhân đạt danh hiệu Lao động tiên tiến.",
]


@pytest.mark.parametrize(
    "question",
    ["Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?", "tieu chuan CSTĐCS la gi", "Điều kiện CSTĐCS?"],
)
def test_only_the_defining_clause_defines_the_title(question):
    titles = defined_titles(question)
    assert titles == (("chien", "si", "thi", "dua", "co", "so"),)
    assert defines(titles, CSTDCS)
    assert not any(defines(titles, s) for s in OTHERS)


def test_a_question_not_asking_a_standard_names_no_title_to_define():
    assert defined_titles("Tỷ lệ Chiến sĩ thi đua cơ sở tối đa là bao nhiêu?") == ()
    assert defined_titles("Tiêu chuẩn thời gian công tác là gì?") == ()


def test_the_defining_clause_leads_the_answer():
    passages = [("a", OTHERS[0], "Điều 9"), ("b", OTHERS[1]), ("c", OTHERS[2]), ("d", CSTDCS)]
    picked = answer_sentences("Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?", passages)
    assert picked[0].text == CSTDCS
