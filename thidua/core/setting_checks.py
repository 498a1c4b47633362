"""Value checks of the agency settings (thidua.core.agency_settings): each check cleans a value
(returns it in the stored shape) or raises ValidationError with a Vietnamese message; it also
reads the value from the settings page's text box (`parse`) and writes it back (`text`)."""

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .numbers import format_number


def _n(value: int) -> str:
    """A whole number in a message as the reader's language writes it (1.500 in Vietnamese)."""
    return format_number(value, grouping=True)


def _number(value: Any) -> float:
    """A finite number from a number or a text with a decimal comma, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ValueError
    try:
        number = float(
            Decimal(value.strip().replace(",", ".")) if isinstance(value, str) else value
        )
    except (InvalidOperation, OverflowError):
        raise ValueError from None
    if not math.isfinite(number):
        raise ValueError
    return number


def _decimal_text(value: Any) -> str:
    return f"{float(value):g}".replace(".", ",")


class Check:
    """The base check: a value kept as it is (subclasses narrow it)."""

    kind = "text"

    def hint(self) -> str:
        return ""

    def __call__(self, value: Any) -> Any:
        return value

    def parse(self, raw: str) -> Any:
        return self(raw.strip())

    def text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def words(self, value: Any) -> str:
        return self.text(value) or "—"


class Share(Check):
    """A share between 0 and 1 (0,15 for 15 %)."""

    kind = "share"

    def hint(self) -> str:
        return _("A share from 0 to 1, e.g. 0,15 for 15 %.")

    def __call__(self, value: Any) -> float:
        try:
            share = _number(value)
        except ValueError:
            share = -1.0
        if not 0 <= share <= 1:
            raise ValidationError(_("Enter a share from 0 to 1, e.g. 0,15 for 15 %."))
        return share

    def text(self, value: Any) -> str:
        return _decimal_text(value)


class Number(Check):
    """A number of at least `minimum` (a decimal comma is read)."""

    kind = "number"

    def __init__(self, minimum: float = 0) -> None:
        self.minimum = minimum

    def hint(self) -> str:
        return _("A number of at least %(min)s, e.g. 1,5.") % {"min": _decimal_text(self.minimum)}

    def __call__(self, value: Any) -> float:
        try:
            number = _number(value)
        except ValueError:
            number = self.minimum - 1
        if not number >= self.minimum:
            raise ValidationError(
                _("Enter a number of at least %(min)s.") % {"min": _decimal_text(self.minimum)}
            )
        return number

    def text(self, value: Any) -> str:
        return _decimal_text(value)


class Whole(Check):
    """A whole number from `minimum` to `maximum`."""

    kind = "whole"

    def __init__(self, minimum: int = 0, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def _message(self) -> str:
        if self.maximum is None:
            return _("Enter a whole number of at least %(min)s.") % {"min": _n(self.minimum)}
        return _("Enter a whole number from %(min)s to %(max)s.") % {
            "min": _n(self.minimum),
            "max": _n(self.maximum),
        }

    def hint(self) -> str:
        return self._message()

    def __call__(self, value: Any) -> int:
        if isinstance(value, str) and re.fullmatch(r"\d[\d.]*", value.strip()):
            value = int(value.strip().replace(".", ""))
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        if (
            type(value) is not int
            or value < self.minimum
            or (self.maximum is not None and value > self.maximum)
        ):
            raise ValidationError(self._message())
        return value


class Choice(Check):
    """One of the allowed values ({value: its words})."""

    kind = "choice"

    def __init__(self, choices: Mapping[str, str]) -> None:
        self.choices = dict(choices)

    def __call__(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise ValidationError(
                _("Choose one of: %(values)s.") % {"values": "; ".join(self.choices.values())}
            )
        return value

    def words(self, value: Any) -> str:
        return self.choices.get(str(value), str(value))


class Boolean(Check):
    kind = "bool"

    def __call__(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(_("Choose yes or no."))
        return value

    def parse(self, raw: str) -> bool:
        if raw.strip() not in ("true", "false"):
            raise ValidationError(_("Choose yes or no."))
        return raw.strip() == "true"

    def text(self, value: Any) -> str:
        return "true" if value else "false"

    def words(self, value: Any) -> str:
        return _("yes") if value else _("no")


class Text(Check):
    """A line of text of at most `max_length` characters (empty allowed when `blank`)."""

    def __init__(self, max_length: int = 200, blank: bool = True) -> None:
        self.max_length, self.blank = max_length, blank

    def hint(self) -> str:
        return _("At most %(max_length)s characters.") % {"max_length": _n(self.max_length)}

    def __call__(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(_("Enter a text."))
        value = value.strip()
        if len(value) > self.max_length or (not value and not self.blank):
            raise ValidationError(
                _("Enter a text of 1 to %(n)s characters.") % {"n": _n(self.max_length)}
            )
        return value


class Strings(Check):
    """A list of distinct codes, each one of `allowed` ({code: words}) when given."""

    kind = "strings"

    def __init__(self, allowed: Mapping[str, str] | None = None) -> None:
        self.allowed = dict(allowed) if allowed else None

    def hint(self) -> str:
        return "" if self.allowed else _("Separated by commas.")

    def __call__(self, value: Any) -> list[str]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Enter a list of values separated by commas."))
        items = [v.strip() for v in value]
        if any(not v for v in items) or len(set(items)) != len(items):
            raise ValidationError(_("Each value once, none empty."))
        unknown = [v for v in items if self.allowed is not None and v not in self.allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value %(value)s; allowed: %(values)s.")
                % {"value": ", ".join(unknown), "values": ", ".join(self.allowed or ())}
            )
        return items

    def parse(self, raw: str) -> list[str]:
        return self([v.strip() for v in raw.split(",") if v.strip()])

    def text(self, value: Any) -> str:
        return ", ".join(map(str, value or ()))

    def words(self, value: Any) -> str:
        words = self.allowed or {}
        return ", ".join(words.get(v, v) for v in value or ()) or "—"


class Weekdays(Check):
    """Weekly days off: distinct numbers 0 (Monday) … 6 (Sunday), not all seven."""

    kind = "weekdays"

    def hint(self) -> str:
        return _("Numbers separated by commas: 0 = Monday … 5 = Saturday, 6 = Sunday.")

    def __call__(self, value: Any) -> list[int]:
        if (
            not isinstance(value, (list, tuple))
            or any(type(v) is not int or not 0 <= v <= 6 for v in value)
            or len(set(value)) != len(value)
            or len(value) == 7
        ):
            raise ValidationError(
                _("Enter distinct days from 0 (Monday) to 6 (Sunday), not all seven.")
            )
        return sorted(value)

    def parse(self, raw: str) -> list[int]:
        items = [v.strip() for v in raw.split(",") if v.strip()]
        return self([int(v) if v.isascii() and v.isdigit() else v for v in items])

    def text(self, value: Any) -> str:
        return ", ".join(map(str, value or ()))


class MonthDay(Check):
    """A day of the year as "MM-DD" (entered as dd/mm)."""

    kind = "month_day"

    def hint(self) -> str:
        return _("A day and month, dd/mm, e.g. 15/12.")

    def __call__(self, value: Any) -> str:
        match = re.fullmatch(r"(\d{2})-(\d{2})", value) if isinstance(value, str) else None
        try:
            date(2024, int(match[1]), int(match[2])) if match else date(2024, 0, 0)
        except ValueError:
            raise ValidationError(_("Enter a day and month, dd/mm, e.g. 15/12.")) from None
        return value

    def parse(self, raw: str) -> str:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})", raw.strip())
        return self(f"{int(match[2]):02d}-{int(match[1]):02d}" if match else raw.strip())

    def text(self, value: Any) -> str:
        month, _sep, day = str(value).partition("-")
        return f"{day}/{month}"


class Multiples(Check):
    """Money multiples by award code: {code: number ≥ 0}, codes among `allowed` when given."""

    kind = "multiples"

    def __init__(self, allowed: Mapping[str, str] | None = None) -> None:
        self.names = dict(allowed or {})
        self.allowed = set(self.names) if allowed is not None else None

    def hint(self) -> str:
        return _(
            "A multiple of at least 0 for each form that has one, e.g. 1,5; leave the others empty."
        )

    def __call__(self, value: Any) -> dict[str, float]:
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            raise ValidationError(_("Enter code = multiple pairs, e.g. CSTDCS = 1,0."))
        cleaned = {}
        for code, number in value.items():
            if self.allowed is not None and code not in self.allowed:
                raise ValidationError(
                    _("Unknown award code %(code)s; allowed: %(values)s.")
                    % {"code": code, "values": ", ".join(sorted(self.allowed))}
                )
            try:
                cleaned[code] = _number(number)
            except ValueError:
                cleaned[code] = -1.0
            if cleaned[code] < 0:
                raise ValidationError(
                    _("The multiple of %(code)s must be a number of at least 0.")
                    % {"code": self.names.get(code, code)}
                )
        return cleaned

    def parse(self, raw: Any) -> dict[str, float]:
        if isinstance(raw, Mapping):  # the page's one box per form: {code: text}
            return self({code: text for code, text in raw.items() if str(text).strip()})
        pairs: dict[str, Any] = {}
        for item in filter(None, (p.strip() for p in raw.split(";"))):
            code, sep, number = item.partition("=")
            if not sep or code.strip() in pairs:
                raise ValidationError(_("Enter code = multiple pairs, e.g. CSTDCS = 1,0."))
            pairs[code.strip()] = number.strip()
        return self(pairs)

    def text(self, value: Any) -> str:
        return "; ".join(f"{k} = {_decimal_text(v)}" for k, v in (value or {}).items())

    def words(self, value: Any) -> str:
        items = (value or {}).items()
        return "; ".join(f"{self.names.get(k, k)}: {_decimal_text(v)}" for k, v in items) or "—"

    def fields(self, value: Any) -> list[tuple[str, str, str]]:
        """One box per form: (code, name, the value as typed)."""
        value = value if isinstance(value, Mapping) else {}
        return [
            (code, name, _decimal_text(value[code]) if code in value else "")
            for code, name in self.names.items()
        ]


def _day(raw: Any) -> date:
    raw = str(raw).strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    return date.fromisoformat(raw)


class Day(Check):
    """A date, stored as "YYYY-MM-DD" and entered and shown as dd/mm/yyyy."""

    kind = "day"

    def hint(self) -> str:
        return _("A date, dd/mm/yyyy, e.g. 01/07/2025.")

    def __call__(self, value: Any) -> str:
        try:
            return _day(value).isoformat()
        except (TypeError, ValueError):
            raise ValidationError(_("Enter a date, dd/mm/yyyy, e.g. 01/07/2025.")) from None

    def text(self, value: Any) -> str:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y") if value else ""


class DatedAmounts(Check):
    """Amounts in whole đồng from a date, later than `after` (the law's last built-in date):
    stored as [{"from": "YYYY-MM-DD", "amount": int, "basis": str}], oldest first."""

    kind = "dated_amounts"

    def __init__(self, after: date) -> None:
        self.after = after

    def hint(self) -> str:
        return _(
            "One per line: the date it applies from (dd/mm/yyyy), the amount in whole đồng, "
            "then the instrument, e.g. 01/07/2026 2.530.000 Nghị định 161/2026/NĐ-CP."
        )

    def _entry(self, number: int, entry: Any) -> dict[str, Any]:
        where = {"n": number}
        if not isinstance(entry, Mapping):
            raise ValidationError(_("Entry %(n)d: a date and an amount are needed.") % where)
        try:
            day = _day(entry.get("from"))
        except ValueError:
            raise ValidationError(_("Entry %(n)d: enter the date as dd/mm/yyyy.") % where) from None
        amount = entry.get("amount")
        if isinstance(amount, str) and re.fullmatch(r"\d[\d.]*", amount.strip()):
            amount = int(amount.strip().replace(".", ""))
        if type(amount) is not int or amount <= 0:
            raise ValidationError(_("Entry %(n)d: the amount is a whole number of đồng.") % where)
        if day <= self.after:
            raise ValidationError(
                _("Entry %(n)d: the date must be after %(day)s (the values built in).")
                % {"n": number, "day": self.after.strftime("%d/%m/%Y")}
            )
        basis = entry.get("basis")
        basis = basis.strip() if isinstance(basis, str) else ""
        return {"from": day.isoformat(), "amount": amount, "basis": basis}

    def __call__(self, value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, (list, tuple)):
            raise ValidationError(_("Enter a list of dated amounts."))
        entries = [self._entry(i + 1, entry) for i, entry in enumerate(value)]
        days = [e["from"] for e in entries]
        if len(set(days)) != len(days):
            raise ValidationError(_("Each date once: two amounts are given for the same date."))
        return sorted(entries, key=lambda e: e["from"])

    def parse(self, raw: str) -> list[dict[str, Any]]:
        entries: list[Any] = []
        for line in filter(None, (line.strip() for line in raw.splitlines())):
            parts = line.split(None, 2)
            if len(parts) < 2:
                entries.append(None)
                continue
            entries.append(
                {"from": parts[0], "amount": parts[1], "basis": parts[2] if len(parts) > 2 else ""}
            )
        return self(entries)

    def text(self, value: Any) -> str:
        lines = []
        for entry in value or ():
            try:
                day = _day(entry["from"]).strftime("%d/%m/%Y")
                amount = f"{int(entry['amount']):,}".replace(",", ".")
            except (KeyError, TypeError, ValueError):
                continue
            lines.append(f"{day} {amount} {entry.get('basis') or ''}".strip())
        return "\n".join(lines)


class PerTitle(Check):
    """One value for every title, or a value per title code with a "default" for the others
    ({"CSTD_BO": 0.8, "default": 0.5}), each value checked by `inner`."""

    kind = "per_title"

    def __init__(self, inner: Check, names: Mapping[str, str]) -> None:
        self.inner, self.names = inner, dict(names)

    def hint(self) -> str:
        return " ".join(
            filter(
                None,
                (
                    self.inner.hint(),
                    _("A title left empty takes the value for every title."),
                ),
            )
        )

    def _name(self, code: str) -> str:
        return _("every other title") if code == "default" else self.names.get(code, code)

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return self.inner(value)
        if "default" not in value:
            raise ValidationError(_("Per title, a value for every other title is needed."))
        cleaned = {}
        for code, item in value.items():
            if code != "default" and code not in self.names:
                raise ValidationError(_("Unknown award form."))
            try:
                cleaned[code] = self.inner(item)
            except ValidationError as exc:
                raise ValidationError(f"{self._name(code)}: {' '.join(exc.messages)}") from None
        return cleaned

    def parse(self, raw: Any) -> Any:
        if not isinstance(raw, Mapping):
            return self.inner.parse(str(raw))
        given = {code: str(text) for code, text in raw.items() if str(text).strip()}
        default = given.pop("default", "")
        if not given:
            return self.inner.parse(default)
        if not default:
            raise ValidationError(_("Per title, a value for every other title is needed."))
        pairs = {"default": default, **given}
        cleaned = {}
        for code, text in pairs.items():
            try:
                cleaned[code] = self.inner.parse(text)
            except ValidationError as exc:
                raise ValidationError(f"{self._name(code)}: {' '.join(exc.messages)}") from None
        return self(cleaned)

    def text(self, value: Any) -> str:
        if isinstance(value, Mapping):
            return self.inner.text(value.get("default"))
        return self.inner.text(value)

    def words(self, value: Any) -> str:
        if isinstance(value, Mapping):
            return "; ".join(f"{self._name(k)}: {self.inner.words(v)}" for k, v in value.items())
        return self.inner.words(value)

    def fields(self, value: Any) -> list[tuple[str, str, str]]:
        """The box for every title, then one per title: (code, name, the value as typed)."""
        value = value if isinstance(value, Mapping) else {"default": value}
        rows = [("default", _("every title"), self.inner.text(value.get("default")))]
        return rows + [
            (code, name, self.inner.text(value[code]) if code in value else "")
            for code, name in self.names.items()
        ]


def inferred(default: Any) -> Check:
    """A check fitting a default's shape, for a setting declared without one."""
    if isinstance(default, bool):
        return Boolean()
    if isinstance(default, int):
        return Whole(0)
    if isinstance(default, (float, Decimal)):
        return Number(0)
    if isinstance(default, str):
        return Text()
    if isinstance(default, Mapping):
        return Multiples()
    if isinstance(default, (list, tuple)) and all(isinstance(v, str) for v in default):
        return Strings()
    return Check()
