"""Pages of giao ban meetings; each calls the selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.core.params import BadParameter, id_param
from thidua.core.view_helpers import add_form_errors, flash_errors, object_or_404
from thidua.org.models import Person
from thidua.org.rules import viewer_scope
from thidua.org.unit_labels import label_units

from . import rules, selectors, services
from .choices import MeetingStatus
from .documents import notice_docx, notice_filename
from .forms import ConclusionForm, MeetingForm
from .models import BriefingMeeting, Conclusion
from .selectors import OPEN_TASK


def _meeting(request, pk: int) -> BriefingMeeting:
    return object_or_404(selectors.meeting_get, viewer=request.user, pk=pk)


def _asked(request) -> dict:
    """The scope and month a link asks to plan ("prepare the giao ban of 01/2027")."""
    initial = {}
    for name in ("scope", "year", "month"):
        value = request.GET.get(name, "").strip()
        if value and len(value) <= 12:
            initial[name] = value
    return initial


@login_required
def meeting_list(request):
    units = selectors.units_to_hold(viewer=request.user)
    groups = selectors.groups_to_hold(viewer=request.user)
    form = None
    if units or groups:
        form = MeetingForm(
            request.POST or None,
            units=units,
            groups=groups,
            chairs=selectors.chairs_to_choose(viewer=request.user),
            may_chair=rules.may_chair_meetings(request.user),
            initial=_asked(request),
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        unit, group = form.scope_value()
        chair = form.chair_value() or Person.objects.filter(user=request.user).first()
        try:
            if chair is None:
                raise ValidationError(_("Your account is not linked to a person."))
            meeting = services.meeting_create(
                actor=request.user,
                unit=unit,
                unit_group=group,
                year=form.cleaned_data["year"],
                month=form.cleaned_data["month"],
                held_on=form.cleaned_data["held_on"],
                chair=chair,
            )
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            messages.success(request, _("The meeting is planned; its agenda is ready."))
            return redirect("meetings:detail", pk=meeting.pk)
    meetings = list(selectors.meetings_visible(viewer=request.user)[:100])
    label_units(m.unit for m in meetings)  # "Văn phòng Cục — Cục …" where names repeat
    return render(request, "meetings/list.html", {"meetings": meetings, "form": form})


def _searching(request) -> bool:
    """The form's "Find" button (without JavaScript): show the people found, save nothing."""
    return request.method == "POST" and request.POST.get("action") == "search"


def _id_given(source, name: str) -> int | None:
    """An id the form's lists follow (the goal chosen, the person chosen), or None when it is
    not one: the form's own field then says what is wrong with the value posted."""
    try:
        return id_param(source, name)
    except BadParameter:
        return None


def _conclusion_form(request, meeting: BriefingMeeting) -> ConclusionForm:
    """The conclusion form, its assignee list showing a few people: those the search found
    (typed in the search box: htmx fills the list as one types, the "Find" button reloads the
    page with them, keeping what was written), else the first ones."""
    data = request.POST if request.method == "POST" else None
    search = (data or request.GET).get("assignee_q", "")[:80]
    goal = _id_given(data or request.GET, "goal")
    people = selectors.assignee_choices(meeting=meeting)
    shown = selectors.assignees_shown(
        meeting=meeting,
        search=search,
        chosen=_id_given(data, "assignee") if data else None,
        allowed=people,
    )
    goals = selectors.goal_choices(meeting=meeting)
    form = ConclusionForm(
        None if _searching(request) else data,
        initial=data.dict() if _searching(request) else None,
        people=people,
        goals=goals,
        key_results=selectors.key_result_choices(goals=goals),
        offered=selectors.key_results_offered(goals=goals, goal=goal),
        offered_url=reverse("meetings:key_results", args=[meeting.pk]),
        shown=shown,
    )
    form.search = search
    return form


@login_required
@require_GET
def assignee_search(request, pk: int):
    """The assignee list's options for what is typed in its search box (htmx): only people
    the meeting's recorder may assign, a few at a time."""
    meeting = _meeting(request, pk)
    if (
        not rules.can_manage_meeting(request.user, meeting)
        or meeting.status == MeetingStatus.CLOSED
    ):
        raise PermissionDenied
    form = _conclusion_form(request, meeting)
    return render(request, "meetings/partials/_assignee_options.html", {"form": form})


@login_required
@require_GET
def key_result_options(request, pk: int):
    """The key result list's options for the goal chosen (htmx, `?goal=<id>`): that goal's
    key results, when the meeting's conclusions may serve it."""
    meeting = _meeting(request, pk)
    if (
        not rules.can_manage_meeting(request.user, meeting)
        or meeting.status == MeetingStatus.CLOSED
    ):
        raise PermissionDenied
    offered = selectors.key_results_offered(
        goals=selectors.goal_choices(meeting=meeting), goal=_id_given(request.GET, "goal")
    )
    return render(request, "meetings/partials/_key_result_options.html", {"key_results": offered})


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    may_manage = rules.can_manage_meeting(request.user, meeting)
    form = None
    if may_manage and meeting.status != MeetingStatus.CLOSED:
        form = _conclusion_form(request, meeting)
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.conclusion_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error, by_field=False)
        else:
            messages.success(request, _("The conclusion is recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    takes_part = rules.can_view_meeting_agenda(request.user, meeting)
    conclusions = selectors.conclusions_visible(viewer=request.user, meeting=meeting)
    me = viewer_scope(request.user).person_id
    # Someone only assigned a conclusion reads the conclusions and their own assignments.
    agenda = selectors.meeting_agenda(viewer=request.user, meeting=meeting) if takes_part else None
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "carried_overdue": sum(c.is_overdue for c in agenda.carried) if agenda else 0,
        # the viewer's own assignments, shown first
        "mine": [c for c in conclusions if me and c.assignee_id == me],
        "conclusions": conclusions,
        # recorded, none of them for this reader: not "none recorded yet"
        "conclusions_hidden": not conclusions and meeting.conclusions.exists(),
        "previous": selectors.meeting_previous(meeting=meeting),
        "may_manage": may_manage,
        # a planned meeting whose day has passed: its conclusions are still to be recorded
        "date_passed": meeting.status != MeetingStatus.CLOSED
        and meeting.held_on < timezone.localdate(),
        "may_read_notice": rules.can_read_notice(request.user, meeting),
        "form": form,
        # an assignee reports their own open tasks done here
        "my_open_tasks": {
            c.task_id
            for c in conclusions
            if me and c.assignee_id == me and c.task and c.task.status in OPEN_TASK
        },
    }
    return render(request, "meetings/detail.html", context)


@login_required
@require_POST
def conclusion_delete(request, pk: int, item: int):
    meeting = _meeting(request, pk)
    conclusion = Conclusion.objects.filter(meeting=meeting, pk=item).first()
    if conclusion is None:
        raise Http404
    try:
        services.conclusion_delete(actor=request.user, conclusion=conclusion)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The conclusion is removed."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request, pk: int):
    meeting = _meeting(request, pk)
    try:
        services.meeting_close(actor=request.user, meeting=meeting)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The meeting is closed; the notice of conclusions is sent to those assigned."),
        )
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_GET
def meeting_notice(request, pk: int):
    meeting = _meeting(request, pk)
    conclusions = selectors.notice_conclusions(viewer=request.user, meeting=meeting)
    if not conclusions:
        raise Http404  # no notice of no conclusions (the page offers none either)
    data = notice_docx(meeting=meeting, conclusions=conclusions)
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{notice_filename(meeting)}"'
    return response
