from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.admin import AuditedModelAdmin

from .choices import OrgAudit, PostKind
from .models import (
    Absence,
    PartyBodyRating,
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
    WorkCalendarDay,
)
from .rules import viewer_scope
from .services import party_rights, tree_rebuild_paths, tree_set_path, unit_move
from .services.people import hr_managed_fields_of, hr_managed_post_fields_of


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


class PersonPositionFormSet(BaseInlineFormSet):
    """A record of the HR system keeps its primary posts as the sync writes them (a move is
    the HR system's: services.people.hr_post_refusals); acting and concurrent ones stay
    Thi Đua's."""

    def clean(self):
        super().clean()
        if not hr_managed_post_fields_of(self.instance):
            return
        for form in self.forms:
            deleted = self.can_delete and self._should_delete_form(form)
            if not (form.has_changed() or deleted):
                continue
            kinds = {form.initial.get("kind"), getattr(form, "cleaned_data", {}).get("kind")}
            if PostKind.PRIMARY in kinds:
                raise ValidationError(
                    _(
                        "The primary post is managed by the HR system: change it there; the "
                        "next sync brings the change to Thi Đua."
                    )
                )


class PersonPositionInline(admin.TabularInline):
    model = PersonPosition
    formset = PersonPositionFormSet
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    """Audited (org.person.changed_in_admin: the HR sync reports a local change it replaces).
    For a person whose record comes from the HR system, the fields it carries are read-only
    here, under a note saying where to change them (services/people.py refuses them too)."""

    list_display = (
        "employee_code",
        "full_name",
        "unit",
        "position",
        "category",
        "status",
        "is_active",
    )
    list_filter = ("category", "status", "is_active")
    search_fields = ("employee_code", "full_name", "email")
    list_select_related = ("unit", "position")
    autocomplete_fields = ("unit", "user")
    inlines = [PersonPositionInline]

    @staticmethod
    def _managed(obj) -> tuple[str, ...]:
        if obj is None:
            return ()
        return (*hr_managed_fields_of(obj), *hr_managed_post_fields_of(obj))

    def get_readonly_fields(self, request, obj=None):
        managed = self._managed(obj)
        return (*super().get_readonly_fields(request, obj), *managed, "hr_synced_at")

    def get_fieldsets(self, request, obj=None):
        managed = self._managed(obj)
        if not managed:
            return super().get_fieldsets(request, obj)
        rest = [f for f in self.get_fields(request, obj) if f not in (*managed, "hr_synced_at")]
        note = _(
            "These fields are managed by the HR system: change them there; the next sync "
            "brings the change to Thi Đua."
        )
        return [
            (None, {"fields": rest}),
            (
                _("From the HR system"),
                {"fields": [*managed, "hr_synced_at"], "description": note},
            ),
        ]


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


def _party_q(request, field: str) -> Q:
    q = Q(pk__in=[])
    for path in viewer_scope(request.user).party_paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class PartyScopedAdmin(admin.ModelAdmin):
    """Party and state are kept apart (issue 10), in the admin too: Party bodies and
    memberships are listed and changed only under a Party role the account holds (the body's
    secretary or a committee office above it); a superuser account gives none by itself.
    New bodies go under a covered body; memberships only to covered bodies."""

    party_path_field = "path"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(_party_q(request, self.party_path_field))

    def has_add_permission(self, request):
        return bool(viewer_scope(request.user).party_paths) and super().has_add_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is PartyOrganization:
            kwargs["queryset"] = PartyOrganization.objects.filter(_party_q(request, "path"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "parent" in form.base_fields:  # no new top body from the admin
            form.base_fields["parent"].required = True
        return form


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(PartyScopedAdmin):
    list_display = ("code", "name", "kind", "parent")
    search_fields = ("code", "name")
    readonly_fields = ("path", "depth")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "parent" in form.changed_data:
            tree_rebuild_paths(model=PartyOrganization)


@admin.register(PartyMembership)
class PartyMembershipAdmin(AuditedModelAdmin, PartyScopedAdmin):
    audit_prefix = "party.membership"
    party_path_field = "organization__path"

    def get_readonly_fields(self, request, obj=None):
        # whose membership it is never changes here: another person is moved by the Party
        # import, which checks their current Party place too
        return ("person",) if obj is not None else ()

    list_display = ("person", "organization", "role", "status", "valid_from", "valid_to")
    list_filter = ("role", "status")
    list_select_related = ("person", "organization")

    # An edit here moves a body's secretary rights as the services' changes do
    # (org.rules.secretary_memberships): record it, for today and the days the rows name.
    def _rights_before(self, rows) -> party_rights.RightsHeld:
        today = timezone.localdate()
        days = [today] + [
            d for m in rows for d in (m.valid_from, m.valid_to) if d is not None and d > today
        ]
        return party_rights.rights_held(body_ids=[m.organization_id for m in rows], days=days)

    def save_model(self, request, obj, form, change):
        stored = PartyMembership.objects.filter(pk=obj.pk).first() if change else None
        rights = self._rights_before([m for m in (stored, obj) if m is not None])
        super().save_model(request, obj, form, change)
        cause = OrgAudit.PARTY_MEMBERSHIP_CHANGED_IN_ADMIN
        if not change:
            cause = OrgAudit.PARTY_MEMBERSHIP_CREATED_IN_ADMIN
        party_rights.rights_record(actor=request.user, before=rights, cause=cause)

    def delete_model(self, request, obj):
        rights = self._rights_before([obj])
        super().delete_model(request, obj)
        party_rights.rights_record(
            actor=request.user, before=rights, cause=OrgAudit.PARTY_MEMBERSHIP_DELETED_IN_ADMIN
        )

    def delete_queryset(self, request, queryset):
        rights = self._rights_before(list(queryset))
        super().delete_queryset(request, queryset)
        party_rights.rights_record(
            actor=request.user, before=rights, cause=OrgAudit.PARTY_MEMBERSHIP_DELETED_IN_ADMIN
        )


@admin.register(PartyBodyRating)
class PartyBodyRatingAdmin(AuditedModelAdmin, PartyScopedAdmin):
    """Recorded by the committee above the body (a Party role over it), audited."""

    audit_prefix = "party.body_rating"
    party_path_field = "body__path"
    list_display = ("body", "year", "level", "decided_on", "decision")
    list_filter = ("year", "level")
    list_select_related = ("body",)


@admin.register(Absence)
class AbsenceAdmin(AuditedModelAdmin):
    audit_prefix = "org.absence"
    list_display = ("person", "kind", "valid_from", "valid_to", "decision")
    list_filter = ("kind",)
    search_fields = ("person__full_name", "person__employee_code")
    autocomplete_fields = ("person",)


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

    # A Party role is given or changed only under a Party role over its body (issue 10): a
    # superuser account cannot hand itself, or anyone, Party rights over another body.
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "party_organization":
            kwargs["queryset"] = PartyOrganization.objects.filter(_party_q(request, "path"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _party_locked(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.party_organization_id is not None
            and not viewer_scope(request.user).covers_party_path(obj.party_organization.path)
        )

    def has_change_permission(self, request, obj=None):
        return not self._party_locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._party_locked(request, obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        locked = [a.pk for a in queryset if self._party_locked(request, a)]
        super().delete_queryset(request, queryset.exclude(pk__in=locked))


admin.site.register(UnitChange)


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(AuditedModelAdmin):
    """The dated working calendar: holidays, days off and make-up working days, audited."""

    list_display = ("day", "kind", "name", "confidence", "basis")
    list_filter = ("kind", "confidence")
    search_fields = ("name", "basis", "note")
    date_hierarchy = "day"
