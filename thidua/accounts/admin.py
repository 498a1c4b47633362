from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
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


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabels, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(PermissionLabels, AuditedModelAdmin, BaseUserAdmin):
    # Superuser, staff and active flags, groups and permissions change who may do what:
    # audited with before/after like role assignments (never the password hash).
    audit_exclude = ("password", "last_login")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language",)}))
