from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.params import date_param, id_param, next_url_param, year_param
from thidua.core.view_helpers import (
    add_form_errors,
    error_text,
    form_error_text,
    object_or_404,
    page_of,
    redirect_next,
)
from thidua.org.models import Person, Unit
from thidua.org.selectors import person_for_user, unit_get
from thidua.org.unit_labels import label_units

from .. import rules, selectors, services, streaks
from ..checkin_checks import UnusualCheckIn
from ..choices import GoalStatus, TaskStatus
from ..forms import CheckInForm, DailyLogForm, GoalForm, KeyResultFormSet, TaskForm, TaskStatusForm
from ..hints import goal_hints
from ..models import Goal
from ..programmes import programme_lines
from ..selectors import mine, verifiers

VERIFY_PAGE_SIZE = 25  # goals a page of "Check-ins to verify"


def _goal_or_404(request, pk: int) -> Goal:
    return object_or_404(selectors.goal_get, viewer=request.user, pk=pk)


@login_required
def my_goals(request):
    person = person_for_user(user=request.user)
    today = timezone.localdate()
    year = year_param(request.GET, "year")  # a past year's goals; none: the current period's
    context = {
        "person": person,
        "awaiting": selectors.goals_awaiting_response(viewer=request.user).select_related("parent"),
        "proposals": selectors.proposals_awaiting_decision(viewer=request.user),
        "log_form": DailyLogForm(),
        "task_form": TaskForm(),
        "today": today,  # a goal past its period, a task due before it, as "Việc của tôi" says
    }
    if person is not None:
        context.update(goals_by_year(request, person, today, year))
    if person is not None and year is None:  # today's work: on the current period's page only
        tasks = list(selectors.tasks_due(person=person, within_days=30))
        context.update(
            tasks=tasks,
            # the goals the tasks serve that the person may open (the others: title alone)
            task_goal_links={
                t.pk
                for t in tasks
                if t.key_result_id and rules.can_view_goal(request.user, t.key_result.goal)
            },
            streak=streaks.improvement_streak(person=person, today=today),
            compounding_chart=streaks.compounding_chart(person=person, today=today),
            unit=person.unit,
        )
    return render(request, "goals/mine.html", context)


def goals_by_year(request, person: Person, today: date, year: int | None) -> dict:
    """The person's goals for the page: by default those of the current period and, apart,
    those whose period ended and that wait to be closed; with `?year=` all those of that
    year (closed ones with their final result). The years offered are those they have goals
    in; another year shows none (what is no year was refused with the 400 page)."""
    years = mine.goal_years_of_person(viewer=request.user, person=person)
    if year is None:
        return {
            "goals": selectors.goals_of_person(viewer=request.user, person=person, period_on=today),
            "ended_goals": mine.ended_goals_of_person(
                viewer=request.user, person=person, today=today
            ),
            "years": years,
            "year": None,
        }
    return {
        "goals": mine.goals_of_person_in_year(viewer=request.user, person=person, year=year),
        "years": years,
        "year": year,
    }


@login_required
def goal_detail(request, pk: int):
    goal = _goal_or_404(request, pk)
    key_results = list(goal.key_results.all())
    # the weights of the goals under the same parent are a matter for whoever may edit the
    # parent (and so rebalance its children), not for the owner of one of them
    siblings = (
        goal.parent.children.exclude(status=GoalStatus.CANCELLED).values_list("weight", flat=True)
        if goal.parent_id and rules.can_edit_goal(request.user, goal.parent)
        else []
    )
    context = {
        "goal": goal,
        "key_results": key_results,
        "children": selectors.visible_goals(viewer=request.user)
        .filter(parent=goal)
        .select_related("owner_unit", "owner_person"),
        "supports": goal.supports.all(),
        "supported_by": goal.supported_by.all(),
        # weights left at 1 weigh the goals equally; only shares of 100 are added up (as for
        # key results)
        "hints": goal_hints(
            goal,
            key_results,
            siblings_weight_total=sum(siblings) if siblings and max(siblings) > 1 else None,
        ),
        # the work moving each key result (giao ban assignments included) the viewer may read
        "kr_work": selectors.key_result_work(viewer=request.user, goal=goal),
        "history": {  # lists: the latest is also offered for verification beside the value
            kr.pk: list(selectors.checkin_history(viewer=request.user, key_result=kr)[:10])
            for kr in key_results
        },
        # one form a key result, each with its own ids: a label opens its own field (issue 12)
        "checkin_forms": {kr.pk: CheckInForm(auto_id=f"kr{kr.pk}-%s") for kr in key_results},
        "may_check_in": rules.can_check_in(request.user, key_results[0]) if key_results else False,
        "may_edit": rules.can_edit_goal(request.user, goal),
        "may_close": goal.status == GoalStatus.ACTIVE
        and goal.period_end < timezone.localdate()
        and rules.can_close_goal(request.user, goal),
        "may_respond": rules.can_respond_to_assignment(request.user, goal),
        # a head reaches the person's other goals, every year's (the person: "Mục tiêu của tôi")
        "person_goals": goal.owner_person is not None
        and goal.owner_person.user_id != request.user.pk
        and rules.can_view_person_goals(request.user, goal.owner_person),
        "may_see_evidence": rules.can_see_evidence(request.user, goal),
        # each change in words: the key result's title, the target as a number (issue 12)
        "pending_proposals": selectors.goal_pending_proposals(
            viewer=request.user, goal=goal, key_results=key_results
        ),
    }
    return render(request, "goals/detail.html", context)


