"""The personal access tokens page: make a token (its secret shown once), list and revoke."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import add_form_errors, object_or_404

from ..forms import TokenForm
from ..tokens import (
    MAX_LIFETIME_DAYS,
    is_live,
    scope_labels,
    token_create,
    token_get,
    token_list,
)
from ..tokens import token_revoke as revoke

DEFAULT_LIFETIME_DAYS = 90


def _page(request, form, *, secret=None, status=200):
    now = timezone.now()
    rows = [
        (token, is_live(token, now=now), scope_labels(token.scopes))
        for token in token_list(viewer=request.user)
    ]
    context = {
        "form": form,
        "rows": rows,
        "secret": secret,
        "max_days": MAX_LIFETIME_DAYS,
    }
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
def tokens(request):
    if request.method != "POST":
        initial = {"expires_on": timezone.localdate() + timedelta(days=DEFAULT_LIFETIME_DAYS)}
        return _page(request, TokenForm(initial=initial))
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            made = token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            # Shown on this answer only: it is not stored and cannot be shown again.
            return _page(request, TokenForm(), secret=made.secret)
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = object_or_404(token_get, viewer=request.user, pk=pk)
    revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
