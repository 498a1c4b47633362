from django.urls import path

from .views import importing, sync, units

app_name = "org"

urlpatterns = [
    path("", units.tree, name="tree"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/staff/", units.unit_staff, name="unit_staff"),
    path("people/<int:pk>/", units.person_detail, name="person"),
    path("import/", importing.import_page, name="import"),
    path("import/template.xlsx", importing.import_template, name="import_template"),
    path("jobs/<int:pk>/", importing.job_detail, name="job"),
    path("sync/", sync.sync_list, name="hr_sync"),
    path("sync/run/", sync.sync_start, name="hr_sync_start"),
    path("sync/<int:pk>/", sync.sync_detail, name="hr_sync_run"),
]
