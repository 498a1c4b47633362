"""`thidua.nlp.entities`: the titles, awards, years, numbers and bodies a question names, and
whether a text holds them (issue 14, point 4). Questions from the development sets."""

from thidua.nlp.entities import entities, entities_held, held, unheld
from thidua.nlp.weighed import Weighed


def found(question):
    return [(e.kind, " ".join(e.key)) for e in entities(question)]


def test_an_award_with_what_qualifies_it():
    assert found("Điều kiện xét tặng Huân chương Lao động hạng Ba là gì?") == [
        ("award", "huan chuong lao dong hang ba")
    ]
    assert found("Danh hiệu Cờ thi đua của Chính phủ xét tặng cho tập thể nào?") == [
        ("award", "co thi dua chinh phu")  # "của" left out
    ]
    assert found("Huy hiệu 30 năm tuổi Đảng được xét tặng khi nào?") == [
        ("award", "huy hieu 30 nam tuoi dang")
    ]


def test_an_abbreviated_award_is_spelt_out():
    assert found("BK TTg cần mấy năm liên tục hoàn thành tốt nhiệm vụ?") == [
        ("award", "bang khen thu tuong")
    ]
    assert found("Nghỉ thai sản có được xét danh hiệu LĐTT không?") == [
        ("award", "lao dong tien tien")
    ]


def test_a_kind_of_award_alone_names_none():
    assert found("Khi xét bằng khen thì hội đồng có phải bỏ phiếu kín không?") == []


def test_years_numbers_and_bodies():
    assert found("Chỉ tiêu số trạm phát sóng 5G đến năm 2025 là bao nhiêu?") == [
        ("year", "2025"),
        ("body", "5g"),
    ]
    # "tỷ" of "tỷ lệ" is no unit, a year no number
    assert found("Đến năm 2030 tỷ lệ dịch vụ công trực tuyến phải đạt bao nhiêu?") == [
        ("year", "2030")
    ]
    assert found("Mua sắm thiết bị dưới 100 triệu đồng thế nào?") == [("number", "100 trieu")]
    assert found("Cục An toàn thông tin được giao bao nhiêu biên chế?") == [("body", "cuc an")]


def test_colloquial_words_and_single_capitals_are_not_entities():
    assert found("Chị em nghỉ thai sản năm ngoái thì có được xét thi đua không?") == []
    assert found("Hội đồng Thi đua - Khen thưởng của Bộ họp mấy lần?") == []


def test_held_by_a_text_accent_and_abbreviation_insensitive():
    [award] = entities("BK TTg cần mấy năm?")
    assert held(award, "Bằng khen của Thủ tướng Chính phủ được xét tặng cho cá nhân")
    assert not held(award, "Bằng khen của Bộ trưởng được xét tặng cho cá nhân")
    assert [e.text for e in unheld("Kế hoạch năm 2027 có mấy đợt?", "Kế hoạch năm 2026")] == [
        "2027"
    ]


def test_held_where_the_scope_says():
    question = "Danh hiệu Chiến sĩ thi đua cơ sở năm 2026 xét thế nào?"
    passages = [
        ("Quy chế\nĐiều 6. Danh hiệu Chiến sĩ thi đua cơ sở", "Xét tặng hằng năm. Năm 2026."),
        ("Quy chế\nĐiều 7", "Chiến sĩ thi đua cấp Bộ."),
    ]
    evidence = Weighed(1.0, 1.0, 1.0, 0.0, "Xét tặng hằng năm.", 0)
    # The clause with its heading holds the award, not the year; its passage holds both.
    assert not entities_held(question, passages, evidence, scope="clause")
    assert entities_held(question, passages, evidence, scope="clause", kinds=("award",))
    assert entities_held(question, passages, evidence, scope="passage")
    other = Weighed(1.0, 1.0, 1.0, 0.0, "Chiến sĩ thi đua cấp Bộ.", 1)
    assert not entities_held(question, passages, other, scope="passage")
    assert entities_held(question, passages, other, scope="top")
