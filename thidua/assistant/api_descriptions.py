"""Vietnamese descriptions of the assistant API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.assistant.models import Exchange
from thidua.core.openapi_descriptions import model_words

KEEP = "bỏ trống: giữ nguyên"


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    return {
        "ExchangeOut": {
            **model_words(Exchange, "question", "mode"),
            "answer": "Câu trả lời: nội dung và các căn cứ (văn bản, vị trí, ngày hiệu lực, "
            "đường dẫn).",
            **model_words(Exchange, "feedback"),
        },
        "QuestionGapOut": {
            "question": "Câu hỏi đại diện cho nhóm.",
            "count": "Số lần hỏi.",
            "not_found": "Số lần trả lời “Không tìm thấy căn cứ”.",
            "not_useful": "Số lần bị đánh giá không hữu ích.",
            "last_asked": "Lần hỏi gần nhất.",
            "wordings": "Các cách hỏi khác trong nhóm.",
            "terms": "Các từ khoá chính của nhóm.",
        },
        "DocumentOut": {"title": "Tiêu đề văn bản."},
        "DocumentDetailOut": {"title": "Tiêu đề văn bản."},
        "DocumentPatchIn": {
            "number": f"Số, ký hiệu văn bản; {KEEP}.",
            "effective_on": f"Ngày có hiệu lực (YYYY-MM-DD); {KEEP}.",
            "audience_unit": "Mã (id) đơn vị được đọc (khi audience=unit).",
            "audience_party": "Mã (id) tổ chức đảng được đọc (khi audience=party).",
            "audience_roles": "Các vai trò được đọc (khi audience=roles).",
        },
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {}
