"""Validation and small helpers shared by the goals services."""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import (
    DecimalField,
    Q,
)
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.numbers import parse_number
from thidua.org.models import Person, Unit

from ..choices import (
    GoalStatus,
    MetricType,
)
from ..models import (
    Goal,
    Program,
)

# Goals counted in their parent's progress (drafts and cancelled goals are not).
COUNTED = ~Q(status__in=[GoalStatus.DRAFT, GoalStatus.CANCELLED])
PROGRESS_FIELD: "DecimalField[Any, Any]" = DecimalField(max_digits=9, decimal_places=4)


# ---------------------------------------------------------------- validation helpers
def to_decimal(value: Any, *, field: str) -> Decimal:
    """A finite number from user input in the active language's format, or a clear error."""
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        try:
            number = parse_number(str(value), language=get_language() or "vi")
        except ValueError:
            raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if abs(number) >= Decimal("1e15"):
        raise ValidationError({field: _("The number is too large.")})
    return number


def _check_fits(*, model, field: str, value: Decimal) -> None:
    """Refuse a number its column cannot hold (digits, places, minimum): SQLite would store
    it anyway and every later read of the row would fail."""
    try:
        for validator in model._meta.get_field(field).validators:
            validator(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _check_value_in_range(*, metric_type: str, value: Decimal, field: str = "value") -> None:
    if metric_type == MetricType.PERCENT and not (0 <= value <= 100):
        raise ValidationError({field: _("A percentage must be between 0 and 100.")})
    if metric_type == MetricType.MILESTONE and value not in (0, 1):
        raise ValidationError({field: _("A milestone is 1 (done) or 0 (not done).")})


def _check_period(*, start: date, end: date, parent: Goal | None, program: Program | None) -> None:
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if parent is not None and not (parent.period_start <= start and end <= parent.period_end):
        raise ValidationError(
            {
                "parent": _(
                    "The parent goal's period (%(start)s–%(end)s) does not contain this goal's period."
                )
                % {
                    "start": parent.period_start.strftime("%d/%m/%Y"),
                    "end": parent.period_end.strftime("%d/%m/%Y"),
                }
            }
        )
    if program is not None and not (program.period_start <= start and end <= program.period_end):
        following = Program.objects.filter(predecessor=program).first()
        if following is not None and following.period_start <= start:
            raise ValidationError(
                {
                    "program": _(
                        "The goal's period lies outside the programme's period: from %(start)s "
                        "the programme goes on as “%(successor)s”; attach the goal to it."
                    )
                    % {"start": _day(following.period_start), "successor": following.name}
                }
            )
        raise ValidationError(
            {"program": _("The goal's period lies outside the programme's period.")}
        )


def _scope_unit(*, owner_unit: Unit | None, owner_person: Person | None) -> Unit:
    if (owner_unit is None) == (owner_person is None):
        raise ValidationError(_("A goal belongs to exactly one unit or one person."))
    return owner_unit if owner_unit is not None else cast(Person, owner_person).unit


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")
