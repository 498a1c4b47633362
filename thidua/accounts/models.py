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
