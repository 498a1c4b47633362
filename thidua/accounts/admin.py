from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.contrib.auth.models import Group, Permission
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.core.admin import AuditedModelAdmin

from .models import User

PERMISSION_VERBS = {
    "add": _("Can add %(object)s"),
    "change": _("Can change %(object)s"),
    "delete": _("Can delete %(object)s"),
    "view": _("Can view %(object)s"),
}


def permission_label(permission: Permission) -> str:
    """A permission in the reader's language: Django stores "Can add unit" in English when
    it migrates; the model's verbose name is translated, the stored name is not."""
    verb, _sep, _model = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb in PERMISSION_VERBS and model is not None:
        return str(PERMISSION_VERBS[verb] % {"object": model._meta.verbose_name})
    return permission.name


class PermissionLabels:
    """Permission pickers that show permissions by their translated names."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.related_model is Permission and field is not None:
            field.label_from_instance = permission_label
        return field


# Django's own help texts for these fields have no Vietnamese in its catalogue: ours do.
USABLE_PASSWORD_HELP = _(
    "Whether the account may sign in with a password. If disabled, it may still sign in "
    "another way, such as the directory (LDAP) or single sign-on."
)


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password and self.instance and self.instance.has_usable_password():
            password.help_text = _(
                "Passwords are not stored as written, so no one can see the user's password."
            )


class AccountCreationForm(AdminUserCreationForm):
    usable_password = SetUnusablePasswordMixin.create_usable_password_field(USABLE_PASSWORD_HELP)


class AccountPasswordChangeForm(AdminPasswordChangeForm):
    usable_password_help_text = format_lazy(
        "{} {}",
        USABLE_PASSWORD_HELP,
        _("If disabled, the current password of this account is lost."),
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabels, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(PermissionLabels, AuditedModelAdmin, BaseUserAdmin):
    # Superuser, staff and active flags, groups and permissions change who may do what:
    # audited with before/after like role assignments (never the password hash).
    audit_exclude = ("password", "last_login")
    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AccountPasswordChangeForm
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language",)}))


# django-axes' pages (login lock-out) with local times (issue 12, "words, not codes")
from . import lockout_admin  # noqa: E402, F401
