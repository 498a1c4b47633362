"""Abbreviations and synonyms common in Vietnamese administration, and spelling variants.

`ABBREVIATIONS` maps an abbreviation (lower case, "&" and "-" removed: "TT&TT" → "tttt") to
the phrases it stands for. Retrieval expands a query both ways: "CNTT" also looks for
"công nghệ thông tin", and "công nghệ thông tin" also looks for "CNTT". Pure data, plus
`normalise_syllable` for the two tone placements (hoá/hóa, uỷ/ủy, thuỷ/thủy).
"""

import re
import unicodedata

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "tttt": ("thông tin và truyền thông",),
    "btttt": ("bộ thông tin và truyền thông",),
    "cntt": ("công nghệ thông tin",),
    "cđs": ("chuyển đổi số",),
    "ubnd": ("ủy ban nhân dân",),
    "hđnd": ("hội đồng nhân dân",),
    "ubmttq": ("ủy ban mặt trận tổ quốc",),
    "mttq": ("mặt trận tổ quốc",),
    "cstđ": ("chiến sĩ thi đua",),
    "cstđcs": ("chiến sĩ thi đua cơ sở",),
    "lđtt": ("lao động tiên tiến",),
    "tđkt": ("thi đua khen thưởng", "thi đua, khen thưởng"),
    "attt": ("an toàn thông tin",),
    "atvm": ("an toàn thông tin mạng",),
    "khcn": ("khoa học và công nghệ", "khoa học công nghệ"),
    "nđ": ("nghị định",),
    "tt": ("thông tư",),
    "qđ": ("quyết định",),
    "nq": ("nghị quyết",),
    "ct": ("chỉ thị",),
    "hd": ("hướng dẫn",),
    "cp": ("chính phủ",),
    "ttg": ("thủ tướng", "thủ tướng chính phủ"),
    "tw": ("trung ương",),
    "bch": ("ban chấp hành",),
    "đcsvn": ("đảng cộng sản việt nam",),
    "xhcn": ("xã hội chủ nghĩa",),
    "chxhcn": ("cộng hòa xã hội chủ nghĩa",),
    "cbcc": ("cán bộ công chức", "cán bộ, công chức"),
    "cbccvc": ("cán bộ công chức viên chức", "cán bộ, công chức, viên chức"),
    "ccvc": ("công chức viên chức", "công chức, viên chức"),
    "nld": ("người lao động",),
    "bhxh": ("bảo hiểm xã hội",),
    "bhyt": ("bảo hiểm y tế",),
    "tnhh": ("trách nhiệm hữu hạn",),
    "đvsncl": ("đơn vị sự nghiệp công lập",),
    "hcns": ("hành chính nhân sự",),
    "tthc": ("thủ tục hành chính",),
    "dvc": ("dịch vụ công",),
    "cchc": ("cải cách hành chính",),
    "cqđt": ("chính quyền điện tử",),
    "cps": ("chính phủ số",),
    "bcđ": ("ban chỉ đạo",),
    "ptth": ("phát thanh truyền hình", "phát thanh, truyền hình"),
    "bccp": ("bưu chính chuyển phát",),
    "vt": ("viễn thông",),
}

# Old (hóa, thủy) and new (hoá, thuỷ) tone placement in oa/oe/uy with no final consonant:
# both are in use; retrieval folds the new placement into the old one.
_TONED_NEW = re.compile(r"^(.*?[^q]|)(o|u)([aey])([\u0300\u0301\u0303\u0309\u0323])$")


def normalise_syllable(syllable: str) -> str:
    """One lower-case syllable with the tone mark where the old style puts it:
    "hoá" → "hóa", "uỷ" → "ủy", "thuỷ" → "thủy"; "quý" and "hoàn" are left alone."""
    decomposed = unicodedata.normalize("NFD", syllable)
    match = _TONED_NEW.match(decomposed)
    if not match:
        return syllable
    head, medial, vowel, tone = match.groups()
    if (medial, vowel) not in {("o", "a"), ("o", "e"), ("u", "y")}:
        return syllable
    return unicodedata.normalize("NFC", head + medial + tone + vowel)


_AMPERSAND = re.compile(r"(?<=[A-Za-zĐđ])\s*[&]\s*(?=[A-Za-zĐđ])")


def join_abbreviations(text: str) -> str:
    """ "TT&TT" → "TTTT", "KH&CN" → "KHCN", so an abbreviation stays one token."""
    return _AMPERSAND.sub("", text)


# "Ủy ban nhân dân (UBND)", "Thông tin và Truyền thông (TT&TT)", "... (sau đây gọi tắt là
# BHXH)": an acronym in brackets after the words it abbreviates.
_DEFINED = re.compile(
    r"([^\W\d_][^()\n]{2,120}?)\s*\(\s*(?:(?:sau đây )?gọi (?:tắt |chung )?là\s+)?"
    r"([A-ZĐ](?:[A-ZĐ]|\s*&\s*[A-ZĐ]){1,11})\s*\)"
)
_SKIPPABLE = {"và", "của", "các"}


def _initial(syllable: str) -> str:
    """The first letter without its diacritics ("Ủy" → "u", "Đảng" → "d")."""
    letter = unicodedata.normalize("NFD", syllable[:1].lower())[:1]
    return "d" if letter == "đ" else letter


def mine_abbreviations(texts, *, max_entries: int = 5000) -> dict[str, tuple[str, ...]]:
    """Abbreviations that texts define themselves: an acronym in brackets right after the
    words whose initials it spells ("Ủy ban nhân dân (UBND)" → {"ubnd": ("ủy ban nhân
    dân",)}; "và", "của", "các" may be skipped: "Thông tin và Truyền thông (TT&TT)").
    Built from the indexed passages, never from questions."""
    found: dict[str, list[str]] = {}
    for text in texts:
        if "(" not in text:
            continue
        for match in _DEFINED.finditer(join_abbreviations(text)):
            acronym = re.sub(r"[\s&]", "", match.group(2))
            words = re.findall(r"[^\W\d_]+", match.group(1))
            letters = list(acronym.lower())
            taken: list[str] = []
            for word in reversed(words):
                if not letters:
                    break
                if _initial(word) == _initial(letters[-1]):
                    taken.append(word)
                    letters.pop()
                elif word.lower() in _SKIPPABLE and taken:
                    taken.append(word)
                else:
                    break
            if letters or len(taken) < 2:
                continue
            phrase = " ".join(reversed(taken)).lower()
            key = acronym.lower()
            bucket = found.setdefault(key, [])
            if phrase not in bucket and len(found) <= max_entries:
                bucket.append(phrase)
    return {key: tuple(phrases) for key, phrases in found.items() if phrases}
