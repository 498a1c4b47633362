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

The split is also an agency setting (`awards.granting_authority`, declared in law_settings.py,
checked by authority_setting.GrantingSplit), its default the law's table below: the emulation
office may route a form to another authority from a date, when a newer text says so. Every
lookup here reads the setting in force on the day asked (the law's grant when the setting
keeps the law's authority; an agency grant naming the change's date and reason otherwise); a
decision keeps the authority it was drafted with (Decision.authority).
"""

from collections.abc import Mapping
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


SETTING_KEY = "awards.granting_authority"
# How an authority reads on the pages next to a proposal: who decides it, or whom it goes to.
DECIDES_WORDS = {
    UNIT_HEAD: "Thủ trưởng đơn vị quyết định",
    MINISTER: "Bộ trưởng quyết định",
    PRIME_MINISTER: "Trình Thủ tướng Chính phủ",
    PRESIDENT: "Trình Chủ tịch nước",
}

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


ALL_CODES = frozenset().union(*_CODES.values())
# The law's table in force (the 2022 law), code → authority: the agency setting's default.
DEFAULT_SPLIT = {code: level for level in LEVELS for code in sorted(_CODES[level])}


@dataclass(frozen=True, slots=True)
class Split:
    """The agency setting in force on a day: code → authority (a code left out follows the
    law), the date the agency's change applies from (None: the law's default) and its reason."""

    levels: Mapping[str, str]
    valid_from: date | None = None
    reason: str = ""


LAW_SPLIT = Split(DEFAULT_SPLIT)


def split_on(on: date) -> Split:
    """The agency's split in force on `on` (one query; Django's settings store, imported here
    so that the law's data above stays pure Python)."""
    from thidua.core.agency_settings import rows_in_force

    (row,) = rows_in_force([SETTING_KEY], on)
    value = row.value if isinstance(row.value, Mapping) else {}
    levels = {c: lv for c, lv in value.items() if c in ALL_CODES and lv in LEVELS}
    return Split(levels, row.valid_from, row.reason)


def law_grant_for(code: str, on: date) -> Grant:
    """The authority that grants `code` under the law in force on `on` (the earliest version
    before it came into force)."""
    found = [g for g in GRANTS if code in g.codes]
    if not found:
        raise KeyError(code)
    in_force = [g for g in found if g.in_force_on(on)]
    return in_force[0] if in_force else min(found, key=lambda g: g.valid_from)


def grant_for(code: str, on: date, split: Split | None = None) -> Grant:
    """The authority that grants `code` on `on`: the law's, unless the agency's setting in
    force that day (`split`, read when not given) routes it to another — then a grant of the
    agency's change, from its date, with its reason (mark M: the agency's reading)."""
    law_grant = law_grant_for(code, on)
    split = split_on(on) if split is None else split
    level = split.levels.get(code, law_grant.level)
    if level == law_grant.level:
        return law_grant
    since = split.valid_from or on
    reason = f": {split.reason}" if split.reason else ""
    return Grant(
        level,
        frozenset({code}),
        f"Thiết lập của cơ quan từ ngày {since:%d/%m/%Y}{reason}",
        since,
        None,
        M,
    )


def decision_level_for(code: str, on: date, split: Split | None = None) -> str:
    """The authority whose decision carries `code`: a unit-head title goes in the minister's."""
    level = grant_for(code, on, split).level
    return MINISTER if level == UNIT_HEAD else level


def may_carry(level: str, code: str, on: date, split: Split | None = None) -> bool:
    """May a decision of `level` carry `code`?"""
    return grant_for(code, on, split).level in CARRIES.get(level, frozenset())


def default_level(codes, on: date, split: Split | None = None) -> str:
    """The authority a decision over these codes defaults to: the highest one they need (a
    mix then fails the check, naming what the chosen authority does not grant)."""
    split = split_on(on) if split is None else split
    levels = {decision_level_for(code, on, split) for code in codes} or {MINISTER}
    return max(levels, key=LEVELS.index)


def is_higher(level: str) -> bool:
    return level in HIGHER


def by_decision_level(
    items, on: date, code=lambda item: item.code, split: Split | None = None
) -> list[tuple[str, list]]:
    """`items` (proposals) in groups by the authority whose decision carries them, minister
    first, keeping their order; empty groups left out (the agency's split read once)."""
    split = split_on(on) if split is None else split
    grouped: dict[str, list] = {level: [] for level in DECISION_LEVELS}
    for item in items:
        grouped[decision_level_for(code(item), on, split)].append(item)
    return [(level, rows) for level, rows in grouped.items() if rows]


def table(on: date, split: Split | None = None) -> list[tuple[str, str, list[str], str, str]]:
    """The split in force on `on`, lowest authority first: (level, its name, the award names,
    basis, confidence), for pages and docs; an authority given a form by the agency's setting
    names that change beside the law's basis (and takes its mark, M)."""
    split = split_on(on) if split is None else split
    grants = {code: grant_for(code, on, split) for code in ALL_CODES}
    rows = []
    for level in LEVELS:
        law_grant = law_grant_for(next(iter(sorted(_CODES[level]))), on)
        codes = [c for c in NAMES if c in grants and grants[c].level == level]
        bases = [law_grant.basis] + sorted(
            {grants[c].basis for c in codes if grants[c] is not law_grant_for(c, on)}
        )
        marks = {law_grant.confidence} | {grants[c].confidence for c in codes}
        confidence = M if M in marks else law_grant.confidence
        rows.append(
            (level, NAMES_VI[level], [NAMES[c] for c in codes], "; ".join(bases), confidence)
        )
    return rows
