"""Agency settings of teams."""

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.setting_checks import Share

TEAM_RESULT_WEIGHT = "teams.result_weight_in_member_score"

declare(
    SettingSpec(
        key=TEAM_RESULT_WEIGHT,
        default=1,
        basis="Tiêu chí chấm điểm của phong trào thi đua do cơ quan ban hành (nền tảng đặt mặc định)",
        confidence="M",
        description="Trọng số kết quả then chốt của nhóm công tác trong điểm tháng của mỗi thành "
        "viên: 1 tính như kết quả của chính mình, 0 không tính",
        check=Share(),
    )
)
