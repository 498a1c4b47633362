import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_cache_control

from .standing import account_refusal

logger = logging.getLogger(__name__)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on most agency
    machines says English; here only an explicit choice (the language switch's cookie, or the
    account's saved preference) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread goes back to the default language: one person's choice never leaks
            # into the next request served (or code run) on this thread.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends `settings.THIDUA_CONTENT_SECURITY_POLICY` with every response that has none.

    Scripts come only from this site: no inline <script>, no on...= handlers, no eval
    (templates mark elements with data- attributes and thidua/static/thidua/js/app.js gives
    them their behaviour). A policy of our own rather than django-csp: one fixed header and
    no nonces are needed, so a dependency would add nothing. A view that needs another
    policy sets the header itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = "; ".join(
            f"{directive} {' '.join(sources)}".strip()
            for directive, sources in settings.THIDUA_CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class PrivateNoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in person.

    Their pages carry private data (ratings, contact details, Party records): neither a
    shared proxy nor the browser's disk cache on a shared office computer may keep them.
    Static files never reach this middleware (WhiteNoise answers them first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionExpiryMiddleware:
    """Ends a session after `THIDUA_SESSION_IDLE_MINUTES` without a request, and in any case
    `SESSION_COOKIE_AGE` after it began; at once when an app refuses the account
    (core.standing: e.g. its person has left the staff).

    The time of the last request is written at most once a minute, so an active person costs
    one session write a minute, not one per request. Django's own expiry date moves with
    every write, hence the start time kept here for the absolute limit.
    """

    SEEN = "_thidua_seen"
    STARTED = "_thidua_started"
    WRITE_EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        refusal = None
        if user is not None and user.is_authenticated:
            # An account an app refuses (core.standing: its person has left the staff) is
            # signed out at once; the page then sends them to the login page, which says why.
            refusal = account_refusal(user)
            if refusal is not None:
                logger.warning("Session of %s ended: %s", user.get_username(), refusal.detail)
                logout(request)
            else:
                self._check(request)
        response = self.get_response(request)
        if refusal is not None:
            # MessageMiddleware comes later in the chain: the message is stored here.
            storage = default_storage(request)
            with translation.override(settings.LANGUAGE_CODE):
                storage.add(messages.ERROR, str(refusal.message))
                storage.update(response)
        return response

    def _check(self, request) -> None:
        session = request.session
        now = int(time.time())
        seen = session.get(self.SEEN)
        started = session.get(self.STARTED)
        idle = settings.THIDUA_SESSION_IDLE_SECONDS
        if (idle and seen is not None and now - seen > idle) or (
            started is not None and now - started > settings.SESSION_COOKIE_AGE
        ):
            logout(request)
            return
        if started is None:
            session[self.STARTED] = now
        if seen is None or now - seen >= self.WRITE_EVERY:
            session[self.SEEN] = now


def session_expiry_start(sender, request, user, **kwargs) -> None:
    """Stamp a new session at sign-in (signal `user_logged_in`), where the session is written
    anyway, so the first page after it does not write the session again."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionExpiryMiddleware.STARTED] = now
        request.session[SessionExpiryMiddleware.SEEN] = now


class FriendlyNotFoundMiddleware:
    """The Vietnamese "not found" page even with DEBUG on (`make run`'s demo).

    With DEBUG off Django already uses handler404; with DEBUG on it shows its technical page
    (the URL patterns, the settings module) for a raised Http404 and for an address no
    pattern matches. Developers see the reason in the runserver log instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return self._page(request)
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return self._page(request)
        return None

    @staticmethod
    def _page(request):
        from .views.site import page_not_found

        return page_not_found(request)
