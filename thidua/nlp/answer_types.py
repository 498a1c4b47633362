"""What kind of answer a question asks for, and whether a text gives one (the assistant's
not-found decision).

A question can share every topic word with a document and still not be answered by it: "Ai
được giao làm Chủ tịch Hội đồng …?" when no passage names that person, "Khẩu hiệu của Đại
hội … là gì?" when none quotes a slogan, "… trong bao nhiêu ngày?" when none gives a number of
days. A words-present test cannot tell; this module can:

    asked_type("Bưu gửi phải được giao phát trong bao nhiêu ngày?")
    # AnswerType(kind="number", unit="ngay")
    holds_instance(asked_type(q), "… chậm nhất trong thời hạn 10 ngày làm việc.", q)  # True
    holds_instance(asked_type(q), "… 1.500 triệu bưu gửi vào ngày 31/12/2025.", q)    # False

Kinds: "person" (ai, người nào, những ai: a position title, a body, a person's name, a class
of people — one the question does not already name), "name" (khẩu hiệu, tên gọi, tên chương
trình …: a quoted phrase, or the text after "khẩu hiệu:" / "tên …:"), "duration" (bao lâu: a
number of minutes … years, "vài phút", "ngay"), "date" (ngày nào, năm nào, quý nào, bao giờ,
thời hạn, hạn chót, khi nào: a date, a quarter, or — for "khi nào", "bao giờ" — a clause of
time or condition: "khi …", "sau khi …", "từ ngày ký"), "number" (bao nhiêu, mấy, hạng mấy,
tỷ lệ, phần trăm: a number, with the unit asked when the question names one: "bao nhiêu
ngày" → "10 ngày", "mấy lần" → "hai lần", "bao nhiêu phần trăm" → "90%"), "place" (ở đâu,
tại đâu, nơi nào: "tại"/"ở" and a name or a place noun; "qua đâu": "qua" and what). Anything
else: None (no check). Matching is accent-insensitive when the question has no diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from thidua.nlp.text import fold

__all__ = ["AnswerType", "asked_type", "holds_instance", "instance_spans"]


@dataclass(frozen=True)
class AnswerType:
    kind: str  # "person", "name", "duration", "date", "number", "place"
    # "number": the unit asked, folded ("ngay", "lan", "%"), or ""; "place": "named" when a
    # name or a place noun must follow "tại"/"ở"
    unit: str = ""
    # "person": "holder" (who holds a post: a name), "for" (for whom: a class of people
    # will do); "date": "when" (a clause of time or condition will do); "number": "before"
    # (a rank: "hạng 30"); "place": the preposition asked ("qua" in "nộp qua đâu")
    via: str = ""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _accented(text: str) -> bool:
    return fold(text) != text


# ---------------------------------------------------------------- the question side
# Patterns on the lower-case question with diacritics; folded for a question typed without.
_W = r"(?<!\w)"  # a word starts here
_E = r"(?!\w)"  # a word ends here
_NAME_ASKED = (
    rf"{_W}khẩu hiệu{_E}|{_W}tên gọi{_E}|^tên{_E}(?! miền)"
    rf"|{_W}tên (?:của )?(?:chương trình|phong trào|văn bản|đề án|dự án|kế hoạch|nghị quyết"
    rf"|quyết định|hội nghị|đại hội|giải thưởng|cuộc thi){_E}"
)
_PERSON_ASKED = rf"{_W}(?:ai|người nào|những người nào){_E}"
# Who holds a post ("Ai là …", "Ai được giao làm Chủ tịch …", "… là ai?"): a person's name.
_HOLDER_ASKED = (
    rf"{_W}(?:ai|người nào) (?:là|làm|giữ|đảm nhiệm|đứng đầu|được (?:bổ nhiệm|bầu|giao làm"
    rf"|giao giữ|cử làm|phân công làm)){_E}|{_W}là ai{_E}"
)
# For whom ("xét tặng cho ai", "cho những ai", "đối tượng nào"): a class of people will do.
_BENEFICIARY_ASKED = rf"{_W}(?:cho|đối với|với) (?:những )?ai{_E}|{_W}đối tượng nào{_E}"
_ORG_ASKED = rf"{_W}(?:đơn vị|cơ quan|bộ phận|tổ chức|cấp) nào{_E}"
_DURATION_ASKED = rf"{_W}bao lâu{_E}"
_DATE_ASKED = (
    rf"{_W}(?:ngày|tháng|năm|quý|thời điểm|hôm|lúc) nào{_E}|{_W}bao giờ{_E}|{_W}mấy giờ{_E}"
    rf"|{_W}thời hạn{_E}|{_W}hạn chót{_E}|{_W}hạn (?:nộp|gửi|cuối){_E}"
)
_WHEN_ASKED = rf"{_W}(?:khi nào|bao giờ|lúc nào){_E}"
_PERCENT_ASKED = rf"{_W}(?:bao nhiêu phần trăm|mấy phần trăm|tỷ lệ|tỉ lệ|tỷ trọng){_E}"
_NUMBER_ASKED = (
    rf"{_W}(?P<before>hạng) mấy{_E}|{_W}thứ mấy{_E}"
    rf"|{_W}(?:bao nhiêu|mấy)(?:\s+(?P<unit>\w+))?"
)
_PLACE_ASKED = rf"{_W}(?P<via>ở|tại|qua|về|đến|từ)?\s*(?:đâu|nơi nào|địa điểm nào){_E}"
# Words after "bao nhiêu"/"mấy" that are no unit ("là bao nhiêu?", "bao nhiêu thì").
NOT_UNITS = frozenset(
    [
        "là",
        "thì",
        "để",
        "khi",
        "của",
        "cho",
        "trong",
        "được",
        "và",
        "với",
        "so",
        "một",
        "mỗi",
        "trên",
        "vào",
        "người",
        "nay",
        "hiện",
    ]
)


def _pattern(pattern: str, accented: bool) -> re.Pattern[str]:
    return re.compile(pattern if accented else fold(pattern))


def asked_type(
    question: str,
    *,
    organisations: bool = False,
    holders: bool = False,
    units: bool = True,
    named_places: bool = False,
) -> AnswerType | None:
    """The kind of answer the question asks for, or None (see the module's docstring).
    The options are the variants measured on the dev part of the demo question set
    (docs/BENCHMARKS.md, "Answer-type check"); the defaults are the ones chosen.
    `organisations`: whether "đơn vị nào", "cơ quan nào" ask for a person-like answer;
    `holders`: whether "Ai là …", "Ai được giao làm …" ask for a person's name (else a title
    or a body will do); `units`: whether a number must come with the unit asked;
    `named_places`: whether "ở đâu" needs a name or a place noun after "tại"/"ở" (else any
    word the question does not hold)."""
    text = _norm(question).lower()
    accented = _accented(text)
    text = re.sub(r"[^\w%]+", " ", text).strip()
    if _pattern(_NAME_ASKED, accented).search(text):
        return AnswerType("name")
    if _pattern(_PERSON_ASKED, accented).search(text) and accented:
        # bare "ai" may be "ải", "ái": only with diacritics
        if holders and _pattern(_HOLDER_ASKED, accented).search(text):
            return AnswerType("person", via="holder")
        if _pattern(_BENEFICIARY_ASKED, accented).search(text):
            return AnswerType("person", via="for")
        return AnswerType("person")
    if _pattern(_BENEFICIARY_ASKED, accented).search(text):
        return AnswerType("person", via="for")
    if organisations and _pattern(_ORG_ASKED, accented).search(text):
        return AnswerType("person")
    if _pattern(_DURATION_ASKED, accented).search(text):
        return AnswerType("duration")
    if _pattern(_PERCENT_ASKED, accented).search(text):
        return AnswerType("number", "%")
    if _pattern(_DATE_ASKED, accented).search(text) or _pattern(_WHEN_ASKED, accented).search(text):
        when = bool(_pattern(_WHEN_ASKED, accented).search(text))
        return AnswerType("date", via="when" if when else "")
    number = _pattern(_NUMBER_ASKED, accented).search(text)
    if number:
        unit = number.group("unit") or number.group("before") or ""
        not_units = NOT_UNITS if accented else {fold(w) for w in NOT_UNITS}
        unit = "" if unit in not_units else fold(unit)
        if unit == "phan":  # "bao nhiêu phần trăm" typed bare
            unit = "%"
        before = "before" if number.group("before") else ""
        return AnswerType("number", unit if units else "", via=before)
    place = _pattern(_PLACE_ASKED, accented).search(text)
    if place:
        via = fold(place.group("via") or "")
        return AnswerType("place", "named" if named_places else "", via=via)
    return None


# ---------------------------------------------------------------- the answer side
_DIGITS = r"\d+(?:[.,]\d+)*"
_NUMERALS = (
    r"(?:một nửa|phần (?:trăm|ba|tư|năm)|một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mươi"
    r"|trăm|nghìn|ngàn|vài|mấy)"
)
_NUMBER = rf"(?:{_DIGITS}|(?<!\w){_NUMERALS}(?:\s+{_NUMERALS})*(?!\w))"
_TIME_UNITS = r"(?:phút|giờ|ngày|tuần|tháng|quý|năm)"
_DURATION = re.compile(
    rf"{_NUMBER}\s*{_TIME_UNITS}(?!\w)|(?<!\w)(?:ngay|tức thì|hằng {_TIME_UNITS})(?!\w)", re.I
)
_DATE = re.compile(
    rf"\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|(?<!\w)(?:ngày|tháng|năm|quý)\s+(?:{_DIGITS}|[IV]+(?!\w))"
    rf"|(?<!\w)(?:ngày ký|ngày ban hành|hằng (?:ngày|tuần|tháng|quý|năm))(?!\w)"
    r"|(?<!\w)\d{1,2}\s*(?:giờ|h)(?:\s*\d{2})?(?!\w)",
    re.I,
)
_WHEN = re.compile(
    r"(?<!\w)(?:khi|sau khi|trước khi|ngay khi|nếu|trong trường hợp|kể từ|từ ngày|trước|sau"
    r"|chậm nhất|đúng hạn)(?!\w)",
    re.I,
)
_QUOTED = re.compile(r"[“\"«]([^”\"»]{3,200})[”\"»]")
_INTRODUCED = re.compile(r"(?<!\w)(?:khẩu hiệu|tên gọi|tên)\s*(?:là|:)\s*(\S[^.;\n]{2,200})", re.I)
# Who: a position title, a body, a class of people, or a person's name after "ông", "bà",
# "đồng chí" (capitalised syllables).
_TITLES = (
    r"(?:Phó\s+)?(?:Thủ tướng|Bộ trưởng|Thứ trưởng|Chủ tịch|Tổng Bí thư|Bí thư|Giám đốc"
    r"|Tổng cục trưởng|Cục trưởng|Vụ trưởng|Viện trưởng|Chánh Văn phòng|Chánh Thanh tra"
    r"|Trưởng ban|Trưởng phòng|Trưởng đoàn|Thủ trưởng|Người đứng đầu|Tổ trưởng|Chi ủy"
    r"|Ban Thường vụ|Ban Chấp hành|Ban Chỉ đạo|Hội đồng|Ủy ban|Chính phủ|Quốc hội|Đảng ủy"
    r"|Cấp ủy|Chi bộ|Văn phòng|Thanh tra|Trung tâm|Công đoàn|Đoàn Thanh niên|Tòa án"
    r"|Viện kiểm sát)"
)
# A one-syllable body names one only with its name after it ("Vụ Thi đua - Khen thưởng",
# "Phòng Giám sát"; not the "Bộ" of "cấp Bộ").
_BODIES = r"(?:Vụ|Cục|Phòng|Ban|Tổ|Viện|Sở|Bộ)"
_PEOPLE = (
    r"(?:cá nhân|tập thể|cán bộ|công chức|viên chức|người lao động|đảng viên|thành viên"
    r"|đoàn viên|hội viên|sinh viên|học sinh|công dân|người dân|nhân viên|chuyên viên"
    r"|doanh nghiệp|đơn vị|cơ quan|thủ trưởng|người đứng đầu|lãnh đạo)"
)
# Upper-case Latin letters, Vietnamese ones included ("Đ", "Ư", "Ấ" …), as a class.
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
_CAPITAL = rf"[{_UPPER}]\w*"
_SURNAMES = (
    r"(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đào|Đoàn"
    r"|Trịnh|Mai|Trương|Đinh|Lâm|Cao|Hà|Tạ|Lương|Chu|Thái|Tô|Vương|Quách|Kiều|Triệu|Lại|Tăng)"
)
# A person's name: after "ông", "bà", "đồng chí", or a common surname and one to three more
# capitalised syllables ("Nguyễn Văn An").
_NAME = re.compile(
    rf"(?<!\w)(?:(?:ông|bà|đồng chí|Ông|Bà|Đồng chí)\s+{_CAPITAL}(?:\s+{_CAPITAL})*"
    rf"|{_SURNAMES}(?:\s+{_CAPITAL}){{1,3}})(?!\w)"
)
_AGENT = re.compile(
    rf"(?<!\w)(?:(?:{_TITLES})(?:\s+{_CAPITAL})*|{_BODIES}(?:\s+{_CAPITAL})+)(?!\w)"
)
_PEOPLE_RE = re.compile(rf"(?<!\w){_PEOPLE}(?!\w)", re.I)
_PLACE_NOUNS = (
    r"(?:trụ sở|tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thôn|đường|phố|số \d|tầng|tòa nhà"
    r"|khu|hội trường|địa chỉ)"
)
_FOLDED_NUMBER = fold(_NUMBER)


def _folded_question(question: str) -> str:
    return " " + " ".join(fold(w) for w in re.findall(r"\w+", _norm(question).lower())) + " "


def _new(phrase: str, question: str) -> bool:
    """Whether a phrase says more than the question already does (not all its words there,
    in that order)."""
    words = [fold(w) for w in re.findall(r"\w+", phrase.lower())]
    return bool(words) and f" {' '.join(words)} " not in _folded_question(question)


def _numbers_of(unit: str, text: str, before: bool = False) -> list[tuple[int, int]]:
    """A number and the unit asked, accent-insensitive ("10 ngày", "hai lần", "hai phần ba
    số thành viên"), or, for a rank ("hạng mấy"), also the unit and then a number ("hạng
    30"; never "ngày 30", a date)."""
    folded = fold(text).lower()
    if len(folded) != len(text):  # spans must map back; NFC Vietnamese always does
        folded = text.lower()
    unit = re.escape(unit)
    after = rf"{_FOLDED_NUMBER}\s*(?:so\s+)?{unit}(?!\w)"
    rank = rf"(?<!\w){unit}\s+\d+(?:[.,]\d+)*"
    pattern = rf"{after}|{rank}" if before else after
    return [m.span() for m in re.finditer(pattern, folded, re.I)]


def _agents_of(question: str, text: str) -> list[tuple[int, int]]:
    """Who does what the question asks about, as the text says it: "do/bởi/được X <verb>"
    for "ai <verb>?" or "do ai <verb>?" ("được cơ sở công nhận" for "Ai công nhận …?")."""
    asked = re.search(r"(?<!\w)ai\s+(\w+(?:\s+\w+)?)", _norm(question).lower())
    if not asked:
        return []
    verb = asked.group(1).split()
    folded = fold(text).lower()
    if len(folded) != len(text):
        return []
    out = []
    for n in (2, 1):  # "công nhận", then "ký"
        words = r"\s+".join(re.escape(fold(w)) for w in verb[:n])
        pattern = rf"(?<!\w)(?:do|boi|duoc)\s+(?:\w+\s+){{1,6}}?{words}(?!\w)"
        out += [m.span() for m in re.finditer(pattern, folded)]
        if out:
            break
    return out


def instance_spans(answer_type: AnswerType, text: str, question: str = "") -> list[tuple[int, int]]:
    """(start, end) of what in the text is an answer of that type (see the module's
    docstring); a person or a name the question itself names is no answer."""
    text = _norm(text)
    kind = answer_type.kind
    found: list[tuple[int, int]] = []
    if kind == "number":
        if answer_type.unit == "%":
            found = [m.span() for m in re.finditer(rf"{_DIGITS}\s*%|phần trăm|một nửa", text)]
        elif answer_type.unit:
            found = _numbers_of(answer_type.unit, text, answer_type.via == "before")
        else:
            found = [m.span() for m in re.finditer(_NUMBER, text, re.I)]
        return found
    if kind == "duration":
        return [m.span() for m in _DURATION.finditer(text)]
    if kind == "date":
        found = [m.span() for m in _DATE.finditer(text)]
        if answer_type.via == "when":
            found += [m.span() for m in _WHEN.finditer(text)]
            found += [m.span() for m in _DURATION.finditer(text)]
        return found
    if kind == "name":
        found = [m.span(1) for m in _QUOTED.finditer(text)]
        found += [m.span(1) for m in _INTRODUCED.finditer(text)]
    elif kind == "person":
        found = [m.span() for m in _NAME.finditer(text)]
        if answer_type.via != "holder":
            found += [m.span() for m in _AGENT.finditer(text)]
            found += _agents_of(question, text)
        if answer_type.via == "for":
            found += [m.span() for m in _PEOPLE_RE.finditer(text)]
    elif kind == "place":
        if answer_type.via == "qua":
            return [m.span() for m in re.finditer(r"(?<!\w)qua\s+\w+", text, re.I)]
        what = rf"(?:{_CAPITAL}|{_PLACE_NOUNS})" if answer_type.unit == "named" else r"\w+"
        pattern = rf"(?<!\w)(?:tại|ở)\s+{what}"
        found = [m.span() for m in re.finditer(pattern, text)]
    return [(a, b) for a, b in found if _new(text[a:b], question)]


def holds_instance(answer_type: AnswerType | None, text: str, question: str = "") -> bool:
    """Whether the text gives an answer of the type asked (always, when none is asked)."""
    if answer_type is None:
        return True
    return bool(instance_spans(answer_type, text, question))
