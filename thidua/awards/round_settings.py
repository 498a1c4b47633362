"""Agency settings of the yearly commendation round (LAW.md), with their basis and mark."""

from thidua.core import setting_checks as checks
from thidua.core.agency_settings import SettingSpec, declare
from thidua.emulation.vocabulary import HTT, HTXS, RATING_NAMES

ND91 = "Nghị định 91/2017/NĐ-CP (quy định cũ); quy định hiện hành chưa rõ"
SETTINGS = [
    SettingSpec(
        "awards.cstdcs_cap_share",
        0.15,
        ND91,
        "M",
        "Số Chiến sĩ thi đua cơ sở tối đa mỗi đơn vị, tính trên số cá nhân đạt Lao động tiên "
        "tiến (quy định cũ: 15 %)",
        check=checks.Share(),
    ),
    SettingSpec(
        "awards.htxs_cap_base",
        "htt_and_htxs",
        "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 6 (“không quá 20 % số được xếp loại hoàn thành "
        "tốt nhiệm vụ”): chưa rõ số này gồm cả người xếp loại HTXS hay không",
        "M",
        "Căn cứ tính trần HTXS khi xét đợt khen thưởng: số xếp loại Hoàn thành tốt và Hoàn "
        "thành xuất sắc nhiệm vụ, hoặc chỉ số xếp loại Hoàn thành tốt nhiệm vụ",
        check=checks.Choice(
            {
                "htt_and_htxs": "số xếp loại Hoàn thành tốt và Hoàn thành xuất sắc nhiệm vụ",
                "htt_only": "chỉ số xếp loại Hoàn thành tốt nhiệm vụ",
            }
        ),
    ),
    SettingSpec(
        "awards.party_clean_levels",
        [HTXS, HTT],
        "Quy định xếp loại chất lượng tổ chức đảng hằng năm (chưa đối chiếu văn bản chính thức)",
        "M",
        "Mức xếp loại tổ chức đảng được coi là “tổ chức đảng trong sạch, vững mạnh” khi xét "
        "Cờ thi đua",
        check=checks.Strings(RATING_NAMES),
    ),
]
for _spec in SETTINGS:
    declare(_spec)
