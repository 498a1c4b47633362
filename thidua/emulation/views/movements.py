"""Pages for movements (phong trào thi đua): the list, a movement with its criteria,
registrations, rankings and lessons, registering, score entry, and lessons and exemplars
with their adoptions (nhân rộng). Mounted at /emulation/ (namespace "emulation")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.params import BadParameter, id_param, parse_int
from thidua.core.view_helpers import error_text, flash_errors, form_error_text, object_or_404
from thidua.org.models import Person

from .. import rules
from ..choices import MOVEMENT_FLOW, CriterionSource, MovementStatus
from ..forms import AdoptionForm, LessonForm, MovementForm
from ..models import Lesson, Movement
from ..selectors import movements as selectors
from ..selectors import practices as practice_selectors
from ..services import movements as services

CRITERIA_ROWS = 6  # blank criterion rows on the new-movement page; empty ones are ignored


def _movement_or_404(request, pk: int) -> Movement:
    return object_or_404(selectors.movement_get, viewer=request.user, pk=pk)


def _lesson_or_404(request, pk: int) -> Lesson:
    return object_or_404(selectors.lesson_get, viewer=request.user, pk=pk)


def _next_label(movement: Movement) -> tuple[str | None, str]:
    following = services.movement_next_status(movement)
    return following, dict(MovementStatus.choices).get(following, "")


def _flow(movement: Movement) -> list[dict]:
    """The movement's steps, those behind it marked done and its own current."""
    current = MOVEMENT_FLOW.index(movement.status)
    labels = dict(MovementStatus.choices)
    return [
        {"label": labels[status], "done": i < current, "current": i == current}
        for i, status in enumerate(MOVEMENT_FLOW)
    ]


# ---------------------------------------------------------------- movements
@login_required
def movement_list(request):
    context = {
        "movements": selectors.movement_list(viewer=request.user),
        "may_manage": rules.can_manage_movement(request.user),
        "lessons": selectors.most_replicated_lessons(viewer=request.user, limit=5),
    }
    return render(request, "emulation/movements/list.html", context)


def _criteria_rows(data) -> list[dict]:
    return [
        {
            "name": data.get(f"crit-{i}-name", ""),
            "weight": data.get(f"crit-{i}-weight", "1"),
            "max_points": data.get(f"crit-{i}-max_points", ""),
            "source": data.get(f"crit-{i}-source", CriterionSource.MANUAL),
        }
        for i in range(CRITERIA_ROWS)
    ]


