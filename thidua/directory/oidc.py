"""OpenID Connect sign-in (mozilla-django-oidc), the second way to use the agency's directory:
off while settings.OIDC_OP_TOKEN_ENDPOINT is empty (docs/DIRECTORY.md).

The provider proves who signs in (authorization code flow with PKCE, an RS256 ID token
checked against its JWKS, the nonce); Thi Đua then matches the claims to a person exactly as
for LDAP (thidua/directory/services.py): employee code claim, else a verified e-mail. The
provider refuses disabled accounts itself; roles stay as granted in Thi Đua."""

from __future__ import annotations

import logging

import jwt
import requests
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from thidua.accounts.backends import session_user
from thidua.accounts.signin import REFUSAL_MESSAGES, DirectoryRefused, oidc_enabled

from .services import directory_sign_in_complete, person_for_directory, user_for_person

logger = logging.getLogger(__name__)


def claims_person(*, claims: dict, employee_code_claim: str, email_claim: str):
    """The person of an identity provider's claims. An e-mail the provider says is not
    verified is not used (anyone could have typed it into their profile)."""
    employee_code = str(claims.get(employee_code_claim) or "").strip()
    email = str(claims.get(email_claim) or "").strip()
    if claims.get("email_verified") is False:
        email = ""
    return person_for_directory(employee_code=employee_code, email=email)


def claims_username(claims: dict) -> str:
    return str(claims.get("preferred_username") or claims.get("sub") or "").strip()[:150]


class OIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads its settings here and fails when they are missing: only when on.
        self.enabled = oidc_enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        # Only the callback's call (with the nonce) is an OpenID Connect sign-in; a password
        # form never is.
        if not self.enabled or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            logger.error("Identity provider unavailable: %r", error)
            request.thidua_login_refusal = "directory_unavailable"
            return None

    def get_user(self, user_id):
        if not self.enabled:
            return None
        # as the local password's backend reads it (accounts.backends.session_user: no
        # permission table for a user given no Django permission)
        user = session_user(user_id)
        return user if user is not None and user.is_active else None

    def get_or_create_user(self, access_token, id_token, payload):
        from django.conf import settings

        # The library checks the signature, expiry and nonce, not the audience nor issuer.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token issued for another client")
        issuer = settings.THIDUA_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        try:
            person = claims_person(
                claims=claims,
                employee_code_claim=settings.THIDUA_OIDC_EMPLOYEE_CODE_CLAIM,
                email_claim=settings.THIDUA_OIDC_EMAIL_CLAIM,
            )
            username = claims_username(claims)
            if not username:
                raise DirectoryRefused("no_person", "no preferred_username nor sub claim")
            user, built = user_for_person(username=username, person=person)
        except DirectoryRefused as refusal:
            logger.warning("OpenID Connect sign-in of %s refused: %s", claims.get("sub"), refusal)
            self.request.thidua_login_refusal = refusal.code
            return None
        if built or user.has_usable_password():
            user.set_unusable_password()
        user.email = str(claims.get("email") or user.email)[:254]
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.save()
        directory_sign_in_complete(user=user, person=person, group_dns=frozenset(), source="oidc")
        return user


class OIDCLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (404 while OpenID Connect is off)."""

    def __init__(self, *args, **kwargs):
        if oidc_enabled():
            super().__init__(*args, **kwargs)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        return super().get(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: signs in, or back to the login page with the reason."""

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:  # forged, replayed, expired
            logger.warning("OpenID Connect callback refused: %s", error)
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("accounts:login")

    def login_failure(self):
        refusal = getattr(self.request, "thidua_login_refusal", "")
        messages.error(
            self.request,
            REFUSAL_MESSAGES[refusal]
            if refusal in REFUSAL_MESSAGES
            else _("Sign-in with the identity provider did not succeed. Please try again."),
        )
        return super().login_failure()
