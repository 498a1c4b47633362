"""Vietnamese descriptions of the awards API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""

from thidua.awards.models import (
    Award,
    Ballot,
    CertificateLayout,
    CommendationRound,
    CouncilSession,
    Decision,
    Proposal,
    RoundStepResult,
    RoundVerdict,
)
from thidua.core.api_schemas import model_field_description
from thidua.core.openapi_descriptions import model_words

DAY = "(YYYY-MM-DD)"
SUBJECT = "Cá nhân hoặc tập thể (tên người hoặc tên đơn vị)."
JOB_STATUS = (
    "Trạng thái tác vụ: queued (đang chờ), running (đang chạy), succeeded (hoàn thành), "
    "failed (thất bại)."
)


def _code() -> str:
    return model_field_description(Award._meta.get_field("code"))


def _verdict() -> dict[str, str]:
    """One title or form judged (eligibility.Verdict.to_dict)."""
    return {
        "code": _code(),
        "name": "Tên danh hiệu/hình thức.",
        "eligible": "true: đủ điều kiện.",
        "already_granted": "true: đã được tặng danh hiệu/hình thức này cho thành tích năm đó.",
        "basis": "Căn cứ pháp lý (văn bản, điều khoản).",
        "confidence": "Độ chắc chắn của quy định: F (trích từ nguồn thứ cấp dẫn văn bản), "
        "U (chỉ thấy ở bản không chính thức), M (theo trí nhớ, cần xác nhận).",
        "rule_version": "Phiên bản của quy định đã áp dụng.",
        "reasons": "Các lý do, bằng lời.",
    }


def _ballot() -> dict[str, str]:
    return model_words(Ballot, "status", "rule", "result", "closed_at")


def _session() -> dict[str, str]:
    return {
        **model_words(CouncilSession, "title", "held_on", "status"),
        "chair_id": "Mã (id) cán bộ chủ trì phiên họp; null: chưa có.",
        "n_proposals": "Số đề nghị trình phiên họp.",
        "n_members": "Số thành viên Hội đồng của phiên họp.",
    }


def _decision() -> dict[str, str]:
    return model_words(
        Decision, "number", "signed_on", "issuer", "summary", "signer_name", "signer_title"
    )


def _proposal() -> dict[str, str]:
    return {
        **model_words(Proposal, "code", "year", "status", "received_on", "override"),
        "proposing_unit_id": "Mã (id) đơn vị lập đề nghị.",
        "subject": SUBJECT,
    }


def _council() -> dict[str, dict[str, str]]:
    return {
        "SessionOut": _session(),
        "CouncilMemberOut": {
            "name": "Họ và tên thành viên.",
            "present": "true: có mặt tại phiên họp.",
        },
        "SessionBallotOut": {**_ballot(), "voted": "Số thành viên đã bỏ phiếu."},
        "SessionDetailOut": {
            **_session(),
            "members": "Các thành viên Hội đồng và việc có mặt.",
            "proposals": "Các đề nghị trình phiên họp.",
        },
        "SessionProposalOut": {
            **model_words(Proposal, "code", "status"),
            "subject": SUBJECT,
            "needs_ballot": "true: danh hiệu/hình thức này được quyết định bằng bỏ phiếu kín "
            "(thiết lập của cơ quan).",
            "ballot": "Cuộc bỏ phiếu kín của đề nghị; null: chưa mở.",
        },
        "SessionIn": {"held_on": f"Ngày họp {DAY}."},
        "CouncilDecideIn": {"approve": "true: Hội đồng thống nhất; false: không thông qua."},
        "BallotOut": _ballot(),
        "MyBallotOut": {
            **_ballot(),
            "session_title": "Tên phiên họp.",
            "subject": SUBJECT,
        },
        "VotedOut": {"voted": "true: phiếu đã được ghi nhận."},
    }


def _proposals() -> dict[str, dict[str, str]]:
    layout = ("page_width_mm", "page_height_mm")
    return {
        "ProposalPreviewOut": {
            "verdict": "Kết quả xét điều kiện mà đề nghị sẽ mang.",
            "same_achievement": "Các đề nghị, khen thưởng khác cho cùng thành tích năm đó, "
            "bằng lời.",
        },
        "DecisionOut": _decision(),
        "DecisionAwardOut": {
            **model_words(Award, "code", "year"),
            "subject": SUBJECT,
        },
        "DecisionDetailOut": {
            **_decision(),
            "awards": "Các khen thưởng ghi theo quyết định (sau khi ký).",
        },
        "SignIn": {"signed_on": f"Ngày ký {DAY}."},
        "CertificateOut": {
            **model_words(CertificateLayout, "code", *layout),
            "fields": "Các trường in trên phôi, đã cộng độ lệch máy in.",
        },
        "FieldOut": {
            "name": "Tên trường (title, name, unit, ...).",
            "text": "Nội dung in.",
            "x": "Vị trí ngang từ mép trái (mm).",
            "y": "Vị trí dọc từ mép trên (mm).",
            "w": "Chiều rộng vùng in (mm).",
            "size": "Cỡ chữ (pt).",
        },
        "LayoutOut": model_words(
            CertificateLayout, "code", *layout, "offset_x_mm", "offset_y_mm", "fields"
        ),
    }


def _registry() -> dict[str, dict[str, str]]:
    award = ("code", "kind", "year", "decision_number", "decision_date", "issuer", "imported")
    return {
        "AwardOut": {
            **model_words(Award, *award, "revoked_on", "revoke_reason"),
            "subject": SUBJECT,
            "subject_unit": "Đơn vị của cá nhân được khen (rỗng với tập thể).",
        },
        "AwardIn": model_words(Award, "code", "decision_date"),
        "ImportProblemsOut": {
            "detail": "Thông báo chung: tệp có lỗi, không ghi gì.",
            "errors": "Các lỗi theo dòng.",
        },
        "RowErrorOut": {
            "column": "Tên cột có lỗi (rỗng: cả dòng).",
            "message": "Mô tả lỗi bằng tiếng Việt.",
        },
        "StatRowOut": {
            "code": _code(),
            "name": "Tên danh hiệu/hình thức.",
            "individual": "Số khen thưởng cho cá nhân.",
            "collective": "Số khen thưởng cho tập thể.",
            "total": "Tổng số (cá nhân và tập thể).",
            "unpriced": "Số khen thưởng quyết định trước mức lương cơ sở đầu tiên đã biết "
            "(1/5/2013), không tính được tiền thưởng.",
        },
        "StatisticsOut": {
            "year_from": "Từ năm.",
            "year_to": "Đến năm.",
            "base_salary": "Mức lương cơ sở đang áp dụng hôm nay (đồng).",
            "rows": "Số liệu theo danh hiệu/hình thức.",
            "summary": "Các dòng tổng hợp (danh hiệu, hình thức cao), mỗi dòng một số.",
            "individual": "Tổng số khen thưởng cho cá nhân.",
            "collective": "Tổng số khen thưởng cho tập thể.",
            "total": "Tổng số khen thưởng.",
            "money": "Tổng tiền thưởng (đồng) của các danh hiệu/hình thức đã có hệ số.",
            "without_multiple": "Số khen thưởng chưa có hệ số tiền thưởng (không tính vào money).",
        },
        "SummaryOut": {
            "key": "Mã dòng (mã danh hiệu/hình thức; HCLD: mọi hạng Huân chương Lao động).",
            "label": "Tên dòng, bằng lời.",
            "count": "Số khen thưởng.",
        },
    }


def _review() -> dict[str, dict[str, str]]:
    listed = {
        "name": "Họ và tên.",
        "eligible": "Mã các danh hiệu/hình thức người đó đủ điều kiện.",
        "problems": "Các vấn đề của hồ sơ, bằng lời.",
    }
    return {
        "ReviewPageOut": {
            "year": "Năm xét (thành tích của năm).",
            "received_on": f"Ngày nhận hồ sơ: quy định áp dụng theo ngày này {DAY}.",
            "settings_note": "Câu nói rõ việc xét theo mặc định hay theo thiết lập nào.",
            "items": "Các người của trang này.",
        },
        "ReviewRowOut": {**listed, "unit": "Tên đơn vị của người đó."},
        "ReviewProposedOut": {"created": "Số đề nghị đã tạo."},
        "ReviewProposeIn": {"picks": "Các lựa chọn: mỗi mục một người và một danh hiệu/hình thức."},
        "ReviewPersonOut": {
            **listed,
            "year": "Năm xét (thành tích của năm).",
            "received_on": f"Ngày nhận hồ sơ {DAY}.",
            "verdicts": "Kết quả xét từng danh hiệu/hình thức, kèm căn cứ và lý do.",
        },
        "ReviewVerdictOut": _verdict(),
        "EligibilitySettingsOut": {
            "on": f"Ngày xem {DAY}.",
            "values": "Thiết lập đang có hiệu lực ({} nếu theo mặc định của quy định).",
            "reason": "Lý do của thiết lập đang có hiệu lực (rỗng nếu theo mặc định).",
            "parameters": "Mọi tham số của mọi quy định, với mặc định và giá trị đang áp dụng.",
        },
        "ParameterOut": {
            "code": "Mã quy định (danh hiệu/hình thức hoặc nguyên tắc).",
            "rule_name": "Tên quy định.",
            "parameter": "Tên tham số (khoá trong values.rules.<mã>).",
            "label": "Tham số, bằng lời.",
            "kind": "Kiểu giá trị: bool, choice, strings, count, optional_count, share (tỷ lệ).",
            "choices": "Các giá trị được chọn (với choice, strings).",
            "default": "Giá trị mặc định theo quy định.",
            "value": "Giá trị đang áp dụng vào ngày xem.",
            "changed": "true: cơ quan đã thay đổi so với mặc định.",
            "basis": "Căn cứ pháp lý của quy định.",
            "confidence": "Độ chắc chắn của quy định, bằng lời.",
            "uncertain": "true: quy định hoặc cách hiểu tham số chưa được xác nhận (M).",
        },
    }


def _round() -> dict[str, dict[str, str]]:
    dates = ("year", "received_on", "settings_from")
    return {
        "RoundListOut": model_words(CommendationRound, *dates),
        "RoundOut": {
            **model_words(CommendationRound, *dates),
            "settings_in_force": "Các thiết lập áp dụng vào ngày nhận hồ sơ.",
            "steps": "Các bước của đợt xét, theo thứ tự.",
            "capped": "Những người vượt trần tỷ lệ CSTĐCS (bước titles).",
            "overrides": "Mọi lựa chọn khác kết quả xét: step, code, person, unit, kept, reason "
            "(lý do), by (người chọn).",
        },
        "RoundSettingOut": {"key": "Khoá thiết lập (awards.…)."},
        "RoundStepOut": {
            **model_words(RoundStepResult, "step", "status", "counts", "error"),
            "label": "Tên bước, bằng lời.",
        },
        "JobOut": {
            "kind": "Loại tác vụ nền.",
            "status": JOB_STATUS,
            "stage": "Giai đoạn đang xử lý.",
            "progress_done": "Số mục đã xử lý.",
            "progress_total": "Tổng số mục cần xử lý.",
            "error": "Lỗi, khi tác vụ thất bại.",
            "result": "Kết quả, khi tác vụ xong.",
            "finished_at": "Thời điểm kết thúc (ISO 8601); null: chưa xong.",
        },
        "RoundVerdictOut": {
            **model_words(RoundVerdict, "step", "code", "eligible", "capped", "kept"),
            **model_words(RoundVerdict, "override_reason", "verdict"),
            "subject": SUBJECT,
        },
        "ProposedOut": {"created": "Số đề nghị đã tạo."},
    }


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    return {
        **_council(),
        **_proposals(),
        **_registry(),
        **_review(),
        **_round(),
        "VerdictOut": _verdict(),
        "ProblemOut": {
            "path": "Chỗ có vấn đề trong dữ liệu gửi (đường dẫn JSON).",
            "message": "Vấn đề, bằng tiếng Việt.",
            "message_en": "Vấn đề, bằng tiếng Anh.",
        },
        "ProblemsOut": {
            "detail": "Thông báo chung: dữ liệu xét khen thưởng không hợp lệ.",
            "problems": "Các vấn đề, mỗi vấn đề một chỗ trong dữ liệu.",
        },
        "EligibilityIn": {
            "history": "Quá trình của cá nhân hoặc tập thể theo docs/eligibility-history.schema"
            ".json (xếp loại, danh hiệu, khen thưởng, sáng kiến, kỷ luật theo năm).",
            "year": "Năm xét (thành tích của năm).",
            "received_on": f"Ngày nhận hồ sơ: quy định có hiệu lực vào ngày này {DAY}.",
            "settings": "Thiết lập xét dùng thay cho thiết lập của cơ quan vào ngày nhận hồ sơ "
            '(như values của thiết lập, ví dụ {"rules": {"CSTDCS": {"min_htxs": 1}}}); '
            "null: thiết lập của cơ quan.",
        },
        "ProposalOut": _proposal(),
        "ProposalDetailOut": {
            **_proposal(),
            **model_words(Proposal, "achievements", "override_reason", "verdict"),
        },
    }


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    step = model_field_description(RoundStepResult._meta.get_field("step"))
    round_year = "Năm của đợt xét (thành tích của năm)."
    steps = {"year": round_year, "step": step}
    layout = {"code": "Mã danh hiệu/hình thức của mẫu in phôi."}
    review = {
        "year": "Năm xét; mặc định năm trước.",
        "received_on": f"Ngày nhận hồ sơ {DAY}; mặc định 15/01 của năm sau năm xét (không "
        "trước 01/01/2024, ngày Luật Thi đua, khen thưởng 2022 có hiệu lực).",
    }
    return {
        "/awards/rounds/{year}": {"year": round_year},
        "/awards/rounds/{year}/job": {"year": round_year},
        "/awards/rounds/{year}/propose": {"year": round_year},
        "/awards/rounds/{year}/steps/{step}/run": steps,
        "/awards/rounds/{year}/steps/{step}/confirm": {
            **steps,
            "incomplete_ok": "true: chốt cả khi bước còn thiếu dữ liệu (nếu không: 422 nêu số "
            "còn thiếu).",
        },
        "/awards/rounds/{year}/steps/{step}/reopen": steps,
        "/awards/rounds/{year}/steps/{step}/verdicts": {
            **steps,
            "code": "Chỉ danh hiệu/hình thức này.",
            "only": "eligible: đủ điều kiện trong trần; capped: vượt trần; not_eligible: không "
            "đủ điều kiện.",
        },
        "/awards/ballots/{ballot_id}/close": {
            "count_missing": "true: xác nhận các thành viên chưa bỏ phiếu sẽ không bỏ phiếu "
            "(nếu không: 422 khi còn người chưa bỏ).",
        },
        "/awards/proposals": {
            "year": "Chỉ các đề nghị cho thành tích năm này.",
            "status": model_field_description(Proposal._meta.get_field("status")),
            "authority": "Chỉ các đề nghị do cấp này quyết định: minister (Bộ trưởng), "
            "prime_minister (Thủ tướng Chính phủ), president (Chủ tịch nước).",
        },
        "/awards/certificate-layouts/{code}": layout,
        "/awards/registry": {
            "year": "Chỉ các khen thưởng cho thành tích năm này.",
            "code": "Chỉ danh hiệu/hình thức này.",
            "unit_id": "Chỉ các khen thưởng của đơn vị này và các đơn vị trực thuộc.",
        },
        "/awards/statistics": {
            "unit_id": "Chỉ các khen thưởng của đơn vị này và các đơn vị trực thuộc.",
        },
        "/awards/review": {
            **review,
            "unit_id": "Chỉ người của đơn vị này và các đơn vị trực thuộc.",
            "code": "Chỉ người đủ điều kiện danh hiệu/hình thức này.",
            "show": "eligible: đủ điều kiện hoặc có vấn đề về hồ sơ; problems: chỉ có vấn đề; "
            "all: mọi người.",
        },
        "/awards/review/{person_id}": review,
        "/awards/eligibility-settings": {"on": f"Ngày xem {DAY}; mặc định hôm nay."},
    }
