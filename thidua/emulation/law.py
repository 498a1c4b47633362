"""Rating rules as data (../shared/LAW.md): each version with its legal basis, the dates it
applies to and how sure we are; the numbers an agency may adjust are declared as settings
with their legal default."""

from dataclasses import dataclass, replace
from datetime import date

from thidua.core import setting_checks as checks
from thidua.core.agency_settings import SettingSpec, declare

from .scoring_scale import UNIT_PARTIAL_PLAN_LEVELS
from .vocabulary import HT, RATING_NAMES


@dataclass(frozen=True)
class RatingRuleVersion:
    code: str
    basis: str
    categories: tuple[str, ...]  # staff categories it governs
    valid_from: date
    valid_to: date | None
    confidence: str
    point_scale: bool  # scored monthly/quarterly on 30 + 70 points


RATING_RULES = (
    RatingRuleVersion(
        "nd90-2020",
        "Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP",
        ("can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"),
        date(2020, 1, 1),
        date(2025, 12, 31),
        "F",
        False,
    ),
    RatingRuleVersion(
        "nd335-2025",
        "Nghị định 335/2025/NĐ-CP (công chức)",
        ("can_bo", "cong_chuc", "nguoi_lao_dong"),
        date(2026, 1, 1),
        None,
        "F",
        True,
    ),
    RatingRuleVersion(
        "nd233-2026",
        "Nghị định 233/2026/NĐ-CP (viên chức)",
        ("vien_chuc",),
        date(2026, 7, 1),
        None,
        "F",
        True,
    ),
)


def rating_rule_for(*, category: str, year: int) -> RatingRuleVersion:
    """The version that governs a year's rating: the one in force on 15/12 of that year (when
    ratings finish) for the person's category; before 1/7/2026 viên chức keep NĐ 90."""
    on = date(year, 12, 15)
    candidates = [
        r
        for r in RATING_RULES
        if category in r.categories
        and r.valid_from <= on
        and (r.valid_to is None or on <= r.valid_to)
    ]
    if not candidates:
        candidates = [r for r in RATING_RULES if r.code == "nd90-2020"]
    return max(candidates, key=lambda r: r.valid_from)


