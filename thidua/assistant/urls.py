from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.chat, name="chat"),
    path("answers/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("gaps/", views.question_gaps, name="gaps"),
    path("gaps/export.csv", views.question_gaps_export, name="gaps_export"),
]
