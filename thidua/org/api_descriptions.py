"""Vietnamese descriptions of the organisation API's fields and parameters that the schemas do
not carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.api_schemas import model_field_description
from thidua.core.openapi_descriptions import model_words
from thidua.org.models import (
    HrSyncRun,
    Person,
    PersonPosition,
    Position,
    RoleAssignment,
    Unit,
    UnitChange,
)

DAY = "(YYYY-MM-DD)"


def _sync_run() -> dict[str, str]:
    return {
        **model_words(HrSyncRun, "started_at", "finished_at", "trigger", "file_name", "status"),
        "rows": "Số dòng trong tệp.",
        "created": "Số cán bộ mới được thêm.",
        "moved": "Số cán bộ điều chuyển sang đơn vị khác.",
        "updated": "Số cán bộ được cập nhật thông tin.",
        "departed": "Số cán bộ nghỉ việc, nghỉ hưu, chuyển đi.",
        "returned": "Số cán bộ trở lại công tác.",
        "unchanged": "Số cán bộ không thay đổi.",
        "actor": "Tên đăng nhập của quản trị viên đã chạy; null: chạy tự động theo lịch.",
        "not_in_file_count": "Số cán bộ đang có trong hệ thống nhưng không có trong tệp.",
        "error_count": "Số lỗi trong tệp (có lỗi thì không áp dụng gì).",
        "message": "Thông báo của lần chạy (lý do từ chối, nếu có).",
    }


def _unit() -> dict[str, str]:
    return {
        **model_words(Unit, "code", "kind"),
        "name": "Tên đơn vị (tên có hiệu lực vào ngày xem).",
        "parent_id": "Mã (id) đơn vị cấp trên; null: đơn vị cấp cao nhất.",
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    import_counts = {
        "created": "Số dòng được thêm mới.",
        "updated": "Số dòng cập nhật một bản ghi đã có.",
        "unchanged": "Số dòng trùng khớp, không thay đổi gì.",
    }
    return {
        "UnitOut": {
            **_unit(),
            "depth": "Cấp trong cây đơn vị (0: đơn vị cấp cao nhất).",
            "people_total": "Số cán bộ đang làm việc tại đơn vị và các đơn vị trực thuộc.",
        },
        "UnitDetailOut": {**_unit(), **model_words(Unit, "valid_from", "valid_to")},
        "UnitIn": {
            "parent_id": "Mã (id) đơn vị cấp trên; null: đơn vị cấp cao nhất.",
            "valid_from": f"Ngày thành lập, đơn vị có hiệu lực từ ngày này {DAY}.",
        },
        "RenameIn": {"effective_on": f"Tên mới có hiệu lực từ ngày {DAY}."},
        "UnitChangeOut": {
            **model_words(UnitChange, "kind", "effective_on", "basis", "note"),
            "source_ids": "Mã (id) các đơn vị trước thay đổi (bị sáp nhập, chia tách, giải thể).",
            "target_ids": "Mã (id) các đơn vị sau thay đổi (thành lập, nhận sáp nhập, tách ra).",
        },
        "MergeIn": {
            "source_ids": "Mã (id) các đơn vị được sáp nhập vào đơn vị trong đường dẫn.",
            "effective_on": f"Ngày sáp nhập có hiệu lực {DAY}.",
        },
        "SplitIn": {
            "into": "Các đơn vị mới tách ra (ít nhất 2), mỗi đơn vị với mã, tên, loại.",
            "effective_on": f"Ngày chia tách có hiệu lực {DAY}.",
        },
        "ImportCountsOut": import_counts,
        "ImportJobOut": {
            "status": "Trạng thái tác vụ: queued (đang chờ), running (đang chạy), "
            "succeeded (hoàn thành), failed (thất bại).",
            "stage": "Giai đoạn đang xử lý.",
            "progress_done": "Số dòng đã xử lý.",
            "progress_total": "Tổng số dòng cần xử lý.",
            "file_name": "Tên tệp Excel đã gửi.",
            "finished_at": "Thời điểm kết thúc (ISO 8601); null: chưa xong.",
            "result": "Kết quả khi đã xong; null: chưa xong.",
        },
        "ImportProblemOut": {
            "sheet": "Tên trang tính có lỗi.",
            "row": "Số dòng trong trang tính (như Excel); null: lỗi của cả tệp.",
            "column": "Tên cột có lỗi (rỗng: cả dòng).",
            "message": "Mô tả lỗi bằng tiếng Việt.",
        },
        "ImportResultOut": {
            "ok": "true: tệp không có lỗi (và đã lưu, trừ khi chỉ kiểm tra).",
            "dry_run": "true: chỉ kiểm tra, không lưu gì.",
            "units": "Số đơn vị thêm mới, cập nhật, không đổi.",
            "people": "Số cán bộ thêm mới, cập nhật, không đổi.",
            "error_count": "Số lỗi (có lỗi thì không lưu gì).",
            "errors": "Các lỗi, mỗi lỗi với trang tính, dòng, cột.",
        },
        "ImportIn": {"dry_run": "true: chỉ kiểm tra tệp, không lưu."},
        "PersonPrivateOut": model_words(
            Person, "email", "phone", "date_of_birth", "gender", "category", "rank", "grade"
        ),
        "PersonPatchIn": model_words(Person, "date_of_birth", "grade"),
        "PersonIn": model_words(Person, "date_of_birth", "grade"),
        "PostOut": model_words(PersonPosition, "kind", "valid_from", "valid_to", "decision"),
        "PostIn": {"valid_from": f"Giữ chức vụ từ ngày {DAY}."},
        "PositionOut": model_words(Position, "code", "name", "is_head", "is_deputy", "level"),
        "RoleOut": {
            "user_id": "Mã (id) tài khoản được giao vai trò.",
            "username": "Tên đăng nhập của tài khoản.",
            "role": model_field_description(RoleAssignment._meta.get_field("role")),
            "party_organization_id": "Mã (id) tổ chức đảng của vai trò Bí thư; null: không có.",
            **model_words(RoleAssignment, "valid_from", "valid_to"),
        },
        "RoleIn": {
            "valid_from": f"Vai trò có hiệu lực từ ngày {DAY}.",
            "party_organization_id": "Mã (id) tổ chức đảng: chỉ và bắt buộc với vai trò Bí thư "
            "(party_secretary).",
        },
        "RoleEndIn": {"valid_to": f"Vai trò hết hiệu lực từ ngày này {DAY}, sau ngày bắt đầu."},
        "HrSyncRunOut": _sync_run(),
        "HrSyncReportOut": {
            **_sync_run(),
            "changes": "Các thay đổi đã áp dụng, mỗi dòng một cán bộ.",
            "errors": "Các lỗi trong tệp (dòng, cột, nội dung).",
            "not_in_file": "Các cán bộ có trong hệ thống nhưng không có trong tệp.",
        },
        "HrSyncJobOut": {
            "kind": "Loại tác vụ nền.",
            "status": "Trạng thái tác vụ: queued (đang chờ), running (đang chạy), "
            "succeeded (hoàn thành), failed (thất bại).",
        },
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {
        "/org/units": {"on": f"Ngày xem cây đơn vị {DAY}; mặc định hôm nay."},
        "/org/people": {
            "search": "Tìm theo họ tên (một phần) hoặc đúng mã cán bộ.",
            "unit_id": "Chỉ cán bộ của đơn vị này (mã id).",
        },
        "/org/positions": {"search": "Tìm theo tên chức vụ (một phần) hoặc đúng mã."},
        "/org/roles": {
            "role": model_field_description(RoleAssignment._meta.get_field("role")),
            "on": f"Chỉ các vai trò còn hiệu lực vào ngày này {DAY}; bỏ trống: mọi vai trò.",
            "person_id": "Chỉ các vai trò của cán bộ này (mã id).",
        },
    }
