"""The admin's pages of django-axes (login lock-out) in the reader's language: axes' own
admins, re-registered with their times written dd/mm/yyyy HH:MM in the local time zone
(axes' column names are translated in the project's catalogue). Imported by admin.py."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .axes_app import local_time

# axes' own msgids: one translation for the field and its column
ATTEMPT_TIME = _("Attempt Time")
LOGOUT_TIME = _("Logout Time")


class LocalTimes:
    """Columns of the moments of a login and a logout, in local time."""

    @admin.display(description=ATTEMPT_TIME, ordering="attempt_time")
    def attempt_at(self, obj) -> str:
        return local_time(obj.attempt_time)

    @admin.display(description=LOGOUT_TIME, ordering="logout_time")
    def logout_at(self, obj) -> str:
        return local_time(obj.logout_time)


def _local(columns) -> list[str]:
    times = {"attempt_time": "attempt_at", "logout_time": "logout_at"}
    return [times.get(column, column) for column in columns]


class AccessAttemptAdmin(LocalTimes, axes_admin.AccessAttemptAdmin):
    list_display = _local(axes_admin.AccessAttemptAdmin.list_display)

    @admin.display(description=_("Status"))  # axes' column has no name but its method's
    def status(self, obj: AccessAttempt) -> str:
        return super().status(obj)


class AccessLogAdmin(LocalTimes, axes_admin.AccessLogAdmin):
    list_display = _local(axes_admin.AccessLogAdmin.list_display)


class AccessFailureLogAdmin(LocalTimes, axes_admin.AccessFailureLogAdmin):
    list_display = _local(axes_admin.AccessFailureLogAdmin.list_display)


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):  # AXES_ENABLE_ADMIN: axes registered its own
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
