"""Vietnamese descriptions of the teams API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.openapi_descriptions import model_words
from thidua.teams.models import Team

DAY = "(YYYY-MM-DD)"


def _team() -> dict[str, str]:
    return {
        **model_words(Team, "name", "purpose"),
        "lead_id": "Mã (id) cán bộ trưởng nhóm.",
        "lead_name": "Họ và tên trưởng nhóm.",
        "period_start": f"Ngày bắt đầu thời hạn của nhóm {DAY}.",
        "period_end": f"Ngày kết thúc thời hạn của nhóm {DAY}.",
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    return {
        "TeamOut": _team(),
        "TeamDetailOut": {
            **_team(),
            "members": "Các thành viên hiện tại.",
            "goals": "Các mục tiêu của nhóm.",
        },
        "TeamIn": {
            "period_start": f"Ngày bắt đầu thời hạn của nhóm {DAY}.",
            "period_end": f"Ngày kết thúc thời hạn của nhóm {DAY}.",
        },
        "TeamGoalIn": {"key_results": "Các kết quả then chốt của mục tiêu (ít nhất một)."},
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {
        "/teams/teams": {
            "on": f"Chỉ các nhóm có thời hạn chứa ngày này {DAY}.",
            "unit_id": "Chỉ các nhóm do đơn vị này chủ trì.",
        },
    }
