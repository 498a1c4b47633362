"""One version of one legal provision (`Rule`), and how the rule data builds one."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Rule:
    """One version of one legal provision, with where it comes from and how sure we are.

    A code, the instrument and article it comes from, the days it is in force, how sure we
    are of it (F found in a secondary source quoting the text, U seen only in unofficial
    copies, M from memory) and its parameters. The checks that read these parameters live in
    `eligibility/checks.py`, one function per provision. Numbers that the law leaves to each
    agency, and every M rule, are parameters a settings dict may change; an M rule may also
    be switched off (`enabled`). See docs/eligibility.md for the table.
    """

    code: str
    version: str
    name_vi: str
    subject: str
    kind: str
    basis: str
    valid_from: date
    valid_to: date | None  # last day in force; None while in force
    confidence: str
    parameters: Mapping[str, object]
    conditions_vi: str

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def make_rule(**fields) -> Rule:
    fields["parameters"] = MappingProxyType(dict(fields.get("parameters", {})))
    return Rule(**fields)
