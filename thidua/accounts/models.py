from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login (tài khoản). The person behind it lives in org.Person."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")
        swappable = "AUTH_USER_MODEL"


class AccessToken(models.Model):
    """A personal access token (mã truy cập API) of one user: the API acts as that user, never
    more, and only within the token's scopes. Only a SHA-256 digest of the secret is kept;
    the secret is shown once, when the token is made (thidua/accounts/tokens.py)."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="access_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, shown in lists so a user can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=16)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    # ["goals:read", "party:write", ...]: write includes read of the same app.
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
