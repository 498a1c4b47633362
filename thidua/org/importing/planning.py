"""The plan: the checked rows and the changes to stored units and people to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..models import Person, PersonPosition, Unit


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    short_name: str
    kind: str
    parent: str
    valid_from: date | None


@dataclass
class PersonRow:
    row: int
    employee_code: str
    full_name: str
    date_of_birth: date | None
    gender: str
    category: str
    rank: str
    grade: int | None
    email: str
    phone: str
    unit: str
    position: str
    post_from: date | None

    def details(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth,
            "gender": self.gender,
            "category": self.category,
            "rank": self.rank,
            "grade": self.grade,
            "email": self.email,
            "phone": self.phone,
        }


@dataclass
class UnitUpdate:
    unit: Unit
    row: UnitRow
    old_name: str
    old_short_name: str
    renamed: bool
    moved: bool


@dataclass
class PersonUpdate:
    person: Person
    row: PersonRow
    close: PersonPosition | None  # the primary post the new one replaces
    new_post: bool


@dataclass
class Plan:
    new_units: list[UnitRow] = field(default_factory=list)
    changed_units: list[UnitUpdate] = field(default_factory=list)
    new_people: list[PersonRow] = field(default_factory=list)
    changed_people: list[PersonUpdate] = field(default_factory=list)
