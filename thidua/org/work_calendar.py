"""Working days (ngày làm việc): the weekly days off (an agency setting, Saturday and Sunday by
default) and the dated exceptions of the working calendar (WorkCalendarDay: public holidays and
Tết, compensatory or swapped days off, weekend days worked in exchange).

`working_days` and `is_working_day` are pure functions of a `WorkCalendar`; `work_calendar`
reads one from the database (two queries) for a span of dates."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.agency_settings import value as agency_value
from thidua.core.setting_checks import Weekdays

from .choices import CalendarDayKind
from .models import WorkCalendarDay

WEEKDAYS_OFF = "org.weekdays_off"
declare(
    SettingSpec(
        WEEKDAYS_OFF,
        [5, 6],
        "Điều 111 Bộ luật Lao động 2019; Nghị định 45/2013/NĐ-CP (cơ quan hành chính nhà nước "
        "nghỉ thứ Bảy và Chủ nhật)",
        "M",
        "Các ngày nghỉ hằng tuần (0 = thứ Hai … 5 = thứ Bảy, 6 = Chủ nhật)",
        check=Weekdays(),
    )
)

OFF_KINDS = frozenset({CalendarDayKind.HOLIDAY, CalendarDayKind.DAY_OFF})


@dataclass(frozen=True)
class WorkCalendar:
    """The weekly days off (date.weekday() numbers) and the dated exceptions {date: kind}."""

    weekdays_off: frozenset[int] = frozenset({5, 6})
    days: dict[date, str] = field(default_factory=dict)
    names: dict[date, str] = field(default_factory=dict)


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    """A working day: not a holiday or day off, and not a weekly day off unless worked in
    exchange (làm bù). Without a calendar, the stored one for that day is read."""
    if calendar is None:
        calendar = work_calendar(start=day, end=day)
    kind = calendar.days.get(day)
    if kind in OFF_KINDS:
        return False
    if kind == CalendarDayKind.WORKING:
        return True
    return day.weekday() not in calendar.weekdays_off


def working_days(start: date, end: date, calendar: WorkCalendar) -> list[date]:
    """The working days from start to end, both included, in order."""
    days, day = [], start
    while day <= end:
        if is_working_day(day, calendar):
            days.append(day)
        day += timedelta(days=1)
    return days


def weekdays_off(on: date | None = None) -> frozenset[int]:
    """The agency's weekly days off in force on `on` (today when None); a malformed override
    falls back to Saturday and Sunday."""
    raw = agency_value(WEEKDAYS_OFF, on=on)
    try:
        off = frozenset(int(d) for d in raw if 0 <= int(d) <= 6)
    except (TypeError, ValueError):
        return frozenset({5, 6})
    return off if len(off) < 7 else frozenset({5, 6})


def work_calendar(*, start: date, end: date) -> WorkCalendar:
    """The working calendar from start to end (the dated exceptions in that span)."""
    rows = WorkCalendarDay.objects.filter(day__gte=start, day__lte=end).values_list(
        "day", "kind", "name"
    )
    days, names = {}, {}
    for day, kind, name in rows:
        days[day], names[day] = kind, name
    # the weekly days off in force on the span's last day (a change inside a span is taken
    # from its last day; spans are a day, a month or up to today)
    return WorkCalendar(weekdays_off=weekdays_off(end), days=days, names=names)


def day_off_reason(day: date, calendar: WorkCalendar) -> str:
    """Why a day is not a working day: the holiday's name, or "" for a weekly day off."""
    return calendar.names.get(day, "") if calendar.days.get(day) in OFF_KINDS else ""
