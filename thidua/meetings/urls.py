from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("<int:pk>/assignees/", views.assignee_search, name="assignees"),
    path("<int:pk>/key-results/", views.key_result_options, name="key_results"),
    path("<int:pk>/notice.docx", views.meeting_notice, name="notice"),
    path(
        "<int:pk>/conclusions/<int:item>/delete/", views.conclusion_delete, name="conclusion_delete"
    ),
]
