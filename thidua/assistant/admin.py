from django.contrib import admin

from .models import Document, Exchange, IndexState


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "audience", "classification", "effective_on", "updated_at")
    list_filter = ("source", "audience")
    search_fields = ("title", "number")
    readonly_fields = ("text", "source", "source_id", "classification")


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    """Questions and feedback, for evaluating the assistant."""

    list_display = ("question", "mode", "feedback", "created_at")
    list_filter = ("mode", "feedback")
    readonly_fields = (
        "asker",
        "question",
        "mode",
        "answer",
        "index_version",
        "feedback",
        "feedback_at",
    )


@admin.register(IndexState)
class IndexStateAdmin(admin.ModelAdmin):
    list_display = ("version", "passages", "documents", "built_at", "seconds", "requested_at")
