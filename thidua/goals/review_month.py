"""The month the monthly report (Báo cáo tháng) opens on when none is asked for, on its page
and in the API (issue 13, point 1, B5)."""

from datetime import date

# Until this day of a month the review opens on the month before: its check-ins and tasks are
# still being completed in the first days, and the month's giao ban (held in its first week)
# looks back at it; after it, the month in progress is the one a leader follows.
PREVIOUS_MONTH_UNTIL_DAY = 10


def default_month(today: date) -> tuple[int, int]:
    """The (year, month) the review opens on when none is asked for."""
    if today.day > PREVIOUS_MONTH_UNTIL_DAY:
        return today.year, today.month
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
