"""Rules for forms of commendation to individuals: Giấy khen, Bằng khen, Huân chương Lao động."""

from thidua.emulation.vocabulary import HTT, HTXS

from .rule import Rule, make_rule
from .terms import FORM, INDIVIDUAL, LAW_2022, LAW_2022_FROM, LUAT_2022, NAMES, F, M

# From the Prime Minister's Bằng khen up, each form needs the one below it (`prerequisite`).
INDIVIDUAL_FORM_RULES: tuple[Rule, ...] = (
    make_rule(
        code="GK",
        version=LUAT_2022,
        name_vi=NAMES["GK"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}; tiêu chuẩn cụ thể do bộ, ngành, đơn vị quy định",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "years": 1,
            "min_rating": HTT,
            "initiatives": 0,
            "initiative_min_scope": "co_so",
        },
        conditions_vi="Mặc định: năm đề nghị xếp loại từ Hoàn thành tốt nhiệm vụ trở lên.",
    ),
    make_rule(
        code="BK_BO",
        version=LUAT_2022,
        name_vi=NAMES["BK_BO"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}; tiêu chuẩn cũ (Nghị định 91/2017/NĐ-CP) làm mặc định",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "years": 2,
            "min_rating": HTXS,
            "initiatives": 2,
            "initiative_min_scope": "co_so",
        },
        conditions_vi=(
            "Mặc định (quy định cũ): 2 năm liên tục Hoàn thành xuất sắc nhiệm vụ, trong thời "
            "gian đó có 2 sáng kiến được công nhận từ cấp cơ sở."
        ),
    ),
    make_rule(
        code="BK_TTG",
        version=LUAT_2022,
        name_vi=NAMES["BK_TTG"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 73 khoản 1 điểm b",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "prerequisite": "BK_BO",
            "years": 5,
            "min_rating": HTT,
            "min_htxs": 0,
            "min_cstdcs": 3,
            "min_cstd_bo": 0,
        },
        conditions_vi=(
            "Đã được tặng Bằng khen cấp Bộ, sau đó từ 5 năm liên tục trở lên xếp loại từ Hoàn "
            "thành tốt nhiệm vụ, trong đó có 3 lần Chiến sĩ thi đua cơ sở."
        ),
    ),
    make_rule(
        code="HCLD3",
        version=LUAT_2022,
        name_vi=NAMES["HCLD3"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 44 khoản 1 điểm e",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "prerequisite": "BK_TTG",
            "years": 5,
            "min_rating": HTT,
            "min_htxs": 1,
            "min_cstdcs": 3,
            "min_cstd_bo": 0,
        },
        conditions_vi=(
            "Đã được tặng Bằng khen của Thủ tướng Chính phủ, sau đó từ 5 năm liên tục trở lên "
            "xếp loại từ Hoàn thành tốt nhiệm vụ, có ít nhất 1 năm Hoàn thành xuất sắc nhiệm "
            "vụ và 3 lần Chiến sĩ thi đua cơ sở."
        ),
    ),
    make_rule(
        code="HCLD2",
        version=LUAT_2022,
        name_vi=NAMES["HCLD2"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 43 (số điều và tiêu chuẩn chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "prerequisite": "HCLD3",
            "years": 5,
            "min_rating": HTXS,
            "min_htxs": 0,
            "min_cstdcs": 0,
            "min_cstd_bo": 1,
        },
        conditions_vi=(
            "Mặc định (chưa xác minh): đã được tặng Huân chương Lao động hạng Ba, sau đó từ 5 "
            "năm liên tục Hoàn thành xuất sắc nhiệm vụ, có 1 lần Chiến sĩ thi đua cấp Bộ."
        ),
    ),
    make_rule(
        code="HCLD1",
        version=LUAT_2022,
        name_vi=NAMES["HCLD1"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 42 (số điều và tiêu chuẩn chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "prerequisite": "HCLD2",
            "years": 5,
            "min_rating": HTXS,
            "min_htxs": 0,
            "min_cstdcs": 0,
            "min_cstd_bo": 2,
        },
        conditions_vi=(
            "Mặc định (chưa xác minh): đã được tặng Huân chương Lao động hạng Nhì, sau đó từ 5 "
            "năm liên tục Hoàn thành xuất sắc nhiệm vụ, có 2 lần Chiến sĩ thi đua cấp Bộ."
        ),
    ),
)
