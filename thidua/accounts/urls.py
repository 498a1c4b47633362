from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, tokens

app_name = "accounts"

urlpatterns = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", account.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
