"""Reading a history: the JSON input (docs/eligibility-history.schema.json) checked and
normalised into years and awards, with every problem found reported at once."""

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from thidua.emulation.vocabulary import KHT, RATING_LEVELS

from .. import law
from ..law import (
    AWARD_KINDS,
    COLLECTIVE,
    DISCIPLINE_FORMS,
    FORMS,
    INDIVIDUAL,
    RATING_RANK,
    SCOPE_RANK,
    SUBJECTS,
    TITLES_OF,
)
from .results import HistoryError, Problem
from .wording import _d


class _Year:
    """One year of a history, normalised."""

    __slots__ = (
        "year",
        "rating",
        "recorded",
        "titles",
        "withheld",
        "initiatives",
        "research",
        "discipline",
        "months",
        "criteria",
        "members",
        "facts",
    )

    def __init__(self, year: int):
        self.year = year
        self.rating: str | None = None  # after the discipline rule
        self.recorded: str | None = None  # as given
        self.titles: frozenset = _NO_TITLES
        # titles the person qualifies for in the judged year but is not given (over a cap,
        # or not chosen): higher titles may not count them for that year
        self.withheld: frozenset = _NO_TITLES
        self.initiatives: tuple = ()  # (scope rank, scope, title)
        self.research: tuple = ()
        self.discipline: tuple | None = None  # (form, from, to or None, duty violation)
        self.months = 12
        self.criteria: Mapping = _NOTHING  # replaced, never changed in place
        self.members: Mapping | None = None
        self.facts: Mapping = _NOTHING  # collective booleans and numbers


_NO_TITLES: frozenset = frozenset()
_NOTHING: Mapping = MappingProxyType({})


class _Award:
    __slots__ = ("form", "year", "kind")

    def __init__(self, form: str, year: int, kind: str):
        self.form, self.year, self.kind = form, year, kind


_TOP_KEYS = frozenset({"subject", "years", "awards", "pending_case", "id", "name"})
_YEAR_KEYS = {
    INDIVIDUAL: frozenset(
        {
            "year",
            "rating",
            "titles",
            "titles_withheld",
            "initiatives",
            "research",
            "discipline",
            "months_worked",
            "criteria",
        }
    ),
    COLLECTIVE: frozenset(
        {
            "year",
            "rating",
            "titles",
            "members",
            "cluster_leader",
            "exceeded_targets",
            "clean_party_org",
            "pm_movement_years",
        }
    ),
}
_SCALE = ", ".join(RATING_LEVELS)  # best first: HTXS, HTT, HT, KHT
_MEMBER_KEYS = ("total", "completed", "LDTT", "CSTDCS", "disciplined_canh_cao_or_above")
_COLLECTIVE_FLAGS = ("cluster_leader", "exceeded_targets", "clean_party_org")
_AWARD_KEYS = frozenset({"form", "year", "kind", "decision", "note"})
_DISCIPLINE_KEYS = frozenset({"form", "from", "to", "duty_violation", "note"})


def _is_int(value: object) -> bool:
    return type(value) is int


def _is_map(value: object) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


def _all_in(values: list, table: frozenset) -> bool:
    try:
        return table.issuperset(values)
    except TypeError:  # an unhashable item
        return False


def _is_in(value: object, table) -> bool:
    """`value in table` for a str value; False for anything else (even unhashable)."""
    return type(value) is str and value in table


