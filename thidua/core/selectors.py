"""Reads of core: a person's waiting work ("Việc của tôi") and their notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification
from .nextsteps import NextStep, work_for


def my_work(*, user: Any) -> list[NextStep]:
    """What waits for `user`, newest first, from every app's provider."""
    if user is None or not user.is_authenticated:
        return []
    return work_for(user)


def notifications_open(*, user: Any) -> QuerySet[Notification]:
    """The notifications of `user` whose work is still waiting, unread first, newest first."""
    return Notification.objects.filter(user=user, done_at__isnull=True).order_by(
        "-read_at", "-raised_at", "-id"
    )


def notifications_done(*, user: Any, limit: int = 20) -> list[Notification]:
    """The latest notifications of `user` whose work is done."""
    return list(
        Notification.objects.filter(user=user, done_at__isnull=False).order_by("-done_at", "-id")[
            :limit
        ]
    )


def notifications_unread_count(*, user: Any) -> int:
    """The bell's number: notifications of waiting work that `user` has not opened."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        user=user, done_at__isnull=True, read_at__isnull=True
    ).count()


def notification_address(*, user: Any) -> str:
    """Where `user`'s daily e-mail goes: the address on their person record, else the
    account's; "" when they have none."""
    person = getattr(user, "person", None)
    return (getattr(person, "email", "") or user.email or "").strip()
