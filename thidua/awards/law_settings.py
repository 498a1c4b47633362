"""Agency settings for commendation, with their legal defaults (LAW.md)."""

from thidua.core import setting_checks as checks
from thidua.core.agency_settings import SettingSpec, declare

from . import authority
from .authority_setting import GrantingSplit
from .law import BASE_SALARIES, NAMES, REWARD_MULTIPLES_CONFIRMED, REWARD_MULTIPLES_UNCONFIRMED

ND98 = "Nghị định 98/2023/NĐ-CP; Nghị định 152/2025/NĐ-CP"
SETTINGS = [
    SettingSpec(
        "awards.council_quorum",
        2 / 3,
        "Nghị định 98/2023/NĐ-CP (Hội đồng TĐKT Trung ương)",
        "F",
        "Tỷ lệ thành viên có mặt tối thiểu để Hội đồng họp hợp lệ",
        check=checks.PerTitle(checks.Share(), NAMES),
    ),
    SettingSpec(
        "awards.secret_ballot_codes",
        ["CSTD_BO", "CSTD_TQ"],
        ND98,
        "F",
        "Danh hiệu Hội đồng phải bỏ phiếu kín",
        check=checks.Strings(NAMES),
    ),
    SettingSpec(
        "awards.ballot_threshold",
        0.9,
        "Nghị định 91/2017/NĐ-CP (quy định cũ)",
        "F",
        "Tỷ lệ phiếu đồng ý tối thiểu (quy định cũ: 90%); hiện hành chưa xác nhận",
        check=checks.PerTitle(checks.Share(), NAMES),
    ),
    SettingSpec(
        "awards.ballot_threshold_base",
        "all_members",
        "Nghị định 91/2017/NĐ-CP (quy định cũ)",
        "F",
        "Căn cứ tính tỷ lệ phiếu đồng ý: tổng số thành viên Hội đồng (thành viên vắng mặt bỏ "
        "phiếu bằng văn bản) hoặc số thành viên có mặt",
        check=checks.PerTitle(
            checks.Choice(
                {"all_members": "tổng số thành viên Hội đồng", "present": "số thành viên có mặt"}
            ),
            NAMES,
        ),
    ),
    SettingSpec(
        "awards.ballot_min_votes",
        3,
        "Nguyên tắc bỏ phiếu kín: không kiểm phiếu khi kết quả có thể lộ phiếu của từng người "
        "(không có số cụ thể trong văn bản đã đối chiếu)",
        "M",
        "Số phiếu tối thiểu để được kiểm phiếu kín (ít hơn thì không kiểm, để không lộ phiếu "
        "của thành viên nào)",
        check=checks.PerTitle(checks.Whole(3, 1000), NAMES),
    ),
    # the base salary is a dated table in law.py (BASE_SALARIES, from 1/5/2013); an award
    # is priced at the value in force on its decision date
    SettingSpec(
        "awards.base_salary_added",
        [],
        "Các nghị định quy định mức lương cơ sở ban hành sau Nghị định 73/2024/NĐ-CP",
        "M",
        "Mức lương cơ sở mới do bộ phận thi đua – khen thưởng bổ sung, mỗi mức một mục "
        '{"from": "YYYY-MM-DD", "amount": số đồng, "basis": "Nghị định …"}; bảng có sẵn: '
        "1.150.000 đ từ 01/05/2013 đến 2.340.000 đ từ 01/07/2024",
        check=checks.DatedAmounts(after=BASE_SALARIES[-1][0]),
    ),
    SettingSpec(
        "awards.reward_multiples",
        dict(REWARD_MULTIPLES_CONFIRMED),
        "Nghị định 152/2025/NĐ-CP (giữ các hệ số 4,5; 3,0; 0,3 của Nghị định 98/2023/NĐ-CP, Điều 54)",
        "F",
        "Tiền thưởng tính theo hệ số lương cơ sở: Chiến sĩ thi đua toàn quốc 4,5; cấp Bộ 3,0; "
        "Lao động tiên tiến 0,3",
        check=checks.Multiples(NAMES),
    ),
    # who grants each title and form (authority.py): the law's table, which a newer text may
    # change from a date (the articles on thẩm quyền of the 2022 law are not all checked)
    SettingSpec(
        authority.SETTING_KEY,
        dict(authority.DEFAULT_SPLIT),
        "Luật Thi đua, khen thưởng 2022, các điều về thẩm quyền quyết định khen thưởng: Điều 80 "
        "khoản 1 (Thủ trưởng đơn vị, đã đối chiếu); Điều 78, 79 (Chủ tịch nước, Thủ tướng Chính "
        "phủ, Bộ trưởng; số điều chưa đối chiếu với văn bản)",
        "M",
        "Thẩm quyền quyết định khen thưởng: mỗi danh hiệu, hình thức do ai quyết định — Thủ trưởng "
        "đơn vị, Bộ trưởng (quyết định của Bộ), Thủ tướng Chính phủ hoặc Chủ tịch nước (Bộ lập Tờ "
        "trình); đổi từ một ngày thì các quyết định lập trước ngày đó giữ cấp đã ghi",
        check=GrantingSplit(),
    ),
    SettingSpec(
        "awards.reward_multiples_unconfirmed",
        dict(REWARD_MULTIPLES_UNCONFIRMED),
        "Nghị định 98/2023/NĐ-CP, Điều 54 (chưa đối chiếu với Nghị định 152/2025/NĐ-CP)",
        "M",
        "Hệ số chưa xác minh: Chiến sĩ thi đua cơ sở 1,0; Tập thể lao động xuất sắc 1,5",
        check=checks.Multiples(NAMES),
    ),
]
for _spec in SETTINGS:
    declare(_spec)
