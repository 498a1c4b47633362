"""Personal access tokens for the API: made, listed and revoked by their user; checked on
each API call that sends `Authorization: Bearer <token>`.

A token is `td_` + 40 random URL-safe characters. Only its SHA-256 digest is stored (the
secret has 240 bits of entropy, so a fast hash is enough: nothing to brute-force) and its
first characters, so a user can tell tokens apart. A token acts as its user and only within
its scopes: `<app>:read` or `<app>:write` (write includes read of the same app).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.audit import audit_record
from thidua.core.standing import account_refusal

from .choices import AccountsAudit
from .models import AccessToken

TOKEN_PREFIX = "td_"  # noqa: S105 (the visible kind of a token, not a secret)
SECRET_CHARS = 40
PREFIX_SHOWN = 10  # "td_" and 7 characters of the secret
# The longest life of a token: a forgotten token stops working within a year.
MAX_LIFETIME_DAYS = 366
# How often the last use is written (one write per token per minute at most).
LAST_USED_EVERY = timedelta(minutes=1)
# The most live tokens one user may hold.
MAX_ACTIVE_PER_USER = 20

logger = logging.getLogger(__name__)

# The API's apps, in the order of the token page.
APPS: dict[str, Any] = {
    "org": gettext_lazy("Organisation"),
    "goals": gettext_lazy("Goals"),
    "emulation": gettext_lazy("Emulation"),
    "awards": gettext_lazy("Awards"),
    "party": gettext_lazy("Party work"),
    "messaging": gettext_lazy("Messages"),
    "assistant": gettext_lazy("Assistant"),
    "settings": gettext_lazy("Agency settings"),
    "teams": gettext_lazy("Teams"),
    "meetings": gettext_lazy("Giao ban meetings"),
    "audit": gettext_lazy("Audit log"),
}
READ, WRITE = "read", "write"
ACCESS = (READ, WRITE)
# Apps whose API only reads: no write scope is offered for them.
READ_ONLY_APPS = frozenset({"audit"})
ALL_SCOPES = tuple(
    f"{app}:{access}"
    for app in APPS
    for access in ACCESS
    if access == READ or app not in READ_ONLY_APPS
)
ACCESS_LABELS: dict[str, Any] = {READ: gettext_lazy("read"), WRITE: gettext_lazy("read and write")}
# A scope in words ("Mục tiêu — đọc"), for the token page and the audit log; never the code.
SCOPE_LABELS: dict[str, Any] = {
    f"{app}:{access}": format_lazy("{} — {}", label, ACCESS_LABELS[access])
    for app, label in APPS.items()
    for access in ACCESS
    if access == READ or app not in READ_ONLY_APPS
}


def scope_labels(scopes: list[str]) -> list[str]:
    return [str(SCOPE_LABELS.get(scope, scope)) for scope in scopes]


def scope_allows(scopes: list[str], *, app: str, access: str) -> bool:
    """Whether a token's scopes allow `access` ("read"/"write") to `app`'s operations."""
    if access == READ:
        return f"{app}:{READ}" in scopes or f"{app}:{WRITE}" in scopes
    return f"{app}:{WRITE}" in scopes


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    secret: str  # shown once, never stored


# ---------------------------------------------------------------- selectors
def token_list(*, viewer: Any) -> QuerySet[AccessToken]:
    """The viewer's own tokens, newest first (nobody sees another user's tokens)."""
    if not getattr(viewer, "is_authenticated", False):
        return AccessToken.objects.none()
    return AccessToken.objects.filter(user=viewer).order_by("-created_at", "-pk")


def token_get(*, viewer: Any, pk: int) -> AccessToken:
    """One of the viewer's own tokens (AccessToken.DoesNotExist for another user's)."""
    return token_list(viewer=viewer).get(pk=pk)


def is_live(token: AccessToken, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and token.expires_at > now


# ---------------------------------------------------------------- services
@transaction.atomic
def token_create(*, actor: Any, name: str, scopes: list[str], expires_on: date) -> NewToken:
    """A new token for the acting user; its secret is in the answer and nowhere else."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to make an access token."))
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the token a name, e.g. the program that will use it.")]
    elif len(name) > AccessToken._meta.get_field("name").max_length:
        errors["name"] = [_("At most %(max_length)s characters.") % {"max_length": 100}]
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        errors["scopes"] = [_("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    elif not scopes:
        errors["scopes"] = [_("Choose at least one scope.")]
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = [_("The expiry date must be after today.")]
    elif expires_on > today + timedelta(days=MAX_LIFETIME_DAYS):
        errors["expires_on"] = [
            _("A token lives at most %(days)s days: choose an earlier expiry date.")
            % {"days": MAX_LIFETIME_DAYS}
        ]
    live = token_list(viewer=actor).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
    if live.count() >= MAX_ACTIVE_PER_USER:
        errors["name"] = [
            _("You already have %(count)s live tokens: revoke one you no longer use.")
            % {"count": MAX_ACTIVE_PER_USER}
        ]
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(30)[:SECRET_CHARS]
    # The end of the chosen day, local time.
    expires_at = timezone.make_aware(datetime.combine(expires_on, time.max))
    token = AccessToken.objects.create(
        user=actor,
        name=name,
        prefix=secret[:PREFIX_SHOWN],
        digest=digest_of(secret),
        scopes=[s for s in ALL_SCOPES if s in set(scopes)],
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AccountsAudit.ACCESS_TOKEN_CREATED,
        target=token,
        name=name,
        scopes=token.scopes,
        expires_on=expires_on,
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Any, token: AccessToken) -> AccessToken:
    """Revoke one of the actor's own tokens: every later call with it is refused (401)."""
    if not getattr(actor, "is_authenticated", False) or token.user_id != actor.pk:
        raise PermissionDenied(_("You may revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action=AccountsAudit.ACCESS_TOKEN_REVOKED, target=token, name=token.name
        )
    return token


class TokenRefused(Exception):
    """A bearer token that cannot be used: unknown, revoked, expired, its user disabled, or
    refused by an app (core.standing: its person has left the staff)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def token_authenticate(*, secret: str) -> AccessToken:
    """The live token with this secret (its last use recorded), or TokenRefused saying why."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        raise TokenRefused(_("This is not a Thi Đua access token."), reason="malformed")
    token = AccessToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    if token is None or not secrets.compare_digest(token.digest, digest_of(secret)):
        raise TokenRefused(_("This access token does not exist."), reason="unknown")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(
            _("This access token was revoked on %(when)s: make a new one.")
            % {"when": timezone.localtime(token.revoked_at).strftime("%d/%m/%Y %H:%M")},
            reason="revoked",
        )
    if token.expires_at <= now:
        raise TokenRefused(
            _("This access token expired on %(when)s: make a new one.")
            % {"when": timezone.localtime(token.expires_at).strftime("%d/%m/%Y")},
            reason="expired",
        )
    if not token.user.is_active:
        raise TokenRefused(_("The account of this access token is disabled."), reason="inactive")
    refusal = account_refusal(token.user)
    if refusal is not None:
        # core.standing: e.g. the token's person has left the staff (org.rules)
        logger.warning(
            "Access token %s of %s refused: %s",
            token.prefix,
            token.user.get_username(),
            refusal.detail,
        )
        raise TokenRefused(
            _(
                "The account of this access token is no longer on the staff (left the job, "
                "retired or transferred): the token no longer works."
            ),
            reason=refusal.code,
        )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # One UPDATE, no save(): nothing else of the token can change here.
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
