from django.conf import settings
from django.core.exceptions import ValidationError

from thidua.core.audit import audit_record

from .choices import AccountsAudit
from .models import User


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language a person chose, so every device shows it."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(f"Unsupported language: {language}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
        audit_record(actor=user, action=AccountsAudit.LANGUAGE_SET, target=user, language=language)
    return user
