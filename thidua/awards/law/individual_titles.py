"""Rules for individuals' emulation titles (Luật TĐKT 2022, Điều 21–24, and the 2026 amendment)."""

from datetime import date

from thidua.emulation.vocabulary import HTT

from .rule import Rule, make_rule
from .terms import (
    AMENDMENT_2026,
    AMENDMENT_2026_FROM,
    INDIVIDUAL,
    LAW_2022,
    LAW_2022_FROM,
    LUAT_2022,
    LUAT_2026,
    NAMES,
    TITLE,
    F,
    U,
)

# the last day the 2022 wording of an amended article is in force
_BEFORE_2026 = date(2026, 9, 30)

# Lao động tiên tiến, Chiến sĩ thi đua cơ sở (two versions), cấp Bộ, toàn quốc.
INDIVIDUAL_TITLE_RULES: tuple[Rule, ...] = (
    make_rule(
        code="LDTT",
        version=LUAT_2022,
        name_vi=NAMES["LDTT"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 24",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"min_rating": HTT, "agency_criteria": ()},
        conditions_vi=(
            "Xếp loại từ Hoàn thành tốt nhiệm vụ trở lên; các tiêu chí riêng của bộ, ngành "
            "(agency_criteria) nếu đơn vị cấu hình."
        ),
    ),
    make_rule(
        code="CSTDCS",
        version=LUAT_2022,
        name_vi=NAMES["CSTDCS"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 23",
        valid_from=LAW_2022_FROM,
        valid_to=_BEFORE_2026,
        confidence=F,
        parameters={"combine": "or", "initiative_min_scope": "co_so", "research_counts": True},
        conditions_vi=(
            "Đạt Lao động tiên tiến và (Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được "
            "công nhận từ cấp cơ sở hoặc đề tài, đề án nghiên cứu được nghiệm thu)."
        ),
    ),
    make_rule(
        code="CSTDCS",
        version=LUAT_2026,
        name_vi=NAMES["CSTDCS"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{AMENDMENT_2026} (sửa đổi Điều 23)",
        valid_from=AMENDMENT_2026_FROM,
        valid_to=None,
        confidence=U,
        parameters={"combine": "and", "initiative_min_scope": "co_so", "research_counts": True},
        conditions_vi=(
            "Đạt Lao động tiên tiến, Hoàn thành xuất sắc nhiệm vụ và có sáng kiến được công "
            "nhận từ cấp cơ sở (hoặc đề tài, đề án được nghiệm thu)."
        ),
    ),
    make_rule(
        code="CSTD_BO",
        version=LUAT_2022,
        name_vi=NAMES["CSTD_BO"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 22",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "consecutive_cstdcs": 3,
            "initiative_min_scope": "bo",
            "research_counts": True,
            "initiative_window": "counted",
        },
        conditions_vi=(
            "3 lần liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm đề nghị và có sáng kiến "
            "(hoặc đề tài được nghiệm thu) có phạm vi ảnh hưởng từ cấp Bộ trở lên, được công "
            "nhận trong các năm Chiến sĩ thi đua cơ sở được tính (cách hiểu mặc định, chưa "
            "xác minh; đơn vị có thể cấu hình tính cả chuỗi liên tục)."
        ),
    ),
    make_rule(
        code="CSTD_TQ",
        version=LUAT_2022,
        name_vi=NAMES["CSTD_TQ"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 21",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "consecutive_cstd_bo": 2,
            "max_years_since_last": 1,
            "initiative_min_scope": "toan_quoc",
            "research_counts": False,
        },
        conditions_vi=(
            "2 lần liên tục đạt Chiến sĩ thi đua cấp Bộ và có sáng kiến có phạm vi ảnh hưởng "
            "toàn quốc; mặc định lần gần nhất trong năm đề nghị hoặc năm liền trước (giới hạn "
            "không có trong văn bản đã đối chiếu, đơn vị có thể cấu hình hoặc bỏ)."
        ),
    ),
)
