"""A database that is down or restarting answers a clear 503 page, not a 500 traceback.

Django turns an exception raised inside any middleware (the locale middleware reads the
user, and so the session, before the view runs) into a 500 response at that layer; the
`got_request_exception` receiver marks such a request, and this middleware, placed before
them, answers the 503 page instead. Exceptions from the view itself are caught directly.
The page is rendered without the request's context processors, so it needs no database.
The broken connection is dropped at the end of the request, and `CONN_HEALTH_CHECKS`
makes the next request open a fresh one.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_thidua_database_unavailable"
MESSAGE = _(
    "The system cannot reach its database at the moment. Please wait a moment and try again."
)


def _mark_database_errors(sender, request=None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_database_errors, dispatch_uid="thidua_database_unavailable")


def database_unavailable_response(request) -> HttpResponse:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
    with translation.override(language):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": str(MESSAGE)}, status=503)
        else:
            body = render_to_string(
                "core/unavailable.html", {"LANGUAGE_CODE": language, "retry_url": retry_url}
            )
            response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            return database_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable on %s: %s", request.path, exception)
            return database_unavailable_response(request)
        return None
