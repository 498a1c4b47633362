"""Goals whose period has ended, closed by the head (one by one or all at once)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from thidua.core.params import id_param
from thidua.core.view_helpers import error_text, object_or_404

from .. import rules, selectors, services
from ..selectors.closing import goals_to_close

SHOWN = 500  # a head's list; more than this are closed by "close all" all the same


@login_required
@require_http_methods(["GET", "POST"])
def goals_to_close_page(request):
    """GET: the viewer's goals whose period has ended. POST `goal`: close that one (back to
    its page); POST `all`: close every goal of the list, or none when one is refused."""
    if request.method == "POST":
        return _close(request)
    goals = list(goals_to_close(viewer=request.user)[:SHOWN])
    return render(request, "goals/to_close.html", {"goals": goals})


def _close(request):
    if not rules._is_manager(request.user):
        raise PermissionDenied
    note = request.POST.get("note", "")[:500]
    pk = id_param(request.POST, "goal")
    if pk is not None:
        goal = object_or_404(selectors.goal_get, viewer=request.user, pk=pk)
        try:
            services.goal_close(actor=request.user, goal=goal, note=note)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Goal closed; its final progress is kept."))
        return redirect("goals:detail", pk=goal.pk)
    goals = list(goals_to_close(viewer=request.user))
    try:
        services.goals_close_ended(actor=request.user, goals=goals, note=note)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if goals:
            messages.success(
                request,
                ngettext("%(n)d goal closed.", "%(n)d goals closed.", len(goals))
                % {"n": len(goals)},
            )
    return redirect("goals:to_close")
