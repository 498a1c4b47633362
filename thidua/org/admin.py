from django.contrib import admin

from thidua.core.admin import AuditedModelAdmin

from .models import (
    PartyMembership,
    PartyOrganization,
    Person,
    PersonPosition,
    Position,
    RoleAssignment,
    Unit,
    UnitChange,
    UnitGroup,
    UnitGroupMembership,
    UnitName,
)
from .services import tree_rebuild_paths, tree_set_path, unit_move


class UnitNameInline(admin.TabularInline):
    model = UnitName
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")
    readonly_fields = ("path", "depth")
    inlines = [UnitNameInline]

    def save_model(self, request, obj, form, change):
        # The admin edits a row directly; the tree path must still follow the parent.
        moved = change and "parent" in form.changed_data
        super().save_model(request, obj, form, change)
        if not change:
            tree_set_path(node=obj)
        elif moved:
            unit_move(actor=request.user, unit=obj, new_parent=obj.parent)


class PersonPositionInline(admin.TabularInline):
    model = PersonPosition
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("employee_code", "full_name", "unit", "position", "category", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("employee_code", "full_name", "email")
    list_select_related = ("unit", "position")
    autocomplete_fields = ("unit", "user")
    inlines = [PersonPositionInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "is_head", "is_deputy")


class UnitGroupMembershipInline(admin.TabularInline):
    model = UnitGroupMembership
    extra = 0


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "leader", "valid_from", "valid_to")
    inlines = [UnitGroupMembershipInline]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent")
    search_fields = ("code", "name")
    readonly_fields = ("path", "depth")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "parent" in form.changed_data:
            tree_rebuild_paths(model=PartyOrganization)


@admin.register(PartyMembership)
class PartyMembershipAdmin(AuditedModelAdmin):
    audit_prefix = "party.membership"
    list_display = ("person", "organization", "role", "status", "valid_from", "valid_to")
    list_filter = ("role", "status")
    list_select_related = ("person", "organization")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    audit_prefix = "role"
    list_display = (
        "user",
        "role",
        "unit",
        "unit_group",
        "party_organization",
        "valid_from",
        "valid_to",
    )
    list_filter = ("role",)


admin.site.register(UnitChange)
