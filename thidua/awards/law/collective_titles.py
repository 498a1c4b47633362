"""Rules for collectives' emulation titles (Luật TĐKT 2022, Điều 25–28)."""

from thidua.emulation.vocabulary import HTT, HTXS

from .rule import Rule, make_rule
from .terms import COLLECTIVE, LAW_2022, LAW_2022_FROM, LUAT_2022, NAMES, TITLE, F, M

# Tập thể lao động tiên tiến, xuất sắc; Cờ thi đua cấp Bộ, của Chính phủ.
COLLECTIVE_TITLE_RULES: tuple[Rule, ...] = (
    make_rule(
        code="TLDTT",
        version=LUAT_2022,
        name_vi=NAMES["TLDTT"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 28 (tiêu chuẩn theo quy định cũ, chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "min_rating": HTT,
            "min_ldtt_share": 0.5,
            "max_disciplined": 0,
        },
        conditions_vi=(
            "Hoàn thành tốt nhiệm vụ; trên 50% cá nhân đạt Lao động tiên tiến; không có cá "
            "nhân bị kỷ luật từ cảnh cáo trở lên."
        ),
    ),
    make_rule(
        code="TLDXS",
        version=LUAT_2022,
        name_vi=NAMES["TLDXS"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 27",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "min_rating": HTXS,
            "min_completed_share": 1.0,
            "min_ldtt_share": 0.7,
            "min_cstdcs": 1,
        },
        conditions_vi=(
            "Tập thể xếp loại Hoàn thành xuất sắc nhiệm vụ; 100% cá nhân hoàn thành nhiệm vụ, "
            "từ 70% đạt Lao động tiên tiến; có cá nhân đạt Chiến sĩ thi đua cơ sở."
        ),
    ),
    make_rule(
        code="CO_BO",
        version=LUAT_2022,
        name_vi=NAMES["CO_BO"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 26 (chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={"enabled": True, "cluster_leader": True, "exceeded_targets": True},
        conditions_vi=(
            "Dẫn đầu cụm, khối thi đua của bộ và hoàn thành vượt mức chỉ tiêu; tập thể tiêu "
            "biểu nhất do Hội đồng lựa chọn."
        ),
    ),
    make_rule(
        code="CO_CP",
        version=LUAT_2022,
        name_vi=NAMES["CO_CP"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 25",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"pm_movement_min_years": 5},
        conditions_vi=(
            "Dẫn đầu cụm, khối thi đua, hoàn thành vượt mức chỉ tiêu năm, tổ chức đảng trong "
            "sạch, vững mạnh; hoặc dẫn đầu phong trào thi đua do Thủ tướng phát động từ 5 năm "
            "trở lên. Tập thể tiêu biểu xuất sắc nhất do Hội đồng lựa chọn."
        ),
    ),
)
