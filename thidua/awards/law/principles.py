"""Principles that apply to every title and form (NĐ 98/2023, the annual rating rules, settings)."""

from .rule import Rule, make_rule
from .terms import (
    CAU_HINH,
    DECREES_PRINCIPLES,
    DECREES_RATING,
    EVERYONE,
    INDIVIDUAL,
    LAW_2022_FROM,
    ND98_2023,
    PRINCIPLE,
    XEP_LOAI,
    F,
    M,
)

# Pending cases, special awards, discipline, months worked, one achievement one award.
PRINCIPLE_RULES: tuple[Rule, ...] = (
    make_rule(
        code="PENDING_CASE",
        version=ND98_2023,
        name_vi="Không khen thưởng khi đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={},
        conditions_vi="Đang có vụ việc chưa xử lý xong thì không xét, không đề nghị khen thưởng.",
    ),
    make_rule(
        code="SPECIAL_AWARDS",
        version=ND98_2023,
        name_vi="Khen thưởng chuyên đề, đột xuất không tính làm căn cứ khen thưởng sau",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"excluded_kinds": ("chuyen_de", "dot_xuat")},
        conditions_vi="Hình thức khen thưởng chuyên đề, đột xuất không được tính vào chuỗi.",
    ),
    make_rule(
        code="DISCIPLINE_RESET",
        version=ND98_2023,
        name_vi="Thành tích chỉ tính từ sau khi hết thời hạn kỷ luật",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={},
        conditions_vi=(
            "Năm có thời hạn kỷ luật (và các năm trước đó) không được tính vào chuỗi liên tục."
        ),
    ),
    make_rule(
        code="DISCIPLINE_KHT",
        version=XEP_LOAI,
        name_vi="Bị kỷ luật trong năm do vi phạm khi thực thi nhiệm vụ thì xếp loại Không hoàn thành",
        subject=INDIVIDUAL,
        kind=PRINCIPLE,
        basis=DECREES_RATING,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={},
        conditions_vi="Kỷ luật từ khiển trách trở lên trong năm → xếp loại năm đó là KHT.",
    ),
    make_rule(
        code="MIN_MONTHS",
        version=CAU_HINH,
        name_vi="Năm làm việc quá ít tháng không được tính",
        subject=INDIVIDUAL,
        kind=PRINCIPLE,
        basis="Cấu hình của đơn vị (chưa xác minh căn cứ)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={"enabled": True, "min_months": 6},
        conditions_vi="Năm làm việc dưới 6 tháng được coi như gián đoạn chuỗi.",
    ),
    make_rule(
        code="ONE_ACHIEVEMENT",
        version=ND98_2023,
        name_vi="Một thành tích chỉ khen thưởng một lần",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"same_achievement_forms": ("GK", "BK_BO", "BK_TTG")},
        conditions_vi=(
            "Danh hiệu đã tặng cho năm xét không xét lại; chuỗi năm chỉ tính sau lần được "
            "tặng gần nhất của cùng danh hiệu, hình thức; khi nhiều hình thức cùng đủ điều "
            "kiện từ một thành tích trong năm, chỉ đề nghị một (nêu hình thức cao nhất)."
        ),
    ),
)