BASIS_RATING = "Nghị định 335/2025/NĐ-CP; Nghị định 233/2026/NĐ-CP"
# Whether the agency scores each month (the law allows a month or a quarter): the "Việc của
# tôi" item of the month's scores follows it (nextsteps.py).
MONTHLY_SCORING = "emulation.monthly_scoring"
SETTINGS = [
    SettingSpec(
        "emulation.level_htxs_min",
        90,
        BASIS_RATING,
        "F",
        "Điểm tối thiểu xếp loại Hoàn thành xuất sắc nhiệm vụ",
    ),
    SettingSpec(
        "emulation.level_htt_min",
        70,
        BASIS_RATING,
        "F",
        "Điểm tối thiểu xếp loại Hoàn thành tốt nhiệm vụ",
    ),
    SettingSpec(
        "emulation.level_ht_min",
        50,
        BASIS_RATING,
        "F",
        "Điểm tối thiểu xếp loại Hoàn thành nhiệm vụ",
    ),
    SettingSpec(
        "emulation.general_points_max", 30, BASIS_RATING, "F", "Điểm tiêu chí chung tối đa"
    ),
    SettingSpec(
        "emulation.result_points_max",
        70,
        BASIS_RATING,
        "F",
        "Điểm kết quả thực hiện nhiệm vụ tối đa",
    ),
    SettingSpec(
        "emulation.deduction_share",
        0.25,
        BASIS_RATING,
        "F",
        "Mỗi lần chậm tiến độ hoặc không đạt yêu cầu chất lượng trừ 25% số điểm của công việc đó",
    ),
    SettingSpec(
        "emulation.kr_share_of_result_points",
        0.3,
        "Quy chế của Bộ (minh hoạ)",
        "M",
        "Tỷ trọng của kết quả then chốt (KR) trong 70 điểm kết quả; phần còn lại tính từ khối lượng công việc quy đổi",
    ),
    SettingSpec(
        "emulation.htxs_cap_percent",
        20,
        "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 6; Nghị định 335/2025/NĐ-CP",
        "F",
        "Tỷ lệ HTXS tối đa trên số được xếp loại HTT trong đơn vị hoặc nhóm có nhiệm vụ tương đồng",
    ),
    SettingSpec(
        "emulation.htxs_cap_exception_percent",
        25,
        "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 6",
        "F",
        "Tỷ lệ tối đa khi đơn vị được xếp loại HTXS (tổ chức có thành tích xuất sắc, nổi trội)",
    ),
    SettingSpec(
        "emulation.htxs_cap_exception_needs_unit_htxs",
        True,
        "Nghị định 335/2025/NĐ-CP",
        "M",
        "Điều kiện áp dụng ngoại lệ 25%: đơn vị được xếp loại HTXS (giữ là tuỳ chọn)",
    ),
    SettingSpec(
        "emulation.unit_htxs_cap_percent",
        20,
        "Nghị định 233/2026/NĐ-CP, Điều 7",
        "F",
        "Tỷ lệ đơn vị HTXS tối đa trên số đơn vị HTT",
    ),
    SettingSpec(
        "emulation.unit_small_group_size",
        5,
        "Nghị định 233/2026/NĐ-CP, Điều 7",
        "F",
        "Dưới số đơn vị này, tối đa một đơn vị HTXS",
    ),
    SettingSpec(
        "emulation.unit_partial_plan_level",
        HT,
        "Nghị định 233/2026/NĐ-CP, Điều 7 (trường hợp không được quy định rõ)",
        "M",
        "Mức xếp loại đơn vị có điểm từ 50, hoàn thành từ 70% kế hoạch nhưng chưa hoàn thành "
        "toàn bộ nhiệm vụ (chậm tiến độ không quá 20%): Hoàn thành nhiệm vụ (mặc định) hoặc "
        "Không hoàn thành nhiệm vụ",
    ),
    SettingSpec(
        "emulation.appeal_days",
        10,
        "Quy chế của Bộ (minh hoạ)",
        "M",
        "Số ngày được kiến nghị sau khi công bố kết quả xếp loại",
    ),
    SettingSpec(
        "emulation.rating_deadline",
        "12-15",
        "Nghị định 335/2025/NĐ-CP",
        "F",
        "Hoàn thành đánh giá, xếp loại trước ngày (tháng-ngày)",
    ),
    SettingSpec(
        MONTHLY_SCORING,
        True,
        "Nghị định 335/2025/NĐ-CP; Nghị định 233/2026/NĐ-CP (chấm điểm theo tháng hoặc theo quý)",
        "F",
        "Cơ quan chấm điểm hằng tháng: thủ trưởng được nhắc trong “Việc của tôi” chấm điểm tháng "
        "vừa qua cho người chưa có điểm (tắt khi cơ quan chấm điểm theo quý)",
    ),
]
_POINTS = checks.Whole(0, 100)
CHECKS: dict[str, checks.Check] = {
    "emulation.level_htxs_min": _POINTS,
    "emulation.level_htt_min": _POINTS,
    "emulation.level_ht_min": _POINTS,
    "emulation.general_points_max": _POINTS,
    "emulation.result_points_max": _POINTS,
    "emulation.deduction_share": checks.Share(),
    "emulation.kr_share_of_result_points": checks.Share(),
    "emulation.htxs_cap_percent": _POINTS,
    "emulation.htxs_cap_exception_percent": _POINTS,
    "emulation.htxs_cap_exception_needs_unit_htxs": checks.Boolean(),
    "emulation.unit_htxs_cap_percent": _POINTS,
    "emulation.unit_small_group_size": checks.Whole(1, 1000),
    "emulation.unit_partial_plan_level": checks.Choice(
        {level: RATING_NAMES[level] for level in UNIT_PARTIAL_PLAN_LEVELS}
    ),
    "emulation.appeal_days": checks.Whole(1, 365),
    "emulation.rating_deadline": checks.MonthDay(),
    MONTHLY_SCORING: checks.Boolean(),
}
for _spec in SETTINGS:
    declare(replace(_spec, check=CHECKS.get(_spec.key)))
