"""Agency settings declared by the Party app (thidua.core.agency_settings)."""

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.setting_checks import Whole

from .constants import SMS_PRICE_SETTING

declare(
    SettingSpec(
        SMS_PRICE_SETTING,
        250,
        "Bảng giá nhà mạng (minh hoạ)",
        "M",
        "Giá một tin nhắn SMS (một phần) tính bằng đồng, để ước tính chi phí một đợt quán triệt",
        check=Whole(0, 100_000),
    )
)
