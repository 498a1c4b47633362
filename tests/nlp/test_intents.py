"""Personal questions are recognised with or without diacritics; document questions are not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.nlp.intents import INTENTS, TITLES, Intent, detect_intent, normalise_question
from thidua.nlp.text import fold

CASES = [
    ("Mục tiêu của tôi quý này?", "my_goals", {"period": "quarter"}),
    ("muc tieu cua toi quy nay", "my_goals", {"period": "quarter"}),
    ("Mục tiêu năm nay của tôi là gì", "my_goals", {"period": "year"}),
    ("MỤC TIÊU THÁNG 5 CỦA TÔI ???", "my_goals", {"period": "month"}),
    ("  Các   mục tiêu   của tôi  ", "my_goals", {}),
    ("Chỉ tiêu của mình trong quý II thế nào?", "my_goals", {"period": "quarter"}),
    ("Việc nào sắp quá hạn?", "tasks_due", {}),
    ("viec nao sap qua han", "tasks_due", {}),
    ("VIỆC NÀO SẮP QUÁ HẠN", "tasks_due", {}),
    ("Nhiệm vụ nào của tôi sắp đến hạn trong 7 ngày tới?", "tasks_due", {"days": "7"}),
    ("nhiem vu nao cua toi sap den han trong 7 ngay toi", "tasks_due", {"days": "7"}),
    ("Công việc nào đến hạn trong 2 tuần tới?", "tasks_due", {"days": "14"}),
    ("Tuần này tôi có việc gì đến hạn?", "tasks_due", {"days": "7"}),
    ("Tôi còn thiếu gì để được Chiến sĩ thi đua cơ sở?", "missing_for_title", {"title": "CSTDCS"}),
    ("toi con thieu gi de dat CSTDCS", "missing_for_title", {"title": "CSTDCS"}),
    ("Tôi còn thiếu gì để đạt CSTĐCS?", "missing_for_title", {"title": "CSTDCS"}),
    ("Tôi còn thiếu gì để được Lao động tiên tiến?", "missing_for_title", {"title": "LDTT"}),
    ("toi con thieu gi de duoc lao dong tien tien", "missing_for_title", {"title": "LDTT"}),
    (
        "Tôi còn thiếu gì để được chiến sĩ thi đua cấp bộ?",
        "missing_for_title",
        {"title": "CSTD_BO"},
    ),
    (
        "Tôi còn thiếu gì để được Chiến sĩ thi đua toàn quốc?",
        "missing_for_title",
        {"title": "CSTD_TQ"},
    ),
    ("Tôi còn thiếu gì để được bằng khen của Bộ trưởng?", "missing_for_title", {"title": "BK_BO"}),
    ("Tôi còn thiếu gì để được Bằng khen của Thủ tướng?", "missing_for_title", {"title": "BK_TTG"}),
    ("Tôi đã đủ điều kiện nhận giấy khen chưa?", "missing_for_title", {"title": "GK"}),
    ("Tôi cần gì để đạt LĐTT?", "missing_for_title", {"title": "LDTT"}),
    ("Đơn vị tôi đang chậm ở chỉ tiêu nào?", "unit_lagging", {}),
    ("don vi toi cham chi tieu nao", "unit_lagging", {}),
    ("Chỉ tiêu nào của đơn vị đang bị chậm?", "unit_lagging", {}),
    ("Phòng của tôi đang trễ những chỉ tiêu gì?", "unit_lagging", {}),
    # the asker's own annual rating (walk-through of 07/12/2026), with or without diacritics
    ("năm nay toi duoc xep loai gi", "my_rating", {"year": "this"}),
    ("Năm nay tôi được xếp loại gì?", "my_rating", {"year": "this"}),
    ("Xếp loại năm nay của tôi thế nào?", "my_rating", {"year": "this"}),
    ("Kết quả xếp loại của tôi năm 2026?", "my_rating", {"year": "2026"}),
    ("xep loai nam 2025 cua minh la gi", "my_rating", {"year": "2025"}),
    ("Năm ngoái tôi xếp loại gì?", "my_rating", {"year": "last"}),
    ("Tôi được đánh giá xếp loại mức nào năm nay?", "my_rating", {"year": "this"}),
    ("Em được xếp loại thế nào năm nay ạ", "my_rating", {"year": "this"}),
    ("Mình được xếp loại chưa?", "my_rating", {}),
    ("Cho tôi xem kết quả xếp loại năm nay", "my_rating", {"year": "this"}),
    ("toi da tu danh gia chua", "my_rating", {}),
    ("Năm nay tôi có được xếp loại HTXS không?", "my_rating", {"year": "this"}),
]

DOCUMENT_QUESTIONS = [
    "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    "Dieu kien de duoc tang danh hieu chien si thi dua co so la gi",
    "Tiêu chuẩn danh hiệu Lao động tiên tiến?",
    "Mục tiêu của Nghị quyết 57 là gì?",
    "muc tieu cua nghi quyet 57 la gi",
    "Thời hạn nộp hồ sơ khen thưởng?",
    "Tôi nộp hồ sơ quá hạn thì sao?",
    "Bằng khen của Bộ trưởng do ai trình?",
    "Tỷ lệ Chiến sĩ thi đua cơ sở không quá bao nhiêu phần trăm?",
    "Đơn vị không đạt chỉ tiêu thi đua thì có được khen thưởng không?",
    "Phong trào thi đua nào đang được phát động?",
    "Kế hoạch chuyển đổi số năm 2025 có những nhiệm vụ gì?",
    # the rules of rating, not the asker's own rating
    "Xếp loại HTXS cần điều kiện gì?",
    "xep loai htxs can dieu kien gi",
    "Xếp loại của tôi phải từ mức nào trở lên thì mới được bình LĐTT?",
    "Cuối năm em chỉ được xếp loại hoàn thành nhiệm vụ thôi thì có được bình LĐTT nữa không?",
    "Tôi phải làm gì để được xếp loại hoàn thành xuất sắc nhiệm vụ?",
    "Tôi xếp loại hoàn thành tốt thì có được nâng lương trước hạn không?",
    "Cán bộ được xếp loại như thế nào?",
    "Tiêu chí xếp loại cán bộ năm nay là gì?",
    "Điểm đánh giá bao nhiêu thì được xếp loại hoàn thành tốt nhiệm vụ?",
    "Ai xếp loại cho tôi?",
    "Ứng dụng di động của Bộ được đánh giá lỗ hổng bảo mật bao lâu một lần?",
    "",
    "   ?!  ",
    "<script>alert(1)</script>",
    "'; DROP TABLE goals; --",
]


@pytest.mark.parametrize(("question", "name", "params"), CASES)
def test_personal_questions_are_recognised(question, name, params):
    intent = detect_intent(question)
    assert intent is not None, question
    assert intent.name == name
    assert dict(intent.params) == params


@pytest.mark.parametrize(("question", "name", "params"), CASES)
def test_folded_and_upper_case_questions_give_the_same_intent(question, name, params):
    assert detect_intent(fold(question)) == detect_intent(question)
    assert detect_intent(question.upper() + " ...") == detect_intent(question)


@pytest.mark.parametrize("question", DOCUMENT_QUESTIONS)
def test_document_questions_are_not_personal(question):
    assert detect_intent(question) is None


def test_toi_after_a_time_word_means_next_not_me():
    assert normalise_question("Mục tiêu quý tới") == "muc tieu quy sau"
    assert detect_intent("Mục tiêu quý tới là gì?") is None  # nobody's in particular
    assert detect_intent("Mục tiêu quý tới của tôi?") == Intent("my_goals", {"period": "quarter"})


def test_every_title_code_is_reachable_and_intents_are_known():
    codes = {code for code, _ in TITLES}
    assert codes == {
        *("CSTDCS", "LDTT", "CSTD_BO", "CSTD_TQ", "BK_BO", "GK", "BK_TTG"),
        *("TLDTT", "TLDXS", "CO_BO", "CO_CP"),
    }
    assert {name for _, name, _ in CASES} == set(INTENTS)


def test_a_very_long_question_is_not_an_intent():
    assert detect_intent("Mục tiêu của tôi quý này? " + "x" * 5000) is None


@given(st.text(max_size=200))
def test_never_raises(question):
    intent = detect_intent(question)
    assert intent is None or intent.name in INTENTS
