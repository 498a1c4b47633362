"""Login lock-out (django-axes) by account and by address, each with its own limit.

Axes counts failed logins per lock-out parameter (here the username and the client address,
as separate criteria) but compares them all with one limit. An agency sits behind one NAT
address, so the limit per address must be far higher than the limit per account:
`LockoutHandler.get_failures` scales each count to the account limit, so a username is
locked after `AXES_FAILURE_LIMIT` failures and an address after
`THIDUA_LOGIN_FAILURE_LIMIT_PER_ADDRESS`.

A successful login clears only that account's failures: with axes' default it would also
clear every failure from the address, and anyone holding one valid account behind the same
NAT could then try passwords for many accounts without ever reaching the address limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def limits() -> dict[str, int]:
    """Failures allowed per lock-out parameter within the cool-off time."""
    return {
        "username": settings.AXES_FAILURE_LIMIT,
        "ip_address": settings.THIDUA_LOGIN_FAILURE_LIMIT_PER_ADDRESS,
    }


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind `THIDUA_TRUSTED_PROXIES` reverse
    proxies, the entry the nearest one appended to X-Forwarded-For (entries further left
    are written by the client and can be forged)."""
    proxies = settings.THIDUA_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        # One queryset per entry of AXES_LOCKOUT_PARAMETERS, in that order.
        base = settings.AXES_FAILURE_LIMIT
        allowed = limits()
        scaled = [0]
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            limit = allowed[parameter]
            # count >= limit exactly when the scaled value reaches the account limit.
            scaled.append(count * base // limit)
        return max(scaled)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
