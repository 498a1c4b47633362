"""The emulation office's proposed lessons: good practices found by inspections, supervisions
and field visits, published as lessons (then replicated like any other) or declined."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import error_text, object_or_404
from thidua.goals.models import GoodPractice

from ..choices import MovementStatus
from ..forms import PublishForm
from ..selectors import movements as movement_selectors
from ..selectors import practices as selectors
from ..services import practices as services


def _practice_or_404(request, pk: int) -> GoodPractice:
    return object_or_404(selectors.practice_proposed_get, viewer=request.user, pk=pk)


@login_required
def practice_publish(request, pk: int):
    practice = _practice_or_404(request, pk)
    movements = movement_selectors.movement_list(viewer=request.user).exclude(
        status=MovementStatus.DRAFT
    )
    initial = {"summary": practice.text, "unit": practice.unit_id, "title": practice.text[:120]}
    form = PublishForm(request.POST or None, movements=movements, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.practice_publish(
                actor=request.user, practice=practice, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Lesson published. Other units can now adopt it."))
            return redirect("emulation:lesson_detail", pk=lesson.pk)
    context = {"practice": practice, "form": form}
    return render(request, "emulation/movements/practice_publish.html", context)


@login_required
@require_POST
def practice_decline(request, pk: int):
    practice = _practice_or_404(request, pk)
    try:
        services.practice_decline(
            actor=request.user, practice=practice, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("emulation:practice_publish", pk=practice.pk)
    messages.success(request, _("The proposed lesson is not published; the reason is kept."))
    return redirect("emulation:lesson_list")
