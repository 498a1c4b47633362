"""The local password (Django's ModelBackend); once a directory sign-in is on, only for
break-glass administrators (thidua.accounts.signin). The directory's own backends are in
thidua.directory."""

from django.contrib.auth.backends import ModelBackend

from .signin import directory_enabled, is_break_glass


class LocalBackend(ModelBackend):
    """The local password (Django's ModelBackend). While a directory is on, only break-glass
    accounts (superusers, members of THIDUA_BREAK_GLASS_GROUP) may use it."""

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return not directory_enabled() or is_break_glass(user)
