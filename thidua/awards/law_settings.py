"""Agency settings for commendation, with their legal defaults (LAW.md)."""

from thidua.core.agency_settings import SettingSpec, declare

ND98 = "Nghị định 98/2023/NĐ-CP; Nghị định 152/2025/NĐ-CP"
SETTINGS = [
    SettingSpec(
        "awards.council_quorum",
        2 / 3,
        "Nghị định 98/2023/NĐ-CP (Hội đồng TĐKT Trung ương)",
        "F",
        "Tỷ lệ thành viên có mặt tối thiểu để Hội đồng họp hợp lệ",
    ),
    SettingSpec(
        "awards.secret_ballot_codes",
        ["CSTD_BO", "CSTD_TQ"],
        ND98,
        "F",
        "Danh hiệu Hội đồng phải bỏ phiếu kín",
    ),
    SettingSpec(
        "awards.ballot_threshold",
        0.9,
        "Nghị định 91/2017/NĐ-CP (quy định cũ)",
        "F",
        "Tỷ lệ phiếu đồng ý tối thiểu (quy định cũ: 90%); hiện hành chưa xác nhận",
    ),
    SettingSpec(
        "awards.ballot_threshold_base",
        "all_members",
        "Nghị định 91/2017/NĐ-CP (quy định cũ)",
        "F",
        "Căn cứ tính tỷ lệ: all_members (tổng số thành viên, vắng mặt bỏ phiếu bằng văn bản) hoặc present",
    ),
    SettingSpec(
        "awards.ballot_min_votes",
        3,
        "Nguyên tắc bỏ phiếu kín: không kiểm phiếu khi kết quả có thể lộ phiếu của từng người "
        "(không có số cụ thể trong văn bản đã đối chiếu)",
        "M",
        "Số phiếu tối thiểu để được kiểm phiếu kín (ít hơn thì không kiểm, để không lộ phiếu "
        "của thành viên nào)",
    ),
    SettingSpec(
        "awards.base_salary_vnd",
        2340000,
        "Mức lương cơ sở (cập nhật theo quy định hiện hành)",
        "M",
        "Mức lương cơ sở để tính tiền thưởng",
    ),
    SettingSpec(
        "awards.reward_multiples",
        {"CSTD_TQ": 4.5, "CSTD_BO": 3.0, "CSTDCS": 1.0, "LDTT": 0.3, "TLDXS": 1.5},
        "Nghị định 98/2023/NĐ-CP, Điều 54; Nghị định 152/2025/NĐ-CP",
        "F",
        "Tiền thưởng tính theo hệ số lương cơ sở",
    ),
]
for _spec in SETTINGS:
    declare(_spec)
