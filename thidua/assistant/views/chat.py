"""Assistant pages: the conversation and the feedback on an answer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.core.htmx import render_page
from thidua.core.view_helpers import error_messages, object_or_404, page_of

from .. import selectors, services
from ..constants import HISTORY_SHOWN
from ..forms import FeedbackForm, QuestionForm
from ..presenting import present


@login_required
def chat(request):
    """The conversation: history, then the question box; htmx posts one exchange at a time.
    The history is paged, HISTORY_SHOWN exchanges a page, the newest page first (`?page=2`
    the older ones); each page reads oldest first, as a conversation does."""
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
    page = page_of(request, selectors.exchanges_of(viewer=request.user), HISTORY_SHOWN)
    context = {
        "form": form,
        "errors": errors,
        "page": page,
        "exchanges": [present(x) for x in reversed(page.object_list)],
        "asked": present(asked) if asked else None,
    }
    response = render_page(
        request, "assistant/chat.html", context, partial="assistant/partials/_asked.html"
    )
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
            request,
            "assistant/partials/_feedback.html",
            {"x": present(exchange), "error": True},
            status=422,
        )
    services.feedback_record(
        actor=request.user, exchange=exchange, feedback=form.cleaned_data["feedback"]
    )
    if getattr(request, "htmx", False):
        return render(request, "assistant/partials/_feedback.html", {"x": present(exchange)})
    return redirect(f"/assistant/#x{exchange.pk}")
