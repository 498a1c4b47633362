"""What every app's pages share, written once: a service's refusal shown on the form or as
messages, going back to a safe `next` page, an object read through a scoped selector or a
404, a permission predicate or a 403, and one page of a list for `_pager.html`.

Core imports no app: the selectors and predicates are passed in by the app's views.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from .numbers import format_number
from .params import next_url_param

T = TypeVar("T")
View = TypeVar("View", bound=Callable[..., Any])


# ---------------------------------------------------------------- a service's refusal
def error_messages(error: ValidationError) -> list[str]:
    """The plain messages of a ValidationError, field names dropped, in order."""
    return [str(message) for message in error.messages]


def error_text(error: ValidationError, *, sep: str = " ") -> str:
    """The messages of a ValidationError as one line (a single form error, a flash message)."""
    return sep.join(error_messages(error))


def capped_error_text(error: ValidationError, *, shown: int = 10, sep: str = "; ") -> str:
    """A bulk action's refusal as one line: its first `shown` messages and how many more
    (a refusal of hundreds of rows must stay readable as a flash message)."""
    found = error_messages(error)
    text = sep.join(found[:shown])
    if len(found) > shown:
        more = len(found) - shown
        text += sep + ngettext(
            "and %(count)s more problem", "and %(count)s more problems", more
        ) % {"count": format_number(more, grouping=True)}
    return text


def form_error_text(form: forms.BaseForm) -> str:
    """Every error of a bound form, field and non-field, as one line (for a flash message)."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def add_form_errors(form: forms.BaseForm, error: ValidationError, *, by_field: bool = True) -> None:
    """Show a service's ValidationError on the form: each message under the field it names
    when the form has that field (`by_field`), otherwise above the form."""
    if by_field and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for each in errors:
                form.add_error(target, each)
        return
    for message in error_messages(error):
        form.add_error(None, message)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Each message of a ValidationError as an error message on the next page."""
    for message in error_messages(error):
        messages.error(request, message)


# ---------------------------------------------------------------- safe redirects
def is_local_url(request: HttpRequest, url: str) -> bool:
    """True when `url` stays on this site (no other host, no scheme such as javascript:)."""
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})


def redirect_next(request: HttpRequest, default: str, *args: Any, **kwargs: Any):
    """Back to the page the form came from (`next`, only a path on this site: never
    //evil.example or https://evil.example), else to `default` (a URL or a view name with
    its arguments, as for `redirect()`)."""
    next_url = next_url_param(request)
    if next_url:
        return redirect(next_url)
    return redirect(default, *args, **kwargs)


def redirect_local(request: HttpRequest, url: str, default: str) -> HttpResponseRedirect:
    """To `url` when it stays on this site, else to `default`."""
    if not is_local_url(request, url):
        return redirect(default)
    return redirect(url)


# ---------------------------------------------------------------- reads and permissions
def object_or_404(selector: Callable[..., T], /, **kwargs: Any) -> T:
    """`selector(**kwargs)` (a scoped read: `viewer=request.user, pk=pk`), or a 404 when it
    finds nothing the viewer may see — so a page never tells "not yours" from "not there"."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def require(allowed: bool) -> None:
    """A 403 unless `allowed` (a permission predicate's answer)."""
    if not allowed:
        raise PermissionDenied


def requires(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """A view decorator: a 403 unless `predicate(request.user)`; put it under
    `@login_required`, so an anonymous visitor is sent to the login page first."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(predicate(request.user))
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


# ---------------------------------------------------------------- lists
def query_without_page(request: HttpRequest) -> str:
    """The list's other query parameters (its filters), for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_of(request: HttpRequest, items: Any, per_page: int) -> Page:
    """The page of `items` that `?page=` asks for (the last one when beyond, the first when
    unreadable), for `{% include "_pager.html" %}` with `page` and `query`."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
