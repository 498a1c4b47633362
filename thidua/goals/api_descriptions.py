"""Vietnamese descriptions of the goals API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.openapi_descriptions import model_words
from thidua.goals.models import (
    CheckIn,
    DailyLog,
    FieldVisit,
    Goal,
    GoalChangeProposal,
    GoalTemplate,
    GoodPractice,
    Indicator,
    KeyResult,
    Program,
    Task,
)

DAY = "(YYYY-MM-DD)"
PROGRESS = "Tiến độ (0–1; 1 là đạt 100%)."
VERIFIED = "Tiến độ chỉ tính các lần cập nhật đã xác minh (0–1)."
OWNER = "Tên người phụ trách (hoặc đơn vị, khi mục tiêu giao cho đơn vị)."
INDICATOR = ("name", "unit_of_measure", "direction", "baseline_value", "baseline_on")
INDICATOR_END = ("target_value", "target_on", "is_illustrative")
CYCLE = {
    "items": "Số việc đã xong trong tháng.",
    "median_days": "Trung vị thời gian hoàn thành (ngày); null: không có việc nào.",
    "p90_days": "Phân vị 90 của thời gian hoàn thành (ngày); null: không có việc nào.",
}


def _goal() -> dict[str, str]:
    return {
        **model_words(Goal, "title", "period_kind", "period_start", "period_end", "weight"),
        **model_words(Goal, "is_stretch", "status", "owner_unit_id", "owner_person_id"),
        "parent_id": "Mã (id) mục tiêu cấp trên mà mục tiêu này đóng góp vào; null: không có.",
        "progress": PROGRESS,
        "progress_verified": VERIFIED,
        "is_at_risk": "true: mục tiêu có nguy cơ không đạt (lý do ở risk_reasons).",
        "risk_reasons": "Mã các lý do có nguy cơ.",
        "key_results": "Các kết quả then chốt của mục tiêu.",
    }


def _reports() -> dict[str, dict[str, str]]:
    return {
        "CycleKindOut": {
            "key": "Mã loại việc: goals.task (công việc), goals.verification (xác minh cập nhật "
            "tiến độ), goals.proposal (đề xuất điều chỉnh mục tiêu), và các loại của phân hệ khác.",
            "label": "Tên loại việc bằng lời (từ lúc nào đến lúc nào).",
            "current": "Số liệu của tháng đã chọn.",
            "units": "Số liệu theo đơn vị trực thuộc, chậm nhất trước.",
            "slowest_closed": "Các việc đã xong lâu nhất trong tháng.",
            "slowest_open": "Các việc đang mở lâu nhất.",
        },
        "CycleMonthOut": CYCLE,
        "CycleUnitOut": {"name": "Tên đơn vị.", **CYCLE},
        "CyclePanelOut": {"kinds": "Bảng thời gian hoàn thành theo từng loại việc."},
        "DashboardOut": {
            "on": f"Ngày xem {DAY}.",
            "programmes": "Các chương trình có hiệu lực vào ngày xem, mỗi chương trình một thẻ.",
            "at_risk_by_unit": "Số mục tiêu có nguy cơ theo đơn vị cấp Cục/Vụ.",
            "cycle_time": "Bảng thời gian hoàn thành công việc.",
        },
        "ProgrammeCardOut": model_words(Program, "number", "code", "name"),
        "ProgressLineOut": {
            "name": "Tên chương trình.",
            "points": "Các điểm tiến độ theo thời gian, cũ trước.",
        },
        "ProgressPointOut": {"on": f"Ngày của điểm {DAY}.", "progress": PROGRESS},
        "SlowItemOut": {
            "title": "Tên việc.",
            "detail": "Thông tin thêm về việc (người phụ trách hoặc đơn vị); rỗng với một dòng gộp "
            "nhiều việc ở các đơn vị khác nhau.",
            "days": "Số ngày từ lúc bắt đầu đến lúc xong (hoặc đến nay, nếu còn mở).",
        },
        "WeekOut": {"checkins": "Số lần cập nhật tiến độ trong tuần."},
        "AtRiskGoalOut": {
            "title": "Tên mục tiêu.",
            "owner": OWNER,
            "owner_unit": "Tên đơn vị phụ trách.",
            "progress": PROGRESS,
            "period_end": f"Ngày kết thúc kỳ của mục tiêu {DAY}.",
        },
        "IndicatorStatusOut": {
            **model_words(Indicator, *INDICATOR, *INDICATOR_END),
            "measured_on": f"Ngày đo của giá trị gần nhất {DAY}; null: chưa đo.",
            "is_behind": "true: chỉ tiêu chậm so với lộ trình từ giá trị ban đầu đến chỉ tiêu.",
        },
        "OverdueCheckinOut": {
            "title": "Tên kết quả then chốt.",
            "goal_title": "Tên mục tiêu.",
            "owner": OWNER,
            "owner_unit": "Tên đơn vị phụ trách.",
            "last_checkin_on": f"Ngày cập nhật tiến độ gần nhất {DAY}; null: chưa có lần nào.",
        },
        "ProgrammeReviewOut": {
            **model_words(Program, "number", "code", "name"),
            "is_illustrative": "Chương trình minh hoạ (không có trong nguồn).",
            "continues": "Các chương trình trước của cùng dòng, cũ trước.",
            "progress": "Tiến độ hiện tại (0–1); null: không có mục tiêu.",
            "progress_month_end": "Tiến độ chụp lại cuối tháng (0–1); null: chưa chụp.",
            "month_end_taken_on": f"Ngày chụp tiến độ cuối tháng {DAY}; null: chưa chụp.",
            "goal_count": "Số mục tiêu được tính.",
            "at_risk_count": "Số mục tiêu có nguy cơ.",
            "indicators": "Các chỉ tiêu của chương trình và tình trạng so với lộ trình.",
            "at_risk_goals": "Các mục tiêu có nguy cơ.",
            "leading_unit_ids": "Mã (id) các đơn vị dẫn đầu, tốt nhất trước (nhiều nhất 3; ít hơn sáu "
            "đơn vị được xếp thì nửa trên).",
            "overdue_checkins": "Các kết quả then chốt lâu chưa cập nhật tiến độ.",
        },
        "ReviewOut": {
            "start": f"Ngày đầu tháng báo cáo {DAY}.",
            "end": f"Ngày cuối tháng báo cáo {DAY}.",
            "subject": "Trích yếu của báo cáo.",
            "issuer": "Đơn vị ban hành báo cáo.",
            "generated_on": f"Ngày lập báo cáo {DAY}.",
            "at_risk_total": "Tổng số mục tiêu có nguy cơ.",
            "overdue_total": "Tổng số kết quả then chốt lâu chưa cập nhật.",
            "indicators_behind_total": "Tổng số chỉ tiêu chậm so với lộ trình.",
            "programmes": "Các chương trình, mỗi chương trình một phần của báo cáo.",
        },
        "ReviewUnitOut": {
            "code": "Mã đơn vị.",
            "name": "Tên đơn vị.",
            "depth": "Cấp trong cây đơn vị (0: cao nhất).",
        },
        "UnitStandingOut": {
            "name": "Tên đơn vị.",
            "progress": PROGRESS,
            "goal_count": "Số mục tiêu được tính.",
            "at_risk_count": "Số mục tiêu có nguy cơ.",
        },
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    streak_days = "Số ngày làm việc có ít nhất một cải tiến nhỏ"
    return {
        **_reports(),
        "IndicatorOut": {
            **model_words(Indicator, *INDICATOR, *INDICATOR_END),
            **model_words(Indicator, "source"),
        },
        "ProgramOut": {
            **model_words(Program, "code", "number", "name", "period_start", "period_end"),
            "progress": PROGRESS,
            "progress_verified": VERIFIED,
            "indicators": "Các chỉ tiêu của chương trình.",
        },
        "GoalIn": {
            **model_words(Goal, "period_start", "period_end", "is_stretch"),
            **model_words(Goal, "owner_unit_id", "owner_person_id"),
            "parent_id": "Mã (id) mục tiêu cấp trên mà mục tiêu này đóng góp vào.",
            "key_results": "Các kết quả then chốt tạo cùng mục tiêu.",
        },
        "KeyResultIn": model_words(KeyResult, "due_date"),
        "CheckInIn": {
            "value": "Giá trị mới của kết quả then chốt (số, hoặc chuỗi số như trên trang).",
            "checked_on": f"Ngày của số liệu {DAY}; mặc định hôm nay.",
        },
        "CheckInUpdateIn": {
            "value": "Giá trị mới; null hoặc bỏ trống: giữ nguyên.",
            **model_words(CheckIn, "confidence", "comment"),
        },
        "TaskOut": model_words(Task, "title", "due_date", "status"),
        "TaskIn": model_words(Task, "due_date"),
        "GoalChangeProposalOut": {
            "goal_title": "Tên mục tiêu.",
            **model_words(GoalChangeProposal, "status", "changes", "comment"),
            "proposed_by_id": "Mã (id) tài khoản người đề xuất.",
        },
        "GoalChangeProposeIn": {
            "changes": "Các chỉ tiêu mới đề xuất, mỗi mục một kết quả then chốt của mục tiêu."
        },
        "VerificationOut": {
            "goal_title": "Tên mục tiêu.",
            "owner_name": "Tên người (hoặc đơn vị) phụ trách mục tiêu.",
        },
        "EvidenceOut": {
            "checked_on": f"Ngày của lần cập nhật {DAY}.",
            "file_name": "Tên tệp minh chứng.",
            "verified": "true: lần cập nhật đã được xác minh.",
        },
        "CheckInUploadIn": {"checked_on": f"Ngày của số liệu {DAY}; mặc định hôm nay."},
        "DailyLogOut": {
            "month": "Tháng, YYYY-MM.",
            "entries": "Các dòng nhật ký trong tháng.",
            "improvement_days_in_month": f"{streak_days} trong tháng.",
        },
        "LogEntryOut": model_words(DailyLog, "logged_on", "text", "is_improvement"),
        "StreakOut": {
            "improvement_days_this_year": f"{streak_days} trong năm nay.",
            "improvements_this_year": "Số cải tiến nhỏ đã ghi trong năm nay.",
            "working_days_so_far": "Số ngày làm việc từ đầu năm đến hôm nay.",
            "working_days_in_year": "Số ngày làm việc của cả năm.",
            "logged_today": "true: hôm nay đã ghi nhật ký.",
            "today_is_working_day": "true: hôm nay là ngày làm việc.",
            "year_better": "1,01 mũ số ngày làm việc của cả năm (mỗi ngày tốt hơn 1%).",
            "year_worse": "0,99 mũ số ngày làm việc của cả năm (mỗi ngày kém đi 1%).",
        },
        "GoalToCloseOut": {
            "title": "Tên mục tiêu.",
            "owner": OWNER,
            "scope_unit_id": "Mã (id) đơn vị phạm vi của mục tiêu.",
            **model_words(Goal, "period_start", "period_end"),
            "progress": PROGRESS,
        },
        "TemplateOut": model_words(GoalTemplate, "name", "description", "unit_kind", "key_results"),
        "TemplateApplyIn": {
            "period_start": f"Ngày bắt đầu kỳ của mục tiêu tạo từ mẫu {DAY}.",
            "period_end": f"Ngày kết thúc kỳ {DAY}.",
        },
        "FieldVisitOut": model_words(FieldVisit, "place", "visited_on", "findings"),
        "FieldVisitDetailOut": {
            **model_words(FieldVisit, "place", "visited_on", "findings"),
            "tasks": "Các công việc tiếp theo giao sau chuyến đi.",
            "practices": "Các cách làm hay phát hiện trong chuyến đi.",
        },
        "FollowUpOut": {
            **model_words(Task, "title", "due_date", "status"),
            "owner_id": "Mã (id) cán bộ thực hiện.",
        },
        "VisitPracticeOut": model_words(GoodPractice, "text", "found_on", "status"),
        "FieldVisitIn": model_words(FieldVisit, "visited_on"),
        "GoalOut": _goal(),
        "KeyResultOut": {
            **model_words(KeyResult, "title", "metric_type", "baseline", "target", "direction"),
            **model_words(KeyResult, "due_date", "weight"),
            "current": "Giá trị hiện tại (lần cập nhật gần nhất); null: chưa cập nhật.",
            "current_is_verified": "true: giá trị hiện tại đã được xác minh.",
            "progress": PROGRESS,
            "progress_verified": VERIFIED,
            "is_at_risk": "true: kết quả then chốt có nguy cơ không đạt.",
            "risk_reasons": "Mã các lý do có nguy cơ.",
        },
        "CheckInOut": {
            **model_words(CheckIn, "value", "target_then", "confidence", "comment", "checked_on"),
            "progress": PROGRESS,
            "verified_at": "Thời điểm xác minh (ISO 8601); null: chưa xác minh.",
        },
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {
        "/goals/goals": {
            "on": f"Chỉ các mục tiêu có kỳ chứa ngày này {DAY}.",
            "unit_id": "Chỉ các mục tiêu trong phạm vi đơn vị này và các đơn vị trực thuộc.",
            "person_id": "Chỉ các mục tiêu do cán bộ này phụ trách.",
        },
        "/goals/dashboard": {
            "on": f"Ngày xem {DAY}; mặc định hôm nay.",
            "cycle_unit_id": "Đơn vị của bảng thời gian hoàn thành (đơn vị người gọi phụ trách).",
        },
    }
