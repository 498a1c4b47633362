"""The yearly commendation round's pages (emulation office): the rounds, one round's steps
with their status and progress, each step's verdicts with the office's choices, and the
proposals made from them. Steps run as background jobs; the page polls the job."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards.choices import AwardCode, RoundStep
from thidua.awards.models import CommendationRound
from thidua.awards.rules import is_emulation_office
from thidua.awards.selectors import proposal_links
from thidua.awards.selectors import round as selectors
from thidua.awards.selectors.settings import settings_in_force_note, step_settings
from thidua.awards.services import round as services
from thidua.core.numbers import format_number
from thidua.core.params import choice_param, date_param, id_param, year_param
from thidua.core.view_helpers import (
    capped_error_text,
    error_text,
    object_or_404,
    page_of,
    query_without_page,
    requires,
)
from thidua.org.models import Unit
from thidua.org.selectors import unit_get

VERDICTS_PER_PAGE = 50
ONLY = ("eligible", "capped", "not_eligible", "set_aside")


def _round(request, year: int) -> CommendationRound:
    return object_or_404(selectors.round_get, viewer=request.user, year=year)


def _step(step: str) -> str:
    if step not in RoundStep.values:
        raise Http404
    return step


def _settings_in_force(request, round_: CommendationRound, step: str = ""):
    """The settings the round (or one step) judged with on its receipt date: the
    eligibility settings the round copied and the agency settings it applies."""
    return settings_in_force_note(
        viewer=request.user,
        on=round_.received_on,
        keys=step_settings(step),
        eligibility_from=round_.settings_from,
    )


@login_required
@requires(is_emulation_office)
def round_list(request):
    today = timezone.localdate()
    if request.method == "POST":
        year = year_param(request.POST, "year", default=today.year - 1, max_value=today.year)
        received_on = date_param(request.POST, "received_on", default=date(year + 1, 1, 15))
        try:
            round_ = services.round_start(actor=request.user, year=year, received_on=received_on)
        except ValidationError as exc:
            messages.error(request, error_text(exc, sep="; "))
        else:
            return redirect("awards:round_detail", year=round_.year)
    context = {
        "rounds": selectors.round_list(viewer=request.user),
        "default_year": today.year - 1 if today.month < 12 else today.year,
        "default_received_on": date(today.year, 1, 15)
        if today.month < 12
        else date(today.year + 1, 1, 15),
    }
    return render(request, "awards/round/list.html", context)


@login_required
def round_detail(request, year: int):
    round_ = _round(request, year)
    context = {
        "round": round_,
        "steps": selectors.round_steps(viewer=request.user, round_=round_),
        "not_proposed": proposal_links.not_proposed(
            _proposals_step_details(round_).get("not_proposed") or [], viewer=request.user
        ),
        "settings_in_force": _settings_in_force(request, round_),
        "overrides": selectors.round_overrides(viewer=request.user, round_=round_),
        "history": selectors.round_history(viewer=request.user, round_=round_),
        "year_not_ended": selectors.year_not_ended(round_),
        "job": round_.job,
        "codes": AwardCode.choices,
        "departments": Unit.objects.filter(depth=1).order_by("name"),
    }
    return render(request, "awards/round/detail.html", context)


def _proposals_step_details(round_: CommendationRound) -> dict:
    """What the round's last step stored about its proposals (empty before it ran)."""
    step = round_.steps.filter(step=RoundStep.PROPOSALS).only("details").first()
    return (step.details if step is not None else None) or {}


@login_required
def round_job(request, year: int):
    """The round's current job (htmx polls this while it runs)."""
    round_ = _round(request, year)
    return render(request, "awards/round/partials/_job.html", {"round": round_, "job": round_.job})


@login_required
@require_POST
def round_step_run(request, year: int, step: str):
    round_ = _round(request, year)
    try:
        services.round_step_run(actor=request.user, round_=round_, step=_step(step))
    except ValidationError as exc:
        messages.error(request, error_text(exc, sep="; "))
    return redirect("awards:round_detail", year=year)


