from django.urls import path

from . import oidc

app_name = "directory"

# OpenID Connect sign-in (404 while it is off; docs/DIRECTORY.md), under /accounts/.
urlpatterns = [
    path("oidc/login/", oidc.OIDCLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.OIDCCallbackView.as_view(), name="oidc_callback"),
]
