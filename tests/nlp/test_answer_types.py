"""The answer-type check of the not-found decision (`thidua.nlp.answer_types`): what kind of
answer a Vietnamese question asks for, and whether a sentence gives one. The sentences are
the ones the assistant highlights for these questions on the demo (dev part of
bench/data/assistant_qa.jsonl)."""

import pytest

from thidua.nlp.answer_types import AnswerType, asked_type, holds_instance, instance_spans


@pytest.mark.parametrize(
    ("question", "kind", "unit"),
    [
        ("Ai được giao làm Chủ tịch Hội đồng Thi đua - Khen thưởng của Bộ?", "person", ""),
        ("Tổ kiểm phiếu do ai phân công?", "person", ""),
        ("Sáng kiến để xét Chiến sĩ thi đua cấp Bộ do ai công nhận?", "person", ""),
        ("Khẩu hiệu của Đại hội Đảng bộ Bộ lần thứ V là gì?", "name", ""),
        ("Tên chương trình Make in Vietnam giai đoạn 2026–2030 là gì?", "name", ""),
        ("Bưu gửi phải được giao phát trong bao nhiêu ngày?", "number", "ngay"),
        ("Hội đồng Thi đua - Khen thưởng thực hiện họp định kỳ mấy lần một năm?", "number", "lan"),
        ("Tổ kiểm phiếu có bao nhiêu thành viên?", "number", "thanh"),
        ("can bao nhieu thanh vien du hop thi phien hop hoi dong moi hop le", "number", "thanh"),
        ("Tỷ lệ chiến sĩ thi đua cơ sở tối đa là bao nhiêu?", "number", "%"),
        ("dvc truc tuyen toan trinh den 2030 dat bao nhieu phan tram", "number", "%"),
        ("Mức tiền thưởng danh hiệu LĐTT là bao nhiêu?", "number", ""),
        ("Chỉ số GCI của ITU năm 2025 đặt mục tiêu hạng mấy?", "number", "hang"),
        ("Thời gian phát hiện sự cố nghiêm trọng tối đa là bao lâu?", "duration", ""),
        ("Hạn hoàn thành phân loại cấp độ hệ thống thông tin là khi nào?", "date", ""),
        ("Diễn tập ATTT năm 2026 tổ chức vào quý nào?", "date", ""),
        ("Hồ sơ khen thưởng tổng kết năm gửi trước ngày nào?", "date", ""),
        ("Trung tâm giám sát an toàn thông tin dùng chung đặt tại đâu?", "place", ""),
        ("Hồ sơ khen thưởng nộp qua đâu?", "place", ""),
    ],
)
def test_the_kind_of_answer_asked(question, kind, unit):
    asked = asked_type(question)
    assert asked is not None and (asked.kind, asked.unit) == (kind, unit)


@pytest.mark.parametrize(
    "question",
    [
        "Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?",
        "Khen thưởng phải bảo đảm những yêu cầu gì?",
        "Tên miền .vn do đơn vị nào của Bộ quản lý?",  # "tên miền" asks no name; no org check
        "Nghị quyết nói gì về chuyển từ ứng dụng công nghệ thông tin sang chuyển đổi số?",
        "Mỗi người một máy điện thoại thông minh là chỉ tiêu gì?",  # "máy" is no "mấy"
        "tai sao phai boi duong",  # bare "ai"-like syllables ask for no person
    ],
)
def test_a_question_asking_for_no_particular_kind_is_not_checked(question):
    assert asked_type(question) is None
    assert holds_instance(asked_type(question), "Bất kỳ câu nào.", question)


def _holds(question, sentence):
    return holds_instance(asked_type(question), sentence, question)


