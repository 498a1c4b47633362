"""A document's number in the not-found decision (issue 14, point 4; `answering.BY_REFERENCE`,
`thidua.nlp.entities` kind "reference"): a question about a decree or resolution by its number
("Nghị định 91/2017/NĐ-CP …") that no passage holds is refused — before, it was answered with
the regulation's neighbouring rule; asked by the number the documents do give, it is answered,
the number held by the header passage rather than the clause that answers."""

from thidua.assistant import answering
from thidua.assistant.answering import BY_CASE, BY_REFERENCE, grounded

HEADER = (
    "Quy chế thi đua, khen thưởng của Bộ\n\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Căn cứ Nghị định số "
    "152/2025/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng."
)
RATIO = (
    "Quy chế thi đua, khen thưởng của Bộ\nĐiều 6. Chiến sĩ thi đua cơ sở\n"
    "2. Tỷ lệ cá nhân được đề nghị danh hiệu Chiến sĩ thi đua cơ sở do Hội đồng quyết định "
    "hằng năm, không quá 15% tổng số cá nhân đạt danh hiệu Lao động tiên tiến."
)
OTHER = "Quy chế thi đua, khen thưởng của Bộ\nĐiều 12. Hồ sơ\nHồ sơ nộp qua hệ thống Thi Đua."


def test_a_document_number_is_checked_by_default():
    assert answering.DECISION is BY_REFERENCE
    assert "reference" in BY_REFERENCE.entity_kinds


def test_a_number_no_passage_holds_is_refused():
    question = "Nghị định 91/2017/NĐ-CP quy định tỷ lệ Chiến sĩ thi đua cơ sở là bao nhiêu?"
    texts = [RATIO, HEADER, OTHER]
    assert not grounded(question, texts, decision=BY_REFERENCE)
    assert grounded(question, texts, decision=BY_CASE)  # before: answered


def test_a_number_the_header_passage_holds_is_answered():
    question = "Nghị định 152/2025/NĐ-CP quy định tỷ lệ Chiến sĩ thi đua cơ sở là bao nhiêu?"
    assert grounded(question, [RATIO, HEADER, OTHER], decision=BY_REFERENCE)
