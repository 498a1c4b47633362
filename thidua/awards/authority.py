"""Who may grant each title and form (thẩm quyền quyết định khen thưởng), as data (pure Python,
no Django), like the rules of law.py: each `Grant` gives an authority, the codes it decides, the
instrument and article, the days it is in force and how sure we are (LAW.md's marks).

What is known (issue 11): the Luật Thi đua, khen thưởng 2022, Điều 80 khoản 1 (found quoted in
Công báo số 571+572 ngày 15/7/2022, F): the head of a unit with legal personality under a
ministry grants Tập thể lao động tiên tiến, Chiến sĩ thi đua cơ sở, Lao động tiên tiến and
Giấy khen. The split above it — the President grants orders (Huân chương), the Prime Minister
Cờ thi đua của Chính phủ, Chiến sĩ thi đua toàn quốc and Bằng khen của Thủ tướng, the minister
the ministry's flag, Chiến sĩ thi đua cấp Bộ, Tập thể lao động xuất sắc and the ministry's
Bằng khen — is quoted from ministries' circulars under the 2003 law (its Điều 77, 78; F); that
the 2022 law keeps it, and in which articles (read here as Điều 78 and 79, the two before
Điều 80), is not checked against the text (M). Whether the 2026 amendment (Luật 06/2026/QH16)
changes it is not known.

A decision of the ministry (the minister's) may also carry the unit-head titles: the ministry
decides them for its own departments, which have no legal personality of their own (the
issue's reading, M). A decision of a higher authority carries only that authority's awards:
the ministry does not sign it, it submits a Tờ trình and records the decision when it comes.
"""

from dataclasses import dataclass
from datetime import date

from .law import LAW_2022, LAW_2022_FROM, NAMES, F, M

UNIT_HEAD, MINISTER, PRIME_MINISTER, PRESIDENT = (
    "unit_head",
    "minister",
    "prime_minister",
    "president",
)
LEVELS = (UNIT_HEAD, MINISTER, PRIME_MINISTER, PRESIDENT)  # lowest first
NAMES_VI = {
    UNIT_HEAD: "Thủ trưởng đơn vị",
    MINISTER: "Bộ trưởng",
    PRIME_MINISTER: "Thủ tướng Chính phủ",
    PRESIDENT: "Chủ tịch nước",
}
# The authorities a decision made through this platform can be of, and what each may carry.
DECISION_LEVELS = (MINISTER, PRIME_MINISTER, PRESIDENT)
CARRIES = {
    MINISTER: frozenset({MINISTER, UNIT_HEAD}),
    PRIME_MINISTER: frozenset({PRIME_MINISTER}),
    PRESIDENT: frozenset({PRESIDENT}),
}
CARRIES_BASIS = (
    "Bộ quyết định các danh hiệu cấp cơ sở cho các đơn vị thuộc cơ quan Bộ (cách hiểu của issue 11)"
)
CARRIES_CONFIDENCE = M
# Higher authorities: the ministry submits (Tờ trình) and records their decision when it comes.
HIGHER = frozenset({PRIME_MINISTER, PRESIDENT})
# Whom the ministry's submission is addressed to: orders of the President go through the Prime
# Minister, who submits them to the President (practice, not a provision read here).
SUBMITTED_TO = {PRIME_MINISTER: "Thủ tướng Chính phủ", PRESIDENT: "Thủ tướng Chính phủ"}

LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi năm 2005, 2013)"
LAW_2003_FROM = date(2004, 7, 1)
LAW_2003_TO = date(2023, 12, 31)
_UNVERIFIED = "số điều chưa đối chiếu với văn bản"


@dataclass(frozen=True, slots=True)
class Grant:
    """One authority's share of the titles and forms under one version of the law."""

    level: str
    codes: frozenset[str]
    basis: str
    valid_from: date
    valid_to: date | None  # last day in force; None while in force
    confidence: str

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_CODES = {
    UNIT_HEAD: frozenset({"LDTT", "CSTDCS", "TLDTT", "GK"}),
    MINISTER: frozenset({"BK_BO", "CSTD_BO", "CO_BO", "TLDXS"}),
    PRIME_MINISTER: frozenset({"BK_TTG", "CSTD_TQ", "CO_CP"}),
    PRESIDENT: frozenset({"HCLD1", "HCLD2", "HCLD3"}),
}