def _date(value: object) -> date | None:
    if type(value) is date:
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _parse(history: object, year: object, received_on: object):
    """Check and normalise the input; raise HistoryError listing every problem found."""
    problems: list[Problem] = []
    add = problems.append
    year = _parse_when(year, received_on, add)
    if not _is_map(history):
        add(Problem("history", "Hồ sơ phải là một đối tượng JSON", "history must be an object"))
        raise HistoryError(problems)
    subject = history.get("subject")
    if subject is None:
        add(
            Problem(
                "subject",
                "Thiếu loại đối tượng (subject: individual hoặc collective)",
                "subject is missing (individual or collective)",
            )
        )
    elif not _is_in(subject, SUBJECTS):
        add(
            Problem(
                "subject",
                f"Loại đối tượng “{subject}” không hợp lệ (individual hoặc collective)",
                "subject must be individual or collective",
            )
        )
        subject = None
    if not history.keys() <= _TOP_KEYS:
        for key in history:
            if key not in _TOP_KEYS:
                add(Problem(str(key) or '""', "Trường không được hỗ trợ", "unknown field"))
    pending = history.get("pending_case", False)
    if not isinstance(pending, bool):
        add(Problem("pending_case", "Phải là true hoặc false", "must be a boolean"))
    years: dict[int, _Year] = {}
    raw_years = history.get("years", [])
    if not isinstance(raw_years, list):
        add(Problem("years", "Phải là một danh sách", "must be a list"))
        raw_years = []
    ordered = True
    if subject is not None:
        last = 0
        for index, entry in enumerate(raw_years):
            parsed = _parse_year(entry, index, subject, year, add)
            if parsed is None:
                continue
            if parsed.year in years:
                add(
                    Problem(
                        f"years[{index}].year",
                        f"Năm {parsed.year} bị lặp lại",
                        "duplicate year",
                    )
                )
            if parsed.year < last:
                ordered = False
            last = parsed.year
            years[parsed.year] = parsed
    awards = _parse_awards(history.get("awards", []), year, add)
    if problems:
        raise HistoryError(problems)
    # the same facts in any order give the same verdicts, reasons included
    return subject, years if ordered else dict(sorted(years.items())), awards, pending


def _parse_when(year: object, received_on: object, add) -> int | None:
    """Check the year judged and the receipt date; the year, or None when it is not one."""
    if not _is_int(year) or not 1945 <= year <= 2200:
        add(Problem("year", "Năm xét phải là một số năm hợp lệ", "year must be a valid year"))
        year = None
    if type(received_on) is not date:
        add(
            Problem(
                "received_on",
                "Ngày nhận hồ sơ phải là một ngày (YYYY-MM-DD)",
                "received_on must be a date",
            )
        )
        received_on = None
    elif received_on < law.LAW_2022_FROM:
        add(
            Problem(
                "received_on",
                f"Chưa có quy định áp dụng cho hồ sơ nhận ngày {_d(received_on)}: Luật Thi "
                "đua, khen thưởng 2022 có hiệu lực từ 01/01/2024",
                "no rule in force on received_on (the 2022 law applies from 2024-01-01)",
            )
        )
    elif year is not None and received_on.year < year:
        add(
            Problem(
                "received_on",
                f"Ngày nhận hồ sơ {_d(received_on)} trước năm xét {year}",
                "received_on is before the year judged",
            )
        )
    return year


def _parse_year(entry, index, subject, judged_year, add) -> _Year | None:
    # run for every year of every history: the path "years[i]" is built only to report a
    # problem, and absent keys, None and empty lists leave the defaults
    if type(entry) is not dict and not isinstance(entry, Mapping):
        add(
            Problem(
                f"years[{index}]", "Mỗi năm phải là một đối tượng", "each year must be an object"
            )
        )
        return None
    get = entry.get
    allowed = _YEAR_KEYS[subject]
    if not entry.keys() <= allowed:
        for key in entry:
            if key not in allowed:
                add(Problem(f"years[{index}].{key}", "Trường không được hỗ trợ", "unknown field"))
    value = get("year")
    if type(value) is not int or not 1945 <= value <= 2200:
        add(
            Problem(
                f"years[{index}].year",
                "Thiếu năm hoặc năm không hợp lệ",
                "missing or invalid year",
            )
        )
        return None
    if judged_year is not None and value > judged_year:
        add(
            Problem(
                f"years[{index}].year",
                f"Năm {value} sau năm xét {judged_year}",
                "year is after the year judged",
            )
        )
    result = _Year(value)
    rating = get("rating")
    if rating is not None:
        if type(rating) is not str or rating not in RATING_RANK:
            add(
                Problem(
                    f"years[{index}].rating",
                    f"Xếp loại “{rating}” không thuộc thang {_SCALE}",
                    f"rating must be one of {_SCALE}",
                )
            )
        else:
            result.rating = result.recorded = rating
    titles = get("titles")
    if titles:
        allowed_titles = TITLES_OF[subject]
        if type(titles) is not list:
            add(Problem(f"years[{index}].titles", "Phải là một danh sách", "must be a list"))
        elif _all_in(titles, allowed_titles):
            result.titles = frozenset(titles)
        else:
            for i, code in enumerate(titles):
                if not _is_in(code, allowed_titles):
                    add(
                        Problem(
                            f"years[{index}].titles[{i}]",
                            f"Mã danh hiệu “{code}” không hợp lệ",
                            "unknown title code",
                        )
                    )
    elif titles is not None and titles != []:
        add(Problem(f"years[{index}].titles", "Phải là một danh sách", "must be a list"))
    if subject == COLLECTIVE:
        _parse_collective_year(entry, result, f"years[{index}]", add)
        return result
    _parse_withheld(get("titles_withheld"), result, TITLES_OF[subject], index, add)
    _parse_individual_year(get, result, index, add)
    return result


