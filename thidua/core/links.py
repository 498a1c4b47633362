"""The site's own address, for links read outside it (e-mail, SMS, documents): the
configured settings.THIDUA_SITE_URL, or the address `make run` serves when none is set."""

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The site address without a trailing slash."""
    return (getattr(settings, "THIDUA_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")
