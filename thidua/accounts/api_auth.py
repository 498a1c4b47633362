"""Who calls the API and within which scope.

Every API operation declares the scope it needs by its auth: `ApiScope("goals")` (reads
need `goals:read`, writes `goals:write`) or `ApiScope("awards", access="read")` for a POST
that writes nothing. config/api.py mounts each app's router with its ApiScope, and a test
fails for an operation without one (tests/api/test_api_tokens.py).

Two ways in, the same user and the same permissions either way:
- the browser's session (the signed-in user; writes need the CSRF header), all scopes;
- `Authorization: Bearer <token>` (a personal access token): acts as the token's user, only
  within its scopes. An unknown, revoked or expired token is a 401 saying so; a live token
  without the scope is a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth
from ninja.security.base import AuthBase

from .tokens import ACCESS, APPS, READ, WRITE, TokenRefused, scope_allows, token_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class BearerRefused(AuthenticationError):
    """A 401 with the reason a bearer token was not accepted."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(status_code=401, message=message)
        self.reason = reason


class ApiScope(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, app: str, *, access: str | None = None) -> None:
        if app not in APPS:
            raise ValueError(f"unknown API app {app!r}: one of {sorted(APPS)}")
        if access is not None and access not in ACCESS:
            raise ValueError(f"access must be one of {ACCESS}")
        self.app = app
        self.access = access
        self._session = SessionAuth()
        super().__init__()

    def __repr__(self) -> str:
        return f"ApiScope({self.app!r}, access={self.access!r})"

    def scope_for(self, method: str) -> str:
        access = self.access or (READ if method.upper() in SAFE_METHODS else WRITE)
        return f"{self.app}:{access}"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header is None:
            # The session, with ninja's CSRF check on writes.
            return self._session(request)
        kind, _sep, secret = header.strip().partition(" ")
        if kind.lower() != "bearer" or not secret.strip():
            raise BearerRefused(
                _("Send the access token as: Authorization: Bearer <token>."), reason="malformed"
            )
        try:
            token = token_authenticate(secret=secret.strip())
        except TokenRefused as exc:
            raise BearerRefused(exc.message, reason=exc.reason) from None
        scope = self.scope_for(request.method or "GET")
        app, access = scope.split(":")
        if not scope_allows(token.scopes, app=app, access=access):
            raise PermissionDenied(
                _("This access token does not have the scope %(scope)s.") % {"scope": scope}
            )
        # The token acts as its user: services and selectors check that user's rights.
        request.user = token.user
        request.access_token = token  # type: ignore[attr-defined]
        return token.user
