from django.urls import path

from . import import_views, sync_views, views

app_name = "org"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/staff/", views.unit_staff, name="unit_staff"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("import/", import_views.import_page, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("jobs/<int:pk>/", import_views.job_detail, name="job"),
    path("sync/", sync_views.sync_list, name="hr_sync"),
    path("sync/run/", sync_views.sync_start, name="hr_sync_start"),
    path("sync/<int:pk>/", sync_views.sync_detail, name="hr_sync_run"),
]
