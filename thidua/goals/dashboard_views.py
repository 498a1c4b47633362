"""The ministry dashboard by programme and the programme page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import dashboard
from .models import Program


@login_required
def ministry_dashboard(request):
    data = dashboard.ministry_dashboard(viewer=request.user)
    return render(request, "goals/dashboard.html", {"dashboard": data})


@login_required
def program_detail(request, pk: int):
    try:
        page = dashboard.program_page(viewer=request.user, pk=pk)
    except Program.DoesNotExist:
        raise Http404 from None
    return render(request, "goals/program.html", {"page": page})
