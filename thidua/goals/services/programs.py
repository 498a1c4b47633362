"""Programmes and their successors (a programme that goes on)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Program,
)
from ._common import _day

# ---------------------------------------------------------------- programmes that go on


def program_check_predecessor(*, program: Program, predecessor: Program | None) -> None:
    """A programme's period is whole; a successor starts after its predecessor ends (their
    periods never overlap), each programme has at most one successor, and a programme that
    already has a successor keeps ending before it starts."""
    if program.period_end < program.period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    following = Program.objects.filter(predecessor_id=program.pk).first() if program.pk else None
    if following is not None and following.period_start <= program.period_end:
        raise ValidationError(
            {
                "period_end": _(
                    "This programme goes on as “%(successor)s” from %(start)s: "
                    "it must end before that day."
                )
                % {"successor": following.name, "start": _day(following.period_start)}
            }
        )
    if predecessor is None:
        return
    if program.pk is not None and predecessor.pk == program.pk:
        raise ValidationError({"predecessor": _("A programme cannot continue itself.")})
    if program.period_start <= predecessor.period_end:
        raise ValidationError(
            {
                "predecessor": _(
                    "The successor's period (%(start)s–%(end)s) overlaps the period of "
                    "“%(predecessor)s” (%(pstart)s–%(pend)s): a successor programme starts "
                    "after its predecessor ends."
                )
                % {
                    "start": _day(program.period_start),
                    "end": _day(program.period_end),
                    "predecessor": predecessor.name,
                    "pstart": _day(predecessor.period_start),
                    "pend": _day(predecessor.period_end),
                }
            }
        )
    taken = Program.objects.filter(predecessor=predecessor).exclude(pk=program.pk).first()
    if taken is not None:
        raise ValidationError(
            {
                "predecessor": _("“%(predecessor)s” already goes on as “%(successor)s”.")
                % {"predecessor": predecessor.name, "successor": taken.name}
            }
        )


@transaction.atomic
def program_create(
    *,
    code: str,
    number: int,
    name: str,
    period_start: date,
    period_end: date,
    predecessor: Program | None = None,
    **fields: Any,
) -> Program:
    """A programme; with a predecessor, the programme that continues it in the next period.
    Other fields (description, lead_unit, source, is_illustrative) as given."""
    program = Program(
        code=code,
        number=number,
        name=name,
        period_start=period_start,
        period_end=period_end,
        predecessor=predecessor,
        **fields,
    )
    if predecessor is not None:
        Program.objects.select_for_update().filter(pk=predecessor.pk).first()
    program_check_predecessor(program=program, predecessor=predecessor)
    program.full_clean(exclude=["predecessor"])
    program.save()
    return program


@transaction.atomic
def program_set_predecessor(*, program: Program, predecessor: Program | None) -> Program:
    """Make a programme the successor of another (or of none)."""
    if predecessor is not None:
        Program.objects.select_for_update().filter(pk=predecessor.pk).first()
    program_check_predecessor(program=program, predecessor=predecessor)
    program.predecessor = predecessor
    program.save(update_fields=["predecessor", "updated_at"])
    return program
