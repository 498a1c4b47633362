"""Is a check-in's value plausible for its key result? A value far outside the range from
the baseline to the target, or a jump far larger than that range from the previous value,
is probably a typing slip (88 for 8.8): the services refuse it unless the person confirmed it
(`confirmed=True`), and say why — the page then asks, the API answers 422."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.agency_settings import value as agency_value
from thidua.core.numbers import format_number

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
    """As the page writes it: 88.000 and 8,5 in Vietnamese, 88,000 and 8.5 in English."""
    return format_number(value, grouping=True)


def checkin_unusual(
    *, baseline: Decimal, target: Decimal, previous: Decimal | None, value: Decimal
) -> str | None:
    """Why the value looks unusual (a sentence in the reader's language), or None when it
    looks fine."""
    low, high = min(baseline, target), max(baseline, target)
    span = high - low
    if span <= 0:
        return None
    outside = Decimal(str(agency_value("goals.checkin_outside_share")))
    jump = Decimal(str(agency_value("goals.checkin_jump_share")))
    if value > high + outside * span or value < low - outside * span:
        numbers = {"value": _n(value), "baseline": _n(baseline), "target": _n(target)}
        if previous is None:
            return (
                _(
                    "The value %(value)s lies far outside the range from %(baseline)s (baseline) "
                    "to %(target)s (target)."
                )
                % numbers
            )
        return _(
            "The value %(value)s lies far outside the range from %(baseline)s (baseline) "
            "to %(target)s (target); last time it was %(previous)s."
        ) % {**numbers, "previous": _n(previous)}
    if previous is not None and abs(value - previous) > jump * span:
        return _(
            "The value %(value)s changed by %(change)s since last time (%(previous)s), more "
            "than the whole range from baseline to target (%(span)s)."
        ) % {
            "value": _n(value),
            "change": _n(abs(value - previous)),
            "previous": _n(previous),
            "span": _n(span),
        }
    return None


class UnusualCheckIn(ValidationError):
    """A check-in value that needs the person's confirmation; `reason` says why (on `value`)."""

    def __init__(self, reason: str):
        super().__init__({"value": ValidationError(reason, code="unusual")})
        self.reason = reason


def refuse_unusual(
    *, baseline: Decimal, target: Decimal, previous: Decimal | None, value: Decimal
) -> None:
    """Raise UnusualCheckIn when the value looks unusual (see checkin_unusual)."""
    reason = checkin_unusual(baseline=baseline, target=target, previous=previous, value=value)
    if reason:
        raise UnusualCheckIn(reason)
