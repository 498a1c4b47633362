"""Party pages: resolutions, their text and the digest of key points."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.view_helpers import add_form_errors, flash_errors, object_or_404

from .. import rules, selectors, services
from ..constants import POINT_MAX_CHARS
from ..forms import ClassificationForm, DigestPointFormSet, ResolutionUploadForm
from ..models import Resolution


@login_required
def resolution_list(request):
    bodies = selectors.party_bodies_covered(viewer=request.user)
    if request.method == "POST" and not bodies.exists():
        raise PermissionDenied  # no Party role: refused before the form is even read
    form = ResolutionUploadForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            resolution = services.resolution_upload(
                actor=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"],
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                file_name=upload.name,
                data=upload.read(),
                classification_at_least=form.cleaned_data["classification"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Uploaded. Check the proposed key points, then approve."))
            return redirect("party:resolution", pk=resolution.pk)
    context = {
        "resolutions": selectors.resolution_list(viewer=request.user),
        "form": form,
        "may_upload": bodies.exists(),
        "reaching": selectors.campaigns_reaching(viewer=request.user),
    }
    return render(request, "party/resolutions.html", context, status=400 if form.errors else 200)


def _resolution_or_404(request, pk: int) -> Resolution:
    return object_or_404(selectors.resolution_get, viewer=request.user, pk=pk)


def _initial_points(digest) -> list[dict]:
    return [
        {
            "order": p.order,
            "text": p.text,
            "question": p.question,
            "sentences": json.dumps(p.sentences),
        }
        for p in digest.points.all()
    ]


def _points_from(formset) -> list[dict]:
    rows = []
    for position, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (data.get("text") or "").strip():
            continue
        try:
            sentences = json.loads(data.get("sentences") or "[]")
        except ValueError:
            sentences = []
        order = data.get("order")
        rows.append(
            (
                order if order is not None else 10_000 + position,
                position,
                {
                    "text": data["text"],
                    "question": data.get("question", ""),
                    "sentences": [int(s) for s in sentences if isinstance(s, int)],
                },
            )
        )
    return [point for _order, _pos, point in sorted(rows, key=lambda r: (r[0], r[1]))]


@login_required
def resolution_detail(request, pk: int):
    resolution = _resolution_or_404(request, pk)
    digest = selectors.digest_current(resolution=resolution)
    formset = DigestPointFormSet(initial=_initial_points(digest) if digest else [])
    classification_form = ClassificationForm(initial={"classification": resolution.classification})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "classify":
                classification_form = ClassificationForm(request.POST)
                if classification_form.is_valid():
                    services.resolution_set_classification(
                        actor=request.user,
                        resolution=resolution,
                        classification=classification_form.cleaned_data["classification"],
                    )
                    messages.success(request, _("Classification saved."))
                    return redirect("party:resolution", pk=pk)
            elif action in ("save", "approve") and digest is not None:
                formset = DigestPointFormSet(request.POST)
                if formset.is_valid():
                    services.digest_edit(
                        actor=request.user, digest=digest, points=_points_from(formset)
                    )
                    if action == "approve":
                        services.digest_approve(actor=request.user, digest=digest)
                        messages.success(request, _("Key points approved."))
                    else:
                        messages.success(request, _("Key points saved."))
                    return redirect("party:resolution", pk=pk)
        except ValidationError as error:
            flash_errors(request, error)
    context = {
        "resolution": resolution,
        "digest": digest,
        "formset": formset,
        "point_max_chars": POINT_MAX_CHARS,
        "classification_form": classification_form,
        "may_manage": rules.can_manage_resolution(request.user, resolution),
        "campaigns": selectors.campaign_list(viewer=request.user).filter(
            digest__resolution=resolution
        ),
    }
    return render(request, "party/resolution.html", context)


@login_required
def resolution_file(request, pk: int):
    resolution = _resolution_or_404(request, pk)
    return FileResponse(
        resolution.file.open("rb"), as_attachment=True, filename=resolution.original_name
    )
