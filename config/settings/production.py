"""Production hardening: fails fast when a secret or a service is missing."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_int

for _name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOWED_HOSTS"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production")

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "assistant_index": THIDUA_ASSISTANT_INDEX_STORAGE,  # noqa: F405
}
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS only. Behind a TLS-terminating reverse proxy (DJANGO_BEHIND_PROXY=1) the proxy must
# set X-Forwarded-Proto, which tells Django the request came over HTTPS; the proxy's own
# address is then not the client's: the client's is the entry it appends to
# X-Forwarded-For (THIDUA_TRUSTED_PROXIES, used by the login lock-out).
_behind_proxy = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_proxy else None
THIDUA_TRUSTED_PROXIES = env_int("THIDUA_TRUSTED_PROXIES", 1 if _behind_proxy else 0)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# A load balancer's health probe speaks plain HTTP to the application.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the whole domain to HTTPS in every browser: the agency decides.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)

# A deliberate choice is not a deployment mistake: silence only the warnings about settings
# the operator turned off on purpose (the proxy redirects to HTTPS when it is behind one).
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_SSL_REDIRECT or not _behind_proxy else ["security.W008"]),
]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
