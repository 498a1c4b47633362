from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.numbers import format_number
from thidua.core.view_helpers import error_text, object_or_404

from .. import rules, selectors, services
from ..forms import TemplateApplyForm
from ..models import GoalTemplate


@login_required
def template_list(request):
    if not rules.can_apply_templates(request.user):
        raise PermissionDenied
    templates = GoalTemplate.objects.select_related("position").annotate(copies=Count("goals"))
    return render(
        request, "goals/templates.html", {"templates": templates, "form": TemplateApplyForm()}
    )


@login_required
def template_apply(request, pk: int):
    template = object_or_404(selectors.template_get, viewer=request.user, pk=pk)  # else 403
    form = TemplateApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.goal_template_apply(
                actor=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s person received this goal to accept.",
                    "%(n)s people received this goal to accept.",
                    len(created),
                )
                % {"n": format_number(len(created), grouping=True)},
            )
            return redirect("goals:templates")
    return render(
        request,
        "goals/template_apply.html",
        {"template": template, "form": form, "title": _("Assign a template")},
    )
