"""Reading what people send: query parameters, hand-read form fields and path arguments.

Pages read `request.GET`/`request.POST` only through these functions (or through Django
forms). Each returns a clean Python value or raises `BadParameter`, which Django answers
with the Vietnamese 400 page (`handler400` → `bad_request`) naming what was wrong — never a
500. `InputMiddleware` adds the two checks no view can make itself: an id in the path too
large for any table is a 404 (SQLite cannot even compare it), and a `ValidationError` a
service raised but its view did not catch becomes that 400 page with the service's message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from thidua.core.dates import parse_day, placeholder

logger = logging.getLogger(__name__)

MAX_ID = 2**63 - 1  # the largest primary key any supported database stores
MIN_YEAR, MAX_YEAR = 1900, 2200  # any year the platform could mean; pages narrow it
MAX_LENGTH = 200  # longer than any value a page's parameter takes
# Path arguments with a meaning beyond "an id": their bounds (inclusive).
PATH_BOUNDS = {"year": (MIN_YEAR, MAX_YEAR), "month": (1, 12)}


class BadParameter(BadRequest):
    """A value a person (or a link) sent that the page cannot read; `message` says why,
    in the person's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _raw(source: Mapping, name: str) -> str | None:
    raw = source.get(name)
    if raw is None:
        return None
    raw = str(raw).strip()
    if len(raw) > MAX_LENGTH:
        raise BadParameter(_("“%(name)s” is too long.") % {"name": name})
    return raw or None


def parse_int(
    raw: str, *, name: str, min_value: int | None = None, max_value: int | None = None
) -> int:
    """A whole number written with ASCII digits (an optional leading minus), within bounds."""
    text = raw.strip()
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 30:
        raise BadParameter(_("“%(name)s” must be a whole number.") % {"name": name})
    value = int(text)
    low = -MAX_ID if min_value is None else min_value
    high = MAX_ID if max_value is None else max_value
    if not low <= value <= high:
        raise BadParameter(
            _("“%(name)s” must be from %(min)s to %(max)s.")
            % {"name": name, "min": low, "max": high}
        )
    return value


def int_param(
    source: Mapping,
    name: str,
    *,
    default: int | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int | None:
    """`source[name]` as a whole number within bounds; `default` when absent or empty."""
    raw = _raw(source, name)
    if raw is None:
        return default
    return parse_int(raw, name=name, min_value=min_value, max_value=max_value)


def id_param(source: Mapping, name: str, *, default: int | None = None) -> int | None:
    """A record id: a whole number from 1 to the largest key a table holds."""
    return int_param(source, name, default=default, min_value=1, max_value=MAX_ID)


def id_list_param(source, name: str) -> list[int]:
    """Every value of a repeated field (`?ids=1&ids=2`) as record ids."""
    values = source.getlist(name) if hasattr(source, "getlist") else [source.get(name)]
    return [
        parse_int(str(v), name=name, min_value=1, max_value=MAX_ID)
        for v in values
        if v is not None and str(v).strip()
    ]


def year_param(
    source: Mapping,
    name: str,
    *,
    default: int | None = None,
    min_value: int = MIN_YEAR,
    max_value: int = MAX_YEAR,
) -> int | None:
    return int_param(source, name, default=default, min_value=min_value, max_value=max_value)


def date_param(source: Mapping, name: str, *, default: date | None = None) -> date | None:
    """A day that exists in the calendar, written as the active language shows it
    (dd/mm/yyyy in Vietnamese) or YYYY-MM-DD (links and scripts)."""
    raw = _raw(source, name)
    if raw is None:
        return default
    day = parse_day(raw)
    if day is None:
        raise BadParameter(
            _("“%(name)s” must be a day that exists, written %(shape)s or YYYY-MM-DD.")
            % {"name": name, "shape": placeholder()}
        )
    return day


def choice_param(
    source: Mapping, name: str, choices: Iterable[str], *, default: str | None = None
) -> str | None:
    """One of `choices` (e.g. a TextChoices' values); `default` when absent or empty."""
    raw = _raw(source, name)
    if raw is None:
        return default
    allowed = [str(c) for c in choices]
    if raw not in allowed:
        raise BadParameter(
            _("“%(name)s” must be one of: %(choices)s.")
            % {"name": name, "choices": ", ".join(allowed)}
        )
    return raw


def decimal_param(
    source: Mapping,
    name: str,
    *,
    default: Decimal | None = None,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> Decimal | None:
    """A finite decimal number (NaN and Infinity refused) within bounds."""
    raw = _raw(source, name)
    if raw is None:
        return default
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise BadParameter(_("“%(name)s” must be a number.") % {"name": name})
    if (min_value is not None and value < min_value) or (
        max_value is not None and value > max_value
    ):
        raise BadParameter(
            _("“%(name)s” must be from %(min)s to %(max)s.")
            % {"name": name, "min": min_value, "max": max_value}
        )
    return value


def next_url_param(request, name: str = "next") -> str | None:
    """A page of this site to go back to (`next`), or None: only a path on this host
    ("/goals/12/"), never another site or a bare word that `redirect()` would take for a
    view name."""
    raw = request.POST.get(name) or request.GET.get(name) or ""
    if (
        raw.startswith("/")
        and not raw.startswith("//")
        and len(raw) <= 2000
        and url_has_allowed_host_and_scheme(raw, allowed_hosts={request.get_host()})
    ):
        return raw
    return None


class ModelIdsChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses ids no table can hold before querying (Django
    passes them to `pk__in`, where SQLite raises OverflowError)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            text = str(pk).strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_ID):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)


def validation_messages(error: ValidationError) -> list[str]:
    """The plain messages of a ValidationError (field names dropped)."""
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def bad_request_page(request, messages: list[str]):
    return render(request, "400.html", {"messages_400": messages}, status=400)


class InputMiddleware:
    """Path arguments out of any table's range → 404; a service's uncaught ValidationError
    → the 400 page with its message (the service's transaction has already rolled back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for name, value in view_kwargs.items():
            if isinstance(value, int):
                low, high = PATH_BOUNDS.get(name, (0, MAX_ID))
                if not low <= value <= high:
                    raise Http404
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):  # the same page with DEBUG on (make run)
            return bad_request_page(request, [exception.message])
        if isinstance(exception, ValidationError):
            logger.warning("Uncaught ValidationError on %s: %s", request.path, exception)
            return bad_request_page(request, validation_messages(exception))
        return None
