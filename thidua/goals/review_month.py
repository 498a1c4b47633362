"""The month the monthly report (Báo cáo tháng) opens on when none is asked for, on its page
and in the API (issue 13, point 1, B5)."""

from datetime import date

from thidua.org.models import Unit
from thidua.org.rules import viewer_scope

# Until this day of a month the review opens on the month before: its check-ins and tasks are
# still being completed in the first days, and the month's giao ban (held in its first week)
# looks back at it; after it, the month in progress is the one a leader follows.
PREVIOUS_MONTH_UNTIL_DAY = 10


def default_month(today: date) -> tuple[int, int]:
    """The (year, month) the review opens on when none is asked for."""
    if today.day > PREVIOUS_MONTH_UNTIL_DAY:
        return today.year, today.month
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def default_unit(*, viewer, units: list[Unit]) -> Unit | None:
    """The unit the review opens on when none is asked for (walk-through F9): the viewer's own
    unit when they head one — the outermost when they head nested ones, or the nearest unit
    of the list above it when it is deeper than the list goes; None (the whole ministry) for
    leadership over the whole ministry, for someone who heads no unit, and for someone who
    heads several units side by side. `units` is the list the picker offers (review_units)."""
    scope = viewer_scope(viewer)
    if scope.everything or not scope.unit_paths:
        return None
    paths = scope.unit_paths
    outermost = {p for p in paths if not any(p != o and p.startswith(o) for o in paths)}
    if len(outermost) != 1:
        return None
    (path,) = outermost
    listed = [u for u in units if path.startswith(u.path)]
    return max(listed, key=lambda u: len(u.path), default=None)
