"""Is a check-in's value plausible for its key result? A value far outside the range from
the baseline to the target, or a jump far larger than that range from the previous value,
is probably a typing slip (88 for 8.8): the page asks for confirmation and says why."""

from decimal import Decimal

from django.utils.formats import number_format

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.agency_settings import value as agency_value

PLATFORM = "Quy ước của nền tảng (không phải quy định pháp luật)"
declare(
    SettingSpec(
        "goals.checkin_outside_share",
        Decimal("0.5"),
        PLATFORM,
        "M",
        "Giá trị kiểm tra vượt ngoài khoảng từ giá trị ban đầu đến chỉ tiêu quá tỷ lệ này "
        "của khoảng thì hỏi xác nhận",
    )
)
declare(
    SettingSpec(
        "goals.checkin_jump_share",
        Decimal("1"),
        PLATFORM,
        "M",
        "Giá trị thay đổi so với lần kiểm tra trước quá tỷ lệ này của khoảng (ban đầu → chỉ "
        "tiêu) thì hỏi xác nhận",
    )
)


def _n(value: Decimal) -> str:
    return number_format(
        value.normalize() if value == value.to_integral() else value, use_l10n=True
    )


def checkin_unusual(
    *, baseline: Decimal, target: Decimal, previous: Decimal | None, value: Decimal
) -> str | None:
    """Why the value looks unusual (a Vietnamese sentence), or None when it looks fine."""
    low, high = min(baseline, target), max(baseline, target)
    span = high - low
    if span <= 0:
        return None
    outside = Decimal(str(agency_value("goals.checkin_outside_share")))
    jump = Decimal(str(agency_value("goals.checkin_jump_share")))
    if value > high + outside * span or value < low - outside * span:
        return (
            f"Giá trị {_n(value)} nằm xa ngoài khoảng từ {_n(baseline)} (ban đầu) đến "
            f"{_n(target)} (chỉ tiêu)"
            + (f"; lần trước là {_n(previous)}" if previous is not None else "")
            + "."
        )
    if previous is not None and abs(value - previous) > jump * span:
        return (
            f"Giá trị {_n(value)} thay đổi {_n(abs(value - previous))} so với lần trước "
            f"({_n(previous)}), lớn hơn cả khoảng từ ban đầu đến chỉ tiêu ({_n(span)})."
        )
    return None
