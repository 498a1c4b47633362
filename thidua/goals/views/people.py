"""A person's goals for a head over their unit, with the same choice of years as the person
has on "Mục tiêu của tôi" (issue 12): the current period's and the ended ones not closed,
or with `?year=` all those of a year. The person and the year are checked in the selectors;
the listing is the one of "Mục tiêu của tôi" (goals.goals_by_year)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from thidua.core.params import year_param
from thidua.core.view_helpers import object_or_404

from ..selectors import mine
from .goals import goals_by_year


@login_required
def person_goals(request, pk: int):
    person = object_or_404(mine.person_for_goals, viewer=request.user, pk=pk)
    today = timezone.localdate()
    year = year_param(request.GET, "year")  # what is no year: the 400 page, as on my goals
    context = {"person": person, "today": today, **goals_by_year(request, person, today, year)}
    return render(request, "goals/person_goals.html", context)
