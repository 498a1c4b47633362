"""`thidua.nlp.cases.rule_question`: a case question asked as the rule it falls under (issue
14, point 4). Cases of the development sets: the instance parts (a person, the asker's unit,
counts, durations, deictic time) go to the rule's words; a rule question is left alone."""

import pytest

from thidua.nlp.cases import rule_question
from thidua.nlp.retrieval import PassageIndex

RULES = {
    "lđtt": "Danh hiệu Lao động tiên tiến. Cá nhân có thời gian công tác trong năm dưới 10 "
    "tháng thì không xét tặng danh hiệu Lao động tiên tiến, trừ trường hợp nghỉ chế độ thai "
    "sản hoặc bị thương khi làm nhiệm vụ.",
    "votes": "Số phiếu cần đạt. Cá nhân được đề nghị khi đạt từ 90% số phiếu đồng ý trở lên "
    "tính trên tổng số thành viên Hội đồng.",
    "cstđcs": "Tỷ lệ cá nhân được đề nghị danh hiệu Chiến sĩ thi đua cơ sở không quá 15% tổng "
    "số cá nhân đạt danh hiệu Lao động tiên tiến của đơn vị.",
    "bk": "Bằng khen của Bộ trưởng được xét tặng cho cá nhân có hai năm liên tục hoàn thành "
    "xuất sắc nhiệm vụ, trong thời gian đó có hai sáng kiến được công nhận.",
    "deadline": "Hồ sơ khen thưởng đột xuất gửi ngay sau khi có thành tích, chậm nhất trong "
    "thời hạn 10 ngày làm việc.",
    "attt": "Phòng Giám sát an toàn thông tin chủ trì theo dõi, đôn đốc và tổng hợp báo cáo "
    "sáu tháng và cả năm của các đơn vị.",
    "leave": "Anh Minh, chuyên viên phòng tổng hợp, nghỉ phép ba ngày trong tháng.",
}


@pytest.fixture(scope="module")
def index():
    return PassageIndex(RULES.items())


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("Chị A bên em nghỉ ốm 3 tháng trong năm, vậy chị ấy có được xét LĐTT không ạ?", "lđtt"),
        (
            "Hội đồng 20 thành viên, anh Minh được 17 phiếu đồng ý thì có được đề nghị không?",
            "votes",
        ),
        ("Phòng tôi có 30 người đạt LĐTT thì được đề nghị tối đa mấy người CSTĐCS?", "cstđcs"),
    ],
)
def test_a_case_question_asked_as_its_rule_still_finds_the_rule(index, question, rule):
    case = rule_question(question)
    assert case.is_case
    assert index.search(case.text, k=1)[0][0] == rule


def test_the_person_the_unit_and_the_duration_in_the_rules_words():
    case = rule_question(
        "Chị A bên em nghỉ ốm 3 tháng trong năm, vậy chị ấy có được xét LĐTT không?"
    )
    assert case.text == (
        "cá nhân đơn vị nghỉ ốm thời gian tháng trong năm, vậy cá nhân có được xét LĐTT không?"
    )
    assert case.instances == ("Chị A", "chị ấy", "bên em", "3 tháng")


def test_counts_of_a_whole_and_a_part_ask_a_share():
    text = rule_question("Hội đồng 20 thành viên, anh Minh được 17 phiếu đồng ý thì sao?").text
    assert "tỷ lệ tổng số thành viên" in text and "số phiếu đồng ý" in text
    assert not any(c.isdigit() for c in text)


def test_the_years_of_a_case_are_its_dates_not_the_rules():
    case = rule_question("Chị Khánh có BK Bộ từ 2019, 6 năm nay đều hoàn thành tốt nhiệm vụ?")
    assert "2019" not in case.text and "cá nhân" in case.text
    assert rule_question("Năm 2025 em được giấy khen chuyên đề, có được tính không?").text == (
        "em được giấy khen chuyên đề, có được tính không?"
    )
    # No one in the question: its year is what it asks about, kept.
    question = "Năm 2020 Việt Nam thực tế đứng hạng mấy về chỉ số GCI?"
    assert rule_question(question).text == question


@pytest.mark.parametrize(
    "question",
    [
        "Công tác dưới 10 tháng trong năm có được xét Lao động tiên tiến không?",  # compared
        "Huy hiệu 30 năm tuổi Đảng được xét tặng khi nào?",  # an award's name
        "Anh hùng Lao động cần những tiêu chuẩn gì?",  # a title, not a person named Hùng
        "Phiên họp chỉ hợp lệ khi có ít nhất hai phần ba số thành viên dự họp không?",
        "Tập thể lao động xuất sắc cần ít nhất bao nhiêu phần trăm cá nhân đạt LĐTT?",
        "Hồ sơ khen thưởng đột xuất gửi trong bao nhiêu ngày?",
    ],
)
def test_a_rule_question_is_left_as_it_is(question):
    case = rule_question(question)
    assert case.text == question and not case.is_case and case.instances == ()


def test_a_time_alone_makes_no_case():
    case = rule_question("Giá vé máy bay đi Đà Nẵng tháng sau là bao nhiêu?")
    assert case.text == "Giá vé máy bay đi Đà Nẵng là bao nhiêu?"
    assert not case.is_case  # the decision's gate still applies


def test_consecutive_years_keep_the_rules_word():
    assert rule_question("Tôi mới có 2 năm liền CSTĐCS thì đủ chưa?").text == (
        "Tôi mới năm liên tục CSTĐCS thì đủ chưa?"
    )
