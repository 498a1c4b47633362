"""The ministry dashboard by programme and the programme page."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.params import BadParameter, id_param
from thidua.core.view_helpers import object_or_404
from thidua.org.models import Unit
from thidua.org.rules import viewer_scope

from .. import cycle_time, dashboard


def _cycle_month(request, *, today: date) -> date | None:
    """`cycle_month` as YYYY-MM, one of the kept months up to this one."""
    raw = (request.GET.get("cycle_month") or "").strip()
    if not raw:
        return None
    try:
        if not (raw.isascii() and len(raw) == 7 and raw[4] == "-"):
            raise ValueError
        month = date(int(raw[:4]), int(raw[5:]), 1)
    except ValueError:
        raise BadParameter(
            _("“%(name)s” must be a month written YYYY-MM.") % {"name": "cycle_month"}
        ) from None
    this_month = cycle_time.month_start(today)
    oldest = cycle_time.add_months(this_month, -(cycle_time.KEPT_MONTHS - 1))
    if not oldest <= month <= this_month:
        raise BadParameter(
            _("Cycle times are kept for the months from %(first)s to %(last)s.")
            % {"first": oldest.strftime("%m/%Y"), "last": this_month.strftime("%m/%Y")}
        )
    return month


def _cycle_unit(request) -> Unit | None:
    """`cycle_unit`: a unit the viewer covers (ministry-wide roles: any unit)."""
    pk = id_param(request.GET, "cycle_unit")
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not viewer_scope(request.user).covers_unit_path(unit.path):
        raise BadParameter(_("You may see the cycle times of your own units only."))
    return unit


@login_required
def ministry_dashboard(request):
    today = timezone.localdate()
    month, unit = _cycle_month(request, today=today), _cycle_unit(request)
    data = dashboard.ministry_dashboard(viewer=request.user, today=today)
    cycle = cycle_time.cycle_panel(viewer=request.user, month=month, unit=unit, today=today)
    return render(request, "goals/dashboard.html", {"dashboard": data, "cycle": cycle})


@login_required
def program_detail(request, pk: int):
    page = object_or_404(dashboard.program_page, viewer=request.user, pk=pk)
    return render(request, "goals/program.html", {"page": page})
