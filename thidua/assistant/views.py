import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.htmx import render_page
from thidua.core.view_helpers import add_form_errors, error_messages, object_or_404

from . import rules, selectors, services
from .forms import DocumentAudienceForm, DocumentUploadForm, FeedbackForm, QuestionForm
from .presenting import present


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
def chat(request):
    """The conversation: history, then the question box; htmx posts one exchange at a time."""
    form = QuestionForm(request.POST or None)
    errors: list[str] = []
    asked = None
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.question_ask(
                actor=request.user, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            errors = error_messages(error)
        else:
            if not getattr(request, "htmx", False):
                return redirect(f"{request.path}#x{asked.pk}")
            form = QuestionForm()
    context = {
        "form": form,
        "errors": errors,
        "exchanges": [present(x) for x in selectors.exchange_history(viewer=request.user)],
        "asked": present(asked) if asked else None,
    }
    response = render_page(request, "assistant/chat.html", context, partial="assistant/_asked.html")
    if errors:
        # A full page says so by its status; htmx swaps only 2xx, so it gets a header
        # telling the form to keep the question for correction.
        if getattr(request, "htmx", False):
            response["X-Question-Refused"] = "1"
        else:
            response.status_code = 422
    return response


@login_required
@require_POST
def feedback(request, pk: int):
    exchange = object_or_404(selectors.exchange_get, viewer=request.user, pk=pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(
            request, "assistant/_feedback.html", {"x": present(exchange), "error": True}, status=422
        )
    services.feedback_record(
        actor=request.user, exchange=exchange, feedback=form.cleaned_data["feedback"]
    )
    if getattr(request, "htmx", False):
        return render(request, "assistant/_feedback.html", {"x": present(exchange)})
    return redirect(f"/assistant/#x{exchange.pk}")


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


def _gap_days(value: str | None) -> int:
    """The period asked for (?days=30|90|365); anything else is the default period."""
    try:
        days = int(value or "")
    except ValueError:
        return selectors.GAP_DAYS[1]
    return days if days in selectors.GAP_DAYS else selectors.GAP_DAYS[1]


@login_required
def question_gaps(request):
    """Questions that found nothing, grouped: which document is missing (owners only)."""
    days = _gap_days(request.GET.get("days"))
    groups = selectors.question_gaps(viewer=request.user, days=days)
    return render(
        request,
        "assistant/gaps.html",
        {
            "groups": groups[:300],
            "shown_all": len(groups) <= 300,
            "asked": sum(g.count for g in groups),
            "days": days,
            "periods": selectors.GAP_DAYS,
        },
    )


@login_required
def question_gaps_export(request):
    """The same groups as a CSV file (UTF-8 with BOM, for Excel): no asker in it either."""
    days = _gap_days(request.GET.get("days"))
    groups = selectors.question_gaps(viewer=request.user, days=days)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Question"),
            _("Times asked"),
            _("No basis found"),
            _("Rated not useful"),
            _("Last asked"),
            _("Key terms"),
            _("Other wordings"),
        ]
    )
    for g in groups:
        last = timezone.localtime(g.last_asked) if timezone.is_aware(g.last_asked) else g.last_asked
        writer.writerow(
            [
                _csv_safe(g.question),
                g.count,
                g.not_found,
                g.not_useful,
                f"{last:%d/%m/%Y}",
                ", ".join(g.terms),
                " | ".join(_csv_safe(w) for w in g.wordings),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cau-hoi-chua-co-can-cu-{days}-ngay.csv"'
    )
    return response


def _csv_safe(text: str) -> str:
    """A question as a spreadsheet cell that is never a formula ("=HYPERLINK(...)")."""
    text = " ".join(text.split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
