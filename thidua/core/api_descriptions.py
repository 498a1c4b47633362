"""Vietnamese descriptions of the shared schemas (errors) and of the settings and audit APIs'
fields and parameters that the schemas do not carry themselves
(thidua/core/openapi_descriptions.py explains the order)."""


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    return {
        "MessageOut": {"detail": "Thông báo lỗi bằng tiếng Việt."},
        "ErrorItem": {
            "loc": "Chỗ có lỗi: nơi (body, query, path, header) rồi tên trường.",
            "msg": "Thông báo lỗi bằng tiếng Việt.",
            "type": "Mã loại lỗi (ví dụ missing, string_too_long, value_error).",
        },
        "ValidationErrorOut": {"detail": "Các lỗi, mỗi trường sai một mục."},
        "AgencySettingsOut": {"items": "Mọi thiết lập của cơ quan."},
        "ScheduledOut": {"reason": "Lý do của thay đổi."},
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {"/settings/agency": {"on": "Ngày xem (YYYY-MM-DD); mặc định hôm nay."}}
