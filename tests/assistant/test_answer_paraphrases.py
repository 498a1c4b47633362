"""The paraphrase not-found decision (`answering.BY_MEANING`, the default before
`BY_WEIGHT`): the retrieval margin, and a
question's phrase held by a passage holding a paraphrase of it (`thidua.nlp.paraphrases`).
Without a passage standing out, a question in the document's other words is answered where
the margin alone refused it; a question about another reward or title is still refused."""

from thidua.assistant.answering import BY_MARGIN, BY_MEANING, grounded

from .test_answer_margin import CLOSE, PLAN

# "chịu trách nhiệm" / "phụ trách" where the plan says "chủ trì"; "trễ" where it says "chậm".
PARAPHRASED = (
    "Phòng nào của Cục chịu trách nhiệm theo dõi, đôn đốc kế hoạch an toàn thông tin?",
    "Phòng nào phụ trách theo dõi, đôn đốc kế hoạch an toàn thông tin của Cục?",
    "phong nao chiu trach nhiem theo doi, don doc ke hoach an toan thong tin",  # no diacritics
)


def test_a_paraphrased_question_is_answered_without_a_passage_standing_out():
    for question in PARAPHRASED:
        assert grounded(question, PLAN, CLOSE, decision=BY_MEANING), question
        assert not grounded(question, PLAN, CLOSE, decision=BY_MARGIN), question


def test_a_word_that_is_no_paraphrase_still_refuses():
    near_misses = (
        # "Huân chương" and "Thủ tướng" are not paraphrases of anything the plan says.
        "Phòng nào của Cục được tặng Huân chương vì theo dõi, đôn đốc kế hoạch?",
        "Thủ tướng giao phòng nào theo dõi, đôn đốc kế hoạch an toàn thông tin?",
    )
    for question in near_misses:
        assert not grounded(question, PLAN, CLOSE, decision=BY_MEANING), question
