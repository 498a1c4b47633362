"""Party pages: cell meetings (hard problem, chosen solution, the goals task)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.view_helpers import add_form_errors, flash_errors, object_or_404
from thidua.org.selectors import party_members_in_subtree

from .. import rules, selectors, services
from ..forms import ChooseForm, MeetingForm, ProposalForm


@login_required
def meeting_list(request):
    secretary_cells = selectors.cells_managed(viewer=request.user)
    if request.method == "POST" and not secretary_cells.exists():
        raise PermissionDenied  # only a cell's secretary organises its meetings
    form = MeetingForm(request.POST or None, cells=secretary_cells)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            return redirect("party:meeting", pk=meeting.pk)
    context = {
        "meetings": selectors.meeting_list(viewer=request.user),
        "form": form,
        "may_create": secretary_cells.exists(),
    }
    return render(request, "party/meetings.html", context)


@login_required
def meeting_detail(request, pk: int):
    meeting = object_or_404(selectors.meeting_get, viewer=request.user, pk=pk)
    members = party_members_in_subtree(organization=meeting.cell).order_by("full_name")
    proposal_form = ProposalForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose":
                proposal_form = ProposalForm(request.POST)
                if proposal_form.is_valid():
                    services.meeting_propose_solution(
                        actor=request.user, meeting=meeting, text=proposal_form.cleaned_data["text"]
                    )
                    return redirect("party:meeting", pk=pk)
            elif action == "choose":
                choose = ChooseForm(request.POST, members=members)
                if choose.is_valid():
                    proposal = meeting.proposals.filter(pk=choose.cleaned_data["proposal"]).first()
                    if proposal is None:
                        raise Http404
                    services.meeting_choose_solution(
                        actor=request.user,
                        meeting=meeting,
                        proposal=proposal,
                        assignee=choose.cleaned_data["assignee"],
                        due_date=choose.cleaned_data["due_date"],
                        votes=choose.cleaned_data["votes"],
                    )
                    messages.success(request, _("The chosen solution is now a task."))
                    return redirect("party:meeting", pk=pk)
            elif action == "held":
                services.meeting_mark_held(actor=request.user, meeting=meeting)
                return redirect("party:meeting", pk=pk)
        except ValidationError as error:
            flash_errors(request, error)
    context = {
        "meeting": meeting,
        "proposals": meeting.proposals.select_related("author"),
        "previous": selectors.meeting_previous(meeting=meeting),
        "proposal_form": proposal_form,
        "choose_form": ChooseForm(members=members),
        "may_manage": rules.can_manage_meeting(request.user, meeting),
        "may_propose": rules.can_propose_solution(request.user, meeting)
        and meeting.chosen_solution_id is None,
    }
    return render(request, "party/meeting.html", context)
