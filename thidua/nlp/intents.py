"""Personal questions to the assistant, recognised by patterns, with or without diacritics.

    detect_intent("Mục tiêu của tôi quý này?")        # Intent("my_goals", {"period": "quarter"})
    detect_intent("viec nao sap qua han")               # Intent("tasks_due", {})
    detect_intent("Nhiệm vụ nào sắp đến hạn trong 7 ngày tới?")  # Intent("tasks_due", {"days": "7"})
    detect_intent("toi con thieu gi de dat CSTDCS")     # Intent("missing_for_title", {"title": "CSTDCS"})
    detect_intent("Đơn vị tôi đang chậm ở chỉ tiêu nào?")  # Intent("unit_lagging", {})
    detect_intent("năm nay toi duoc xep loai gi")       # Intent("my_rating", {"year": "this"})
    detect_intent("Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?")  # None

The question is lower-cased and folded (`text.fold`: "Chiến sĩ" → "chien si"), punctuation
becomes space. Without diacritics "tôi" (I) and "tới" (next) are both "toi": after a time word
("7 ngày tới", "quý tới") it is read as "next". A question is personal only when it speaks of
the asker ("tôi", "của mình", "chúng tôi") or asks what is still missing ("còn thiếu gì");
questions about a document ("Mục tiêu của Nghị quyết 57 là gì?", "Điều kiện để được tặng ...
là gì?", "Thời hạn nộp hồ sơ khen thưởng?") are left to document search (None).

Parameters: my_goals → {"period": "month" | "quarter" | "year"} when the question names one;
tasks_due → {"days": "7"} when it names a number of days or weeks ("trong 7 ngày", "tuần
này" = 7); missing_for_title → {"title": "CSTDCS" | "LDTT" | "CSTD_BO" | "CSTD_TQ" | "BK_BO" |
"GK" | "BK_TTG" | "TLDTT" | "TLDXS" | "CO_BO" | "CO_CP"} and, when the question names a year,
{"year": "this" | "last" | "2025"} ("năm nay", "năm ngoái"/"năm trước"/"năm vừa qua", "năm
2025"). Collective titles ("Đơn vị tôi còn thiếu gì để được Tập thể lao động tiên tiến?") are
recognised before the individual ones they contain ("lao động tiên tiến"). my_rating (the
asker's own annual rating, "xếp loại") → {"year": ...} the same way; a question about the
rules of rating ("Xếp loại HTXS cần điều kiện gì?", "Xếp loại của tôi phải từ mức nào thì
được LĐTT?": a title, a level or a condition named) is left to the documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from thidua.nlp.text import fold

__all__ = ["INTENTS", "TITLES", "Intent", "detect_intent", "normalise_question"]

INTENTS = ("my_goals", "tasks_due", "missing_for_title", "unit_lagging", "my_rating")


@dataclass(frozen=True)
class Intent:
    name: str  # one of INTENTS
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def normalise_question(question: str) -> str:
    """Lower case, no diacritics, words separated by single spaces; "tới" after a time word
    becomes "sau" so that it is not read as "tôi"."""
    text = fold((question or "").lower())
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return re.sub(r"\b(ngay|tuan|thang|quy|nam|ky|dot|lan|thoi gian) toi\b", r"\1 sau", text)


_FIRST_PERSON = re.compile(r"\b(?:toi|tui|cua minh|minh (?:con|co|da|dang|can|phai|duoc|dat))\b")

# Titles, most specific first; the key is the code the awards app uses.
TITLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        # collective titles first: "tập thể lao động tiên tiến" contains "lao động tiên tiến"
        ("TLDXS", r"\btap the lao dong xuat sac\b|\btt ?ldxs\b"),
        ("TLDTT", r"\btap the lao dong tien tien\b|\btt ?ldtt\b"),
        ("CO_CP", r"\bco thi dua (?:cua )?chinh phu\b"),
        ("CO_BO", r"\bco thi dua (?:cap |cua )?(?:bo|nganh)\b"),
        ("CSTD_TQ", r"\b(?:chien si thi dua|cstd) toan quoc\b|\bcstdtq\b"),
        (
            "CSTD_BO",
            r"\b(?:chien si thi dua|cstd) (?:cap )?(?:bo|nganh|tinh)\b|\bcstd ?(?:cb|bo)\b",
        ),
        ("CSTDCS", r"\b(?:chien si thi dua|cstd) (?:cap )?co so\b|\bcstd ?cs\b"),
        (
            "BK_TTG",
            r"\bbang khen (?:cua )?(?:thu tuong|ttg|chinh phu)\b|\bbk ?ttg\b",
        ),
        ("BK_BO", r"\bbang khen (?:cua )?(?:bo truong|cap bo|bo)\b|\bbk ?bo\b|\bbang khen\b"),
        ("GK", r"\bgiay khen\b"),
        ("LDTT", r"\blao dong tien tien\b|\bldtt\b"),
        ("CSTDCS", r"\bchien si thi dua\b|\bcstd\b"),  # no level named: the first step
    )
)

# "What am I still missing": personal by itself.
_GAP = re.compile(
    r"\b(?:con thieu|thieu (?:gi|nhung gi|dieu kien|tieu chuan|tieu chi)"
    r"|can (?:them|bo sung) (?:gi|nhung gi)|con (?:can|phai) (?:gi|nhung gi|lam gi|them)"
    r"|chua du|da du .* chua|du (?:dieu kien|tieu chuan) (?:chua|khong)"
    r"|co du (?:dieu kien|tieu chuan)|dat chua|duoc chua)\b"
)
# Weaker: about conditions, personal only with "tôi".
_CONDITION = re.compile(r"\b(?:dieu kien|tieu chuan|tieu chi|can gi|phai lam gi|lam sao|du|dat)\b")

_DUE = re.compile(
    r"\b(?:sap |da |bi |dang )?(?:qua han|den han|tre han|het han|toi han|cham han|han chot)\b"
    r"|\bdeadline\b|\bsap het han\b"
)
_TASK = re.compile(r"\b(?:viec|cong viec|nhiem vu|dau viec|task|ho so cua toi)\b")
_DAYS = re.compile(r"\b(\d{1,3}) ?ngay\b")
_WEEKS = re.compile(r"\b(\d{1,2}) ?tuan\b")
_THIS_WEEK = re.compile(r"\btuan (?:nay|sau|toi)\b")

_UNIT = re.compile(r"\b(?:don vi|phong(?! trao)|co quan|chi bo|bo phan|tap the|to cong tac)\b")
_LAG = re.compile(
    r"\b(?:cham|tre|tut hau|tut lai|khong dat|chua dat|thap|yeu|kem|lagging|cham tien do)\b"
)
_TARGET = re.compile(r"\b(?:chi tieu|muc tieu|kpi|okr|nhiem vu|tieu chi)\b")
# Asking which targets ("chỉ tiêu nào", "những chỉ tiêu"), or about one's own unit.
_WHICH_TARGET = re.compile(
    r"\b(?:chi tieu|muc tieu|kpi|okr|nhiem vu|tieu chi) (?:nao|gi)\b"
    r"|\bnhung (?:chi tieu|muc tieu|kpi|nhiem vu|tieu chi)\b"
)
_MY_UNIT = re.compile(
    r"\b(?:don vi|phong|co quan|chi bo|bo phan|tap the) (?:cua )?(?:toi|minh|chung toi)\b"
)

_GOAL = re.compile(r"\b(?:muc tieu|chi tieu|kpi|okr)\b")
_MONTH = re.compile(r"\bthang (?:nay|\d{1,2}|hien tai|sau|truoc)\b|\btrong thang\b|\bhang thang\b")
_QUARTER = re.compile(
    r"\bquy (?:nay|[1-4]|i{1,3}|iv|hien tai|sau|truoc)\b|\btrong quy\b|\bhang quy\b"
)
# The year a title question is about ("năm nay", "năm ngoái", "năm 2025").
_THIS_YEAR = re.compile(r"\bnam (?:nay|hien tai)\b")
_LAST_YEAR = re.compile(r"\bnam (?:ngoai|truoc|vua qua|qua|roi)\b")
_YEAR_NUMBER = re.compile(r"\bnam ((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\bnam (?:nay|\d{4}|hien tai|sau|truoc)\b|\b(?:ca|hang|trong) nam\b|\bnam\b$")


# The asker's own annual rating: "năm nay tôi được xếp loại gì", "kết quả xếp loại của mình".
_RATING = re.compile(
    r"\b(?:xep loai|xep hang|ket qua danh gia|danh gia xep loai|tu danh gia"
    r"|duoc danh gia|bi danh gia)\b"
)
# Who: "tôi", "mình", "em" as the one rated ("em được xếp loại", "xếp loại của em").
_RATED_ME = re.compile(
    r"\b(?:toi|tui|minh|em) (?:co|duoc|bi|da|dang|xep|tu|nam nay|nam ngoai|nam \d{4})\b"
    r"|\b(?:cua|cho) (?:toi|tui|minh|em)\b|^(?:toi|tui|minh|em)\b"
)
# What is asked of the rating: which, how, whether yet; or "show me".
_RATING_ASKED = re.compile(
    r"\b(?:gi|nao|the nao|ra sao|nhu nao|chua|bao nhieu|o dau|toi dau)\b"
    r"|\b(?:cho (?:toi|tui|minh|em) (?:biet|xem|hoi)|xem (?:giup|lai|ho)|tra cuu|kiem tra)\b"
)
_RATING_POSSESSED = re.compile(
    r"\b(?:xep loai|ket qua (?:xep loai|danh gia)|danh gia xep loai) (?:cua )?(?:toi|tui|minh|em)\b"
)
# A rule about ratings, not the asker's own: a level named, a condition, a consequence.
_LEVEL = (
    r"(?:htxs|htt|ht|kht|(?:khong )?hoan thanh(?: (?:xuat sac|tot))?(?: nhiem vu)?"
    r"|xuat sac|loai (?:a|b|c|d))"
)
# "Năm nay tôi có được xếp loại HTXS không?": a level asked about, for oneself.
_LEVEL_ASKED = re.compile(rf"\bduoc (?:xep loai )?(?:muc )?{_LEVEL} (?:khong|chua)\b")
_RATING_RULE = re.compile(
    rf"\b{_LEVEL}\b"
    r"|\b(?:dieu kien|tieu chuan|tieu chi|quy dinh|can(?! bo)|phai|muon|de (?:duoc|dat|len)"
    r"|thi (?:moi|co|duoc|se|bi|sao)|toi thieu|it nhat|tro len|neu|ty le|phan tram"
    r"|can cu|nguyen tac|quy trinh|thoi han|thu tuc|ai (?:xep|danh gia|quyet|duyet))\b"
)


def _my_rating(text: str) -> bool:
    """A question about the asker's own rating (not a rule of rating, not a title's)."""
    if not _RATING.search(text) or _MY_UNIT.search(text):
        return False
    if _RATING_RULE.search(_LEVEL_ASKED.sub(" ", text)):
        return False
    if _RATING_POSSESSED.search(text):
        return True
    asked = _RATING_ASKED.search(text) or _LEVEL_ASKED.search(text)
    return bool(_RATED_ME.search(text)) and bool(asked)


def _title(text: str) -> str | None:
    for code, pattern in TITLES:
        if pattern.search(text):
            return code
    return None


def _which_year(text: str) -> str | None:
    if m := _YEAR_NUMBER.search(text):
        return m.group(1)
    if _THIS_YEAR.search(text):
        return "this"
    if _LAST_YEAR.search(text):
        return "last"
    return None


def _days(text: str) -> str | None:
    if m := _DAYS.search(text):
        return m.group(1)
    if m := _WEEKS.search(text):
        return str(7 * int(m.group(1)))
    if _THIS_WEEK.search(text):
        return "7"
    if re.search(r"\b(?:hom nay|trong ngay)\b", text):
        return "1"
    if re.search(r"\bngay mai\b", text):
        return "2"
    return None


def _period(text: str) -> str | None:
    for name, pattern in (("month", _MONTH), ("quarter", _QUARTER), ("year", _YEAR)):
        if pattern.search(text):
            return name
    return None


def detect_intent(question: str) -> Intent | None:
    """The personal intent of a question, or None for a question about documents."""
    text = normalise_question(question)
    if not text or len(text) > 300:
        return None
    personal = bool(_FIRST_PERSON.search(text))

    title = _title(text)
    if title and (_GAP.search(text) or (personal and _CONDITION.search(text))):
        params = {"title": title}
        if year := _which_year(text):
            params["year"] = year
        return Intent("missing_for_title", MappingProxyType(params))

    if not title and _my_rating(text):
        year = _which_year(text)
        return Intent("my_rating", MappingProxyType({"year": year} if year else {}))

    which_target = _WHICH_TARGET.search(text) or _MY_UNIT.search(text)
    if _UNIT.search(text) and _LAG.search(text) and _TARGET.search(text) and which_target:
        return Intent("unit_lagging")

    asks_which = re.search(r"\b(?:nao|gi|nhung|bao nhieu|may)\b", text)
    if _DUE.search(text) and (_TASK.search(text) or (personal and asks_which)):
        days = _days(text)
        return Intent("tasks_due", MappingProxyType({"days": days} if days else {}))

    if _GOAL.search(text) and personal:
        period = _period(text)
        return Intent("my_goals", MappingProxyType({"period": period} if period else {}))
    return None
