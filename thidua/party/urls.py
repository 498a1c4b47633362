from django.urls import path

from .views import campaigns, inspections, meetings, members, resolutions

app_name = "party"

urlpatterns = [
    path("resolutions/", resolutions.resolution_list, name="resolutions"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/file", resolutions.resolution_file, name="resolution_file"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/done/", inspections.inspection_record_done, name="inspection_done"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/good-practice/",
        inspections.inspection_practice,
        name="inspection_practice",
    ),
    path("resolutions/<int:pk>/campaign/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/answers/", campaigns.campaign_answers, name="campaign_answers"),
    path("campaigns/<int:pk>/export.<str:fmt>", campaigns.campaign_export, name="campaign_export"),
    path("members/", members.member_list, name="members"),
    path("members/import/", members.members_import, name="members_import"),
]