@login_required
@require_POST
def checkin_create(request, kr_pk: int):
    key_result = object_or_404(selectors.key_result_get, viewer=request.user, pk=kr_pk)
    form = CheckInForm(request.POST, request.FILES)
    error = None
    checkin = None
    if form.is_valid():
        try:
            checkin = services.checkin_create(
                actor=request.user,
                key_result=key_result,
                value=form.cleaned_data["value"],
                confidence=form.cleaned_data["confidence"],
                checked_on=form.cleaned_data["checked_on"],
                comment=form.cleaned_data["comment"],
                evidence=form.cleaned_data["evidence"],
                confirmed=form.cleaned_data["confirm_unusual"],
            )
        except UnusualCheckIn as exc:
            # nothing saved: the person confirms (or corrects) with the reason in front of them
            return render(
                request,
                "goals/checkin_confirm.html",
                {"key_result": key_result, "form": form, "reason": exc.reason},
            )
        except ValidationError as exc:
            error = error_text(exc)
    else:
        error = form_error_text(form)
    if error:
        messages.error(request, error)
    elif checkin is not None and (names := verifiers.checkin_verifiers(checkin=checkin)):
        messages.success(
            request,
            _("Check-in recorded. Waiting for %(names)s to verify it.")
            % {"names": get_text_list(names, _("or"))},
        )
    else:
        messages.success(request, _("Check-in recorded."))
    return redirect_next(request, "goals:detail", pk=key_result.goal_id)


@login_required
@require_POST
def checkin_verify(request, pk: int):
    checkin = object_or_404(selectors.checkin_get, viewer=request.user, pk=pk)
    services.checkin_verify(actor=request.user, checkin=checkin)
    messages.success(request, _("Check-in verified."))
    return redirect("goals:detail", pk=checkin.key_result.goal_id)


@login_required
def checkins_to_verify(request):
    """The goals whose latest check-ins wait for this head's verification, oldest first,
    VERIFY_PAGE_SIZE goals a page."""
    works = selectors.checkins_awaiting_verification(viewer=request.user)
    page = page_of(request, works, VERIFY_PAGE_SIZE)
    return render(request, "goals/checkins_to_verify.html", {"page": page})


@login_required
@require_POST
def goal_accept(request, pk: int):
    goal = _goal_or_404(request, pk)
    services.goal_accept(actor=request.user, goal=goal)
    messages.success(request, _("Goal accepted."))
    return redirect("goals:detail", pk=goal.pk)


@login_required
@require_POST
def goal_publish(request, pk: int):
    """Publish a draft one wrote for oneself (or a head for their unit): no acceptance needed."""
    goal = _goal_or_404(request, pk)
    services.goal_activate(actor=request.user, goal=goal)
    messages.success(request, _("Goal published."))
    return redirect("goals:detail", pk=goal.pk)


