"""Where the demo's movements stand on the day of loading: the year of the movement in force,
its status by the calendar, and the thematic campaign open for registration once the year's
registration has closed."""

from datetime import date, timedelta

from .choices import MovementKind, MovementStatus

RESULTS_YEAR = 2025  # the year the commendation round judges


def current_year(today: date) -> int:
    """The year of the movement in force: the year of loading, after the results year."""
    return max(today.year, RESULTS_YEAR + 1)


def year_movement_status(*, today: date, year: int) -> MovementStatus:
    """Where the year's movement stands on the day of loading: open for registration in the
    first quarter (or before its year), under way until the mid-year review (sơ kết) in July,
    then reviewed at mid-year until the final review (tổng kết) in December."""
    if today.year < year or today.month <= 3:
        return MovementStatus.REGISTRATION_OPEN
    if today.month <= 6:
        return MovementStatus.IN_PROGRESS
    if today.month <= 11:
        return MovementStatus.MID_REVIEW
    return MovementStatus.FINAL_REVIEW


def campaign_movement(*, today: date) -> tuple[str, MovementKind, date, date, list[int]] | None:
    """A thematic campaign (đợt thi đua cao điểm) open for registration when the year's
    movement no longer is: three months from the month of loading, after seed 004's "giao
    việc lớn cho nhóm nhỏ" — so a unit always has a movement to register for. Illustrative."""
    year = current_year(today)
    if year_movement_status(today=today, year=year) == MovementStatus.REGISTRATION_OPEN:
        return None
    start = date(today.year, today.month, 1)
    end_year, end_month = divmod(today.month + 2, 12)
    end = date(today.year + end_year, end_month + 1, 1) - timedelta(days=1)
    name = f"Đợt thi đua cao điểm “Giao việc lớn cho nhóm nhỏ” (tháng {start:%m/%Y} – {end:%m/%Y})"
    return name, MovementKind.CAMPAIGN, start, end, [4, 8]
