"""Agency settings for the documents the awards app drafts (minutes, decisions)."""

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.setting_checks import Text

ISSUER_ABBREVIATION = "awards.issuer_abbreviation"

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
