"""The platform guides the work: checks on a goal as it is written, each with a hint."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.core.numbers import format_number

from .choices import Direction, MetricType

NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Hint:
    code: str
    message: str


def goal_hints(goal, key_results, *, siblings_weight_total: Decimal | None = None) -> list[Hint]:
    """Hints for a goal and its key results (objects or anything with the same attributes)."""
    hints: list[Hint] = []
    if not key_results:
        hints.append(Hint("no_key_results", _("Add at least one measurable key result.")))
    for kr in key_results:
        if kr.metric_type == MetricType.MILESTONE and not NUMBER.search(kr.title):
            hints.append(
                Hint(
                    "no_number",
                    _("“%(kr)s” has no number: say how much, how many or by when.")
                    % {"kr": kr.title},
                )
            )
        if kr.due_date is None:
            hints.append(Hint("no_deadline", _("“%(kr)s” has no due date.") % {"kr": kr.title}))
        if kr.previous_actual is not None and kr.metric_type != MetricType.MILESTONE:
            too_low = (
                kr.target <= kr.previous_actual
                if kr.direction == Direction.UP
                else kr.target >= kr.previous_actual
            )
            if too_low:
                hints.append(
                    Hint(
                        "not_high_enough",
                        _(
                            "“%(kr)s”: the target does not go beyond last period's actual (%(actual)s). "
                            "Goals should be high enough to be challenging."
                        )
                        % {"kr": kr.title, "actual": format_number(kr.previous_actual)},
                    )
                )
    if goal.parent_id is None and goal.program_id is None:
        hints.append(Hint("no_parent", _("Link this goal to the goal or programme it serves.")))
    weights = [kr.weight for kr in key_results]
    if len(weights) > 1 and max(weights) > 1 and sum(weights) != 100:
        hints.append(
            Hint(
                "weights",
                _("Key result weights add up to %(total)s, not 100.")
                % {"total": format_number(sum(weights))},
            )
        )
    if (
        siblings_weight_total is not None
        and siblings_weight_total > 1
        and siblings_weight_total != 100
    ):
        hints.append(
            Hint(
                "sibling_weights",
                _("The weights of the goals under the same parent add up to %(total)s, not 100.")
                % {"total": format_number(siblings_weight_total)},
            )
        )
    return hints
