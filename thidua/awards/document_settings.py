"""Agency settings for the documents the awards app drafts (minutes, decisions), and the
legal basis ("Căn cứ …") a decision or a submission cites on its date."""

from datetime import date

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.agency_settings import value as setting_value
from thidua.core.setting_checks import Day, Text

from .law import AMENDMENT_2026_FROM

ISSUER_ABBREVIATION = "awards.issuer_abbreviation"
DECREE_152_FROM = "awards.decree_152_2025_from"

BASIS_LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
BASIS_AMENDMENT_2026 = (
    "Căn cứ Luật số 06/2026/QH16 sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng;"
)
BASIS_DECREE_98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
)
BASIS_DECREE_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng;"
)

declare(
    SettingSpec(
        ISSUER_ABBREVIATION,
        "",
        "Nghị định 30/2020/NĐ-CP, Phụ lục I (ký hiệu văn bản: tên loại văn bản viết tắt - "
        "chữ viết tắt tên cơ quan ban hành, do cơ quan quy định)",
        "M",
        "Chữ viết tắt tên cơ quan ban hành trong ký hiệu biên bản, quyết định khen thưởng "
        "(ví dụ BTTTT cho “Số: …/QĐ-BTTTT”); để trống thì dùng chữ cái đầu các từ trong tên "
        "Bộ (bỏ “và”)",
        check=Text(max_length=20),
    )
)

declare(
    SettingSpec(
        DECREE_152_FROM,
        "2025-07-01",
        "Nghị định 152/2025/NĐ-CP thay Nghị định 98/2023/NĐ-CP (ngày có hiệu lực chưa đối chiếu "
        "văn bản chính thức)",
        "M",
        "Ngày Nghị định 152/2025/NĐ-CP có hiệu lực: quyết định, tờ trình khen thưởng ký từ ngày "
        "này viện dẫn Nghị định 152/2025/NĐ-CP, trước đó Nghị định 98/2023/NĐ-CP",
        check=Day(),
    )
)


def legal_basis(on: date) -> list[str]:
    """The instruments a commendation decision or submission dated `on` cites: the 2022 law,
    from 1/10/2026 its amending law 06/2026/QH16 (law.AMENDMENT_2026_FROM), and the decree
    in force that day — NĐ 98/2023 until NĐ 152/2025 took effect (an agency setting: its date
    is not checked against the text, M)."""
    lines = [BASIS_LAW_2022]
    if on >= AMENDMENT_2026_FROM:
        lines.append(BASIS_AMENDMENT_2026)
    decree_from = date.fromisoformat(str(setting_value(DECREE_152_FROM, on=on)))
    lines.append(BASIS_DECREE_152 if on >= decree_from else BASIS_DECREE_98)
    return lines
