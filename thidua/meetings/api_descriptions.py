"""Vietnamese descriptions of the briefing meetings API's fields and parameters that the schemas
do not carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.api_schemas import model_field_description
from thidua.core.openapi_descriptions import model_words
from thidua.goals.models import Task
from thidua.meetings.models import BriefingMeeting, Conclusion

MEETING = ("year", "month", "held_on", "status", "notice_number", "closed_at")
PART = "danh sách có thể chỉ là một phần; tổng số ở"


def _meeting() -> dict[str, str]:
    return {
        **model_words(BriefingMeeting, *MEETING),
        "chair_id": "Mã (id) cán bộ chủ trì.",
        "chair_name": "Họ và tên người chủ trì.",
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    return {
        "BriefingMeetingOut": _meeting(),
        "BriefingMeetingDetailOut": {
            **_meeting(),
            "conclusions": "Các kết luận và việc giao của cuộc họp, theo thứ tự.",
        },
        "ConclusionOut": {
            **model_words(Conclusion, "order", "text", "deadline"),
            "assignee_id": "Mã (id) cán bộ được giao việc; null: kết luận không giao việc.",
            "assignee_name": "Họ và tên người được giao (rỗng: không giao việc).",
        },
        "BriefingMeetingIn": {
            "year": "Năm của kỳ giao ban.",
            "month": "Tháng của kỳ giao ban (1–12).",
            "held_on": "Ngày họp (YYYY-MM-DD).",
        },
        "AgendaOut": {
            "year": "Năm của cuộc họp.",
            "month": "Tháng của cuộc họp (1–12).",
            "programmes": "Các chương trình với số mục tiêu, số có nguy cơ, số chỉ tiêu chậm.",
            "at_risk_goals": f"Các mục tiêu có nguy cơ ({PART} at_risk_total).",
            "at_risk_total": "Tổng số mục tiêu có nguy cơ.",
            "lagging_units": "Các đơn vị chậm nhất, chậm nhất trước (nhiều nhất 3; từ 3 đơn vị "
            "trở xuống thì nửa dưới).",
            "overdue_checkins": f"Các kết quả then chốt lâu chưa cập nhật ({PART} "
            "overdue_checkins_total).",
            "overdue_checkins_total": "Tổng số kết quả then chốt lâu chưa cập nhật.",
            "overdue_tasks": f"Các nhiệm vụ quá hạn ({PART} overdue_tasks_total).",
            "overdue_tasks_total": "Tổng số nhiệm vụ quá hạn.",
            "due_later_total": "Tổng số nhiệm vụ đến hạn từ overdue_on đến hết tháng.",
        },
        "CarriedOut": {
            "text": "Nội dung việc giao.",
            "assignee": "Họ và tên người được giao.",
            "deadline": "Hạn (YYYY-MM-DD); null: không có hạn.",
            "status": model_field_description(Task._meta.get_field("status")),
            "is_overdue": "true: đã quá hạn mà chưa xong.",
        },
        "OverdueTaskOut": {
            **model_words(Task, "title", "due_date", "status"),
            "owner_id": "Mã (id) cán bộ thực hiện; null: chưa giao.",
            "owner_name": "Họ và tên người thực hiện.",
        },
        "ProgrammeOut": {
            "name": "Tên chương trình.",
            "goal_count": "Số mục tiêu được tính.",
            "at_risk_count": "Số mục tiêu có nguy cơ.",
            "indicators_behind": "Số chỉ tiêu chậm so với lộ trình.",
        },
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {
        "/meetings/briefings": {
            "unit_id": "Chỉ giao ban của đơn vị này.",
            "unit_group_id": "Chỉ giao ban của khối này.",
            "year": "Chỉ giao ban của năm này.",
            "month": "Chỉ giao ban của tháng này (1–12).",
            "status": model_field_description(BriefingMeeting._meta.get_field("status")),
        },
    }
