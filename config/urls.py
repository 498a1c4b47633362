from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from thidua.accounts.views import account as account_views
from thidua.org.views.units import home

from .api import api

urlpatterns = [
    path("", home, name="home"),
    path("", include("thidua.core.urls")),
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
    # The API's address (named in the README) opens its documentation; the operations
    # live under it (tests/security reads them from the OpenAPI schema, not from here).
    path(
        "api/v1/",
        RedirectView.as_view(url="/api/v1/docs", permanent=False),
        name="api_root",
    ),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("admin/", admin.site.urls),
]

handler400 = "thidua.core.views.site.bad_request"
handler403 = "thidua.core.views.site.permission_denied"
handler404 = "thidua.core.views.site.page_not_found"
handler500 = "thidua.core.views.site.server_error"

# Uploaded files (evidence, records) are private: they are served only through views that
# check permissions, never from MEDIA_URL, not even in development.
