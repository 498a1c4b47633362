"""What the movement writes share (services.movements and services.movement_scores): the
acting user, the movement's row locked, and numbers typed in the active language's format.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.numbers import parse_number

from ..models import Movement

POINTS_LIMIT = Decimal("100000")  # Criterion/CriterionScore points: 7 digits, 2 decimals
CENT = Decimal("0.01")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _decimal(value: Any, *, what: str, code: str) -> Decimal:
    """A number typed in the active language's format (7,5 in Vietnamese), or a clear error."""
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        try:
            number = parse_number(str(value), language=get_language() or "vi")
        except ValueError:
            raise ValidationError(
                _("%(what)s: enter a number.") % {"what": what}, code=code
            ) from None
    if not number.is_finite() or abs(number) >= POINTS_LIMIT:
        raise ValidationError(_("%(what)s: the number is too large.") % {"what": what}, code=code)
    return number


def _lock(movement: Movement) -> Movement:
    return Movement.objects.select_for_update().get(pk=movement.pk)
