"""The agency's settings compiled once: parameters per rule version, versions forced, and
the plan (steps, counted award kinds, minimum months) for a subject on a receipt date."""

from collections.abc import Mapping
from datetime import date

from .. import law
from ..law import (
    AWARD_KINDS,
    FORMS,
    INDIVIDUAL,
    JUDGED,
    NAMES,
    PARAMETER_KINDS,
    RULES_BY_CODE,
    M,
    Rule,
)
from .checks import CHECKS
from .results import HistoryError, Problem
from .schema import _is_in
from .wording import NOTE, _favour_notes, _show


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


def compile_settings(settings: Mapping | None) -> Policy:
    """Validate and compile settings once (for bulk use); raises HistoryError."""
    return Policy(settings)


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
