"""Checking rows: the cells of one row (Cells, at most one problem per cell), then every
row against the others and against what is stored (Check), which plans the writes."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Gender, PostKind, StaffCategory, UnitKind
from ..models import Person, PersonPosition, Position, Unit
from .format import (
    CATEGORY_LABELS,
    FORMULA_PREFIXES,
    GENDER_LABELS,
    GUIDE_SHEET,
    LOOKUP_CHUNK,
    MAX_GRADE,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    UNIT_COLUMNS,
    UNIT_KIND_LABELS,
    UNITS_SHEET,
    ImportResult,
    RowError,
    allowed_labels,
    as_text,
    choice_lookup,
    chunks,
    is_blank,
    label_key,
    normalise_phone,
    parse_date,
)
from .planning import PersonRow, PersonUpdate, Plan, UnitRow, UnitUpdate
from .reading import Sheet


class Cells:
    """Cleans the cells of one row, recording at most one problem per cell."""

    def __init__(self, sheet: str, row: int, values: dict[str, Any], columns, errors):
        self.sheet, self.row, self.values, self.errors = sheet, row, values, errors
        self.names = {c.key: c.name for c in columns}
        self.bad: set[str] = set()
        for key, value in values.items():
            if isinstance(value, str) and value.strip()[:1] in FORMULA_PREFIXES:
                if key == "phone" and is_phone(value):
                    continue  # "+84 912 345 678" is a phone number, stored as 0912345678
                self.error(key, _("Cell contains a formula"))

    @property
    def ok(self) -> bool:
        return not self.bad

    def error(self, key: str, message: str) -> None:
        if key not in self.bad:
            self.bad.add(key)
            self.errors.append(RowError(self.sheet, self.row, self.names[key], message))

    def _raw(self, key: str, required: bool) -> Any:
        if key in self.bad:
            return None
        value = self.values.get(key)
        if is_blank(value):
            if required:
                self.error(key, _("This cell is required."))
            return None
        return value

    def text(self, key: str, *, max_length: int, required: bool = False) -> str:
        value = self._raw(key, required)
        if value is None:
            return ""
        text = as_text(value)
        if len(text) > max_length:
            self.error(key, _("Too long: at most %(max)s characters.") % {"max": max_length})
            return ""
        return text

    def date(self, key: str, *, required: bool = False, birth: bool = False) -> date | None:
        value = self._raw(key, required)
        if value is None:
            return None
        try:
            parsed = parse_date(value)
        except ValueError:
            self.error(key, _("Invalid date: use the form dd/mm/yyyy"))
            return None
        if parsed.year < 1900 or parsed.year > 2100:
            self.error(key, _("The year must be between 1900 and 2100."))
            return None
        if birth and parsed > timezone.localdate():
            self.error(key, _("The date of birth cannot be in the future."))
            return None
        return parsed

    def choice(self, key: str, *, lookup: dict[str, str], allowed: str, required=False) -> str:
        value = self._raw(key, required)
        if value is None:
            return ""
        code = lookup.get(label_key(as_text(value)))
        if code is None:
            self.error(
                key,
                _("Unknown value “%(value)s”; allowed: %(allowed)s.")
                % {"value": as_text(value), "allowed": allowed},
            )
            return ""
        return code

    def grade(self, key: str) -> int | None:
        value = self._raw(key, False)
        if value is None:
            return None
        try:
            number = None if isinstance(value, bool) else float(str(value).strip())
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not 1 <= number <= MAX_GRADE:
            self.error(
                key, _("Grade must be a whole number from 1 to %(max)s.") % {"max": MAX_GRADE}
            )
            return None
        return int(number)

    def email(self, key: str) -> str:
        text = self.text(key, max_length=254)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.error(key, _("Invalid e-mail address."))
                return ""
        return text

    def phone(self, key: str) -> str:
        value = self._raw(key, False)
        if value is None:
            return ""
        try:
            return normalise_phone(value)
        except ValueError:
            self.error(key, _("Invalid phone number: use 10 digits starting with 0 (or +84)."))
            return ""


def is_phone(value: Any) -> bool:
    try:
        normalise_phone(value)
    except ValueError:
        return False
    return True


@functools.cache
def _person_lookups() -> tuple[dict[str, str], dict[str, str]]:
    """Every way the gender and staff-category columns may be written -> code (read once)."""
    return choice_lookup(GENDER_LABELS, Gender), choice_lookup(CATEGORY_LABELS, StaffCategory)


def person_row(cells: Cells, number: int) -> PersonRow:
    """A person's row read from its cells by the people sheet's columns (the Excel import and
    the HR sync read the same columns the same way); errors go to the cells' list."""
    genders, categories = _person_lookups()
    return PersonRow(
        row=number,
        employee_code=cells.text("employee_code", max_length=32, required=True),
        full_name=cells.text("full_name", max_length=120, required=True),
        date_of_birth=cells.date("date_of_birth", birth=True),
        gender=cells.choice(
            "gender",
            lookup=genders,
            allowed=allowed_labels(GENDER_LABELS),
        ),
        category=cells.choice(
            "category",
            lookup=categories,
            allowed=allowed_labels(CATEGORY_LABELS),
            required=True,
        ),
        rank=cells.text("rank", max_length=120),
        grade=cells.grade("grade"),
        email=cells.email("email"),
        phone=cells.phone("phone"),
        unit=cells.text("unit", max_length=32, required=True),
        position=cells.text("position", max_length=32, required=True),
        post_from=cells.date("post_from", required=True),
    )