@login_required
@require_POST
def round_step_confirm(request, year: int, step: str):
    round_ = _round(request, year)
    try:
        services.round_step_confirm(
            actor=request.user,
            round_=round_,
            step=_step(step),
            incomplete_ok=request.POST.get("incomplete_ok") == "1",
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc, sep="; "))
    return redirect("awards:round_detail", year=year)


@login_required
@require_POST
def round_step_reopen(request, year: int, step: str):
    round_ = _round(request, year)
    try:
        services.round_step_reopen(
            actor=request.user,
            round_=round_,
            step=_step(step),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc, sep="; "))
    else:
        messages.success(
            request,
            _("The step “%(step)s” was reopened: run it again or confirm it again.")
            % {"step": RoundStep(step).label},
        )
    return redirect("awards:round_detail", year=year)


@login_required
def round_step_verdicts(request, year: int, step: str):
    round_ = _round(request, year)
    step = _step(step)
    code = choice_param(request.GET, "code", AwardCode.values, default="") or ""
    only = choice_param(request.GET, "show", ONLY, default="") or ""
    rows = selectors.round_verdicts(
        viewer=request.user, round_=round_, step=step, code=code, only=only
    )
    page = page_of(request, rows, VERDICTS_PER_PAGE)
    proposal_links.set_aside_notes(page, viewer=request.user)  # v.set_aside_pieces
    context = {
        "round": round_,
        "step": step,
        "step_label": RoundStep(step).label,
        "result": round_.steps.get(step=step),
        "settings_in_force": _settings_in_force(request, round_, step),
        "page": page,
        "query": query_without_page(request),
        "code": code,
        "shown": only,
        "back": request.GET.urlencode(),
        "proposed": selectors.round_proposed(round_=round_),
        "codes": sorted(
            set(round_.verdicts.filter(step=step).order_by().values_list("code", flat=True))
        ),
        "code_names": dict(AwardCode.choices),
    }
    return render(request, "awards/round/verdicts.html", context)


@login_required
@require_POST
@requires(is_emulation_office)
def round_verdict_choose(request, pk: int):
    verdict = object_or_404(selectors.round_verdict_get, viewer=request.user, pk=pk)
    keep = request.POST.get("keep") == "1"
    try:
        services.round_verdict_choose(
            actor=request.user, verdict=verdict, keep=keep, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc, sep="; "))
    else:
        messages.success(request, _("Your choice was recorded."))
    back = reverse("awards:round_step_verdicts", args=[verdict.round.year, verdict.step])
    query = _verdicts_query(request.POST.get("back", ""))
    return redirect(f"{back}?{query}" if query else back)


def _verdicts_query(back: str) -> str:
    """The verdicts list's filter and page the office chose from (sent back by the form),
    kept only where each value is one the list accepts, so the office lands where it was."""
    given = QueryDict(back)
    accepts = {"code": set(AwardCode.values), "show": set(ONLY)}
    kept = {name: given.get(name, "") for name in ("code", "show", "page")}
    kept = {
        name: value
        for name, value in kept.items()
        if (value in accepts[name] if name in accepts else value.isdigit())
    }
    return urlencode(kept)


@login_required
@require_POST
def round_propose(request, year: int):
    round_ = _round(request, year)
    code = choice_param(request.POST, "code", AwardCode.values, default="") or ""
    unit_id = id_param(request.POST, "unit")
    # a unit is a reference row every member of staff sees (the round is the office's)
    unit = object_or_404(unit_get, viewer=request.user, pk=unit_id) if unit_id else None
    try:
        created = services.round_propose(actor=request.user, round_=round_, code=code, unit=unit)
    except ValidationError as exc:
        messages.error(request, capped_error_text(exc))
    else:
        messages.success(
            request,
            _(
                "%(count)s draft proposals were created; each now waits for the head of its "
                "proposing unit to send it to the office (it is on their work list)."
            )
            % {"count": format_number(len(created), grouping=True)},
        )
        left = (round_.steps.get(step=RoundStep.PROPOSALS).counts or {}).get("not_proposed")
        if left:
            messages.warning(
                request,
                _(
                    "%(count)s kept verdicts were not turned into proposals; the list and the "
                    "reasons are under the last step."
                )
                % {"count": format_number(left, grouping=True)},
            )
    return redirect("awards:round_detail", year=year)
