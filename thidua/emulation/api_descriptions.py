"""Vietnamese descriptions of the emulation API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.api_schemas import model_field_description
from thidua.core.openapi_descriptions import model_words
from thidua.emulation.models import (
    AnnualRating,
    Criterion,
    CriterionScore,
    ExternalAssessment,
    Initiative,
    Lesson,
    LessonAdoption,
    Movement,
    PeriodScore,
    RatingAppeal,
    Registration,
    UnitRating,
    ValueRecord,
    WorkAssignment,
    WorkItemType,
)
from thidua.goals.models import GoodPractice

RATING = (
    "status",
    "score",
    "computed_level",
    "proposed_level",
    "level",
    "reasons",
    "agency_criteria",
    "self_assessment",
    "head_comment",
    "task_group",
    "published_at",
    "appeal_until",
)
CAP = {
    "ok": "true: số đề xuất HTXS không vượt trần.",
    "allowed": "Số HTXS tối đa được phép.",
    "proposed": "Số HTXS đang đề xuất.",
    "base": "Số làm căn cứ tính trần (theo thiết lập: số HTT, hoặc số HTT trở lên).",
    "percent": "Tỷ lệ trần áp dụng (%).",
    "exception": "true: áp dụng tỷ lệ ngoại lệ (đơn vị xếp loại HTXS hoặc có thành tích xuất "
    "sắc, nổi trội).",
    "message": "Kết quả kiểm tra trần, bằng lời.",
}
YEAR_NOW = "Năm; mặc định năm nay."
MONTH_PATH = {"year": "Năm của tháng.", "month": "Tháng (1–12)."}


def _movements() -> dict[str, dict[str, str]]:
    lesson = {
        **model_words(Lesson, "kind", "title", "summary"),
        "adoption_count": "Số lần đơn vị khác áp dụng, nhân rộng.",
    }
    return {
        "MovementIn": {
            **model_words(Movement, "period_start", "period_end"),
            "criteria": "Các tiêu chí chấm điểm của phong trào.",
        },
        "MovementUpdateIn": {
            "period_start": "Từ ngày (YYYY-MM-DD); bỏ trống: giữ nguyên.",
            "period_end": "Đến ngày (YYYY-MM-DD); bỏ trống: giữ nguyên.",
        },
        "CriterionOut": model_words(
            Criterion, "name", "description", "weight", "max_points", "source", "order"
        ),
        "ScoreOut": model_words(CriterionScore, "points", "source", "note"),
        "ScoresSavedOut": {"saved": "Số ô điểm đã lưu."},
        "ScoresIn": {"scores": "Các ô điểm: mỗi ô một đăng ký và một tiêu chí."},
        "ClusterRankingOut": {
            "cluster_name": "Tên cụm, khối thi đua (rỗng: không thuộc cụm nào).",
            "individuals": "true: bảng của cá nhân; false: bảng của đơn vị.",
            "rows": "Các dòng xếp hạng, cao nhất trước.",
        },
        "RankingRowOut": {
            "position": "Thứ hạng (1 là cao nhất).",
            "name": "Tên đơn vị hoặc cá nhân đăng ký.",
            "total": "Tổng điểm (0–100).",
            "points": "Điểm từng tiêu chí theo thứ tự tiêu chí (null: chưa chấm).",
        },
        "LessonOut": lesson,
        "LessonDetailOut": {**lesson, "adoptions": "Các lần đơn vị khác áp dụng."},
        "AdoptionOut": model_words(LessonAdoption, "adopted_on", "result"),
    }


def _periods() -> dict[str, dict[str, str]]:
    assignment = ("year", "month", "assigned", "completed", "late", "quality_failed")
    return {
        "WorkItemTypeOut": model_words(
            WorkItemType, "code", "name", "unit_of_measure", "conversion_factor"
        ),
        "MonthOut": {
            "year": "Năm.",
            "month": "Tháng (1–12).",
            "may_score": "true: người gọi được chấm điểm người này.",
            "assignments": "Các sản phẩm, công việc được giao trong tháng.",
            "score": "Điểm của tháng; null: chưa chấm.",
        },
        "PeriodScoreOut": {
            **model_words(PeriodScore, "year", "period", "number", "general_points"),
            **model_words(PeriodScore, "result_points", "explanation"),
            "total": "Tổng điểm của kỳ (0–100).",
        },
        "WorkAssignmentOut": {
            "item_name": "Tên loại sản phẩm, công việc.",
            **model_words(WorkAssignment, *assignment, "objective_cause", "note"),
        },
        "CapOut": CAP,
        "UnitCapOut": CAP,
        "GroupCapOut": {**CAP, **model_words(AnnualRating, "task_group")},
        "SheetOut": {
            "year": "Năm.",
            "rows": "Mỗi người trong đơn vị (cả cây dưới) một dòng.",
            "caps": "Trần HTXS của từng đơn vị.",
            "group_caps": "Trần HTXS của từng nhóm có nhiệm vụ tương đồng.",
        },
        "SheetRowOut": {
            "rating": "Kết quả xếp loại năm; null: chưa lập.",
            "mean": "Điểm bình quân các tháng đã chấm; null: chưa có tháng nào.",
            "may_score": "true: người gọi được chấm điểm người này.",
            "may_propose": "true: người gọi được đề xuất mức xếp loại lúc này.",
            "may_set_group": "true: người gọi được đặt nhóm có nhiệm vụ tương đồng.",
        },
        "CapsOut": {
            "caps": "Trần HTXS của từng đơn vị.",
            "group_caps": "Trần HTXS của từng nhóm có nhiệm vụ tương đồng.",
        },
        "CapPreviewIn": {
            "year": "Năm xếp loại.",
            "levels": "Các mức thử đặt (mỗi mục một kết quả xếp loại và một mức), chưa ghi gì.",
        },
        "PreparedOut": {"prepared": "Số kết quả xếp loại đã lập hoặc tính lại."},
        "ApprovalsOut": {"year": "Năm xếp loại."},
        "WaitingRatingOut": {
            **model_words(AnnualRating, "year", *RATING),
            "open_appeal_ids": "Mã (id) các kiến nghị đang chờ giải quyết.",
        },
    }


def _records() -> dict[str, dict[str, str]]:
    record = ("year", "achievements", "products", "value_created", "value_quantity")
    initiative = ("kind", "title", "scope", "year", "decision_number", "decision_date")
    return {
        "RecordIn": model_words(ValueRecord, "year", "value_quantity"),
        "RecordUpdateIn": {"value_quantity": "Giá trị định lượng; bỏ trống: giữ nguyên."},
        "RecordOut": {
            **model_words(ValueRecord, *record, "value_unit"),
            "has_evidence": "true: đã có tệp minh chứng.",
        },
        "InitiativeIn": model_words(Initiative, "year", "decision_date"),
        "InitiativeUpdateIn": {
            "year": "Năm công nhận; bỏ trống: giữ nguyên.",
            "decision_date": "Ngày quyết định (YYYY-MM-DD); bỏ trống: giữ nguyên.",
        },
        "InitiativeOut": model_words(Initiative, *initiative, "recognized_by"),
        "InvitationOut": model_words(ExternalAssessment, "expires_at"),
        "AssessmentAnsweredOut": {"year": "Năm được đánh giá."},
        "AssessmentSummaryOut": {
            "year": "Năm được đánh giá.",
            "invited": "Số lời mời đã gửi.",
            "answered": "Số lời mời đã được trả lời.",
            "open": "Số lời mời chưa trả lời và còn hạn.",
            "minimum": "Số câu trả lời tối thiểu để xem điểm và nhận xét.",
            "enough": "true: đã đủ số câu trả lời tối thiểu.",
            "mean": "Điểm bình quân (1–5); null: chưa đủ câu trả lời.",
            "comments": "Các nhận xét, xáo trộn thứ tự, không kèm ngày (rỗng: chưa đủ).",
        },
        "PracticeToPublishOut": model_words(GoodPractice, "text", "found_on", "found_by"),
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    registrant = "Tên đơn vị hoặc cá nhân đăng ký."
    movement = ("name", "kind", "objectives", "period_start", "period_end", "status")
    unit_rating = ("year", "score", "tasks_total", "tasks_done", "tasks_on_time")
    return {
        **_movements(),
        **_periods(),
        **_records(),
        "RegistrationOut": {
            "registrant_name": registrant,
            **model_words(Registration, "commitments"),
        },
        "RegistrationDetailOut": {
            "registrant_name": registrant,
            **model_words(Registration, "commitments", "withdrawn_at"),
        },
        "MovementOut": {
            **model_words(Movement, *movement),
            "launched_by_id": "Mã (id) đơn vị phát động.",
            "registration_count": "Số đăng ký (chưa rút).",
            "results_published": "true: kết quả đã được công bố.",
        },
        "RatingOut": model_words(AnnualRating, "year", *RATING),
        "AppealOut": model_words(RatingAppeal, "text", "status", "decision_note"),
        "UnitRatingOut": model_words(
            UnitRating, *unit_rating, "tasks_exceeding", "outstanding", "level", "reasons", "status"
        ),
        "UnitRatingRowOut": {"rating": "Kết quả xếp loại năm của đơn vị; null: chưa lập."},
        "UnitRatingsOut": {
            "parent_id": "Mã (id) đơn vị có các đơn vị trực thuộc được xếp loại.",
            "year": "Năm xếp loại.",
            "rows": "Mỗi đơn vị trực thuộc đang hoạt động một dòng.",
            "cap": "Trần HTXS giữa các đơn vị; null: không có đơn vị nào.",
        },
        "UnitRatingIn": {"year": "Năm xếp loại."},
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    rating_year = {"year": "Năm xếp loại."}
    month = "/emulation/people/{person_id}/months/{year}/{month}"
    return {
        "/emulation/units/{unit_id}/ratings": {"year": YEAR_NOW},
        "/emulation/people/{person_id}/records": {"year": "Chỉ hồ sơ của năm này."},
        "/emulation/initiatives": {
            "year": "Chỉ sáng kiến công nhận năm này.",
            "scope": model_field_description(Initiative._meta.get_field("scope")),
            "kind": model_field_description(Initiative._meta.get_field("kind")),
        },
        "/emulation/people/{person_id}/ratings/{year}/prepare": rating_year,
        month: MONTH_PATH,
        f"{month}/work": MONTH_PATH,
        f"{month}/work/{{assignment_id}}": MONTH_PATH,
        f"{month}/score": MONTH_PATH,
        "/emulation/people/{person_id}/scores": {"year": YEAR_NOW},
        "/emulation/units/{unit_id}/rating-sheet": {"year": YEAR_NOW},
        "/emulation/units/{unit_id}/ratings/{year}/prepare": rating_year,
        "/emulation/rating-approvals": {"year": YEAR_NOW},
        "/emulation/units/{unit_id}/unit-ratings": {"year": YEAR_NOW},
        "/emulation/people/{person_id}/records/{year}/invitations": {"year": "Năm được đánh giá."},
        "/emulation/people/{person_id}/records/{year}/assessments": {"year": "Năm được đánh giá."},
    }
