"""The page editing a movement while it is a draft (the emulation office): the same form as
drafting it (MovementForm and the criteria rows), filled with what the draft holds, saved by
services.movement_edit.movement_update. A launched movement is not edited: back to its page
with the reason. Mounted by thidua/emulation/urls.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.numbers import format_number
from thidua.core.view_helpers import error_text, object_or_404

from .. import rules
from ..choices import CriterionSource
from ..forms import MovementForm
from ..models import Movement
from ..selectors import movements as selectors
from ..services.movement_edit import movement_update

ROWS_MAX = 30  # criteria rows read from the form (the API's limit too)
BLANK_ROWS = 2  # empty rows offered under the criteria, for new ones


def _row(name="", description="", weight="1", max_points="", source=CriterionSource.MANUAL):
    return {
        "name": name,
        "description": description,
        "weight": weight,
        "max_points": max_points,
        "source": source,
    }


def _rows_of(movement: Movement) -> list[dict]:
    return [
        _row(
            c.name,
            c.description,
            format_number(c.weight),
            format_number(c.max_points),
            c.source,
        )
        for c in movement.criteria.all()
    ]


def _rows_sent(data) -> list[dict]:
    """The criteria rows of the form, in order; rows the page did not show are not read."""
    return [
        _row(
            data.get(f"crit-{i}-name", ""),
            data.get(f"crit-{i}-description", ""),
            data.get(f"crit-{i}-weight", ""),
            data.get(f"crit-{i}-max_points", ""),
            data.get(f"crit-{i}-source", CriterionSource.MANUAL),
        )
        for i in range(ROWS_MAX)
        if f"crit-{i}-name" in data
    ]


def _with_blanks(rows: list[dict]) -> list[dict]:
    filled = [r for r in rows if r["name"].strip() or r["max_points"].strip()]
    return (filled + [_row() for _i in range(BLANK_ROWS)])[:ROWS_MAX]


def _initial(movement: Movement) -> dict:
    return {
        "name": movement.name,
        "kind": movement.kind,
        "objectives": movement.objectives,
        "period_start": movement.period_start,
        "period_end": movement.period_end,
        "launched_by": movement.launched_by_id,
        "scope_units": [u.pk for u in movement.scope_units.all()],
        "clusters": [c.pk for c in movement.clusters.all()],
    }


@login_required
def movement_edit(request, pk: int):
    movement = object_or_404(selectors.movement_get, viewer=request.user, pk=pk)
    if not rules.can_manage_movement(request.user):
        raise PermissionDenied
    if not rules.can_edit_movement(request.user, movement):
        messages.error(
            request, _("Only a draft movement can be edited: this one has already been launched.")
        )
        return redirect("emulation:movement_detail", pk=movement.pk)
    if request.method == "POST":
        form = MovementForm(request.POST)
        rows = _rows_sent(request.POST)
        if form.is_valid():
            try:
                movement_update(
                    actor=request.user,
                    movement=movement,
                    criteria=[r for r in rows if r["name"].strip()],
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            else:
                messages.success(request, _("Movement saved. It is still a draft."))
                return redirect("emulation:movement_detail", pk=movement.pk)
    else:
        form = MovementForm(initial=_initial(movement))
        rows = _rows_of(movement)
    context = {
        "movement": movement,
        "form": form,
        "rows": _with_blanks(rows),
        "sources": CriterionSource.choices,
    }
    return render(request, "emulation/movements/edit.html", context)
