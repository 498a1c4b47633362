"""Vietnamese descriptions of the messaging API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.openapi_descriptions import model_words
from thidua.messaging.models import Delivery, Dispatch


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    delivery = ("channel", "status", "sent_at", "read_at", "acknowledged_at")
    return {
        "InboxMessageOut": {
            "subject": "Tiêu đề tin nhắn.",
            "body": "Nội dung tin nhắn.",
            "sender": "Nơi gửi (cơ quan, tổ chức gửi, ví dụ một chi bộ).",
            **model_words(Delivery, *delivery),
        },
        "DispatchProgressOut": {
            **model_words(Dispatch, "subject", "sender", "channels", "started_at", "finished_at"),
            "failed": "Số lượt gửi thất bại.",
            "acknowledged": "Số lượt đã xác nhận quán triệt.",
        },
        "NotificationOut": {
            "title": "Việc đang chờ, bằng lời.",
            "count": "Số việc đang chờ gộp trong thông báo này.",
            "raised_at": "Thời điểm phát sinh (ISO 8601, có múi giờ).",
            "read_at": "Thời điểm mở thông báo (ISO 8601); null: chưa mở.",
            "done_at": "Thời điểm việc đã xong (ISO 8601); null: còn chờ.",
            "unread": "true: chưa mở.",
        },
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {
        "/messaging/notifications": {
            "done": "true: các việc đã xong; false (mặc định): các việc đang chờ.",
        },
    }
