"""The assistant in the Django admin: the document store and the index, as the pages allow.

Party and state are kept apart here too (issue 10): a state role, a superuser account
included, gives no Party rights by itself. Documents mirrored from Party resolutions are
not in the admin at all (they are managed in Party work, and a classified one leaves the
store); a document uploaded for a Party body only under a Party role over it or to its
uploader (`selectors.documents_for_admin`). A platform document follows its record and is
read-only here; uploaded ones are changed and deleted as `rules.can_change_document` says.
People's questions are their own: the admin shows how many were asked, of which kind and how
they were rated, never a question, an answer or who asked (`ExchangeAdmin`)."""

from django.contrib import admin

from . import rules, selectors, services
from .models import Document, Exchange, IndexState


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "audience", "classification", "effective_on", "updated_at")
    list_filter = ("source", "audience")
    search_fields = ("title", "number")
    readonly_fields = ("text", "source", "source_id", "classification")

    def get_queryset(self, request):
        return selectors.documents_for_admin(
            viewer=request.user, queryset=super().get_queryset(request)
        )

    def has_add_permission(self, request) -> bool:
        return False  # uploaded through the assistant's page (extracted, split, checked)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not rules.can_change_document(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not rules.can_change_document(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        changeable = [d.pk for d in queryset if rules.can_change_document(request.user, d)]
        super().delete_queryset(request, queryset.filter(pk__in=changeable))

    def save_model(self, request, obj, form, change):
        stored = Document.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if stored is not None and services.audience_of(stored) != services.audience_of(obj):
            services.exchanges_withdraw(document_id=obj.pk, document=obj)


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    """How the assistant is used and rated, for evaluating it: the kind of answer, the
    feedback, the index version and the date of each question, with their counts by the
    filters. Not the question, the answer or the asker: they are the asker's own (their
    history page); the questions that found nothing reach document owners, without who
    asked, on the gaps page. No row opens, nothing is changed or deleted here."""

    list_display = ("mode", "feedback", "index_version", "created_at")
    list_display_links = None
    list_filter = ("mode", "feedback")
    date_hierarchy = "created_at"
    actions = None

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IndexState)
class IndexStateAdmin(admin.ModelAdmin):
    list_display = ("version", "passages", "documents", "built_at", "seconds", "requested_at")
