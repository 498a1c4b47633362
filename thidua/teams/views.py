"""Pages of teams; each calls the selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import add_form_errors, error_text, form_error_text, object_or_404
from thidua.org.selectors import person_public_get

from . import rules, selectors, services
from .forms import TeamChangeForm, TeamForm, TeamGoalForm


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
    may_manage = rules.can_manage_team(request.user, team) and not team.is_closed
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
    may_change = rules.can_change_team(request.user, team)
    context = {
        "team": team,
        "members": selectors.team_members(team=team),
        "former_members": selectors.team_former_members(team=team),
        "goals": selectors.team_goals(team=team),
        "form": form,
        "may_change": not team.is_closed and may_change,
        # why someone left: for those who may remove members (lead, founder, leaders over it)
        "show_leave_reasons": may_change,
        "change_form": TeamChangeForm(),
    }
    return render(request, "teams/detail.html", context)


def _change(request, pk: int, write, done: str):
    """A POST that changes the team (remove a member, close it): the team as the page finds it
    (404/403), the right before the input, then the service; its refusal as a message."""
    team = object_or_404(selectors.team_get, viewer=request.user, pk=pk)
    if not rules.can_change_team(request.user, team):
        raise PermissionDenied
    form = TeamChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("teams:detail", pk=team.pk)
    try:
        with transaction.atomic():
            write(team=team, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect("teams:detail", pk=team.pk)


@login_required
@require_POST
def team_member_remove(request, pk: int, person_id: int):
    def write(**kwargs):
        # a name public to staff, read after the right to change the team: the service says
        # when they are not a member (or are its lead)
        person = object_or_404(person_public_get, viewer=request.user, pk=person_id)
        services.team_member_remove(actor=request.user, person=person, **kwargs)

    return _change(request, pk, write, _("The member is removed; the team's goals stay with it."))


@login_required
@require_POST
def team_close(request, pk: int):
    def write(**kwargs):
        services.team_close(actor=request.user, **kwargs)

    return _change(
        request, pk, write, _("The team is closed; its members no longer update its goals.")
    )