GRANTS: tuple[Grant, ...] = (
    Grant(UNIT_HEAD, _CODES[UNIT_HEAD], f"{LAW_2022}, Điều 80 khoản 1", LAW_2022_FROM, None, F),
    Grant(
        MINISTER, _CODES[MINISTER], f"{LAW_2022}, Điều 79 ({_UNVERIFIED})", LAW_2022_FROM, None, M
    ),
    Grant(
        PRIME_MINISTER,
        _CODES[PRIME_MINISTER],
        f"{LAW_2022}, Điều 78 ({_UNVERIFIED})",
        LAW_2022_FROM,
        None,
        M,
    ),
    Grant(
        PRESIDENT, _CODES[PRESIDENT], f"{LAW_2022}, Điều 78 ({_UNVERIFIED})", LAW_2022_FROM, None, M
    ),
    # the 2003 law: the same split (ministries' circulars quote its Điều 77, 78 for the State's
    # and the Prime Minister's awards)
    Grant(
        UNIT_HEAD, _CODES[UNIT_HEAD], f"{LAW_2003} ({_UNVERIFIED})", LAW_2003_FROM, LAW_2003_TO, M
    ),
    Grant(MINISTER, _CODES[MINISTER], f"{LAW_2003} ({_UNVERIFIED})", LAW_2003_FROM, LAW_2003_TO, M),
    Grant(
        PRIME_MINISTER,
        _CODES[PRIME_MINISTER],
        f"{LAW_2003}, Điều 78",
        LAW_2003_FROM,
        LAW_2003_TO,
        F,
    ),
    Grant(PRESIDENT, _CODES[PRESIDENT], f"{LAW_2003}, Điều 77", LAW_2003_FROM, LAW_2003_TO, F),
)


def grant_for(code: str, on: date) -> Grant:
    """The authority that grants `code` under the law in force on `on` (the earliest version
    before it came into force)."""
    found = [g for g in GRANTS if code in g.codes]
    if not found:
        raise KeyError(code)
    in_force = [g for g in found if g.in_force_on(on)]
    return in_force[0] if in_force else min(found, key=lambda g: g.valid_from)


def decision_level_for(code: str, on: date) -> str:
    """The authority whose decision carries `code`: a unit-head title goes in the minister's."""
    level = grant_for(code, on).level
    return MINISTER if level == UNIT_HEAD else level


def may_carry(level: str, code: str, on: date) -> bool:
    """May a decision of `level` carry `code`?"""
    return grant_for(code, on).level in CARRIES.get(level, frozenset())


def default_level(codes, on: date) -> str:
    """The authority a decision over these codes defaults to: the highest one they need (a
    mix then fails the check, naming what the chosen authority does not grant)."""
    levels = {decision_level_for(code, on) for code in codes} or {MINISTER}
    return max(levels, key=LEVELS.index)


def is_higher(level: str) -> bool:
    return level in HIGHER


def by_decision_level(items, on: date, code=lambda item: item.code) -> list[tuple[str, list]]:
    """`items` (proposals) in groups by the authority whose decision carries them, minister
    first, keeping their order; empty groups left out."""
    grouped: dict[str, list] = {level: [] for level in DECISION_LEVELS}
    for item in items:
        grouped[decision_level_for(code(item), on)].append(item)
    return [(level, rows) for level, rows in grouped.items() if rows]


def table(on: date) -> list[tuple[str, str, list[str], str, str]]:
    """The split in force on `on`, lowest authority first: (level, its name, the award names,
    basis, confidence), for pages and docs."""
    rows = []
    for level in LEVELS:
        grant = grant_for(next(iter(sorted(_CODES[level]))), on)
        names = [NAMES[c] for c in NAMES if c in grant.codes]
        rows.append((level, NAMES_VI[level], names, grant.basis, grant.confidence))
    return rows