def _parse_withheld(withheld, result: _Year, allowed: frozenset, index: int, add) -> None:
    """The judged year's titles qualified for but not given (a round's cap or choice)."""
    if not withheld:
        return
    if type(withheld) is not list or not _all_in(withheld, allowed):
        add(
            Problem(
                f"years[{index}].titles_withheld",
                "Phải là danh sách mã danh hiệu cá nhân",
                "must be a list of individual title codes",
            )
        )
    else:
        result.withheld = frozenset(withheld)


def _parse_individual_year(get, result: _Year, index: int, add) -> None:
    # absent keys, None and empty lists leave the defaults; a path is built only to report
    items = get("initiatives")
    if items is not None and (items or type(items) is not list):
        result.initiatives = _parse_works(items, f"years[{index}].initiatives", add)
    items = get("research")
    if items is not None and (items or type(items) is not list):
        result.research = _parse_works(items, f"years[{index}].research", add)
    months = get("months_worked")
    if months is not None and (type(months) is not int or months != 12):
        if not _is_int(months) or not 0 <= months <= 12:
            add(
                Problem(
                    f"years[{index}].months_worked",
                    "Số tháng làm việc phải từ 0 đến 12",
                    "months_worked must be 0 to 12",
                )
            )
        else:
            result.months = months
    criteria = get("criteria")
    if criteria is not None:
        if not _is_map(criteria) or not all(isinstance(v, bool) for v in criteria.values()):
            add(
                Problem(
                    f"years[{index}].criteria",
                    "Tiêu chí phải là đối tượng {tên: true/false}",
                    "criteria must map names to booleans",
                )
            )
        else:
            result.criteria = criteria
    discipline = get("discipline")
    if discipline is not None:
        result.discipline = _parse_discipline(discipline, f"years[{index}].discipline", add)
        if result.discipline is not None and result.discipline[3]:
            result.rating = KHT


def _parse_collective_year(entry, result: _Year, path: str, add) -> None:
    result.members = _parse_members(entry.get("members"), f"{path}.members", add)
    facts = {}
    for flag in _COLLECTIVE_FLAGS:
        value = entry.get(flag, False)
        if not isinstance(value, bool):
            add(Problem(f"{path}.{flag}", "Phải là true hoặc false", "must be a boolean"))
        facts[flag] = value is True
    pm_years = entry.get("pm_movement_years")
    if pm_years is not None and (not _is_int(pm_years) or pm_years < 0):
        add(
            Problem(
                f"{path}.pm_movement_years",
                "Số năm phải là số nguyên không âm",
                "must be a whole number >= 0",
            )
        )
        pm_years = None
    facts["pm_movement_years"] = pm_years or 0
    result.facts = facts


def _parse_works(items, path, add) -> tuple:
    if type(items) is not list:
        add(Problem(path, "Phải là một danh sách", "must be a list"))
        return ()
    works = []
    for i, item in enumerate(items):
        scope = item.get("scope") if _is_map(item) else None
        if not _is_in(scope, SCOPE_RANK):
            add(
                Problem(
                    f"{path}[{i}].scope",
                    "Phạm vi phải là co_so, bo hoặc toan_quoc",
                    "scope must be co_so, bo or toan_quoc",
                )
            )
            continue
        title = item.get("title")
        works.append((SCOPE_RANK[scope], scope, title if isinstance(title, str) else None))
    return tuple(works)