@login_required
@require_POST
def goal_propose(request, pk: int):
    goal = _goal_or_404(request, pk)
    changes = [
        {"key_result": kr.pk, "target": request.POST.get(f"target-{kr.pk}", "").strip()}
        for kr in goal.key_results.all()
        if request.POST.get(f"target-{kr.pk}", "").strip() not in ("", str(kr.target))
    ]
    try:
        services.goal_propose_changes(
            actor=request.user, goal=goal, changes=changes, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("Your proposal was sent to the head who assigned the goal."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("goals:detail", pk=goal.pk)


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = object_or_404(selectors.goal_proposal_get, viewer=request.user, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.goal_proposal_decide(
            actor=request.user,
            proposal=proposal,
            approve=approve,
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as exc:  # e.g. already decided
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Proposal approved.") if approve else _("Proposal rejected."))
    return redirect("goals:detail", pk=proposal.goal_id)


@login_required
def goal_new(request):
    """A new goal: one's own, or (for a head) cascaded from a parent to a sub-unit or person."""
    parent = None
    parent_id = id_param(request.GET, "parent") or id_param(request.POST, "parent")
    if parent_id is not None:
        parent = _goal_or_404(request, parent_id)
    me = person_for_user(user=request.user)
    owner_choices = _owner_choices(request.user, me, parent)
    initial = {}
    if parent is not None:
        initial = {
            "period_kind": parent.period_kind,
            "period_start": parent.period_start,
            "period_end": parent.period_end,
        }
    form = GoalForm(request.POST or None, initial=initial)
    formset = KeyResultFormSet(request.POST or None, prefix="kr")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        owner_key = request.POST.get("owner", "")
        owner = owner_choices.get(owner_key)
        if owner is None:
            form.add_error(None, _("Choose whose goal this is."))
        else:
            krs = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and f.cleaned_data.get("title")
            ]
            fields = {**form.cleaned_data, "key_results": krs}
            owner_kw = (
                {"owner_person": owner} if isinstance(owner, Person) else {"owner_unit": owner}
            )
            try:
                if parent is not None and owner != me:
                    goal = services.goal_assign(
                        actor=request.user, parent=parent, **owner_kw, **fields
                    )
                else:
                    goal = services.goal_create(
                        actor=request.user, parent=parent, **owner_kw, **fields
                    )
            except ValidationError as exc:
                add_form_errors(form, exc, by_field=False)
            else:
                messages.success(request, _("Goal saved."))
                return redirect("goals:detail", pk=goal.pk)
    return render(
        request,
        "goals/new.html",
        {"form": form, "formset": formset, "parent": parent, "owner_choices": owner_choices},
    )


def _owner_choices(user, me, parent) -> dict:
    """Whom the user may set this goal for: themselves, and (heads) the units and people
    of their subtree, limited to the parent's unit subtree when cascading."""
    from thidua.org.rules import viewer_scope

    choices = {}
    if me is not None:
        choices[f"p{me.pk}"] = me
    scope = viewer_scope(user)
    if scope.unit_paths or scope.everything:
        base = parent.scope_unit.path if parent else ""
        units = list(
            Unit.objects.filter(valid_to__isnull=True, path__startswith=base).order_by("path")
        )
        label_units(units)  # "Văn phòng Cục — Cục An toàn thông tin": one of several alike
        for unit in units:
            if rules.can_create_goal_for(user, unit):
                choices[f"u{unit.pk}"] = unit
        people = Person.objects.filter(is_active=True, unit__path__startswith=base).select_related(
            "unit"
        )[:500]
        for person in people:
            if rules.can_create_goal_for(user, person):
                choices[f"p{person.pk}"] = person
    return choices


@login_required
def unit_goal_tree(request, pk: int):
    # a unit is a reference row every member of staff sees; goal_tree shows only the goals
    # the viewer may see
    unit = object_or_404(unit_get, viewer=request.user, pk=pk)
    on = date_param(request.GET, "on", default=timezone.localdate())
    roots = selectors.goal_tree(viewer=request.user, unit=unit, period_on=on)
    context = {"unit": unit, "roots": roots, "on": on}
    context["groups"] = programme_lines(on=on).group(roots)  # as the review groups them
    context["unit_streaks"] = streaks.unit_streak_panel(viewer=request.user, unit=unit, on=on)
    return render(request, "goals/tree.html", context)


@login_required
@require_POST
def goal_supports(request, pk: int):
    """Link this goal to another it also supports (shown on both, not rolled up)."""
    goal = _goal_or_404(request, pk)
    raw = request.POST.get("supported", "").strip().lstrip("#")
    if not (raw.isascii() and raw.isdigit()):
        messages.error(request, _("Enter the number of the goal this one supports."))
        return redirect("goals:detail", pk=goal.pk)
    supported = _goal_or_404(request, id_param({"supported": raw}, "supported"))
    try:
        services.goal_link_supports(actor=request.user, goal=goal, supported=supported)
        messages.success(request, _("Link saved."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("goals:detail", pk=goal.pk)


@login_required
def checkin_evidence(request, pk: int):
    """A check-in's evidence file, for those who may see the unit's private data."""
    checkin = object_or_404(selectors.checkin_get, viewer=request.user, pk=pk)
    goal = checkin.key_result.goal
    if not checkin.evidence or not rules.can_see_evidence(request.user, goal):
        raise PermissionDenied
    return FileResponse(
        checkin.evidence.open("rb"),
        as_attachment=True,
        filename=checkin.evidence.name.rsplit("/", 1)[-1],
    )


@login_required
@require_POST
def checkin_update(request, pk: int):
    """The author corrects an unverified check-in."""
    checkin = object_or_404(selectors.checkin_get, viewer=request.user, pk=pk)
    try:
        services.checkin_update(
            actor=request.user,
            checkin=checkin,
            value=request.POST.get("value"),
            comment=request.POST.get("comment"),
            confirmed=bool(request.POST.get("confirm_unusual")),
        )
        messages.success(request, _("Check-in corrected."))
    except UnusualCheckIn as exc:
        # nothing saved: the same confirmation step as when a check-in is recorded
        return render(
            request,
            "goals/checkin_correct_confirm.html",
            {
                "checkin": checkin,
                "key_result": checkin.key_result,
                "value": request.POST.get("value", ""),
                "comment": request.POST.get("comment"),
                "reason": exc.reason,
            },
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("goals:detail", pk=checkin.key_result.goal_id)


@login_required
def goal_children(request, pk: int):
    """The personal goals under a goal: an htmx partial loaded when a tree node opens."""
    goal = _goal_or_404(request, pk)
    children = selectors.goal_children(viewer=request.user, goal=goal).filter(
        owner_person__isnull=False
    )
    return render(request, "goals/partials/_goal_nodes.html", {"nodes": children, "lazy": True})


@login_required
@require_POST
def task_create(request):
    person = person_for_user(user=request.user)
    form = TaskForm(request.POST)
    if person is None or not form.is_valid():
        return HttpResponseBadRequest(_("Enter a task title."))
    key_result = None
    if form.cleaned_data.get("key_result"):
        key_result = object_or_404(
            selectors.key_result_get, viewer=request.user, pk=form.cleaned_data["key_result"]
        )
    try:
        services.task_create(
            actor=request.user,
            title=form.cleaned_data["title"],
            owner=person,
            key_result=key_result,
            due_date=form.cleaned_data["due_date"],
        )
        messages.success(request, _("Task added."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("goals:mine")


@login_required
@require_POST
def task_status(request, pk: int):
    task = object_or_404(selectors.task_get, viewer=request.user, pk=pk)
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown status."))
    services.task_set_status(actor=request.user, task=task, status=form.cleaned_data["status"])
    if task.status == TaskStatus.DONE:
        messages.success(request, _("Marked done: %(task)s") % {"task": task.title})
    # back where it was marked (a giao ban's page for its assignment), else to one's goals
    return redirect(next_url_param(request) or "goals:mine")


@login_required
@require_POST
def daily_log_add(request):
    person = person_for_user(user=request.user)
    form = DailyLogForm(request.POST)
    if person is None:
        raise PermissionDenied
    if not form.is_valid():
        if "text" in form.errors:
            messages.error(request, _("Write what you did."))
        else:
            messages.error(request, " ".join(form.errors.get("logged_on", [])))
        return redirect(f"{reverse('goals:mine')}#log")
    try:
        services.daily_log_add(
            actor=request.user,
            person=person,
            text=form.cleaned_data["text"],
            logged_on=form.cleaned_data["logged_on"],
            is_improvement=form.cleaned_data["is_improvement"],
        )
        messages.success(request, _("Saved to your work log."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(f"{reverse('goals:mine')}#log")
