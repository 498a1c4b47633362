"""SMS length and cost, pure Python (no Django).

Text with any character outside the GSM 03.38 alphabet (e.g. Vietnamese diacritics) goes as
UCS-2: 70 UTF-16 units in one SMS, 67 per part when concatenated. GSM-7 text: 160 septets,
153 per part; the extension characters (``^{}\\[~]|€`` and form feed) take two septets and
are never split across parts. `strip_diacritics` gives the GSM-7-safe variant.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# Typographic characters Vietnamese text often carries, with their GSM-7 stand-ins.
_GSM7_STAND_INS = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "\t": " ",
    }
)


@dataclass(frozen=True)
class SmsInfo:
    encoding: str  # "GSM-7" or "UCS-2"
    chars: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _pack(weights: list[int], single: int, part: int) -> int:
    total = sum(weights)
    if total == 0:
        return 0
    if total <= single:
        return 1
    parts, used = 1, 0
    for w in weights:  # a character never straddles two parts
        if used + w > part:
            parts, used = parts + 1, 0
        used += w
    return parts


def sms_parts(text: str) -> SmsInfo:
    text = unicodedata.normalize("NFC", text)
    if is_gsm7(text):
        weights = [2 if c in GSM7_EXTENSION else 1 for c in text]
        return SmsInfo("GSM-7", sum(weights), _pack(weights, GSM7_SINGLE, GSM7_PART))
    weights = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return SmsInfo("UCS-2", sum(weights), _pack(weights, UCS2_SINGLE, UCS2_PART))


def strip_diacritics(text: str) -> str:
    """Vietnamese without diacritics ("Nghị quyết" → "Nghi quyet", đ → d); GSM-7 safe for
    Vietnamese text (other scripts may still need UCS-2)."""
    text = unicodedata.normalize("NFC", text).translate(_GSM7_STAND_INS)
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def sms_cost(parts: int, members: int, price_per_part: Decimal | int | str) -> Decimal:
    return Decimal(parts) * Decimal(members) * Decimal(str(price_per_part))


def sms_message(notice: str, link: str) -> str:
    """The text a member receives: the short notice, then their personal link."""
    notice = notice.strip()
    return f"{notice} {link}" if notice else link


def sms_preview(notice: str, link_base: str, token_length: int) -> dict[str, SmsInfo]:
    """Part counts before sending, as written and without diacritics (every member's link has
    the same length, so one count serves all)."""
    sample = sms_message(notice, link_base + "x" * token_length)
    return {
        "as_written": sms_parts(sample),
        "no_diacritics": sms_parts(
            sms_message(strip_diacritics(notice), link_base + "x" * token_length)
        ),
    }
