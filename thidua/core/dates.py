"""Days as people write them: dd/mm/yyyy in Vietnamese, and ISO yyyy-mm-dd always.

The active language's DATE_INPUT_FORMATS (config/formats/<lang>/formats.py) say how a day
is shown and typed; its first format is the one shown. ISO `yyyy-mm-dd` is read in every
language, so old links, tests and scripts that send ISO keep working. Forms read days
through `thidua.core.widgets.DayField`, query parameters through
`thidua.core.params.date_param`; both read with `parse_day` here.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import formats
from django.utils.translation import gettext as _

ISO = "%Y-%m-%d"
ISO_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MIN_YEAR = 1000  # a year of four digits: "7/12/26" is a mistake, not the year 26


def input_formats() -> list[str]:
    """The formats a day may be typed in, in the active language; ISO always among them."""
    active = [str(f) for f in formats.get_format("DATE_INPUT_FORMATS")]
    return active if ISO in active else [*active, ISO]


def display_format() -> str:
    """The format a day is shown in an input, in the active language ("%d/%m/%Y" in vi)."""
    return input_formats()[0]


def format_day(day: date) -> str:
    """07/12/2026 in Vietnamese: how a day is written into an input."""
    return day.strftime(display_format())


def placeholder() -> str:
    """The shape of a day to type, in the person's words ("dd/mm/yyyy")."""
    shapes = {
        "%d/%m/%Y": _("dd/mm/yyyy"),
        "%m/%d/%Y": _("mm/dd/yyyy"),
        ISO: _("yyyy-mm-dd"),
    }
    fmt = display_format()
    return shapes.get(fmt, fmt.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy"))


def parse_day(raw: str) -> date | None:
    """The day `raw` names in one of the active language's formats or ISO; None when it
    names no day in the calendar (31/02/2026, "tomorrow", 7/12/26). Eight digits alone
    (07122026) are read in the shown format without its separators, as a phone's numeric
    keypad, which has no "/", types them."""
    text = str(raw).strip()
    if not text or not text.isascii() or len(text) > 20:
        return None
    candidates = input_formats()
    if text.isdigit() and len(text) == 8:
        candidates = ["".join(c for c in display_format() if c.isalpha() or c == "%")]
    for fmt in candidates:
        if fmt == ISO and not ISO_SHAPE.fullmatch(text):
            continue  # ISO is written in full: 2026-02-03, not 2026-2-3
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if day.year >= MIN_YEAR:
            return day
    return None
