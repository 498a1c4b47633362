from django.contrib import admin

from .models import AuditEvent, Job


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Audit events are append-only: nobody adds, changes or deletes one here, superusers
    included (the services write them; on PostgreSQL a trigger refuses UPDATE/DELETE)."""

    list_display = ("created_at", "actor_name", "action", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("target_id", "action", "actor_name")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "progress_done", "progress_total", "created_at")
    list_filter = ("status", "kind")
