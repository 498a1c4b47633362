from django.urls import path

from . import views

app_name = "party"

urlpatterns = [
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/file", views.resolution_file, name="resolution_file"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/done/", views.inspection_record_done, name="inspection_done"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/good-practice/",
        views.inspection_practice,
        name="inspection_practice",
    ),
    path("resolutions/<int:pk>/campaign/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/answers/", views.campaign_answers, name="campaign_answers"),
    path("campaigns/<int:pk>/export.<str:fmt>", views.campaign_export, name="campaign_export"),
    path("members/import/", views.members_import, name="members_import"),
]
