from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from thidua.accounts import views as account_views
from thidua.core import notification_views
from thidua.core.audit_views import audit_log
from thidua.core.views import healthz
from thidua.org.views import home

from .api import api

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("audit/", audit_log, name="audit_log"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notification_views.notification_go, name="notification_go"),
    path("notifications/count/", notification_views.notification_count, name="notifications_count"),
    path(
        "notifications/read/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("accounts/", include("thidua.accounts.urls")),
    path("accounts/", include("thidua.directory.urls")),
    path("org/", include("thidua.org.urls")),
    path("goals/", include("thidua.goals.urls")),
    path("teams/", include("thidua.teams.urls")),
    # The apps' roots (linked from the README) open each app's main page.
    path(
        "emulation/",
        RedirectView.as_view(pattern_name="emulation:movement_list"),
        name="emulation_root",
    ),
    path("awards/", RedirectView.as_view(pattern_name="awards:registry_list"), name="awards_root"),
    path("party/", RedirectView.as_view(pattern_name="party:resolutions"), name="party_root"),
    path("emulation/", include("thidua.emulation.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("party/", include("thidua.party.urls")),
    path("messages/", include("thidua.messaging.urls")),
    path("meetings/", include("thidua.meetings.urls")),
    path("assistant/", include("thidua.assistant.urls")),
    path("i18n/setlang/", account_views.language_set, name="set_language"),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("admin/", admin.site.urls),
]

handler400 = "thidua.core.views.bad_request"
handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.page_not_found"
handler500 = "thidua.core.views.server_error"

# Uploaded files (evidence, records) are private: they are served only through views that
# check permissions, never from MEDIA_URL, not even in development.
