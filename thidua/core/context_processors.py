"""Template context every page gets from core."""

from functools import cache

from .selectors import notifications_unread_count


def notifications(request) -> dict:
    """`unread_notifications`: the bell's count, queried once and only when a template reads
    it (templates call callables)."""
    user = getattr(request, "user", None)

    @cache
    def unread() -> int:
        return notifications_unread_count(user=user)

    return {"unread_notifications": unread}
