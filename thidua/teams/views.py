"""Pages of teams; each calls the selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.view_helpers import add_form_errors, object_or_404

from . import rules, selectors, services
from .forms import TeamForm, TeamGoalForm


@login_required
def team_list(request):
    form = None
    if rules.can_form_teams(request.user):
        units, people = selectors.form_choices(viewer=request.user)
        form = TeamForm(request.POST or None, units=units, people=people)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.team_create(actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            messages.success(request, _("The team is formed."))
            return redirect("teams:detail", pk=team.pk)
    teams = selectors.teams_visible(viewer=request.user)[:200]
    return render(request, "teams/list.html", {"teams": teams, "form": form})


@login_required
def team_detail(request, pk: int):
    team = object_or_404(selectors.team_get, viewer=request.user, pk=pk)
    may_manage = rules.can_manage_team(request.user, team)
    form = TeamGoalForm(request.POST or None) if may_manage else None
    if request.method == "POST" and form is None:
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_goal_create(
                actor=request.user,
                team=team,
                title=data["title"],
                key_results=[
                    {
                        "title": data["key_result"],
                        "baseline": data["baseline"] or 0,
                        "target": data["target"],
                    }
                ],
            )
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            messages.success(request, _("The team goal is set; every member can check in on it."))
            return redirect("teams:detail", pk=team.pk)
    context = {
        "team": team,
        "members": selectors.team_members(team=team),
        "goals": selectors.team_goals(team=team),
        "form": form,
    }
    return render(request, "teams/detail.html", context)
