"""Eligibility for emulation titles and commendation forms, judged by law (pure Python).

`evaluate(history, year=..., received_on=..., settings=None)` returns one `Verdict` per
title or form. The rules are data in `law.py`; this module holds one small check per
provision, each appending the facts that met (✓) or failed (✗) its conditions, in
Vietnamese, to the verdict's reasons; notes (version used, settings, already granted) start
with "•". The rule version is the one in force on the dossier's receipt date; before
1/10/2026 the newer version is used instead when it is more favourable.

No Django import here: the yearly review bulk-loads histories and calls `evaluate()` on
each (`compile_settings()` once, then pass the result as `settings`, saves re-reading them).
The history format is in docs/eligibility.md and docs/eligibility-history.schema.json.
"""

import gc
import os
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from . import law
from .law import (
    AWARD_KIND_NAMES,
    AWARD_KINDS,
    COLLECTIVE,
    CONFIDENCE_RANK,
    DISCIPLINE_FORMS,
    DISCIPLINE_NAMES,
    FORMS,
    INDIVIDUAL,
    JUDGED,
    NAMES,
    PARAMETER_KINDS,
    RATING_NAMES,
    RATING_RANK,
    RULES_BY_CODE,
    SCOPE_NAMES,
    SCOPE_RANK,
    SUBJECTS,
    TITLES_OF,
    F,
    M,
    Rule,
)

MET, FAILED, NOTE = "✓", "✗", "•"
_HTXS = RATING_RANK["HTXS"]


# ---------------------------------------------------------------- results and errors


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a title or form may be proposed, by which rule version, and why."""

    code: str
    name: str
    eligible: bool
    basis: str
    confidence: str
    reasons: tuple[str, ...]
    rule_version: str
    already_granted: bool = False

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "eligible": self.eligible,
            "already_granted": self.already_granted,
            "basis": self.basis,
            "confidence": self.confidence,
            "rule_version": self.rule_version,
            "reasons": list(self.reasons),
        }

    def __reduce__(self):
        # pickled as its eight fields (evaluate_many sends verdicts between processes)
        return (
            _verdict,
            (
                self.code,
                self.name,
                self.eligible,
                self.basis,
                self.confidence,
                self.reasons,
                self.rule_version,
                self.already_granted,
            ),
        )


_new_object = object.__new__
(
    _set_code,
    _set_name,
    _set_eligible,
    _set_basis,
    _set_confidence,
    _set_reasons,
    _set_rule_version,
    _set_already_granted,
) = (
    getattr(Verdict, name).__set__
    for name in (
        "code",
        "name",
        "eligible",
        "basis",
        "confidence",
        "reasons",
        "rule_version",
        "already_granted",
    )
)


def _verdict(code, name, eligible, basis, confidence, reasons, rule_version, granted) -> Verdict:
    """Verdict(...) without the frozen dataclass's eight object.__setattr__ calls: the
    yearly review builds millions of them (bench/eligibility_engine.py). Same object."""
    verdict = _new_object(Verdict)
    _set_code(verdict, code)
    _set_name(verdict, name)
    _set_eligible(verdict, eligible)
    _set_basis(verdict, basis)
    _set_confidence(verdict, confidence)
    _set_reasons(verdict, reasons)
    _set_rule_version(verdict, rule_version)
    _set_already_granted(verdict, granted)
    return verdict


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where (a JSON path) and what, in Vietnamese and English."""

    path: str
    message: str
    message_en: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message, "message_en": self.message_en}


