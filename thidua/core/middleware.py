from django.conf import settings
from django.utils import translation


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
