"""The gate of the not-found decision and the question's frame words (`answering_gate`;
issue 14, point 4): "Tiêu chuẩn CSTĐCS là gì?" was refused because the gate counted
"tiêu chuẩn", which frames the question, as a content word, and the CSTĐCS clause (regulation
Điều 6) never writes it. A frame word now counts only where the passage holds it."""

from thidua.assistant import answering_gate
from thidua.assistant.answering_gate import supports

DEFINING = (
    "Quy chế thi đua, khen thưởng\nĐiều 6. Danh hiệu Chiến sĩ thi đua\n"
    "1. Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng hằng năm cho cá nhân đạt danh hiệu "
    "Lao động tiên tiến và có một trong các thành tích sau:"
)


def test_a_frame_word_the_passage_lacks_does_not_count_against_it():
    assert answering_gate.GATE_FRAMES == "optional"
    assert supports("Tiêu chuẩn CSTĐCS là gì?", DEFINING)
    assert not supports("Tiêu chuẩn CSTĐCS là gì?", DEFINING, "count")


def test_a_frame_word_the_passage_holds_still_counts():
    text = "Tiêu chuẩn xét tặng Cờ thi đua của Bộ: dẫn đầu khối thi đua."
    # "tiêu chuẩn" held: with "cờ", "thi đua" it makes the passage's share
    assert supports("Tiêu chuẩn xét tặng Cờ thi đua là gì?", text)


def test_topic_words_still_decide():
    # frame words aside, "nghỉ phép" is in no passage: not a basis
    assert not supports("Tiêu chuẩn nghỉ phép năm là gì?", DEFINING)
