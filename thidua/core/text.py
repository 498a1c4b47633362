"""Text going into documents (.docx, PDF, printed certificates).

Vietnamese letters can reach the database decomposed (NFD: "ễ" as "e" + U+0302 + U+0303),
from a Mac's clipboard, an imported spreadsheet or a PDF's text. A document font draws the
precomposed letter; given the combining marks, the renderer borrows them from another font
(DejaVu beside Liberation Serif) and a word prints in two typefaces. Everything a document
shows is therefore put in NFC first, with `nfc` on a value or a whole template context.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["abbreviation", "nfc", "quoted"]

# Words a Vietnamese agency leaves out of its abbreviation ("Bộ Giáo dục và Đào tạo" → BGDĐT).
_SKIPPED_WORDS = {"và", "-", "–", "&"}


def nfc(value: Any) -> Any:
    """`value` with every string in it in NFC: strings, and recursively lists, tuples
    (named tuples keep their type), sets and dict keys and values; anything else is returned
    as it is (numbers, dates, model instances: their text is normalised where it is read)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, tuple):
        items = [nfc(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, (set, frozenset)):
        return type(value)(nfc(v) for v in value)
    return value


def abbreviation(name: str) -> str:
    """The initials an agency writes in a document's ký hiệu, from its full name:
    "Bộ Thông tin và Truyền thông" → "BTTTT", "Bộ Lao động - Thương binh và Xã hội" →
    "BLĐTBXH". Only a default: the agency's own abbreviation is a setting."""
    words = unicodedata.normalize("NFC", name).replace("&", " ").split()
    return "".join(
        w[0] for w in words if w.lower() not in _SKIPPED_WORDS and w[0].isalnum()
    ).upper()


def quoted(name: object) -> str:
    """A name in Vietnamese quotation marks (“…”) for a sentence, unless it already holds
    quoted words ("Phong trào thi đua năm 2026: “Mỗi ngày một việc tốt”"): quotes are not
    nested."""
    text = str(name)
    if "“" in text or '"' in text:
        return text
    return f"“{text}”"