class HistoryError(ValueError):
    """The history, the year, the receipt date or the settings cannot be judged."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(
            "invalid eligibility input: " + "; ".join(f"{p.path}: {p.message_en}" for p in problems)
        )

    def to_dict(self) -> dict:
        return {
            "detail": "Dữ liệu xét khen thưởng không hợp lệ (invalid eligibility input)",
            "problems": [p.to_dict() for p in self.problems],
        }

    def __reduce__(self):
        return (HistoryError, (self.problems,))


# ---------------------------------------------------------------- settings


class Policy:
    """Settings compiled once: parameters per rule version and any version forced by the agency.

    Settings shape (every key optional):
      {"rules": {"CSTDCS": {"combine": "and"},            # every version of a rule
                 "CSTDCS@luat-2026": {"combine": "or"},   # one version only (wins)
                 "BK_BO": {"enabled": false}},            # M rules only may be switched off
       "versions": {"CSTDCS": "luat-2022"},              # use this version whatever the date
       "more_favourable": true}                           # apply the newer rule if more favourable
    """

    __slots__ = ("_params", "_notes", "forced", "more_favourable", "_cache", "_plans")

    def __init__(self, settings: Mapping | None = None):
        problems: list[Problem] = []
        settings = {} if settings is None else settings
        if not isinstance(settings, Mapping):
            raise HistoryError(
                [Problem("settings", "Cấu hình phải là một đối tượng JSON", "must be an object")]
            )
        for key in settings:
            if key not in ("rules", "versions", "more_favourable"):
                problems.append(
                    Problem(
                        f"settings.{key}",
                        "Khoá cấu hình không được hỗ trợ",
                        "unknown settings key",
                    )
                )
        overrides = _settings_rules(settings.get("rules") or {}, problems)
        self.forced = _settings_versions(settings.get("versions") or {}, problems)
        favourable = settings.get("more_favourable", True)
        if not isinstance(favourable, bool):
            problems.append(
                Problem(
                    "settings.more_favourable",
                    "Phải là true hoặc false",
                    "must be a boolean",
                )
            )
        if problems:
            raise HistoryError(problems)
        self.more_favourable = favourable
        self._params: dict[str, Mapping] = {}
        self._notes: dict[str, str | None] = {}
        for code, versions in RULES_BY_CODE.items():
            for rule in versions:
                changed = {**overrides.get(code, {}), **overrides.get(rule.key, {})}
                params = dict(rule.parameters)
                params.update(changed)
                self._params[rule.key] = params
                self._notes[rule.key] = (
                    f"{NOTE} Theo cấu hình của đơn vị: "
                    + ", ".join(f"{k} = {_show(v)}" for k, v in sorted(changed.items()))
                    if changed
                    else None
                )
        self._cache: dict[tuple[str, date], tuple] = {}
        self._plans: dict[tuple[str, date], tuple] = {}

    def resolve(self, code: str, day: date) -> tuple:
        """(rule, params, note, newer) for a code on a receipt date; newer are the later
        versions a more favourable comparison may use. Raises KeyError when none is in force."""
        key = (code, day)
        found = self._cache.get(key)
        if found is None:
            versions = RULES_BY_CODE[code]
            forced = self.forced.get(code)
            rule = forced or law.rule_in_force(code, day)
            if rule is None:
                raise KeyError(code)
            newer = ()
            if forced is None and self.more_favourable:
                newer = tuple(
                    (r, self._params[r.key], _favour_notes(rule, r, day, self._notes[r.key]))
                    for r in versions
                    if r.valid_from > day
                )
            found = (rule, self._params[rule.key], self._notes[rule.key], newer)
            self._cache[key] = found
        return found

    def plan(self, subject: str, day: date) -> tuple:
        """Everything an evaluation needs that depends only on the subject and the date:
        (steps, award kinds that count, minimum months, forms that one achievement earns
        only once), one step per title or form."""
        key = (subject, day)
        found = self._plans.get(key)
        if found is None:
            steps = tuple(
                (code, NAMES[code], *self.resolve(code, day), CHECKS[code], code in FORMS)
                for code in JUDGED[subject]
            )
            excluded = self.resolve("SPECIAL_AWARDS", day)[1]["excluded_kinds"]
            counted = frozenset(k for k in AWARD_KINDS if k not in excluded)
            months = self.resolve("MIN_MONTHS", day)[1]
            same = self.resolve("ONE_ACHIEVEMENT", day)[1]["same_achievement_forms"]
            found = (
                steps,
                counted,
                months["min_months"] if months["enabled"] else 0,
                frozenset(same) if subject == INDIVIDUAL else frozenset(),
            )
            self._plans[key] = found
        return found


def _favour_notes(old: Rule, new: Rule, day: date, settings_note: str | None) -> tuple:
    note = (
        f"{NOTE} Hồ sơ nhận ngày {_d(day)}, trước khi quy định mới ({new.basis}) có hiệu lực "
        f"ngày {_d(new.valid_from)}; theo quy định cũ ({law.version_words(old.version)}) "
        "không đủ điều kiện, áp dụng quy định mới vì có lợi hơn "
        f"({law.basis_words(new.version, new.confidence)})"
    )
    return (note, settings_note) if settings_note else (note,)


def compile_settings(settings: Mapping | None) -> Policy:
    """Validate and compile settings once (for bulk use); raises HistoryError."""
    return Policy(settings)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "bật" if value else "tắt"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _settings_rules(rules: object, problems: list[Problem]) -> dict[str, dict]:
    if not isinstance(rules, Mapping):
        problems.append(Problem("settings.rules", "Phải là một đối tượng", "must be an object"))
        return {}
    overrides: dict[str, dict] = {}
    for key, changes in rules.items():
        path = f"settings.rules.{key}"
        code, _, version = str(key).partition("@")
        versions = RULES_BY_CODE.get(code)
        if versions is None:
            problems.append(Problem(path, "Mã quy định không tồn tại", "unknown rule code"))
            continue
        if version and version not in {r.version for r in versions}:
            problems.append(
                Problem(path, "Phiên bản quy định không tồn tại", "unknown rule version")
            )
            continue
        if not isinstance(changes, Mapping):
            problems.append(Problem(path, "Phải là một đối tượng", "must be an object"))
            continue
        targets = [r for r in versions if not version or r.version == version]
        clean = {}
        for name, value in changes.items():
            ppath = f"{path}.{name}"
            if name == "enabled" and any(r.confidence != M for r in targets):
                problems.append(
                    Problem(
                        ppath,
                        "Chỉ quy định chưa xác minh (M) mới được tắt",
                        "only M rules may be switched off",
                    )
                )
                continue
            if not any(name in r.parameters for r in targets):
                problems.append(
                    Problem(ppath, "Tham số không có trong quy định này", "unknown parameter")
                )
                continue
            checked = _parameter_value(name, value)
            if checked is _INVALID:
                problems.append(
                    Problem(ppath, "Giá trị tham số không hợp lệ", "invalid parameter value")
                )
                continue
            clean[name] = checked
        overrides[str(key)] = clean
    return overrides


_INVALID = object()


def _parameter_value(name: str, value: object) -> object:
    """The checked value, or _INVALID."""
    kind, choices = PARAMETER_KINDS.get(name, ("count", ()))
    if kind == "bool":
        return value if isinstance(value, bool) else _INVALID
    if kind == "choice":
        return value if _is_in(value, choices) else _INVALID
    if kind == "strings":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            return _INVALID
        if choices and not all(v in choices for v in value):
            return _INVALID
        return tuple(value)
    if kind == "share":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
        return float(value) if ok else _INVALID
    if kind == "optional_count" and value is None:
        return None
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return value if ok else _INVALID


def _settings_versions(versions: object, problems: list[Problem]) -> dict[str, Rule]:
    if not isinstance(versions, Mapping):
        problems.append(Problem("settings.versions", "Phải là một đối tượng", "must be an object"))
        return {}
    forced = {}
    for code, version in versions.items():
        match = [r for r in RULES_BY_CODE.get(code, ()) if r.version == version]
        if not match:
            problems.append(
                Problem(
                    f"settings.versions.{code}",
                    "Không có phiên bản quy định này",
                    "unknown rule or version",
                )
            )
            continue
        forced[code] = match[0]
    return forced


# ---------------------------------------------------------------- reading the history


class _Year:
    """One year of a history, normalised."""

    __slots__ = (
        "year",
        "rating",
        "recorded",
        "titles",
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
                    f"Xếp loại “{rating}” không thuộc thang HTXS, HTT, HT, KHT",
                    "rating must be one of HTXS, HTT, HT, KHT",
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
            result.rating = "KHT"
    return result


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


# ---------------------------------------------------------------- the facts of one evaluation


def _d(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _span(years: list[int]) -> str:
    """A run of consecutive years, given most recent first."""
    return str(years[0]) if len(years) == 1 else f"{years[-1]}–{years[0]}"


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


class _Ctx:
    """What one evaluation knows: the years, the exclusions, and the verdicts so far."""

    __slots__ = (
        "year",
        "received_on",
        "policy",
        "years",
        "awards",
        "cur",
        "excluded",
        "now",
        "conf",
        "counted_kinds",
        "last_awards",
        "granted_forms",
        "titles_seen",
        "now_conf",
    )

    def __init__(self, year, received_on, policy, years, awards, counted_kinds, min_months):
        self.year = year
        self.received_on = received_on
        self.policy = policy
        self.years = years
        self.awards = awards
        self.cur = years.get(year)
        self.now: dict[str, bool] = {}
        self.now_conf: dict[str, str] = {}
        self.conf = F
        self.counted_kinds = counted_kinds
        self.excluded = self._exclusions(min_months)
        last: dict[str, int] = {}
        granted = set()
        for a in awards:
            if a.kind in counted_kinds:
                if a.year < year:
                    if a.year > last.get(a.form, -1):
                        last[a.form] = a.year
                elif a.year == year:
                    granted.add(a.form)
        self.last_awards = last
        self.granted_forms = granted
        seen: frozenset = frozenset()
        for yf in years.values():
            if yf.titles:
                seen = seen | yf.titles
        self.titles_seen = seen

    def _exclusions(self, min_months: int) -> dict[int, tuple]:
        """Years that do not count in any chain, (kind, detail) by year: those up to the end
        of the latest disciplinary period, and years with too few months worked."""
        excluded: dict[int, tuple] = {}
        reset, why = None, None
        for yf in self.years.values():
            d = yf.discipline
            if d is not None:
                end_year = d[2].year if d[2] is not None else self.year
                if reset is None or end_year > reset:
                    reset, why = end_year, d
        if reset is None and not min_months:
            return excluded
        for y, yf in self.years.items():
            if reset is not None and y <= reset:
                excluded[y] = ("discipline", why)
            elif yf.months < min_months:
                excluded[y] = ("months", min_months)
        return excluded

    def why_excluded(self, y: int) -> str:
        kind, detail = self.excluded[y]
        if kind == "months":
            self.weaken(M)
            return (
                f"năm {y} chỉ làm việc {self.years[y].months} tháng, dưới {detail} tháng nên "
                "không được tính (quy định chưa xác minh, theo cấu hình)"
            )
        form, _start, end, _duty = detail
        until = f"hết thời hạn ngày {_d(end)}" if end is not None else "chưa hết thời hạn"
        return (
            f"năm {y} không được tính: kỷ luật {DISCIPLINE_NAMES[form]} ({until}), thành tích "
            "chỉ được tính từ sau khi hết thời hạn kỷ luật"
        )

    def weaken(self, confidence: str) -> None:
        if CONFIDENCE_RANK[confidence] < CONFIDENCE_RANK[self.conf]:
            self.conf = confidence

    def has_title(self, yf: _Year, code: str) -> bool:
        """Granted for that year, or judged eligible for the judged year in this round (the
        chain then inherits that verdict's confidence)."""
        if code in yf.titles:
            return True
        if yf.year == self.year and self.now.get(code, False):
            self.weaken(self.now_conf[code])
            return True
        return False

    def last_title(self, code: str) -> int | None:
        if code not in self.titles_seen:
            return None
        found = [y for y, yf in self.years.items() if y < self.year and code in yf.titles]
        return max(found) if found else None

    def last_award(self, form: str) -> int | None:
        return self.last_awards.get(form)

    def run(self, holds: Callable[[_Year], bool], after: int | None) -> tuple:
        """Consecutive counted years ending at the year judged for which `holds` is true,
        all after `after`: (years most recent first, year that broke it, why)."""
        years, excluded = self.years, self.excluded
        found: list[int] = []
        y = self.year
        floor = -1 if after is None else after
        while y > floor:
            yf = years.get(y)
            if yf is None:
                return found, y, "gap"
            if y in excluded:
                return found, y, "excluded"
            if not holds(yf):
                return found, y, "failed"
            found.append(y)
            y -= 1
        return found, None, "bound"

    def broke(self, y: int | None, why: str, failed: Callable[[int], str], after) -> str:
        if why == "gap":
            return f"năm {y} không có dữ liệu (thiếu năm làm gián đoạn chuỗi)"
        if why == "excluded":
            return self.why_excluded(y)
        if why == "failed":
            return failed(y)
        return f"chỉ tính các năm sau năm {after}"

    def works(self, years, min_rank: int, research: bool):
        """The most recent initiative (or research) in `years` with at least `min_rank`."""
        for y in years:
            yf = self.years.get(y)
            if yf is None or y in self.excluded:
                continue
            for rank, scope, title in yf.initiatives:
                if rank >= min_rank:
                    return y, scope, title, False
            if research:
                for rank, scope, title in yf.research:
                    if rank >= min_rank:
                        return y, scope, title, True
        return None


def _rating_phrase(code: str) -> str:
    if code == "HTXS":
        return "xếp loại Hoàn thành xuất sắc nhiệm vụ"
    return f"xếp loại từ {RATING_NAMES[code]} trở lên"


def _work_phrase(found, scope_min: str) -> str:
    y, scope, title, is_research = found
    what = "đề tài, đề án nghiên cứu được nghiệm thu" if is_research else "sáng kiến được công nhận"
    named = f": “{title}”" if title else ""
    return f"{MET} Có {what} có phạm vi ảnh hưởng {SCOPE_NAMES[scope]} năm {y}{named}"


def _no_work_phrase(years: list[int], scope_min: str, research: bool) -> str:
    what = "sáng kiến hoặc đề tài, đề án được nghiệm thu" if research else "sáng kiến"
    level = "toàn quốc" if scope_min == "toan_quoc" else f"từ {SCOPE_NAMES[scope_min]} trở lên"
    where = f"năm {years[0]}" if len(years) == 1 else f"các năm {_span(years)}"
    return f"{FAILED} Không có {what} có phạm vi ảnh hưởng {level} trong {where}"


def _current_year(ctx: _Ctx, out: list[str]) -> _Year | None:
    """The judged year's facts, or None after saying why it cannot count."""
    yf = ctx.cur
    if yf is None:
        out.append(f"{FAILED} Không có dữ liệu năm {ctx.year}")
        return None
    if yf.year in ctx.excluded:
        if yf.rating != yf.recorded:
            out.append(_kht_line(yf))
        out.append(f"{FAILED} {_cap(ctx.why_excluded(yf.year))}")
        return None
    return yf


def _kht_line(yf: _Year) -> str:
    return (
        f"{FAILED} Năm {yf.year} bị kỷ luật {DISCIPLINE_NAMES[yf.discipline[0]]} do vi phạm khi "
        "thực thi nhiệm vụ nên xếp loại được tính là Không hoàn thành nhiệm vụ"
    )


# ---------------------------------------------------------------- one check per provision
# Each check appends its facts to `out` and returns whether the conditions are met.


def check_ldtt(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Lao động tiên tiến: rated HTT or better, plus any criteria the agency adds."""
    yf = _current_year(ctx, out)
    if yf is None:
        return False
    ok = _rating_at_least(yf, p["min_rating"], out)
    for name in p["agency_criteria"]:
        if yf.criteria.get(name) is True:
            out.append(f"{MET} Đạt tiêu chí của đơn vị “{name}”")
        else:
            out.append(f"{FAILED} Chưa đạt tiêu chí của đơn vị “{name}”")
            ok = False
    return ok


def _rating_at_least(yf: _Year, minimum: str, out: list[str]) -> bool:
    rating = yf.rating
    if rating is None:
        out.append(f"{FAILED} Năm {yf.year} chưa có kết quả xếp loại")
        return False
    if rating != yf.recorded:
        out.append(_kht_line(yf))
        return False
    if RATING_RANK[rating] >= RATING_RANK[minimum]:
        out.append(f"{MET} Năm {yf.year} xếp loại {RATING_NAMES[rating]}")
        return True
    out.append(
        f"{FAILED} Năm {yf.year} xếp loại {RATING_NAMES[rating]}, cần từ "
        f"{RATING_NAMES[minimum]} trở lên"
    )
    return False


def check_cstdcs(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Chiến sĩ thi đua cơ sở: LĐTT and (HTXS or an initiative or research) — or, in the
    `combine = "and"` version, LĐTT and HTXS and (an initiative or research)."""
    yf = _current_year(ctx, out)
    if yf is None:
        return False
    y = yf.year
    if "LDTT" in yf.titles:
        ldtt = True
        out.append(f"{MET} Đã được tặng Lao động tiên tiến năm {y}")
    elif ctx.now.get("LDTT"):
        ldtt = True
        out.append(f"{MET} Đạt tiêu chuẩn Lao động tiên tiến năm {y}")
    else:
        ldtt = False
        out.append(f"{FAILED} Không đạt tiêu chuẩn Lao động tiên tiến năm {y}")
    htxs = yf.rating == "HTXS"
    scope_min = p["initiative_min_scope"]
    work = ctx.works((y,), SCOPE_RANK[scope_min], p["research_counts"])
    htxs_line = (
        f"{MET} Năm {y} xếp loại Hoàn thành xuất sắc nhiệm vụ"
        if htxs
        else f"{FAILED} Năm {y} không xếp loại Hoàn thành xuất sắc nhiệm vụ"
    )
    work_line = (
        _work_phrase(work, scope_min)
        if work
        else _no_work_phrase([y], scope_min, p["research_counts"])
    )
    if p["combine"] == "and":
        out.append(htxs_line)
        out.append(work_line)
        if not (htxs and work):
            out.append(
                f"{FAILED} Theo {law.version_words(rule.version)} "
                f"({law.confidence_words(rule.confidence)}), cần đồng thời Hoàn thành xuất sắc "
                "nhiệm vụ và có sáng kiến (hoặc đề tài) được công nhận"
            )
        return ldtt and htxs and work is not None
    if htxs:
        out.append(htxs_line)
    if work:
        out.append(work_line)
    if not (htxs or work):
        out.append(htxs_line)
        out.append(work_line)
    return ldtt and (htxs or work is not None)


def check_cstd_bo(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Chiến sĩ thi đua cấp Bộ: 3 consecutive CSTĐCS up to the year judged, and an
    initiative or research with ministry-wide effect among them."""
    need = p["consecutive_cstdcs"]
    after = ctx.last_title("CSTD_BO")
    if after is not None:
        out.append(
            f"{NOTE} Lần gần nhất được tặng Chiến sĩ thi đua cấp Bộ: năm {after}; chỉ tính các "
            "năm sau đó"
        )
    run, y_break, why = ctx.run(lambda yf: ctx.has_title(yf, "CSTDCS"), after)
    ok = len(run) >= need
    if ok:
        pending = (
            f" (năm {ctx.year} đủ điều kiện Chiến sĩ thi đua cơ sở trong đợt xét này)"
            if "CSTDCS" not in ctx.cur.titles
            else ""
        )
        out.append(
            f"{MET} Đạt Chiến sĩ thi đua cơ sở {len(run)} năm liên tục ({_span(run)}){pending}"
        )
    else:
        because = ctx.broke(
            y_break, why, lambda y: f"năm {y} không đạt Chiến sĩ thi đua cơ sở", after
        )
        if run:
            out.append(
                f"{FAILED} Chỉ có {len(run)} năm liên tục đạt Chiến sĩ thi đua cơ sở "
                f"({_span(run)}), cần {need}; {because}"
            )
        else:
            out.append(
                f"{FAILED} Cần {need} năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm "
                f"{ctx.year}, nhưng {because}"
            )
    scope_min = p["initiative_min_scope"]
    min_rank, research = SCOPE_RANK[scope_min], p["research_counts"]
    counted = run[:need] if ok else (run or [ctx.year])
    whole_run = p["initiative_window"] == "run"
    window = (run or [ctx.year]) if whole_run else counted
    work = ctx.works(counted, min_rank, research)
    if work:
        out.append(_work_phrase(work, scope_min))
        return ok
    wider = ctx.works(run, min_rank, research) if len(run) > len(counted) else None
    if wider is None:
        out.append(_no_work_phrase(window, scope_min, research))
        return False
    # the two readings of "an initiative ... among them" differ here: the verdict rests on
    # the one the agency chose, a reading still to confirm (M)
    ctx.weaken(law.PARAMETER_CONFIDENCE[("CSTD_BO", "initiative_window")])
    if whole_run:
        out.append(_work_phrase(wider, scope_min))
        out.append(
            f"{NOTE} Sáng kiến (đề tài) năm {wider[0]} nằm ngoài {need} năm Chiến sĩ thi đua cơ "
            f"sở được tính ({_span(counted)}) nhưng trong chuỗi liên tục ({_span(run)}): được "
            "tính theo cấu hình của đơn vị (cách hiểu rộng, chưa xác minh)"
        )
        return ok
    out.append(_no_work_phrase(counted, scope_min, research))
    out.append(
        f"{NOTE} Có sáng kiến (đề tài) năm {wider[0]} trong chuỗi liên tục ({_span(run)}) "
        f"nhưng ngoài {need} năm Chiến sĩ thi đua cơ sở được tính: theo cách hiểu mặc định "
        "(chưa xác minh) không được tính; đơn vị có thể cấu hình tính cả chuỗi liên tục"
    )
    return False


def check_cstd_tq(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Chiến sĩ thi đua toàn quốc: 2 consecutive CSTĐ cấp Bộ (CSTĐCS every year between
    them), the latest in the year judged or just before, and a nationwide initiative."""
    need = p["consecutive_cstd_bo"]
    after = ctx.last_title("CSTD_TQ")
    if after is not None:
        out.append(
            f"{NOTE} Lần gần nhất được tặng Chiến sĩ thi đua toàn quốc: năm {after}; chỉ tính "
            "các năm sau đó"
        )
    floor = -1 if after is None else after
    if "CSTD_BO" in ctx.titles_seen or ctx.now.get("CSTD_BO"):
        bo_years = sorted(
            y
            for y, yf in ctx.years.items()
            if y > floor and y not in ctx.excluded and ctx.has_title(yf, "CSTD_BO")
        )
    else:
        bo_years = []
    chain = bo_years[-1:]
    breaks = ""
    for earlier in reversed(bo_years[:-1]):
        if len(chain) >= need:
            break
        gap = _cstdcs_gap(ctx, earlier, chain[0])
        if gap:
            breaks = gap
            break
        chain.insert(0, earlier)
    ok = len(chain) >= need
    listed = ", ".join(map(str, chain))
    if ok:
        out.append(f"{MET} Đạt Chiến sĩ thi đua cấp Bộ {len(chain)} lần liên tục ({listed})")
    elif not chain:
        out.append(
            f"{FAILED} Chưa đạt Chiến sĩ thi đua cấp Bộ lần nào được tính, cần {need} lần liên tục"
        )
    else:
        tail = f"; {breaks}" if breaks else ""
        times = f"{len(chain)} lần liên tục" if len(chain) > 1 else f"{len(chain)} lần"
        out.append(
            f"{FAILED} Mới có {times} đạt Chiến sĩ thi đua cấp Bộ ({listed}), cần {need} lần "
            f"liên tục{tail}"
        )
    if chain:
        latest = chain[-1]
        since = ctx.year - latest
        limit = p["max_years_since_last"]
        if limit is not None and since > limit:
            ok = False
            # not in the text found (LAW.md): a setting, and the verdict rests on it
            ctx.weaken(law.PARAMETER_CONFIDENCE[("CSTD_TQ", "max_years_since_last")])
            out.append(
                f"{FAILED} Lần gần nhất đạt Chiến sĩ thi đua cấp Bộ là năm {latest}, quá "
                f"{limit} năm trước năm đề nghị {ctx.year} (giới hạn theo cấu hình, không có "
                "trong văn bản đã đối chiếu — chưa xác minh)"
            )
        else:
            for y in range(latest + 1, ctx.year + 1):
                if y not in ctx.years:
                    ok = False
                    out.append(f"{FAILED} Không có dữ liệu năm {y}")
                elif y in ctx.excluded:
                    ok = False
                    out.append(f"{FAILED} {_cap(ctx.why_excluded(y))}")
    bo_chain = ctx.policy.resolve("CSTD_BO", ctx.received_on)[1]["consecutive_cstdcs"]
    start = (chain[0] - bo_chain + 1) if chain else ctx.year
    window = list(range(ctx.year, max(start, floor + 1) - 1, -1))
    scope_min = p["initiative_min_scope"]
    work = ctx.works(window, SCOPE_RANK[scope_min], p["research_counts"])
    if work:
        out.append(_work_phrase(work, scope_min))
    else:
        out.append(_no_work_phrase(window, scope_min, p["research_counts"]))
    return ok and work is not None


def _cstdcs_gap(ctx: _Ctx, first: int, last: int) -> str:
    """Why two CSTĐ cấp Bộ years are not consecutive ("" when every year between counts)."""
    for y in range(first, last + 1):
        yf = ctx.years.get(y)
        if yf is None:
            return f"năm {y} không có dữ liệu nên hai lần {first} và {last} không liên tục"
        if y in ctx.excluded:
            return ctx.why_excluded(y)
        if not ctx.has_title(yf, "CSTDCS"):
            return f"năm {y} không đạt Chiến sĩ thi đua cơ sở nên hai lần {first} và {last} không liên tục"
    return ""


def check_rated_years(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Giấy khen, Bằng khen cấp Bộ (M): N consecutive years at a rating, with K initiatives
    among them (the agency's criteria; the old decree's numbers as defaults)."""
    need, minimum = p["years"], p["min_rating"]
    after = ctx.last_award(rule.code)
    if after is not None:
        out.append(
            f"{NOTE} Lần gần nhất được tặng {rule.name_vi}: năm {after}; chỉ tính các năm sau đó"
        )
    min_rank = RATING_RANK[minimum]
    run, y_break, why = ctx.run(
        lambda yf: yf.rating is not None and RATING_RANK[yf.rating] >= min_rank, after
    )
    ok = len(run) >= need
    phrase = _rating_phrase(minimum)
    if ok:
        window = run[:need]
        if need == 1:
            out.append(f"{MET} Năm {window[0]} {phrase}")
        else:
            out.append(f"{MET} {need} năm liên tục ({_span(window)}) {phrase}")
    else:
        because = ctx.broke(y_break, why, lambda y: _rated(ctx.years[y]), after)
        out.append(f"{FAILED} {_few_years(run)} {phrase}, cần {need}; {because}")
    wanted = p["initiatives"]
    if wanted:
        window = run[:need] or [ctx.year]
        min_scope = SCOPE_RANK[p["initiative_min_scope"]]
        count = sum(
            1
            for y in window
            for rank, _s, _t in (ctx.years[y].initiatives if y in ctx.years else ())
            if rank >= min_scope
        )
        level = SCOPE_NAMES[p["initiative_min_scope"]]
        where = f"năm {window[0]}" if len(window) == 1 else f"các năm {_span(window)}"
        if count >= wanted:
            out.append(f"{MET} Có {count} sáng kiến được công nhận từ {level} trong {where}")
        else:
            ok = False
            out.append(
                f"{FAILED} Chỉ có {count} sáng kiến được công nhận từ {level} trong {where}, "
                f"cần {wanted}"
            )
    return ok


def _few_years(run: list[int]) -> str:
    if not run:
        return "Không có năm liên tục nào"
    return f"Chỉ có {len(run)} năm liên tục ({_span(run)})"


def _rated(yf: _Year) -> str:
    if yf.rating is None:
        return f"năm {yf.year} chưa có kết quả xếp loại"
    if yf.rating != yf.recorded:
        return f"năm {yf.year} bị kỷ luật nên xếp loại được tính là Không hoàn thành nhiệm vụ"
    return f"năm {yf.year} xếp loại {RATING_NAMES[yf.rating]}"


def check_service_chain(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Bằng khen Thủ tướng (art. 73.1b), Huân chương Lao động hạng Ba (art. 44.1e), hạng
    Nhì and Nhất (M): holds the award below, then N consecutive years at a rating after it,
    with enough HTXS years, CSTĐCS and CSTĐ cấp Bộ titles among them."""
    prerequisite = p["prerequisite"]
    below = NAMES[prerequisite]
    last_self = ctx.last_award(rule.code)
    counted = ctx.counted_kinds
    candidates = []
    for a in ctx.awards:
        if a.form != prerequisite or a.year >= ctx.year:
            continue
        if a.kind not in counted:
            out.append(
                f"{FAILED} {below} năm {a.year} là khen thưởng {AWARD_KIND_NAMES[a.kind]}, "
                "không được tính làm căn cứ khen thưởng tiếp theo"
            )
        elif last_self is None or a.year > last_self:
            candidates.append(a.year)
    if not candidates:
        since = f" sau lần được tặng {rule.name_vi} năm {last_self}" if last_self else ""
        out.append(f"{FAILED} Chưa được tặng {below}{since}")
        return False
    anchor = min(candidates)
    out.append(f"{MET} Đã được tặng {below} năm {anchor}")
    need, minimum = p["years"], p["min_rating"]
    min_rank = RATING_RANK[minimum]
    run, y_break, why = ctx.run(
        lambda yf: yf.rating is not None and RATING_RANK[yf.rating] >= min_rank, anchor
    )
    phrase = _rating_phrase(minimum)
    ok = len(run) >= need
    if ok:
        out.append(
            f"{MET} Sau {below} năm {anchor} có {len(run)} năm liên tục ({_span(run)}) {phrase}"
        )
    else:
        because = ctx.broke(y_break, why, lambda y: _rated(ctx.years[y]), anchor)
        out.append(
            f"{FAILED} Sau {below} năm {anchor}, {_few_years(run).lower()} {phrase}, "
            f"cần {need}; {because}"
        )
        if not run:
            return False
    where = f"trong năm {run[0]}" if len(run) == 1 else f"trong các năm {_span(run)}"
    wanted = p["min_htxs"]
    if wanted:
        found = [y for y in run if RATING_RANK[ctx.years[y].rating] == _HTXS]
        ok &= _count_line(found, wanted, "năm Hoàn thành xuất sắc nhiệm vụ", where, out)
    for key, code in (("min_cstdcs", "CSTDCS"), ("min_cstd_bo", "CSTD_BO")):
        wanted = p[key]
        if wanted:
            found = [y for y in run if ctx.has_title(ctx.years[y], code)]
            ok &= _count_line(found, wanted, f"lần {NAMES[code]}", where, out)
    return ok


def _count_line(found: list[int], wanted: int, what: str, where: str, out: list[str]) -> bool:
    listed = f" ({', '.join(map(str, sorted(found)))})" if found else ""
    if len(found) >= wanted:
        out.append(f"{MET} Có {len(found)} {what} {where}{listed}")
        return True
    out.append(f"{FAILED} Chỉ có {len(found)} {what} {where}{listed}, cần {wanted}")
    return False


# ---- collectives


def _pct(part: int, whole: int) -> str:
    value = 100 * part / whole
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _share_at_least(part: int, whole: int, share: float) -> bool:
    return whole > 0 and part * 1000 >= round(share * 1000) * whole


def _collective_year(ctx: _Ctx, out: list[str]) -> _Year | None:
    yf = ctx.cur
    if yf is None:
        out.append(f"{FAILED} Không có dữ liệu năm {ctx.year}")
    return yf


def _members(yf: _Year, out: list[str]) -> Mapping | None:
    if yf.members is None or yf.members["total"] == 0:
        out.append(f"{FAILED} Năm {yf.year} không có số liệu về cá nhân trong tập thể")
        return None
    return yf.members


def check_tldtt(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Tập thể lao động tiên tiến (M): completes tasks well, > 50% of members LĐTT, no
    member disciplined at cảnh cáo or above."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _rating_at_least(yf, p["min_rating"], out)
    members = _members(yf, out)
    if members is None:
        return False
    total, ldtt = members["total"], members["LDTT"]
    share = p["min_ldtt_share"]
    text = f"{ldtt}/{total} cá nhân ({_pct(ldtt, total)}) đạt Lao động tiên tiến"
    if ldtt * 1000 > round(share * 1000) * total:
        out.append(f"{MET} {text}, cần trên {_pct(round(share * 1000), 1000)}")
    else:
        ok = False
        out.append(f"{FAILED} {text}, cần trên {_pct(round(share * 1000), 1000)}")
    disciplined = members["disciplined_canh_cao_or_above"]
    if disciplined <= p["max_disciplined"]:
        out.append(f"{MET} Không có cá nhân bị kỷ luật từ cảnh cáo trở lên")
    else:
        ok = False
        out.append(f"{FAILED} Có {disciplined} cá nhân bị kỷ luật từ cảnh cáo trở lên")
    return ok


def check_tldxs(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Tập thể lao động xuất sắc: unit HTXS; 100% of members complete tasks; ≥ 70% LĐTT;
    at least one CSTĐCS."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _rating_at_least(yf, p["min_rating"], out)
    members = _members(yf, out)
    if members is None:
        return False
    total = members["total"]
    for key, share, what in (
        ("completed", p["min_completed_share"], "hoàn thành nhiệm vụ"),
        ("LDTT", p["min_ldtt_share"], "đạt Lao động tiên tiến"),
    ):
        part = members[key]
        need = _pct(round(share * 1000), 1000)
        need = "cần 100%" if need == "100%" else f"cần từ {need} trở lên"
        text = f"{part}/{total} cá nhân ({_pct(part, total)}) {what}"
        if _share_at_least(part, total, share):
            out.append(f"{MET} {text}, {need}")
        else:
            ok = False
            out.append(f"{FAILED} {text}, {need}")
    cstdcs = members["CSTDCS"]
    if cstdcs >= p["min_cstdcs"]:
        out.append(f"{MET} Có {cstdcs} cá nhân đạt Chiến sĩ thi đua cơ sở")
    else:
        ok = False
        out.append(
            f"{FAILED} Có {cstdcs} cá nhân đạt Chiến sĩ thi đua cơ sở, cần ít nhất "
            f"{p['min_cstdcs']}"
        )
    return ok


_FLAG_TEXT = {
    "cluster_leader": ("Dẫn đầu cụm, khối thi đua", "Không dẫn đầu cụm, khối thi đua"),
    "exceeded_targets": (
        "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
        "Không hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
    ),
    "clean_party_org": (
        "Tổ chức đảng trong sạch, vững mạnh",
        "Không có kết luận tổ chức đảng trong sạch, vững mạnh",
    ),
}
_COUNCIL_CHOOSES = (
    f"{NOTE} Việc chọn tập thể tiêu biểu xuất sắc nhất do Hội đồng Thi đua – Khen thưởng quyết định"
)


def _flags(yf: _Year, names, out: list[str]) -> bool:
    ok = True
    for name in names:
        met, failed = _FLAG_TEXT[name]
        if yf.facts[name]:
            out.append(f"{MET} {met} năm {yf.year}")
        else:
            ok = False
            out.append(f"{FAILED} {failed} năm {yf.year}")
    return ok


def check_co_bo(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Cờ thi đua cấp Bộ (M): leads an emulation cluster and exceeds its targets."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _flags(yf, [n for n in ("cluster_leader", "exceeded_targets") if p[n]], out)
    out.append(_COUNCIL_CHOOSES)
    return ok


def check_co_cp(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Cờ thi đua của Chính phủ: a cluster leader that exceeds the year's targets with a
    clean Party organisation; or the leader of a ≥ 5-year movement launched by the PM."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    minimum = p["pm_movement_min_years"]
    movement = yf.facts["pm_movement_years"]
    if movement >= minimum:
        out.append(
            f"{MET} Dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động, tổng kết sau "
            f"{movement} năm (từ {minimum} năm trở lên)"
        )
        out.append(_COUNCIL_CHOOSES)
        return True
    ok = _flags(yf, ("cluster_leader", "exceeded_targets", "clean_party_org"), out)
    if not ok:
        held = f" ({movement} năm)" if movement else ""
        out.append(
            f"{FAILED} Không dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động từ "
            f"{minimum} năm trở lên{held}"
        )
    out.append(_COUNCIL_CHOOSES)
    return ok


CHECKS: dict[str, Callable[[_Ctx, Rule, Mapping, list[str]], bool]] = {
    "LDTT": check_ldtt,
    "CSTDCS": check_cstdcs,
    "CSTD_BO": check_cstd_bo,
    "CSTD_TQ": check_cstd_tq,
    "GK": check_rated_years,
    "BK_BO": check_rated_years,
    "BK_TTG": check_service_chain,
    "HCLD3": check_service_chain,
    "HCLD2": check_service_chain,
    "HCLD1": check_service_chain,
    "TLDTT": check_tldtt,
    "TLDXS": check_tldxs,
    "CO_BO": check_co_bo,
    "CO_CP": check_co_cp,
}

_SWITCHED_OFF = f"{FAILED} Quy định chưa được xác minh (M) này đang tắt trong cấu hình của đơn vị"
_PENDING = (
    f"{FAILED} Đang có vụ việc (kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo hoặc phản ánh "
    "tham nhũng) chưa xử lý xong: không xét, không đề nghị khen thưởng "
    "(Nghị định 98/2023/NĐ-CP, Điều 4)"
)


# ---------------------------------------------------------------- the entry point

_DEFAULT_POLICY = Policy(None)


def evaluate(
    history: Mapping,
    *,
    year: int,
    received_on: date,
    settings: Mapping | Policy | None = None,
) -> list[Verdict]:
    """Judge every title and form for `year` from the history, by the rules in force on
    `received_on`. Raises HistoryError (with every problem found) on bad input."""
    policy, problems = _DEFAULT_POLICY, ()
    if isinstance(settings, Policy):
        policy = settings
    elif settings is not None:
        try:
            policy = Policy(settings)
        except HistoryError as exc:
            problems = exc.problems
    try:
        subject, years, awards, pending = _parse(history, year, received_on)
    except HistoryError as exc:
        raise HistoryError(problems + exc.problems) from None
    if problems:
        raise HistoryError(problems)
    steps, counted_kinds, min_months, same_achievement = policy.plan(subject, received_on)
    if pending:
        return [
            _verdict(code, name, False, rule.basis, F, (_PENDING,), rule.version, False)
            for code, name, rule, *_rest in steps
        ]
    ctx = _Ctx(year, received_on, policy, years, awards, counted_kinds, min_months)
    cur_titles = ctx.cur.titles if ctx.cur is not None else frozenset()
    now, now_conf, granted_forms = ctx.now, ctx.now_conf, ctx.granted_forms
    verdicts = []
    add = verdicts.append
    # one verdict per step, in order: later checks may rely on earlier verdicts (ctx.now)
    for code, name, rule, params, note, newer, check, is_form in steps:
        if params.get("enabled") is False:
            now[code] = False
            add(_verdict(code, name, False, rule.basis, M, (_SWITCHED_OFF,), rule.version, False))
            continue
        reasons: list[str] = [note] if note else []
        ctx.conf = rule.confidence
        ok = check(ctx, rule, params, reasons)
        confidence = ctx.conf
        if not ok and newer:
            for new_rule, new_params, notes in newer:
                trial = list(notes)
                ctx.conf = new_rule.confidence
                if check(ctx, new_rule, new_params, trial):
                    rule, reasons, ok, confidence = new_rule, trial, True, ctx.conf
                    break
        granted = code in granted_forms if is_form else code in cur_titles
        now[code] = ok or granted
        now_conf[code] = F if granted else confidence
        if granted:
            reasons.append(
                f"{NOTE} Đã được tặng {name} năm {year}: một thành tích chỉ khen thưởng một lần"
            )
        add(
            _verdict(
                code,
                name,
                ok and not granted,
                rule.basis,
                confidence,
                tuple(reasons),
                rule.version,
                granted,
            )
        )
    if same_achievement:
        _one_achievement(verdicts, same_achievement, year)
    return verdicts


def _one_achievement(verdicts: list[Verdict], forms: frozenset, year: int) -> None:
    """One achievement, one award (NĐ 98/2023 art. 4): when several forms are eligible
    from the same year's facts, each of their verdicts says so and names the highest."""
    both = [i for i, v in enumerate(verdicts) if v.eligible and v.code in forms]
    if len(both) < 2:
        return
    names = [verdicts[i].name for i in both]
    highest = max((verdicts[i] for i in both), key=lambda v: _FORM_RANK[v.code])
    note = (
        f"{NOTE} Một thành tích chỉ khen thưởng một lần: cùng thành tích năm {year} đủ điều "
        f"kiện {', '.join(names)}; chỉ đề nghị một hình thức — cao nhất là {highest.name} "
        "(Nghị định 98/2023/NĐ-CP, Điều 4)"
    )
    for i in both:
        v = verdicts[i]
        verdicts[i] = _verdict(
            v.code,
            v.name,
            True,
            v.basis,
            v.confidence,
            (*v.reasons, note),
            v.rule_version,
            v.already_granted,
        )


_FORM_RANK = {code: rank for rank, code in enumerate(FORMS)}


# ---------------------------------------------------------------- many histories at once

Outcome = tuple[Verdict, ...] | HistoryError


def evaluate_many(
    histories: Sequence[Mapping],
    *,
    year: int,
    received_on: date,
    settings: Mapping | Policy | None = None,
    processes: int = 1,
    min_per_process: int = 10_000,
) -> list[Outcome]:
    """`evaluate()` over many histories (the yearly review), in order: for each, its verdicts
    as a tuple, or the HistoryError saying why it cannot be judged. Settings are compiled
    once (a HistoryError for bad settings is raised, as by `compile_settings`); with
    `processes` > 1 the histories are split as `in_processes` says."""
    policy = settings if isinstance(settings, Policy) else Policy(settings)

    def judge(part: Sequence[Mapping]) -> list[Outcome]:
        results: list[Outcome] = []
        add = results.append
        for history in part:
            try:
                add(tuple(evaluate(history, year=year, received_on=received_on, settings=policy)))
            except HistoryError as exc:
                add(exc)
        return results

    return in_processes(judge, split(histories, processes, min_per_process))


def split(items: Sequence, processes: int, min_per_process: int = 10_000) -> list[Sequence]:
    """`items` cut into at most `processes` consecutive parts of at least `min_per_process`
    (one part when forking is not possible or not worth it)."""
    count = len(items)
    parts = min(processes, count // max(min_per_process, 1)) if hasattr(os, "fork") else 1
    if parts <= 1:
        return [items]
    bounds = [count * i // parts for i in range(parts + 1)]
    return [items[bounds[i] : bounds[i + 1]] for i in range(parts)]


def in_processes(judge: Callable[[Sequence], list[Outcome]], parts: Sequence) -> list[Outcome]:
    """`judge(part)` (one outcome per item of the part) for each part, concatenated in
    order. The first part is judged here,
    each other one in a forked child (POSIX; what the parts refer to is shared
    copy-on-write, nothing is sent to the child) that returns its outcomes pickled through
    a pipe. Equal verdicts come back as one shared object (verdicts are immutable, and
    100,000 people have only a few thousand distinct ones), so the transfer costs little.
    A part whose child fails is judged again here. The cyclic garbage collector is paused
    meanwhile: the millions of objects made here are not garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    children: list[tuple[int, int] | None] = []
    try:
        for part in parts[1:]:
            children.append(_fork(judge, part))
        results = judge(parts[0]) if parts else []
        for i, part in enumerate(parts[1:]):
            child, children[i] = children[i], None
            judged = _collect(child, len(part))
            results.extend(judge(part) if judged is None else judged)
        return results
    finally:
        for child in children:  # after an error here: stop and reap the children left
            if child is not None:
                os.close(child[1])
                os.waitpid(child[0], 0)
        if was_enabled:
            gc.enable()


def _fork(judge: Callable[[Sequence], list[Outcome]], part) -> tuple[int, int] | None:
    """Start a child judging `part`; (its pid, the pipe to read), or None if no child could
    be started (the caller then judges the part itself)."""
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns, never runs the parent's clean-up (atexit,
        status = 1  # database connections): it leaves through os._exit
        try:
            os.close(read_fd)
            shared: dict[Verdict, Verdict] = {}
            intern = shared.setdefault
            payload = [
                tuple([intern(v, v) for v in outcome]) if type(outcome) is tuple else outcome
                for outcome in judge(part)
            ]
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_fd, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd


def _collect(child: tuple[int, int] | None, expected: int) -> list[Outcome] | None:
    """A child's outcomes, or None when it could not start, failed or sent something else."""
    if child is None:
        return None
    pid, read_fd = child
    try:
        with open(read_fd, "rb") as pipe:
            data = pipe.read()
    finally:
        _pid, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        # from our own forked child, through a pipe only it and this process hold
        results = pickle.loads(data)  # noqa: S301
    except Exception:  # a truncated or damaged payload: judge again
        return None
    return results if type(results) is list and len(results) == expected else None
