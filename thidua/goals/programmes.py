"""Programmes that go on: a programme and its successors form one line, and every page that
groups goals by programme (the dashboard, the monthly review and its .docx/.xlsx, the unit
goal tree) groups them by line through `programme_lines`, so they agree on any date.

Judgements made here:
- A line is a programme without a predecessor followed by its successors, oldest first
  (services.program_check_predecessor keeps each successor after its predecessor's end and
  one successor per programme).
- On a date, the member in force is the one whose period covers the date, else the latest
  that started before it; a line none of whose members has started is not in force.
- A goal belongs to the line of its programme, whichever member it is attached to: a goal
  attached to the 2020–2025 programme still shows under the line when the 2026–2030
  successor is the one in force. Its key on every page is the pk of the member in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Goal, Program

LINE_FIELD = "programme_line"
T = TypeVar("T")


@dataclass(frozen=True)
class ProgrammeLine:
    """A programme and its successors, with the member in force on a date."""

    members: tuple[Program, ...]  # oldest first
    programme: Program  # the member in force on the date

    @property
    def key(self) -> int:
        return self.programme.pk

    @property
    def member_ids(self) -> tuple[int, ...]:
        return tuple(p.pk for p in self.members)

    @property
    def earlier(self) -> tuple[Program, ...]:
        """Members before the one in force, oldest first."""
        return self.members[: self.members.index(self.programme)]

    def member_on(self, day: date) -> Program | None:
        """The member whose period covers a day (None between or outside the periods)."""
        return next((p for p in self.members if p.period_start <= day <= p.period_end), None)


@dataclass(frozen=True)
class ProgrammeLines:
    """The lines in force on a date, ordered by the number and code of the member in force."""

    on: date
    lines: list[ProgrammeLine]
    by_member: dict[int, ProgrammeLine] = field(repr=False)

    def __iter__(self):
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def line_of(self, program_id: int | None) -> ProgrammeLine | None:
        """The line a goal attached to this programme shows under (None: outside the lines
        in force)."""
        return self.by_member.get(program_id) if program_id is not None else None

    def key_of(self, program_id: int | None) -> int | None:
        line = self.line_of(program_id)
        return line.key if line is not None else None

    def annotate(self, goals: QuerySet[Goal]) -> QuerySet[Goal]:
        """Goals with `programme_line`: the pk of their line's member in force (NULL outside
        the lines), for grouping in SQL. One CASE over the programmes, no extra query."""
        whens = [When(program_id__in=line.member_ids, then=Value(line.key)) for line in self.lines]
        expression = (
            Case(*whens, default=Value(None), output_field=IntegerField())
            if whens
            else Value(None, output_field=IntegerField())
        )
        return goals.annotate(**{LINE_FIELD: expression})

    def group(self, items: Iterable[T], *, program_id=lambda item: item.program_id):
        """Items (goals, or anything with a programme) under their line, in the lines' order,
        those outside the lines last: [(line or None, [items])], only groups with items."""
        groups: dict[int | None, list[T]] = {}
        for item in items:
            groups.setdefault(self.key_of(program_id(item)), []).append(item)
        ordered: list[tuple[ProgrammeLine | None, list[T]]] = [
            (line, groups[line.key]) for line in self.lines if line.key in groups
        ]
        if None in groups:
            ordered.append((None, groups[None]))
        return ordered


def _chains(programs: list[Program]) -> list[tuple[Program, ...]]:
    """Each programme without a (known) predecessor followed by its successors."""
    by_pk = {p.pk: p for p in programs}
    successor = {p.predecessor_id: p for p in programs if p.predecessor_id in by_pk}
    chains = []
    for first in programs:
        if first.predecessor_id in by_pk:
            continue
        chain, seen, current = [first], {first.pk}, successor.get(first.pk)
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = successor.get(current.pk)
        chains.append(tuple(chain))
    return chains


def in_force(members: tuple[Program, ...], *, on: date) -> Program | None:
    """The member whose period covers the date, else the latest that started before it."""
    started = [p for p in members if p.period_start <= on]
    if not started:
        return None
    covering = [p for p in started if p.period_end >= on]
    return (covering or started)[-1]


def programme_lines(*, on: date) -> ProgrammeLines:
    """The programme lines in force on a date. One query."""
    programs = list(Program.objects.order_by("period_start", "pk"))
    lines = []
    for members in _chains(programs):
        current = in_force(members, on=on)
        if current is not None:
            lines.append(ProgrammeLine(members=members, programme=current))
    lines.sort(key=lambda line: (line.programme.number, line.programme.code))
    by_member = {pk: line for line in lines for pk in line.member_ids}
    return ProgrammeLines(on=on, lines=lines, by_member=by_member)