def _parse_discipline(value, path, add) -> tuple | None:
    if not _is_map(value):
        add(Problem(path, "Kỷ luật phải là null hoặc một đối tượng", "must be null or an object"))
        return None
    bad = False
    for key in value:
        if key not in _DISCIPLINE_KEYS:
            add(Problem(f"{path}.{key}", "Trường không được hỗ trợ", "unknown field"))
    form = value.get("form")
    if not _is_in(form, DISCIPLINE_FORMS):
        add(
            Problem(
                f"{path}.form",
                "Hình thức kỷ luật không hợp lệ (" + ", ".join(DISCIPLINE_FORMS) + ")",
                "unknown discipline form",
            )
        )
        bad = True
    start = _date(value.get("from"))
    if start is None:
        add(
            Problem(
                f"{path}.from",
                "Ngày bắt đầu kỷ luật không đúng định dạng YYYY-MM-DD",
                "from must be a date YYYY-MM-DD",
            )
        )
        bad = True
    end = None
    if value.get("to") is not None:
        end = _date(value.get("to"))
        if end is None:
            add(
                Problem(
                    f"{path}.to",
                    "Ngày hết thời hạn kỷ luật không đúng định dạng YYYY-MM-DD",
                    "to must be a date YYYY-MM-DD or null",
                )
            )
            bad = True
        elif start is not None and end < start:
            add(
                Problem(
                    f"{path}.to",
                    "Ngày hết thời hạn kỷ luật trước ngày bắt đầu",
                    "to is before from",
                )
            )
            bad = True
    duty = value.get("duty_violation", True)
    if not isinstance(duty, bool):
        add(Problem(f"{path}.duty_violation", "Phải là true hoặc false", "must be a boolean"))
        bad = True
    return None if bad else (form, start, end, duty)


def _parse_members(value, path, add) -> Mapping | None:
    if value is None:
        return None
    if not _is_map(value):
        add(Problem(path, "Phải là một đối tượng", "must be an object"))
        return None
    for key in value:
        if key not in _MEMBER_KEYS:
            add(Problem(f"{path}.{key}", "Trường không được hỗ trợ", "unknown field"))
    total = value.get("total")
    if not _is_int(total) or total < 0:
        add(
            Problem(
                f"{path}.total",
                "Tổng số cá nhân phải là số nguyên không âm",
                "total must be a whole number >= 0",
            )
        )
        return None
    members = {"total": total}
    for key in _MEMBER_KEYS[1:]:
        count = value.get(key, 0)
        if not _is_int(count) or not 0 <= count <= total:
            add(
                Problem(
                    f"{path}.{key}",
                    f"Phải là số nguyên từ 0 đến tổng số cá nhân ({total})",
                    "must be a whole number between 0 and total",
                )
            )
            return None
        members[key] = count
    return members


def _parse_awards(items, judged_year, add) -> tuple:
    if not isinstance(items, list):
        add(Problem("awards", "Phải là một danh sách", "must be a list"))
        return ()
    awards = []
    for i, item in enumerate(items):
        path = f"awards[{i}]"
        if not _is_map(item):
            add(Problem(path, "Mỗi khen thưởng phải là một đối tượng", "must be an object"))
            continue
        if not item.keys() <= _AWARD_KEYS:
            for key in item:
                if key not in _AWARD_KEYS:
                    add(Problem(f"{path}.{key}", "Trường không được hỗ trợ", "unknown field"))
        form, year, kind = item.get("form"), item.get("year"), item.get("kind", "cong_trang")
        ok = True
        if not _is_in(form, FORMS):
            add(
                Problem(
                    f"{path}.form",
                    f"Mã hình thức khen thưởng “{form}” không hợp lệ",
                    "unknown form code",
                )
            )
            ok = False
        if not _is_int(year) or not 1945 <= year <= 2200:
            add(Problem(f"{path}.year", "Thiếu năm hoặc năm không hợp lệ", "invalid year"))
            ok = False
        elif judged_year is not None and year > judged_year:
            add(
                Problem(
                    f"{path}.year",
                    f"Năm {year} sau năm xét {judged_year}",
                    "award year is after the year judged",
                )
            )
        if not _is_in(kind, AWARD_KINDS):
            add(
                Problem(
                    f"{path}.kind",
                    "Loại khen thưởng phải là " + ", ".join(AWARD_KINDS),
                    "unknown award kind",
                )
            )
            ok = False
        if ok:
            awards.append(_Award(form, year, kind))
    if len(awards) > 1:
        awards.sort(key=lambda a: (a.year, a.form, a.kind))
    return tuple(awards)