def test_who_holds_a_post_is_not_answered_by_the_post_the_question_names():
    # dev qa188: the sentences highlighted name the council and its chair, nobody else.
    question = "Ai được giao làm Chủ tịch Hội đồng Thi đua - Khen thưởng của Bộ?"
    assert not _holds(question, "Tổ kiểm phiếu gồm ba thành viên do Chủ tịch Hội đồng chỉ định.")
    assert not _holds(
        question,
        "3. Hội đồng Thi đua - Khen thưởng của Bộ xét danh hiệu Chiến sĩ thi đua cấp Bộ bằng "
        "hình thức bỏ phiếu kín.",
    )
    assert _holds(question, "Chủ tịch Hội đồng là Thứ trưởng Nguyễn Văn An.")
    assert _holds(question, "Bộ trưởng giao đồng chí Trần Thị Bình làm Chủ tịch Hội đồng.")


def test_who_decides_is_answered_by_a_post_a_body_or_the_one_who_does_it():
    chair = "Tổ kiểm phiếu gồm ba thành viên do Chủ tịch Hội đồng chỉ định."
    assert _holds("Tổ kiểm phiếu do ai phân công?", chair)
    assert _holds(
        "Ai quyết định tỷ lệ cá nhân được đề nghị CSTĐCS hằng năm?",
        "2. Tỷ lệ cá nhân được đề nghị danh hiệu Chiến sĩ thi đua cơ sở do Hội đồng Thi đua - "
        "Khen thưởng của Bộ quyết định hằng năm.",
    )
    assert _holds(
        "Ai công nhận sáng kiến để xét Chiến sĩ thi đua cơ sở?",
        "b) Có sáng kiến được cơ sở công nhận;",
    )
    # the "Bộ" of "cấp Bộ" is a level, not someone
    assert not _holds(
        "Ai công nhận sáng kiến?", "Danh hiệu Chiến sĩ thi đua cấp Bộ được xét tặng hằng năm."
    )
    # for whom: a class of people will do
    assert _holds(
        "Bằng khen của Thủ tướng Chính phủ được xét tặng cho ai?",
        "Bằng khen của Thủ tướng Chính phủ được xét tặng cho cá nhân đã được tặng Bằng khen.",
    )


def test_a_slogan_is_a_quoted_phrase_the_question_does_not_already_hold():
    # dev qa193: the Party resolution quotes no slogan.
    question = "Khẩu hiệu của Đại hội Đảng bộ Bộ lần thứ V là gì?"
    assert not _holds(
        question,
        "Thứ bảy, báo chí truyền thông bảo vệ chủ quyền quốc gia về thông tin, tạo đồng thuận "
        "và niềm tin xã hội.",
    )
    assert not _holds(question, "Mỗi chi bộ, mỗi đảng viên quán triệt và tổ chức thực hiện:")
    asked = "Phong trào thi đua năm 2026 có khẩu hiệu gì?"
    sentence = "Phong trào thi đua năm 2026: “Mỗi ngày một cải tiến, mỗi người một giá trị”"
    spans = instance_spans(asked_type(asked), sentence, asked)
    assert [sentence[a:b] for a, b in spans] == ["Mỗi ngày một cải tiến, mỗi người một giá trị"]
    assert _holds("Khẩu hiệu của đơn vị là gì?", "Khẩu hiệu: Việc là gốc của thi đua.")
    # a quotation of the question's own words is no answer
    assert not _holds(
        "Chương trình “Chính phủ số” có tên gọi là gì?", "Chương trình “Chính phủ số”."
    )


def test_a_number_of_days_needs_days_not_a_date():
    # dev qa197: the sentences highlighted give a date ("ngày 31/12/2025"), no number of days.
    question = "Bưu gửi phải được giao phát trong bao nhiêu ngày?"
    assert not _holds(
        question,
        "- Chỉ tiêu sản lượng bưu gửi thương mại điện tử: 1.500 triệu bưu gửi vào ngày "
        "31/12/2025 (minh hoạ).",
    )
    assert _holds(
        question, "2. Hồ sơ khen thưởng đột xuất gửi chậm nhất trong thời hạn 10 ngày làm việc."
    )
    assert _holds(question, "Bưu gửi nội tỉnh được phát trong ba ngày.")


