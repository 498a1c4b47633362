"""The not-found decision by retrieval margin (`answering.BY_MARGIN`; `BY_MEANING` is the
margin with paraphrases: tests/assistant/test_answer_paraphrases.py; the default DECISION is
`BY_ENTITY`: tests/assistant/test_answer_entities.py):
when the first passage's retrieval score stands out (at least `clear_ratio` times the
second's), a question may use words the document says otherwise — a synonym, a paraphrase —
and still be answered; without a clear winner, or when the passages share only a common word
or two with the question, it is refused as before."""

from thidua.assistant.answering import (
    BY_MARGIN,
    BY_MEANING,
    WORDS_PRESENT,
    Decision,
    grounded,
)

PLAN_TITLE = "Kế hoạch bảo đảm an toàn thông tin năm 2026 của Cục An toàn thông tin (minh hoạ)"
PLAN = [
    f"{PLAN_TITLE}\nIII. Tổ chức thực hiện\nPhòng Giám sát an toàn thông tin chủ trì theo "
    "dõi, đôn đốc; Văn phòng Cục tổng hợp báo cáo sáu tháng và cả năm.",
    f"{PLAN_TITLE}\nII. Nhiệm vụ\n2. Rà soát, đánh giá lỗ hổng bảo mật định kỳ hằng quý đối "
    "với các cổng thông tin điện tử và hệ thống thư điện tử công vụ; báo cáo kết quả trước "
    "ngày 10 của tháng đầu quý sau.",
]
CLEAR = [20.0, 8.0]  # the first passage stands out
CLOSE = [20.0, 19.0]  # two passages nearly alike: none stands out
# "chịu trách nhiệm" where the plan says "chủ trì"; "lập" where it says "tổng hợp".
SYNONYMS = (
    "Phòng nào của Cục chịu trách nhiệm theo dõi, đôn đốc kế hoạch an toàn thông tin?",
    "Văn phòng Cục lập báo cáo kế hoạch an toàn thông tin vào lúc nào?",
)


def test_the_margin_decision_with_paraphrases_uses_them():
    assert BY_MEANING.paraphrases and not BY_MARGIN.paraphrases


def test_a_question_phrased_with_a_synonym_of_the_documents_word_is_answered():
    for question in SYNONYMS:
        assert grounded(question, PLAN, CLEAR, decision=BY_MARGIN), question
        # The words-present rule (the one before) refused them: a word no passage holds.
        assert not grounded(question, PLAN, CLEAR, decision=WORDS_PRESENT), question


def test_without_a_passage_standing_out_a_missing_word_still_refuses():
    for question in SYNONYMS:
        assert not grounded(question, PLAN, CLOSE, decision=BY_MARGIN), question
        # scores unknown: none stands out
        assert not grounded(question, PLAN, decision=BY_MARGIN), question


def test_an_off_topic_question_sharing_a_common_word_is_refused_even_with_a_clear_winner():
    off_topic = (
        "Thủ tục đăng ký kết hôn với người nước ngoài năm 2026 gồm những gì?",  # "năm 2026"
        "Tổ chức đoàn thanh niên của Cục sinh hoạt mấy lần một tháng?",  # "Cục", "tháng"
    )
    for question in off_topic:
        assert not grounded(question, PLAN, CLEAR, decision=BY_MARGIN), question
        # one passage: it stands out
        assert not grounded(question, PLAN[:1], [5.0], decision=BY_MARGIN), question


def test_a_passage_stands_out_by_the_ratio_of_the_first_two_scores():
    decision = Decision(
        min_support=0.75,
        max_missing=0.5,
        clear_ratio=1.25,
        clear_min_support=0.6,
        clear_max_missing=3.0,
    )
    assert decision.thresholds([10.0, 8.0]) == (0.6, 3.0)  # 10 ≥ 1.25 × 8
    assert decision.thresholds([10.0, 8.1]) == (0.75, 0.5)
    assert decision.thresholds([10.0]) == (0.6, 3.0)  # alone
    assert decision.thresholds([]) == decision.thresholds(None) == (0.75, 0.5)
    assert WORDS_PRESENT.thresholds([10.0, 1.0]) == (0.67, 1)  # no margin in the old rule
