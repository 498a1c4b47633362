from django.urls import path

from .views import agency_settings, audit, notifications, site

# Core's pages, mounted at the site's root by config/urls.py (URL names without a namespace).
urlpatterns = [
    path("healthz", site.healthz, name="healthz"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("settings/agency/", agency_settings.agency_settings_page, name="agency_settings"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notifications.notification_go, name="notification_go"),
    path("notifications/count/", notifications.notification_count, name="notifications_count"),
    path(
        "notifications/read/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
]
