"""Vietnamese descriptions of the Party work API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.core.openapi_descriptions import model_words
from thidua.goals.models import GoodPractice
from thidua.org.models import PartyMembership, PartyOrganization
from thidua.party.models import (
    Campaign,
    CellMeeting,
    Digest,
    DigestPoint,
    Inspection,
    PointAnswer,
    Resolution,
    SolutionProposal,
)

DAY = "(YYYY-MM-DD)"
SENTENCES = "Số thứ tự (từ 0) các câu của nội dung trích xuất mà ý chính dựa vào (câu nguồn)."
SENDING = ("roles", "channels", "sms_without_diacritics")
RESOLUTION = ("number", "title", "issued_on", "pages", "classification")


def _campaigns() -> dict[str, dict[str, str]]:
    return {
        "PreviewOut": {
            "recipients": "Số đảng viên sẽ nhận.",
            "price_per_part": "Giá một phần tin SMS (đồng), theo thiết lập của cơ quan.",
            "sms_chosen": "Bản SMS sẽ gửi (có dấu hoặc không dấu, theo lựa chọn của đợt).",
            "sms_unavailable": "Lý do không gửi được SMS (rỗng: gửi được hoặc không chọn).",
            "email_unavailable": "Lý do không gửi được thư điện tử (rỗng: gửi được hoặc không "
            "chọn).",
        },
        "SmsVariantOut": {
            "text": "Nội dung tin nhắn.",
            "encoding": "Bảng mã: GSM-7 (không dấu) hoặc UCS-2 (có dấu).",
            "chars": "Số ký tự tính theo bảng mã.",
            "parts": "Số phần tin của mỗi tin nhắn.",
            "cost": "Chi phí ước tính cho mọi người nhận có số điện thoại (đồng).",
        },
        "CampaignPreviewIn": model_words(Campaign, *SENDING),
        "CampaignIn": model_words(Campaign, *SENDING),
        "CampaignOut": {
            "classified": "true: nghị quyết là tài liệu mật (chỉ gửi trong ứng dụng).",
            **model_words(Campaign, "audience", "roles", "channels", "channels_note", "sent_at"),
        },
        "ReminderOut": {"recipients": "Số đảng viên được nhắc."},
        "QuestionOut": {
            **model_words(DigestPoint, "order", "text", "question"),
            "my_answer": "Câu trả lời của tôi (rỗng: chưa trả lời).",
        },
        "AnswerOut": model_words(PointAnswer, "answer"),
        "CellRateOut": {
            "code": "Mã chi bộ.",
            "name": "Tên chi bộ.",
            "members": "Số đảng viên nhận.",
            "read": "Số đảng viên đã đọc.",
            "acknowledged": "Số đảng viên đã xác nhận quán triệt.",
            "rate": "Tỷ lệ đã xác nhận quán triệt (%, một chữ số thập phân).",
        },
    }


def _meetings() -> dict[str, dict[str, str]]:
    meeting = ("held_on", "agenda", "hard_problem", "status", "chosen_solution_id")
    inspection = ("by_body_id", "by_commission", "subject_org_id", "subject_person_id")
    return {
        "CellMeetingOut": model_words(CellMeeting, *meeting),
        "CellMeetingDetailOut": {
            **model_words(CellMeeting, *meeting),
            "proposals": "Các giải pháp đảng viên đề xuất cho vấn đề khó.",
        },
        "SolutionProposalOut": {
            "text": "Giải pháp đề xuất.",
            **model_words(SolutionProposal, "votes"),
        },
        "CellMeetingIn": {"held_on": f"Ngày sinh hoạt {DAY}."},
        "ChoiceIn": {
            "due_date": f"Hạn của nhiệm vụ {DAY}; bỏ trống: không có hạn.",
            "votes": "Số phiếu giải pháp được chọn nhận được (tuỳ chọn).",
        },
        "InspectionOut": {
            **model_words(Inspection, "kind", *inspection, "subject", "planned_on"),
            **model_words(Inspection, "done_on", "findings", "follow_ups", "status"),
        },
        "InspectionIn": model_words(Inspection, *inspection, "planned_on"),
        "InspectionCountsOut": {
            "body_name": "Tên tổ chức đảng.",
            "start": f"Từ ngày {DAY}.",
            "end": f"Đến ngày {DAY}.",
        },
        "InspectionDoneIn": model_words(Inspection, "done_on"),
        "CellPracticeOut": model_words(GoodPractice, "text", "found_on", "found_by", "status"),
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    membership = ("role", "status", "joined_party_on", "valid_from", "valid_to")
    return {
        **_campaigns(),
        **_meetings(),
        "BodyOut": {
            **model_words(PartyOrganization, "code", "name", "kind", "valid_from", "valid_to"),
            "parent_id": "Mã (id) tổ chức đảng cấp trên; null: cao nhất.",
            "path": "Đường dẫn trong cây tổ chức đảng (sắp theo đường dẫn là theo cây).",
        },
        "BodyIn": {"valid_from": f"Tổ chức đảng có hiệu lực từ ngày {DAY}."},
        "MembershipOut": {
            "organization_id": "Mã (id) tổ chức đảng nơi sinh hoạt.",
            **model_words(PartyMembership, *membership),
        },
        "MembershipIn": model_words(PartyMembership, "joined_party_on"),
        "MembersImportOut": {
            "created": "Số dòng thêm mới một lần sinh hoạt Đảng.",
            "updated": "Số dòng cập nhật một lần sinh hoạt Đảng đã có.",
            "unchanged": "Số dòng không thay đổi gì.",
        },
        "ResolutionOut": {
            **model_words(Resolution, *RESOLUTION, "classification_detected", "original_name"),
        },
        "ResolutionDetailOut": {
            **model_words(Resolution, *RESOLUTION, "classification_detected", "original_name"),
            **model_words(Resolution, "text"),
            "digest": "Bản tóm tắt của nghị quyết; null: chưa có.",
        },
        "ResolutionUploadIn": {"issued_on": f"Ngày ban hành {DAY}."},
        "DigestOut": {
            **model_words(Digest, "status", "approved_at"),
            "points": "Các ý chính, theo thứ tự.",
        },
        "PointOut": {
            **model_words(DigestPoint, "order", "text", "question"),
            "sentences": SENTENCES,
        },
        "DigestIn": {"points": "Các ý chính, theo thứ tự (thay cả danh sách)."},
        "PointIn": {"sentences": SENTENCES},
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {
        "/party/campaigns/{campaign_id}/results": {
            "format": "Định dạng tệp: xlsx (mặc định), csv hoặc json.",
        },
        "/party/meetings": {"cell_id": "Chỉ các buổi sinh hoạt của chi bộ này."},
        "/party/inspections/counts": {
            "body_id": "Tổ chức đảng (cùng các tổ chức dưới); mặc định tổ chức cao nhất người "
            "gọi phụ trách.",
            "start": f"Từ ngày {DAY}; mặc định 1/1 của bốn năm trước.",
            "end": f"Đến ngày {DAY}; mặc định hôm nay.",
        },
    }
