"""Numbers typed by people, read the way their language writes them."""

import re
from decimal import Decimal, InvalidOperation

# Separators by language: (thousands, decimal). Vietnamese writes 1.234,5; English 1,234.5.
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def parse_number(text: str, *, language: str = "vi") -> Decimal:
    """Read "1.234,5" (vi) or "1,234.5" (en) as 1234.5; raise ValueError if it is not a number.

    A lone separator followed by exactly three digits groups thousands in that language
    ("1.500" is fifteen hundred in Vietnamese); otherwise the other separator is accepted as
    a decimal point too, so "2.5" still reads as two and a half.
    """
    thousands, decimal = SEPARATORS.get((language or "vi")[:2], SEPARATORS["vi"])
    cleaned = str(text).strip().replace(" ", "").replace("\u00a0", "")
    grouped = re.compile(rf"[+-]?\d{{1,3}}(\{thousands}\d{{3}})+(\{decimal}\d+)?")
    if grouped.fullmatch(cleaned) or decimal in cleaned:
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return number


def format_number(value, *, decimal_places: int | None = None, grouping: bool = False) -> str:
    """A number as the active language writes it: 1.5 is "1,5" in Vietnamese, 2.50 with
    `decimal_places=None` is "2,5" (no trailing zeros); `grouping` adds thousands separators
    ("1.234,5"). For messages built in Python, where templates' localisation does not reach."""
    from django.utils import formats

    if isinstance(value, Decimal | float) and decimal_places is None:
        value = Decimal(str(value)).normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return formats.number_format(
        value, decimal_pos=decimal_places, use_l10n=True, force_grouping=grouping
    )
