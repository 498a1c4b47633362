"""The not-found decision (`answering.grounded`) on retrieved passages as the assistant gives
them (document title, heading, text): a question phrased with words that only frame it
("được giao việc gì", "xử lý thế nào", "khẩu hiệu") is answered by the passage that holds
its topic; a question about something the passages do not name is refused."""

from thidua.assistant.answering import BY_MARGIN, BY_MEANING, WORDS_PRESENT, grounded

PLAN_TITLE = "Kế hoạch bảo đảm an toàn thông tin năm 2026 của Cục An toàn thông tin (minh hoạ)"
PLAN = [
    f"{PLAN_TITLE}\nIII. Tổ chức thực hiện\nPhòng Giám sát an toàn thông tin chủ trì theo "
    "dõi, đôn đốc; Văn phòng Cục tổng hợp báo cáo sáu tháng và cả năm.",
    f"{PLAN_TITLE}\nII. Nhiệm vụ\n2. Rà soát, đánh giá lỗ hổng bảo mật định kỳ hằng quý đối "
    "với các cổng thông tin điện tử và hệ thống thư điện tử công vụ; báo cáo kết quả trước "
    "ngày 10 của tháng đầu quý sau.",
]
MOVEMENT = [
    "Phong trào thi đua năm 2026: “Mỗi ngày một cải tiến, mỗi người một giá trị”\n\n"
    "Phong trào thi đua năm 2026: “Mỗi ngày một cải tiến, mỗi người một giá trị”\n"
    "Gắn thi đua với chỉ số KPI của từng đơn vị; việc là gốc của thi đua."
]
RULES = [
    "QUY CHẾ THI ĐUA, KHEN THƯỞNG CỦA BỘ (MINH HOẠ)\nĐiều 10. Bằng khen của Bộ trưởng\n"
    "1. Bằng khen của Bộ trưởng được xét tặng cho cá nhân gương mẫu chấp hành tốt chủ "
    "trương, chính sách của Đảng, pháp luật của Nhà nước và có hai năm liên tục hoàn thành "
    "xuất sắc nhiệm vụ."
]


def test_a_question_phrased_with_framing_words_is_answered():
    assert grounded("Trong kế hoạch ATTT năm 2026, Văn phòng Cục được giao việc gì?", PLAN)
    assert grounded("Theo kế hoạch ATTT, lỗ hổng bảo mật được xử lý thế nào?", PLAN)
    assert grounded("Phong trào thi đua năm 2026 có khẩu hiệu gì?", MOVEMENT)


def test_a_question_about_something_absent_is_refused():
    # By the word-presence decisions: the weighed ones (`BY_WEIGHT`, the default `BY_ENTITY`)
    # weigh a word by the index's corpus, which these lists of one or two passages are not
    # (tests/assistant/test_answer_weighed.py, test_answer_entities.py); `BY_WEIGHT` answers a
    # question whose absent words no passage of the corpus holds ("Huân chương"), its price
    # (docs/BENCHMARKS.md); `BY_ENTITY` refuses one naming an award no passage holds.
    for decision in (BY_MEANING, BY_MARGIN, WORDS_PRESENT):
        question = "Cục An toàn thông tin được giao bao nhiêu biên chế năm 2026?"
        assert not grounded(question, PLAN, decision=decision)
        question = "Bằng khen bị mất thì làm thủ tục cấp lại thế nào?"
        assert not grounded(question, RULES, decision=decision)
        question = "Ai ký quyết định tặng Huân chương Lao động?"
        assert not grounded(question, RULES, decision=decision)
    assert not grounded("Văn phòng Cục được giao việc gì?", [])


def test_the_answer_type_check_is_off_unless_a_scope_is_chosen():
    from thidua.assistant.answering import typed

    who = "Ai được giao làm Chủ tịch Hội đồng Thi đua - Khen thưởng của Bộ?"
    assert typed(who, sentences=[], passages=[])
    assert not typed(who, sentences=[], passages=[], scope="sentences")


def test_the_answer_type_check_looks_at_the_highlighted_sentences(monkeypatch):
    from thidua.assistant import answering
    from thidua.assistant.answering import typed

    monkeypatch.setattr(answering, "ANSWER_TYPE_SCOPE", "sentences")

    council = (
        "Hướng dẫn nghiệp vụ bỏ phiếu kín\n3. Kiểm phiếu\nTổ kiểm phiếu gồm ba thành viên do "
        "Chủ tịch Hội đồng chỉ định."
    )
    chair = [("Tổ kiểm phiếu gồm ba thành viên do Chủ tịch Hội đồng chỉ định.", council)]
    who = "Ai được giao làm Chủ tịch Hội đồng Thi đua - Khen thưởng của Bộ?"
    assert not typed(who, sentences=chair, passages=[council])
    assert typed("Tổ kiểm phiếu do ai phân công?", sentences=chair, passages=[council])
    assert typed("Tổ kiểm phiếu có bao nhiêu thành viên?", sentences=chair, passages=[council])
    assert typed("Tổ kiểm phiếu gồm những ai?", sentences=chair, passages=[council])
    # a question asking no particular kind is not checked; the scopes measured on dev
    assert typed("Tổ kiểm phiếu làm gì?", sentences=[], passages=[])
    slogan = "Khẩu hiệu của kế hoạch an toàn thông tin năm 2026 là gì?"
    assert not typed(slogan, sentences=[(p, p) for p in PLAN], passages=PLAN)
    assert not typed(slogan, sentences=[], passages=MOVEMENT, scope="sentences")
    assert typed(
        "Phong trào thi đua năm 2026 có khẩu hiệu gì?",
        sentences=[],
        passages=MOVEMENT,
        scope="first",
    )