@login_required
def movement_new(request):
    if not rules.can_manage_movement(request.user):
        raise PermissionDenied
    form = MovementForm(request.POST or None)
    rows = _criteria_rows(request.POST) if request.method == "POST" else _criteria_rows({})
    if request.method == "POST" and form.is_valid():
        try:
            movement = services.movement_create(
                actor=request.user,
                criteria=[r for r in rows if r["name"].strip()],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Movement drafted. Launch it when it is ready."))
            return redirect("emulation:movement_detail", pk=movement.pk)
    return render(
        request,
        "emulation/movements/new.html",
        {"form": form, "rows": rows, "sources": CriterionSource.choices},
    )


def _register_context(
    request, movement: Movement, chosen_key: str | None = None, *, with_form: bool = True
) -> dict:
    """The registration form: whom the viewer may register (each with their current
    registration), the chosen one, their clusters and their own goals with key results."""
    registrants = selectors.registrants_for(viewer=request.user, movement=movement)
    open_ones = [r for r in registrants if r.registration is None]
    chosen = next((r for r in open_ones if r.key == chosen_key), None) or (
        open_ones[0] if open_ones else None
    )
    context = {"registrants": registrants, "open_registrants": open_ones, "chosen": chosen}
    if chosen is not None and with_form:
        unit = chosen.unit or chosen.person.unit
        context["clusters"] = list(selectors.clusters_for(movement=movement, unit=unit))
        context["goals"] = selectors.linkable_goals(registrant=chosen, movement=movement)
    return context


@login_required
def movement_detail(request, pk: int):
    movement = _movement_or_404(request, pk)
    user = request.user
    following, following_label = _next_label(movement)
    show_results = selectors.results_visible(viewer=user, movement=movement)
    context = {
        "movement": movement,
        "criteria": list(movement.criteria.all()),
        "next_status": following,
        "next_label": following_label,
        "may_manage": rules.can_manage_movement(user),
        "may_edit": rules.can_edit_movement(user, movement),
        "may_score": rules.can_score_registration(user, None)
        and movement.status in services.SCORING_STATUSES,
        "may_publish": rules.can_manage_movement(user)
        and movement.status in services.PUBLISH_STATUSES
        and movement.results_published_at is None,
        "registration_open": movement.status == MovementStatus.REGISTRATION_OPEN,
        "may_withdraw": movement.status in services.WITHDRAW_STATUSES,
        "registrations": selectors.registration_list(viewer=user, movement=movement),
        "show_results": show_results,
        "rankings": selectors.rankings(viewer=user, movement=movement) if show_results else [],
        "lessons": selectors.lesson_list(viewer=user, movement=movement),
        "flow": _flow(movement),
    }
    if context["registration_open"] or context["may_withdraw"]:
        context.update(_register_context(request, movement, with_form=context["registration_open"]))
        context["my_registration_ids"] = {
            r.registration.pk for r in context["registrants"] if r.registration
        }
    return render(request, "emulation/movements/detail.html", context)


@login_required
@require_POST
def movement_advance(request, pk: int):
    movement = _movement_or_404(request, pk)
    try:
        movement = services.movement_advance(
            actor=request.user, movement=movement, to_status=request.POST.get("to") or None
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The movement is now: %(status)s.") % {"status": movement.get_status_display()},
        )
    return redirect("emulation:movement_detail", pk=movement.pk)


@login_required
@require_POST
def movement_publish(request, pk: int):
    movement = _movement_or_404(request, pk)
    try:
        services.results_publish(actor=request.user, movement=movement)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Results published: everyone can now see the rankings."))
    return redirect("emulation:movement_detail", pk=movement.pk)


def _ids(values) -> set[int]:
    return {parse_int(str(v), name="id", min_value=1) for v in values if str(v).strip()}


@login_required
def movement_register(request, pk: int):
    """Register oneself or a unit one heads: commitments, cluster, own goals and key results."""
    movement = _movement_or_404(request, pk)
    key = request.POST.get("as") or request.GET.get("as")
    context = {
        "movement": movement,
        "registration_open": movement.status == MovementStatus.REGISTRATION_OPEN,
        **_register_context(request, movement, key),
    }
    chosen = context["chosen"]
    if request.method == "POST":
        if chosen is None or chosen.key != key:
            messages.error(request, _("Choose whom to register."))
            return render(request, "emulation/movements/register.html", context, status=400)
        goals = {g.pk: g for g in context["goals"]}
        key_results = {kr.pk: kr for g in context["goals"] for kr in g.key_results.all()}
        goal_ids, kr_ids = _ids(request.POST.getlist("goals")), _ids(request.POST.getlist("kr"))
        clusters = {str(c.pk): c for c in context["clusters"]}
        cluster_key = request.POST.get("cluster", "")
        try:
            if not (goal_ids <= goals.keys() and kr_ids <= key_results.keys()):
                raise ValidationError(
                    _("Only the registrant's own goals and key results can be linked.")
                )
            if cluster_key and cluster_key not in clusters:
                raise ValidationError(_("Choose one of the clusters offered."))
            services.registration_create(
                actor=request.user,
                movement=movement,
                unit=chosen.unit,
                person=chosen.person,
                commitments=request.POST.get("commitments", ""),
                cluster=clusters.get(cluster_key),
                goals=[goals[i] for i in sorted(goal_ids)],
                key_results=[key_results[i] for i in sorted(kr_ids)],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            context.update(
                posted_commitments=request.POST.get("commitments", ""),
                posted_goals=goal_ids,
                posted_krs=kr_ids,
                posted_cluster=cluster_key,
            )
            return render(request, "emulation/movements/register.html", context, status=400)
        messages.success(request, _("%(who)s is registered. Good luck!") % {"who": chosen.label})
        return redirect("emulation:movement_detail", pk=movement.pk)
    return render(request, "emulation/movements/register.html", context)


@login_required
@require_POST
def movement_withdraw(request, pk: int, reg_pk: int):
    movement = _movement_or_404(request, pk)
    registration = object_or_404(
        selectors.registration_get, viewer=request.user, movement=movement, pk=reg_pk
    )
    try:
        services.registration_withdraw(actor=request.user, registration=registration)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The registration was withdrawn."))
    return redirect("emulation:movement_detail", pk=movement.pk)


# ---------------------------------------------------------------- scores
def _score_entries(post) -> dict[tuple[int, int], str]:
    """Cells typed on the grid: only those changed from the value shown (orig-…)."""
    entries = {}
    for name, value in post.items():
        if not name.startswith("score-"):
            continue
        parts = name.split("-")
        if len(parts) != 3:
            continue
        try:
            key = tuple(parse_int(p, name=name, min_value=1) for p in parts[1:])
        except BadParameter:
            continue
        value = value.strip()
        if value and value != post.get(f"orig-{parts[1]}-{parts[2]}", "").strip():
            entries[key] = value
    return entries


@login_required
def movement_scores(request, pk: int):
    """The office and the council enter manual criteria scores (registrations × criteria)
    and compute the key-result criteria."""
    movement = _movement_or_404(request, pk)
    if not rules.can_score_registration(request.user, None):
        raise PermissionDenied
    posted = {}
    status = 200
    if request.method == "POST":
        entries = _score_entries(request.POST)
        try:
            saved = services.criterion_scores_set(
                actor=request.user,
                movement=movement,
                entries=entries,
                note=request.POST.get("note", ""),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
            posted = {k: v for k, v in request.POST.items() if k.startswith("score-")}
            status = 400
        else:
            messages.success(request, _("%(count)s scores saved.") % {"count": len(saved)})
            return redirect("emulation:movement_scores", pk=movement.pk)
    criteria = list(movement.criteria.all())
    for criterion in criteria:
        criterion.is_manual = criterion.source == CriterionSource.MANUAL
    grid = selectors.score_grid(viewer=request.user, movement=movement)
    registrations = list(selectors.registration_list(viewer=request.user, movement=movement))
    rows = [
        {
            "registration": r,
            "own_reason": rules.own_registration_reason(request.user, r),
            "cells": [
                {
                    "criterion": c,
                    "score": grid.get((r.pk, c.pk)),
                    "name": f"score-{r.pk}-{c.pk}",
                    "orig": f"orig-{r.pk}-{c.pk}",
                    "posted": posted.get(f"score-{r.pk}-{c.pk}"),
                    "manual": c.is_manual,
                }
                for c in criteria
            ],
        }
        for r in registrations
    ]
    context = {
        "movement": movement,
        "criteria": criteria,
        "rows": rows,
        "has_computed": not all(c.is_manual for c in criteria),
        "scoring_open": movement.status in services.SCORING_STATUSES
        and movement.results_published_at is None,
    }
    return render(request, "emulation/movements/scores.html", context, status=status)


@login_required
@require_POST
def movement_scores_compute(request, pk: int):
    movement = _movement_or_404(request, pk)
    try:
        count = services.criteria_scores_compute(
            actor=request.user,
            movement=movement,
            verified=request.POST.get("verified") == "1",
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("%(count)s scores computed from key results.") % {"count": count}
        )
    return redirect("emulation:movement_scores", pk=movement.pk)


# ---------------------------------------------------------------- lessons
@login_required
def lesson_list(request):
    context = {
        "lessons": selectors.lesson_list(viewer=request.user),
        "may_record": bool(selectors.lesson_units_for(viewer=request.user, limit=1)),
        "proposed": list(practice_selectors.practices_proposed(viewer=request.user)[:200]),
    }
    return render(request, "emulation/movements/lessons.html", context)


@login_required
def lesson_new(request):
    units = selectors.lesson_units_for(viewer=request.user)
    if not units:
        raise PermissionDenied
    movements = selectors.movement_list(viewer=request.user).exclude(status=MovementStatus.DRAFT)
    me = Person.objects.filter(user=request.user).first()
    initial = {
        "movement": id_param(request.GET, "movement"),
        "authors": me.employee_code if me else "",
        "unit": me.unit_id if me and me.unit_id in {u.pk for u in units} else None,
    }
    form = LessonForm(request.POST or None, units=units, movements=movements, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Lesson recorded. Other units can now adopt it."))
            return redirect("emulation:lesson_detail", pk=lesson.pk)
    return render(request, "emulation/movements/lesson_new.html", {"form": form})


@login_required
def lesson_detail(request, pk: int):
    lesson = _lesson_or_404(request, pk)
    context = {
        "lesson": lesson,
        "adoptions": list(lesson.adoptions.all()),
        "adopting_units": selectors.adopting_units_for(viewer=request.user, lesson=lesson),
        "source": practice_selectors.lesson_source(viewer=request.user, lesson=lesson),
        "today": timezone.localdate(),
    }
    return render(request, "emulation/movements/lesson_detail.html", context)


@login_required
@require_POST
def lesson_adopt(request, pk: int):
    lesson = _lesson_or_404(request, pk)
    units = selectors.adopting_units_for(viewer=request.user, lesson=lesson)
    form = AdoptionForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("emulation:lesson_detail", pk=lesson.pk)
    try:
        services.lesson_adopt(actor=request.user, lesson=lesson, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Adoption recorded: thank you for spreading the lesson."))
    return redirect("emulation:lesson_detail", pk=lesson.pk)
