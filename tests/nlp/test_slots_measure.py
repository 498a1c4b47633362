"""The "measure" slot (`thidua.nlp.slots`; issue 14, point 4): "bao nhiêu ngày / mấy tiếng /
bao nhiêu phần trăm" asks a number of that unit, which the answer must give — a date's "tháng
01 năm sau" is no number of years, "giờ" gives "mấy tiếng". And the "count" and "year" slots,
measured and not chosen, asked only when named in `kinds`."""

import pytest

from thidua.nlp.slots import FIRST_SLOTS, SLOTS, asked_slot, count_unit, holds_slot

MEASURE = (*FIRST_SLOTS, "measure")


@pytest.mark.parametrize(
    ("question", "slot", "unit"),
    [
        ("Đơn vị có bao nhiêu ngày để bổ sung hồ sơ bị trả lại?", "measure", "ngay"),
        ("Sự cố mức cao phải khắc phục xong trong mấy tiếng?", "measure", "gio"),
        ("Biên bản họp phải lưu trữ bao nhiêu năm?", "measure", "nam"),
        ("Đề án đặt mục tiêu bao nhiêu phần trăm hồ sơ nộp trực tuyến?", "measure", "%"),
        ("bao cao gui truoc may hom", "measure", "ngay"),
        # the first slots keep their questions; no unit named, a duration, a machine: no measure
        ("Hội đồng gồm bao nhiêu người?", "people", "nguoi"),
        ("Mật khẩu phải đổi mấy tháng một lần?", "frequency", "thang"),
        ("Mức đóng góp quỹ hằng năm là bao nhiêu?", None, ""),
        ("Sự cố phải xử lý trong bao lâu?", None, ""),
        ("Máy tính của cán bộ phải cài phần mềm gì?", None, ""),
        ("Hồ sơ gồm bao nhiêu bộ bản giấy?", None, "bo"),
    ],
)
def test_the_measure_asked(question, slot, unit):
    assert asked_slot(question, MEASURE) == slot
    assert count_unit(question) == unit


def test_measure_is_not_asked_unless_named_in_kinds():
    assert asked_slot("Đơn vị có bao nhiêu ngày để bổ sung hồ sơ?") is None


@pytest.mark.parametrize(
    ("question", "text", "held"),
    [
        ("Có bao nhiêu ngày để bổ sung?", "Đơn vị bổ sung trong 10 ngày làm việc.", True),
        ("Có bao nhiêu ngày để bổ sung?", "Hồ sơ gửi trước ngày 15 tháng 01 năm sau.", False),
        ("Lưu trữ bao nhiêu năm?", "Hồ sơ gửi trước ngày 15 tháng 01 năm sau.", False),
        ("Lưu trữ bao nhiêu năm?", "Hồ sơ được lưu trữ năm năm tại đơn vị.", True),
        ("Khắc phục trong mấy tiếng?", "Thời gian khắc phục không quá 4 giờ.", True),
        ("Khắc phục trong mấy tiếng?", "Sự cố được khắc phục trong ngày.", False),
        ("Đạt bao nhiêu phần trăm?", "Tỷ lệ hồ sơ trực tuyến đạt 80 %.", True),
        ("Đạt bao nhiêu phần trăm?", "Hồ sơ trực tuyến được ưu tiên giải quyết.", False),
        ("bao cao gui truoc may hom", "Báo cáo gửi trước 3 ngày.", True),
    ],
)
def test_the_measure_held(question, text, held):
    assert holds_slot(asked_slot(question, MEASURE), text, question) is held


def test_count_and_year_when_asked():
    question = "Hội đồng có bao nhiêu phó chủ tịch?"
    assert asked_slot(question, SLOTS) == "count"
    assert holds_slot("count", "Hội đồng có hai Phó Chủ tịch.", question)
    assert not holds_slot("count", "Chủ tịch và các Phó Chủ tịch Hội đồng.", question)
    assert count_unit("Cần kèm mấy cái sáng kiến?") == "sang"
    assert count_unit("Cần bao nhiêu DN công nghệ số?") == "doanh nghiep"
    year = "Quy chế được áp dụng từ năm nào?"
    assert asked_slot(year, SLOTS) == "year"
    assert holds_slot("year", "Quy chế áp dụng từ năm 2024.", year)
    assert not holds_slot("year", "Quy chế áp dụng cho mọi đơn vị.", year)
