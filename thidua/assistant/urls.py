from django.urls import path

from .views import chat, documents, gaps

app_name = "assistant"

urlpatterns = [
    path("", chat.chat, name="chat"),
    path("answers/<int:pk>/feedback/", chat.feedback, name="feedback"),
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path("gaps/", gaps.question_gaps, name="gaps"),
    path("gaps/export.csv", gaps.question_gaps_export, name="gaps_export"),
]
