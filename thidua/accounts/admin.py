from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from thidua.core.admin import AuditedModelAdmin

from .models import User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    # Superuser, staff and active flags, groups and permissions change who may do what:
    # audited with before/after like role assignments (never the password hash).
    audit_exclude = ("password", "last_login")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language",)}))
