"""Pages for commendation decisions (see urls.py): the list, a draft over approved proposals
offered by granting authority (one decision per authority), a decision's page where the office
records its signature — or, for the Prime Minister's or the President's, records their decision
when it comes — and its files. Thin: each parses input, calls one service or selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.params import choice_param, id_list_param
from thidua.core.view_helpers import flash_errors, object_or_404
from thidua.org.models import Unit

from .. import authority as granting
from .. import documents, handoffs
from ..choices import GrantingAuthority
from ..forms import DecisionForm, RecordForm, SignForm
from ..selectors import council as selectors
from ..services import council as services


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_stem(decision) -> str:
    """ "quyet-dinh-12", or "to-trinh-12" for the ministry's submission to a higher authority."""
    return f"{'to-trinh' if decision.is_higher else 'quyet-dinh'}-{decision.pk}"


@login_required
def decision_list(request):
    return render(
        request,
        "awards/council/decision_list.html",
        {"decisions": selectors.decision_list(viewer=request.user)},
    )


@login_required
def decision_new(request):
    """A draft over approved proposals, offered by granting authority: the page lists the
    proposals awaiting a decision in groups, each with who decides it in words ("Bộ trưởng
    quyết định", "Trình Thủ tướng Chính phủ", "Trình Chủ tịch nước"), one decision — or, for a
    higher authority, one submission — each; `?authority=` picks the group, its proposals
    checked and the issuer defaulted; `&only=1` shows that group alone."""
    approved = list(selectors.approved_proposals(viewer=request.user))
    groups = granting.by_decision_level(approved, timezone.localdate())
    only = request.GET.get("only") == "1"  # the chosen authority's group alone
    level = choice_param(
        request.GET,
        "authority",
        GrantingAuthority.values,
        default=groups[0][0] if groups else GrantingAuthority.MINISTER,
    )
    issuer = GrantingAuthority(level).label
    if not granting.is_higher(level):
        root = Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("path")
        issuer = getattr(root.first(), "name", "")
    form = DecisionForm(request.POST or None, initial={"authority": level, "issuer": issuer})
    ids = set(id_list_param(request.POST, "proposals"))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=request.user,
                proposals=[p for p in approved if p.pk in ids],
                **form.cleaned_data,
            )
            messages.success(request, handoffs.decision_drafted(decision))
            return redirect("awards:decision_detail", decision.pk)
        except ValidationError as exc:
            flash_errors(request, exc)
    chosen = (
        ids
        if request.method == "POST"
        else {p.pk for g, rows in groups if g == level for p in rows}
    )
    return render(
        request,
        "awards/council/decision_new.html",
        {
            "form": form,
            "groups": [
                {
                    "level": g,
                    "label": GrantingAuthority(g).label,
                    "words": granting.DECIDES_WORDS[g],
                    "higher": granting.is_higher(g),
                    "to": granting.SUBMITTED_TO.get(g, ""),
                    "rows": rows,
                }
                for g, rows in groups
                if not only or g == level
            ],
            "n_groups": len(groups),
            "only": only,
            "level": level,
            "chosen": chosen,
        },
    )


@login_required
def decision_detail(request, pk: int):
    decision = object_or_404(selectors.decision_get, viewer=request.user, pk=pk)
    form_class = RecordForm if decision.is_higher else SignForm
    form = form_class(
        request.POST or None, initial={"number": decision.number, "issuer": decision.issuer}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_sign(actor=request.user, decision=decision, **form.cleaned_data)
            messages.success(
                request,
                _("The decision of the %(authority)s is recorded; the awards are in the registry.")
                % {"authority": decision.get_authority_display()}
                if decision.is_higher
                else _("The decision is signed; the awards are in the registry."),
            )
            return redirect("awards:decision_detail", decision.pk)
        except ValidationError as exc:
            flash_errors(request, exc)
    return render(
        request,
        "awards/council/decision_detail.html",
        {
            "decision": decision,
            "proposals": selectors.decision_proposals(decision),
            "awards": decision.awards.select_related("person", "unit"),
            "form": form,
            "pdf": documents.pdf_available(),
        },
    )


@login_required
def decision_docx(request, pk: int):
    decision = object_or_404(selectors.decision_get, viewer=request.user, pk=pk)
    content = documents.decision_docx(decision, selectors.decision_proposals(decision))
    return _download(content, documents.DOCX_CONTENT_TYPE, f"{_file_stem(decision)}.docx")


@login_required
def decision_pdf(request, pk: int):
    decision = object_or_404(selectors.decision_get, viewer=request.user, pk=pk)
    if not documents.pdf_available():
        raise Http404(_("PDF output is not installed on this server."))
    content = documents.decision_pdf(decision, selectors.decision_proposals(decision))
    return _download(content, documents.PDF_CONTENT_TYPE, f"{_file_stem(decision)}.pdf")