class Check:
    """Checks every row, against the others and against what is stored, and plans the
    writes. Reads: the units, the positions, then the file's people and their open primary
    posts in chunks; nothing per row."""

    def __init__(self, sheets: dict[str, Sheet], errors: list[RowError], tick: Callable):
        self.sheets, self.errors, self.tick = sheets, errors, tick
        self.today = timezone.localdate()
        fields = ("id", "code", "name", "short_name", "kind", "parent_id", "valid_from")
        self.units = {u.code: u for u in Unit.objects.only(*fields, "valid_to").order_by()}
        self.unit_codes_by_id = {u.pk: u.code for u in self.units.values()}
        self.positions = {p.code: p for p in Position.objects.only("id", "code")}
        from ..hr_sync_file import hr_managed_fields  # it reads this package's format

        self.hr_managed = frozenset(hr_managed_fields())
        self.plan = Plan()
        self.result = ImportResult()

    def run(self) -> tuple[Plan, ImportResult]:
        unit_rows = self._unit_rows()
        self._plan_units(unit_rows)
        self._plan_people(self._person_rows({r.code for r in unit_rows if r.code}))
        return self.plan, self.result

    # units

    def _unit_rows(self) -> list[UnitRow]:
        sheet = self.sheets.get(UNITS_SHEET)
        if sheet is None:
            return []
        kinds = choice_lookup(UNIT_KIND_LABELS, UnitKind)
        rows = []
        for number, values in sheet.rows:
            cells = Cells(UNITS_SHEET, number, values, UNIT_COLUMNS, self.errors)
            row = UnitRow(
                row=number,
                code=cells.text("code", max_length=32, required=True),
                name=cells.text("name", max_length=255, required=True),
                short_name=cells.text("short_name", max_length=64),
                kind=cells.choice(
                    "kind", lookup=kinds, allowed=allowed_labels(UNIT_KIND_LABELS), required=True
                ),
                parent=cells.text("parent", max_length=32),
                valid_from=cells.date("valid_from"),
            )
            existing = self.units.get(row.code)
            if row.code and existing is None and row.valid_from is None:
                cells.error("valid_from", _("This cell is required for a new unit."))
            if existing is not None and existing.valid_to is not None:
                cells.error("code", self._closed(existing))
            rows.append(row)
            self.tick()
        self._duplicates(rows, "code", UNITS_SHEET, unit_code_twice)
        in_file = {r.code for r in rows if r.code}
        for row in rows:
            if row.parent and row.parent not in in_file:
                problem = self._unit_problem(row.parent)
                if problem:
                    self.errors.append(RowError(UNITS_SHEET, row.row, _PARENT, problem))
        self._cycles(rows, in_file)
        return rows

    def _closed(self, unit: Unit) -> str:
        return _("Unit %(code)s was closed on %(date)s.") % {
            "code": unit.code,
            "date": unit.valid_to.strftime("%d/%m/%Y"),
        }

    def _unit_problem(self, code: str) -> str:
        """Why a unit code that is not in the file cannot be used, or ""."""
        unit = self.units.get(code)
        if unit is None:
            return _("Unknown unit code %(code)s: it is neither in the file nor in the system.") % {
                "code": code
            }
        return self._closed(unit) if unit.valid_to is not None else ""

    def _duplicates(self, rows, attr: str, sheet: str, message: Callable[[str, str], str]):
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            if getattr(row, attr):
                seen[getattr(row, attr)].append(row.row)
        column = _CODE_COLUMN[sheet]
        for code, numbers in seen.items():
            if len(numbers) > 1:
                listed = ", ".join(str(n) for n in numbers)
                self.errors.extend(
                    RowError(sheet, number, column, message(code, listed)) for number in numbers
                )

    def _cycles(self, rows: list[UnitRow], in_file: set[str]) -> None:
        """Refuse parent links that put a unit under itself in the tree as it will be after
        the import (stored links, overridden by the file's)."""
        parent_of = {
            code: self.unit_codes_by_id.get(u.parent_id, "") for code, u in self.units.items()
        }
        for row in rows:
            if row.code:
                known = row.parent in in_file or row.parent in self.units
                parent_of[row.code] = row.parent if known else ""
        state: dict[str, int] = {}  # 1: on the current walk, 2: settled
        on_cycle: set[str] = set()
        for start in sorted(in_file):
            walk, code = [], start
            while code and code not in state:
                state[code] = 1
                walk.append(code)
                code = parent_of.get(code, "")
            if code and state.get(code) == 1:
                on_cycle.update(walk[walk.index(code) :])
            for visited in walk:
                state[visited] = 2
        message = _("A unit cannot be placed under itself or one of its sub-units.")
        self.errors.extend(
            RowError(UNITS_SHEET, row.row, _PARENT, message) for row in rows if row.code in on_cycle
        )

    def _plan_units(self, rows: list[UnitRow]) -> None:
        for row in rows:
            unit = self.units.get(row.code)
            if unit is None:
                self.plan.new_units.append(row)
                continue
            moved = row.parent != self.unit_codes_by_id.get(unit.parent_id, "")
            renamed = (row.name, row.short_name) != (unit.name, unit.short_name)
            if moved or renamed or row.kind != unit.kind:
                self.plan.changed_units.append(
                    UnitUpdate(unit, row, unit.name, unit.short_name, renamed, moved)
                )
            else:
                self.result.units.unchanged += 1
        self.result.units.created = len(self.plan.new_units)
        self.result.units.updated = len(self.plan.changed_units)

    # people

    def _person_rows(self, units_in_file: set[str]) -> list[PersonRow]:
        sheet = self.sheets.get(PEOPLE_SHEET)
        if sheet is None:
            return []
        rows = []
        for number, values in sheet.rows:
            cells = Cells(PEOPLE_SHEET, number, values, PEOPLE_COLUMNS, self.errors)
            row = person_row(cells, number)
            if row.unit and row.unit not in units_in_file:
                problem = self._unit_problem(row.unit)
                if problem:
                    cells.error("unit", problem)
            if row.position and row.position not in self.positions:
                cells.error(
                    "position",
                    _("Unknown position code %(code)s: see the list in the “%(sheet)s” sheet.")
                    % {"code": row.position, "sheet": GUIDE_SHEET},
                )
            rows.append(row)
            self.tick()
        self._duplicates(rows, "employee_code", PEOPLE_SHEET, employee_code_twice)
        return rows

    def _plan_people(self, rows: list[PersonRow]) -> None:
        codes = [r.employee_code for r in rows if r.employee_code]
        people: dict[str, Person] = {}
        for chunk in chunks(codes, LOOKUP_CHUNK):
            people.update(
                (p.employee_code, p)
                for p in Person.objects.filter(employee_code__in=chunk).order_by()
            )
        open_posts: dict[int, PersonPosition] = {}
        for chunk in chunks([p.pk for p in people.values()], LOOKUP_CHUNK):
            posts = PersonPosition.objects.filter(
                person_id__in=chunk, kind=PostKind.PRIMARY, valid_to__isnull=True
            ).order_by()
            open_posts.update((p.person_id, p) for p in posts)
        new_unit_codes = {r.code for r in self.plan.new_units}
        for row in rows:
            person = people.get(row.employee_code)
            if person is None:
                self.plan.new_people.append(row)
                continue
            unit = None if row.unit in new_unit_codes else self.units.get(row.unit)
            position = self.positions.get(row.position)
            target = (unit.pk if unit else None, position.pk if position else None)
            post = open_posts.get(person.pk)
            new_post = post is None or (post.unit_id, post.position_id) != target
            # a code already refused (unknown) is not named again as the HR system's
            known = (row.unit in self.units or row.unit in new_unit_codes, position is not None)
            if person.hr_synced_at is not None and self._hr_managed(
                row, person, post, target, known
            ):
                continue
            if new_post and post is not None and row.post_from and row.post_from <= post.valid_from:
                self.errors.append(
                    RowError(
                        PEOPLE_SHEET,
                        row.row,
                        _POST_FROM,
                        _("A new post must start after the current one, which started on %(date)s.")
                        % {"date": post.valid_from.strftime("%d/%m/%Y")},
                    )
                )
            changed = new_post or (person.unit_id, person.position_id) != target
            changed = changed or any(
                getattr(person, name) != value for name, value in row.details().items()
            )
            if changed:
                self.plan.changed_people.append(
                    PersonUpdate(person, row, post if new_post else None, new_post)
                )
            else:
                self.result.people.unchanged += 1
        self.result.people.created = len(self.plan.new_people)
        self.result.people.updated = len(self.plan.changed_people)

    def _hr_managed(
        self,
        row: PersonRow,
        person: Person,
        post: PersonPosition | None,
        target: tuple[int | None, int | None],
        known: tuple[bool, bool],
    ) -> bool:
        """For a record of the HR system (the sync has written it), a row error per field
        the HR system carries that the row would change — its details and its post, in
        another unit or position (services.people); True when there is one. A value the
        same as stored, and the fields the HR system does not carry, pass."""
        from ..services.people import HR_POST_FIELDS, hr_managed_message

        names = {c.key: c.name for c in PEOPLE_COLUMNS}
        changed = [
            name
            for name, value in row.details().items()
            if name in self.hr_managed and getattr(person, name) != value
        ]
        current = (post.unit_id, post.position_id) if post is not None else (None, None)
        changed += [
            name
            for name, was, wanted, ok in zip(HR_POST_FIELDS, current, target, known, strict=True)
            if ok and was != wanted
        ]
        self.errors.extend(
            RowError(PEOPLE_SHEET, row.row, names[name], hr_managed_message(person, name))
            for name in changed
        )
        return bool(changed)


_PARENT = "Mã đơn vị cấp trên"
_POST_FROM = "Từ ngày"
_CODE_COLUMN = {UNITS_SHEET: "Mã đơn vị", PEOPLE_SHEET: "Mã cán bộ"}


def unit_code_twice(code: str, rows: str) -> str:
    return _("Unit code %(code)s appears more than once in the file (rows %(rows)s).") % {
        "code": code,
        "rows": rows,
    }


def employee_code_twice(code: str, rows: str) -> str:
    return _("Employee code %(code)s appears more than once in the file (rows %(rows)s).") % {
        "code": code,
        "rows": rows,
    }
