"""The one NinjaAPI (OpenAPI at /api/v1/docs); one router per app.

Every error is answered in django-ninja's format with a Vietnamese message: `{"detail":
"..."}` for 400/401/403/404, `{"detail": [{"loc", "msg", "type"}, ...]}` for 422 (bad
input, from the schemas or from a service's ValidationError). A write whose answer is an
error leaves nothing behind (each non-GET call runs in one transaction, rolled back on
any error answer)."""

import functools

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import django_auth

from thidua.assistant.api import router as assistant_router
from thidua.awards.api import router as awards_router
from thidua.core.api_schemas import validation_error_items
from thidua.goals.api import router as goals_router
from thidua.org.api import router as org_router

api = NinjaAPI(title="Thi Đua API", version="1", auth=django_auth)

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _atomic_writes(run):
    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        if request.method in READ_METHODS:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    return wrapper


api.add_decorator(_atomic_writes, mode="view")
api.add_router("/org/", org_router)
api.add_router("/goals/", goals_router)
api.add_router("/awards/", awards_router)
api.add_router("/assistant/", assistant_router)


def _detail(request, status: int, message: str):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc):
    return _detail(request, 401, _("Sign in to use the API."))


@api.exception_handler(HttpError)
def http_error(request, exc):
    known = {
        "CSRF check Failed": _(
            "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
        ),
        "Cannot parse request body": _("The request body is not valid JSON."),
    }
    message = known.get(str(exc).split(" (")[0], str(exc))
    return _detail(request, exc.status_code, message)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return _detail(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _detail(request, 404, _("Not found."))


@api.exception_handler(ObjectDoesNotExist)
def object_not_found(request, exc):
    return _detail(request, 404, _("Not found."))


# Vietnamese messages for pydantic's error types (English msgids, as everywhere).
SCHEMA_MESSAGES = {
    "missing": lambda c: _("This field is required."),
    "string_too_long": lambda c: _("At most %(max_length)s characters.") % c,
    "string_too_short": lambda c: _("At least %(min_length)s characters.") % c,
    "too_long": lambda c: _("At most %(max_length)s items.") % c,
    "too_short": lambda c: _("At least %(min_length)s items.") % c,
    "decimal_max_digits": lambda c: _("At most %(max_digits)s digits in all.") % c,
    "decimal_max_places": lambda c: (
        _("At most %(decimal_places)s digits after the decimal point.") % c
    ),
    "decimal_whole_digits": lambda c: (
        _("At most %(whole_digits)s digits before the decimal point.") % c
    ),
    "finite_number": lambda c: _("Enter a finite number."),
    "greater_than_equal": lambda c: _("The value must be at least %(ge)s.") % c,
    "greater_than": lambda c: _("The value must be greater than %(gt)s.") % c,
    "less_than_equal": lambda c: _("The value must be at most %(le)s.") % c,
    "less_than": lambda c: _("The value must be less than %(lt)s.") % c,
    "literal_error": lambda c: _("Choose one of: %(expected)s.") % c,
    "enum": lambda c: _("Choose one of: %(expected)s.") % c,
    "bool_parsing": lambda c: _("Enter true or false."),
    "bool_type": lambda c: _("Enter true or false."),
    "dict_type": lambda c: _("Send a JSON object."),
    "model_type": lambda c: _("Send a JSON object."),
    "model_attributes_type": lambda c: _("Send a JSON object."),
    "list_type": lambda c: _("Send a list."),
    "string_type": lambda c: _("Enter text."),
    "string_blank": lambda c: _("Enter a value, not only spaces."),
    "string_null_character": lambda c: _("Null characters are not allowed."),
    "string_unicode": lambda c: _("Enter text."),
    "json_invalid": lambda c: _("The request body is not valid JSON."),
}


def _schema_message(error: dict) -> str:
    kind = error.get("type", "")
    try:
        return SCHEMA_MESSAGES[kind](error.get("ctx") or {})
    except KeyError:
        pass
    if kind.startswith(("int_", "decimal_", "float_")):
        return _("Enter a number.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a valid date (YYYY-MM-DD).")
    return _("The value is not valid.")


@api.exception_handler(SchemaValidationError)
def schema_invalid(request, exc):
    items = [
        {"loc": list(error.get("loc", ())), "msg": _schema_message(error), "type": error["type"]}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": items}, status=422)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(request, {"detail": validation_error_items(exc)}, status=422)
