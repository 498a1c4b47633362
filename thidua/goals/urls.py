from django.urls import path

from .views import closing, dashboard, fieldwork, goal_templates, goals, people, review

app_name = "goals"

urlpatterns = [
    path("", goals.my_goals, name="mine"),
    path("new/", goals.goal_new, name="new"),
    path("<int:pk>/", goals.goal_detail, name="detail"),
    path("to-close/", closing.goals_to_close_page, name="to_close"),
    path("people/<int:pk>/", people.person_goals, name="person"),
    path("<int:pk>/accept/", goals.goal_accept, name="accept"),
    path("<int:pk>/publish/", goals.goal_publish, name="publish"),
    path("<int:pk>/propose/", goals.goal_propose, name="propose"),
    path("proposals/<int:pk>/decide/", goals.proposal_decide, name="proposal_decide"),
    path("key-results/<int:kr_pk>/check-in/", goals.checkin_create, name="checkin"),
    path("check-ins/<int:pk>/verify/", goals.checkin_verify, name="verify"),
    path("check-ins/to-verify/", goals.checkins_to_verify, name="verify_list"),
    path("check-ins/<int:pk>/edit/", goals.checkin_update, name="checkin_edit"),
    path("check-ins/<int:pk>/evidence/", goals.checkin_evidence, name="checkin_evidence"),
    path("<int:pk>/supports/", goals.goal_supports, name="supports"),
    path("units/<int:pk>/", goals.unit_goal_tree, name="unit_tree"),
    path("<int:pk>/children/", goals.goal_children, name="children"),
    path("tasks/", goals.task_create, name="task_create"),
    path("tasks/<int:pk>/status/", goals.task_status, name="task_status"),
    path("log/", goals.daily_log_add, name="log_add"),
    path("templates/", goal_templates.template_list, name="templates"),
    path("templates/<int:pk>/apply/", goal_templates.template_apply, name="template_apply"),
    path("dashboard/", dashboard.ministry_dashboard, name="dashboard"),
    path("programs/<int:pk>/", dashboard.program_detail, name="program"),
    path("review/", review.review_page, name="review"),
    path("review/xlsx/", review.review_xlsx_download, name="review_xlsx"),
    path("review/docx/", review.review_docx_download, name="review_docx"),
    path("field-visits/", fieldwork.field_visit_list, name="field_visits"),
    path("field-visits/new/", fieldwork.field_visit_new, name="field_visit_new"),
    path("field-visits/<int:pk>/", fieldwork.field_visit_detail, name="field_visit"),
    path("field-visits/<int:pk>/tasks/", fieldwork.field_visit_task, name="field_visit_task"),
    path(
        "field-visits/<int:pk>/practice/",
        fieldwork.field_visit_practice,
        name="field_visit_practice",
    ),
]
