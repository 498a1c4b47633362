"""Assistant pages: the documents it answers from (upload, audience, text)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.view_helpers import add_form_errors, object_or_404

from .. import rules, selectors, services
from ..forms import DocumentAudienceForm, DocumentUploadForm


def _described(data: dict) -> dict:
    """A document form's fields as the services' keyword arguments."""
    return {
        "title": data["title"],
        "number": data["number"],
        "effective_on": data["effective_on"],
        "audience": data["audience"],
        "unit": data["audience_unit"],
        "party": data["audience_party"],
        "roles": data["audience_roles"],
    }


@login_required
def document_list(request):
    may_manage = rules.can_manage_documents(request.user)
    form = DocumentUploadForm(request.POST or None, request.FILES or None) if may_manage else None
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                document = services.document_upload(
                    actor=request.user,
                    name=upload.name,
                    data=upload.read(),
                    **_described(data),
                )
            except ValidationError as error:
                add_form_errors(form, error, by_field=False)
            else:
                messages.success(
                    request,
                    _("Stored in %(count)d passages; the assistant can answer from it in a moment.")
                    % {"count": document.passages.count()},
                )
                return redirect("assistant:document", document.pk)
    query = request.GET.get("q", "").strip()[:100]
    documents = selectors.document_list(viewer=request.user, query=query)
    return render(
        request,
        "assistant/documents.html",
        {
            "form": form,
            "documents": documents[:500],
            "query": query,
            "may_manage": may_manage,
            "may_see_gaps": rules.can_see_question_gaps(request.user),
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def document_detail(request, pk: int):
    document = object_or_404(selectors.document_get, viewer=request.user, pk=pk)
    may_change = rules.can_change_document(request.user, document)
    form = None
    if may_change:
        initial = {
            "title": document.title,
            "number": document.number,
            "effective_on": document.effective_on,
            "audience": document.audience,
            "audience_unit": document.audience_unit,
            "audience_party": document.audience_party,
            "audience_roles": document.audience_roles,
        }
        form = DocumentAudienceForm(request.POST or None, initial=initial)
        if request.method == "POST" and "delete" in request.POST:
            services.document_delete(actor=request.user, document=document)
            messages.success(
                request, _("Document deleted; the assistant no longer answers from it.")
            )
            return redirect("assistant:documents")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.document_update(
                    actor=request.user,
                    document=document,
                    **_described(data),
                )
            except ValidationError as error:
                add_form_errors(form, error, by_field=False)
            else:
                messages.success(request, _("Saved."))
                return redirect("assistant:document", document.pk)
    elif request.method == "POST":
        raise PermissionDenied
    passages = selectors.document_passages(viewer=request.user, document=document)
    return render(
        request,
        "assistant/document.html",
        {"document": document, "passages": passages, "form": form, "may_change": may_change},
    )
