"""The local password (Django's ModelBackend); once a directory sign-in is on, only for
break-glass administrators (thidua.accounts.signin). The directory's own backends are in
thidua.directory."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from thidua.core.rawrows import fetch_one, select_list

from .signin import directory_enabled, is_break_glass


@cache
def _user_statement(vendor: str) -> str:
    user = get_user_model()
    qn = connection.ops.quote_name
    return (
        f"SELECT {select_list(user, 'u')} FROM {qn(user._meta.db_table)} u "  # noqa: S608 - the model's own names
        f"WHERE u.{qn(user._meta.pk.column)} = %s"
    )


class LocalBackend(ModelBackend):
    """The local password (Django's ModelBackend). While a directory is on, only break-glass
    accounts (superusers, members of THIDUA_BREAK_GLASS_GROUP) may use it."""

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return not directory_enabled() or is_break_glass(user)

    def get_user(self, user_id):
        """The session's user, on every signed-in request: one statement written once per
        process (thidua.core.rawrows) instead of a queryset built each time; Django then
        checks the session's password hash against it as usual."""
        user = fetch_one(get_user_model(), _user_statement(connection.vendor), [user_id])
        return user if user is not None and self.user_can_authenticate(user) else None
