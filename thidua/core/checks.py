"""Deployment checks of the platform's own settings (`thidua check --deploy`), next to
Django's security checks."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

# Addresses that name the server itself: a link to them opens nothing anywhere else.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 (a link's host, no bind)


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """THIDUA_SITE_URL builds the absolute links of e-mails, SMS and webhooks: left at the
    development default (http://127.0.0.1:8000) or another address of the server itself, every such link
    opens nothing on the reader's computer or phone."""
    site = (getattr(settings, "THIDUA_SITE_URL", "") or "").strip()
    host = urlsplit(site).hostname or ""
    if site and host not in LOCAL_HOSTS:
        return []
    return [
        checks.Warning(
            f"THIDUA_SITE_URL is {site or 'empty'}: the links in e-mails, SMS and webhooks "
            "are built from it and would open nothing outside this server.",
            hint="Set THIDUA_SITE_URL to the address people open the site at, e.g. "
            "https://thidua.example.gov.vn.",
            id="thidua.core.W001",
        )
    ]