def test_how_many_times_a_year_needs_a_number_of_times():
    # dev qa200: the council's documents say "hằng năm" and "15%", never how many meetings.
    question = "Hội đồng Thi đua - Khen thưởng thực hiện họp định kỳ mấy lần một năm?"
    assert not _holds(
        question,
        "2. Tỷ lệ cá nhân được đề nghị danh hiệu Chiến sĩ thi đua cơ sở do Hội đồng Thi đua - "
        "Khen thưởng của Bộ quyết định hằng năm, không quá 15% tổng số cá nhân.",
    )
    assert _holds(
        "Diễn tập thực chiến an toàn thông tin mấy lần một năm?",
        "1. Diễn tập thực chiến an toàn thông tin hai lần trong năm, vào quý II và quý IV.",
    )
    assert _holds(
        "Cá nhân đạt CSTĐ cấp Bộ mấy lần liên tục thì được xét Chiến sĩ thi đua toàn quốc?",
        "Chiến sĩ thi đua toàn quốc được xét tặng cho cá nhân có hai lần liên tục đạt danh hiệu.",
    )


def test_numbers_with_the_unit_asked_typed_with_or_without_diacritics():
    members = "Phiên họp chỉ hợp lệ khi có ít nhất hai phần ba số thành viên dự họp."
    assert _holds("can bao nhieu thanh vien du hop thi phien hop hoi dong moi hop le", members)
    assert _holds("Tổ kiểm phiếu có bao nhiêu thành viên?", "Tổ kiểm phiếu gồm ba thành viên.")
    assert not _holds(
        "Hội đồng Thi đua - Khen thưởng của Bộ có bao nhiêu thành viên?",
        "Tài liệu nghiệp vụ dành cho thành viên Hội đồng và Vụ Thi đua - Khen thưởng.",
    )
    assert _holds("Tỷ lệ chiến sĩ thi đua cơ sở tối đa là bao nhiêu?", "không quá 15% tổng số")
    assert not _holds("Tỷ lệ chiến sĩ thi đua cơ sở tối đa là bao nhiêu?", "không quá 15 người")
    assert _holds("Chỉ số GCI của ITU năm 2025 đặt mục tiêu hạng mấy?", "GCI của ITU: 30 hạng")
    assert _holds(
        "BK TTg cần mấy năm liên tục hoàn thành tốt nhiệm vụ?", "có năm năm liên tục trở lên"
    )
    # a list marker is not the number asked for, a number without the unit neither
    assert not _holds("Quy trình gồm mấy bước?", "2. Hồ sơ gửi về Vụ Thi đua - Khen thưởng.")


def test_dates_durations_and_places():
    assert _holds("Hạn hoàn thành phân loại là khi nào?", "trước ngày 30 tháng 6 năm 2026")
    assert _holds("Phiên họp hợp lệ khi nào?", "Phiên họp chỉ hợp lệ khi có ít nhất hai phần ba.")
    assert not _holds("Hồ sơ gửi trước ngày nào?", "Hồ sơ gửi về Vụ Thi đua - Khen thưởng.")
    assert _holds("Diễn tập tổ chức vào quý nào?", "vào quý II và quý IV")
    assert _holds("Sự cố được phát hiện trong bao lâu?", "sự cố được phát hiện trong vài phút")
    assert not _holds("Sự cố được xử lý trong bao lâu?", "Sự cố được xử lý theo quy trình.")
    # dev qa199: nothing says where the centre is
    place = "Trung tâm giám sát an toàn thông tin dùng chung đặt tại đâu?"
    assert not _holds(place, "Một trung tâm giám sát dùng chung cho các hệ thống của Bộ.")
    assert _holds(place, "Trung tâm đặt tại trụ sở Bộ, số 18 Nguyễn Du, Hà Nội.")
    assert _holds("Hồ sơ khen thưởng nộp qua đâu?", "Hồ sơ được nộp qua hệ thống Thi Đua.")
    assert _holds("Bản giấy lưu ở đâu?", "bản giấy lưu tại đơn vị đề nghị.")


def test_no_type_holds_anything():
    assert holds_instance(None, "")
    assert not holds_instance(AnswerType("number", "ngay"), "")
