from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import audit_change, snapshot
from .audit_labels import action_label
from .models import AuditEvent, Job, WebhookDelivery, WebhookEndpoint
from .webhooks import EVENTS, secret_new, webhook_endpoint_enable, webhook_ping


class ActionFilter(admin.SimpleListFilter):
    """The actions by their names, never their codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEvent.objects.values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Audit events are append-only: nobody adds, changes or deletes one here, superusers
    included (the services write them; on PostgreSQL a trigger refuses UPDATE/DELETE)."""

    list_display = ("created_at", "actor_name", "action_shown", "target_type", "target_id")
    list_filter = (ActionFilter,)
    search_fields = ("target_id", "action", "actor_name")
    # The action by its name, not its code; everything else as stored.
    fields = readonly_fields = [
        "action_shown" if f.name == "action" else f.name for f in AuditEvent._meta.fields
    ]
    actions = None

    @admin.display(description=_("action"), ordering="action")
    def action_shown(self, event: AuditEvent) -> str:
        return action_label(event.action)

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


class AuditedModelAdmin(admin.ModelAdmin):
    """Edits made in the Django admin are audited like the services' own: who, when, and
    each field before and after, for the row and for the rows of its inlines.

    Actions are `<audit_prefix>.created_in_admin|changed_in_admin|deleted_in_admin`; the
    prefix defaults to the model's label (`goals.goal`). Deletions are recorded just before
    the row goes, in the admin's own transaction. `audit_exclude` names fields never copied
    into the log (password hashes)."""

    audit_prefix = ""
    audit_exclude: tuple[str, ...] = ("password",)

    def _audit(self, request, obj, verb: str, before: dict, after: dict) -> None:
        prefix = self.audit_prefix if obj.__class__ is self.model and self.audit_prefix else ""
        audit_change(
            actor=request.user,
            action=f"{prefix or obj._meta.label_lower}.{verb}_in_admin",
            target=obj,
            before=before,
            after=after,
        )

    def _state(self, obj) -> dict:
        state = snapshot(obj)
        for name in self.audit_exclude:
            state.pop(name, None)
        return state

    def _stored_state(self, obj) -> dict:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        return self._state(stored) if stored is not None else {}

    def save_model(self, request, obj, form, change):
        before = self._stored_state(obj) if change else {}
        super().save_model(request, obj, form, change)
        self._audit(request, obj, "changed" if change else "created", before, self._state(obj))

    def delete_model(self, request, obj):
        self._audit(request, obj, "deleted", self._state(obj), {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "deleted", self._state(obj), {})
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        befores = {}
        for inline_form in formset.forms:
            instance = inline_form.instance
            if instance.pk is None or not inline_form.has_changed():
                continue
            if inline_form in getattr(formset, "deleted_forms", []):
                self._audit(request, instance, "deleted", self._stored_state(instance), {})
            else:
                befores[instance.pk] = self._stored_state(instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit(request, obj, "created", {}, self._state(obj))
        for obj, _fields in formset.changed_objects:
            self._audit(request, obj, "changed", befores.get(obj.pk, {}), self._state(obj))


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=[(code, label) for code, label in EVENTS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("The address must start with https:// or http://."))
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(AuditedModelAdmin):
    """Administrators add the other systems' addresses; the signing secret is made here and
    shown read-only (the receiver copies it); a disabled endpoint is enabled by an action."""

    form = WebhookEndpointForm
    audit_exclude = ("secret",)
    list_display = ("name", "url", "is_active", "consecutive_failures", "disabled_at")
    readonly_fields = ("secret", "consecutive_failures", "disabled_at", "disabled_reason")
    actions = ["send_test_event", "enable_again"]

    def save_model(self, request, obj, form, change):
        if not obj.secret:
            obj.secret = secret_new()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request, queryset):
        for endpoint in queryset:
            webhook_ping(actor=request.user, endpoint=endpoint)
        self.message_user(request, _("Test events queued; see the delivery log."))

    @admin.action(description=_("Enable again"))
    def enable_again(self, request, queryset):
        for endpoint in queryset:
            webhook_endpoint_enable(actor=request.user, endpoint=endpoint)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only and kept (an endpoint with a history is made inactive,
    not deleted)."""

    list_display = (
        "created_at",
        "endpoint",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    list_filter = ("status", "event", "endpoint")
    fields = readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
