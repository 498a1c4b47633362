from django.urls import path

from . import dashboard_views, fieldwork_views, review_views, template_views, views

app_name = "goals"

urlpatterns = [
    path("", views.my_goals, name="mine"),
    path("new/", views.goal_new, name="new"),
    path("<int:pk>/", views.goal_detail, name="detail"),
    path("<int:pk>/accept/", views.goal_accept, name="accept"),
    path("<int:pk>/publish/", views.goal_publish, name="publish"),
    path("<int:pk>/propose/", views.goal_propose, name="propose"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("key-results/<int:kr_pk>/check-in/", views.checkin_create, name="checkin"),
    path("check-ins/<int:pk>/verify/", views.checkin_verify, name="verify"),
    path("check-ins/to-verify/", views.checkins_to_verify, name="verify_list"),
    path("check-ins/<int:pk>/edit/", views.checkin_update, name="checkin_edit"),
    path("check-ins/<int:pk>/evidence/", views.checkin_evidence, name="checkin_evidence"),
    path("<int:pk>/supports/", views.goal_supports, name="supports"),
    path("units/<int:pk>/", views.unit_goal_tree, name="unit_tree"),
    path("<int:pk>/children/", views.goal_children, name="children"),
    path("tasks/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("log/", views.daily_log_add, name="log_add"),
    path("templates/", template_views.template_list, name="templates"),
    path("templates/<int:pk>/apply/", template_views.template_apply, name="template_apply"),
    path("dashboard/", dashboard_views.ministry_dashboard, name="dashboard"),
    path("programs/<int:pk>/", dashboard_views.program_detail, name="program"),
    path("review/", review_views.review_page, name="review"),
    path("review/xlsx/", review_views.review_xlsx_download, name="review_xlsx"),
    path("review/docx/", review_views.review_docx_download, name="review_docx"),
    path("field-visits/", fieldwork_views.field_visit_list, name="field_visits"),
    path("field-visits/new/", fieldwork_views.field_visit_new, name="field_visit_new"),
    path("field-visits/<int:pk>/", fieldwork_views.field_visit_detail, name="field_visit"),
    path("field-visits/<int:pk>/tasks/", fieldwork_views.field_visit_task, name="field_visit_task"),
    path(
        "field-visits/<int:pk>/practice/",
        fieldwork_views.field_visit_practice,
        name="field_visit_practice",
    ),
]
