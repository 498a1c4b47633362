"""django-axes (login lock-out) as the project installs it: `INSTALLED_APPS` names this
configuration instead of "axes", so that the administrator reads the app and its records in
Vietnamese (issue 12, "words, not codes").

Axes' own words (its models' and fields' names, the admin's filters) go through gettext and
are translated in the project's catalogue; its app has no name but its label ("Axes"), and
its records name themselves in English with a raw UTC time ("Access Log for bithu @
2026-12-07 23:06:44.570804+00:00"): both are given here. The admin's lists are in
accounts/lockout_admin.py.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def local_time(value) -> str:
    """A moment as the reader writes it: dd/mm/yyyy HH:MM in the local time zone."""
    if value is None:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


def _attempt_str(attempt) -> str:
    return gettext("Failed logins of %(username)s since %(time)s") % {
        "username": attempt.username or "—",
        "time": local_time(attempt.attempt_time),
    }


def _failure_str(failure) -> str:
    words = (
        gettext("Failed login of %(username)s at %(time)s from %(address)s, locked out")
        if failure.locked_out
        else gettext("Failed login of %(username)s at %(time)s from %(address)s")
    )
    return words % {
        "username": failure.username or "—",
        "time": local_time(failure.attempt_time),
        "address": failure.ip_address or "—",
    }


def _log_str(log) -> str:
    return gettext("Login of %(username)s at %(time)s") % {
        "username": log.username or "—",
        "time": local_time(log.attempt_time),
    }


class LockoutConfig(AxesAppConfig):
    """Axes with a name on the admin's index and its records named in words."""

    verbose_name = _("Login lock-out")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # Axes' models are not the project's to subclass: their names (admin titles,
        # breadcrumbs, deletion lists) are set here, once, as the app is ready.
        AccessAttempt.__str__ = _attempt_str
        AccessFailureLog.__str__ = _failure_str
        AccessLog.__str__ = _log_str
