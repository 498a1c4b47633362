"""The narrow slot check (`thidua.nlp.slots`; issue 14, point 4): a question asking a number of
people, a frequency or a weekday, told apart from the same words asking a rank, an ordinal or
another number, and whether a text gives the slot."""

import pytest

from thidua.nlp.slots import asked_slot, holds_slot


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Hội đồng TĐKT Bộ gồm bao nhiêu người, những ai?", "people"),
        ("Hội đồng Thi đua - Khen thưởng của Bộ có bao nhiêu thành viên?", "people"),
        ("to kiem phieu gom may nguoi", "people"),
        ("Mật khẩu hộp thư công vụ phải đổi mấy tháng một lần?", "frequency"),
        ("Rà soát lỗ hổng bảo mật định kỳ bao lâu một lần?", "frequency"),
        ("HĐ TĐKT của Bộ họp định kỳ mấy lần một năm?", "frequency"),
        ("Chiến sĩ thi đua toàn quốc bao nhiêu năm mới xét một lần?", "frequency"),
        ("Giao ban điện tử theo KPI họp vào thứ mấy trong tuần?", "weekday"),
        # a rank, an ordinal, a duration, a count of things: no slot
        ("Năm 2025 nước mình phấn đấu đứng thứ mấy?", None),
        ("Nghị quyết này căn cứ Nghị quyết Đại hội Đảng bộ Bộ lần thứ mấy?", None),
        ("Sự cố nghiêm trọng phải được xử lý trong bao lâu?", None),
        ("Một thành tích có được khen thưởng nhiều lần không?", None),
        ("Hồ sơ đề nghị khen thưởng gồm bao nhiêu bộ?", None),
    ],
)
def test_the_slot_asked(question, slot):
    assert asked_slot(question) == slot


@pytest.mark.parametrize(
    ("slot", "text", "held"),
    [
        ("people", "Tổ kiểm phiếu gồm ba thành viên do Chủ tịch Hội đồng chỉ định.", True),
        ("people", "Chỉ tiêu 700.000 người tốt nghiệp mỗi năm.", True),
        ("people", "Không quá 15% tổng số cá nhân đạt danh hiệu Lao động tiên tiến.", True),
        ("people", "Phiên họp hợp lệ khi có ít nhất hai phần ba số thành viên dự họp.", True),
        ("people", "Hội đồng Thi đua - Khen thưởng của Bộ tư vấn cho Bộ trưởng.", False),
        ("frequency", "Rà soát, đánh giá lỗ hổng bảo mật định kỳ hằng quý.", True),
        ("frequency", "Tổ chức diễn tập hai lần trong năm, vào quý II và quý IV.", True),
        ("frequency", "Mật khẩu phải có ít nhất 12 ký tự.", False),
        ("weekday", "Họp giao ban vào sáng thứ Hai.", True),
        ("weekday", "Thứ hai, đẩy mạnh chuyển đổi số.", False),
        ("weekday", "Mỗi đơn vị cập nhật tiến độ trước giờ họp.", False),
        (None, "Bất kỳ câu nào.", True),
    ],
)
def test_the_slot_held(slot, text, held):
    assert holds_slot(slot, text) is held


def test_without_diacritics_the_text_is_matched_folded():
    question = "to kiem phieu gom may nguoi"
    assert holds_slot(asked_slot(question), "Tổ kiểm phiếu gồm ba thành viên.", question)
