"""Writes of core: notifications raised from a person's waiting work and the daily e-mail.

A notification is one "todo" item of thidua.core.nextsteps for one user, kept by its key:
it is raised when the item first appears (or appears again after it was done), raised again
unread when more work arrives behind it (its count grows), and closed when the provider no
longer returns it — the work is done.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .links import site_url
from .models import Notification, WorkDigest
from .nextsteps import NextStep, moment
from .selectors import my_work, notification_address

logger = logging.getLogger(__name__)


def _language(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


UPDATED_FIELDS = ["title", "url", "count", "raised_at", "read_at", "done_at"]


def _key(item: NextStep) -> str:
    return (item.key or item.url)[:120]


def _new(*, user_id: int, item: NextStep, now) -> Notification:
    raised = moment(item.since) if item.since else now
    return Notification(
        user_id=user_id,
        key=_key(item),
        title=item.title[:300],
        url=item.url[:500],
        count=max(int(item.count or 1), 1),
        raised_at=min(raised, now),
    )


def _refresh(note: Notification, *, item: NextStep, now) -> bool:
    """Bring `note` in line with `item`; whether it changed."""
    title, url, count = item.title[:300], item.url[:500], max(int(item.count or 1), 1)
    changed = (note.title, note.url, note.count) != (title, url, count)
    if note.done_at is not None or count > note.count:
        # Back again, or more work behind it: raised anew, unread.
        note.done_at = None
        note.read_at = None
        note.raised_at = now
        changed = True
    if changed:
        note.title, note.url, note.count = title, url, count
    return changed


@transaction.atomic
def notifications_sync(*, user: Any, items: list[NextStep] | None = None) -> list[Notification]:
    """Bring `user`'s notifications in line with their waiting work; returns the open ones.

    `items` are the user's "todo" items when the caller already has them (the home page).
    """
    if items is None:
        with translation.override(_language(user)):
            items = my_work(user=user)
    now = timezone.now()
    existing = {n.key: n for n in Notification.objects.select_for_update().filter(user=user)}
    seen: set[str] = set()
    to_create: list[Notification] = []
    to_update: list[Notification] = []
    for item in items:
        key = _key(item)
        if key in seen:
            continue
        seen.add(key)
        note = existing.get(key)
        if note is None:
            to_create.append(_new(user_id=user.pk, item=item, now=now))
        elif _refresh(note, item=item, now=now):
            to_update.append(note)
    for key, note in existing.items():
        if key not in seen and note.done_at is None:
            note.done_at = now
            to_update.append(note)
    if to_create:
        Notification.objects.bulk_create(to_create)
    if to_update:
        Notification.objects.bulk_update(to_update, UPDATED_FIELDS)
    return list(Notification.objects.filter(user=user, done_at__isnull=True))


@transaction.atomic
def notifications_raise(*, items_by_user: Mapping[int, list[NextStep]]) -> int:
    """Raise these "todo" items as notifications now (user id → items), without waiting
    for each person's next sync — when an action creates work for others (a round started).
    Each is created, or raised anew when it was done or more work waits behind it; nothing
    else of theirs is touched, and raising the same again changes nothing (one notification
    per user and key). The items must be what the providers return, so the next sync keeps
    them. Returns how many were created or changed."""
    now = timezone.now()
    wanted = {(uid, _key(item)): item for uid, items in items_by_user.items() for item in items}
    if not wanted:
        return 0
    existing = {
        (n.user_id, n.key): n
        for n in Notification.objects.select_for_update().filter(
            user_id__in={uid for uid, _k in wanted}, key__in={k for _u, k in wanted}
        )
    }
    to_create = [
        _new(user_id=uid, item=item, now=now)
        for (uid, key), item in wanted.items()
        if (uid, key) not in existing
    ]
    to_update = [
        note
        for pair, note in existing.items()
        if pair in wanted and _refresh(note, item=wanted[pair], now=now)
    ]
    Notification.objects.bulk_create(to_create)
    if to_update:
        Notification.objects.bulk_update(to_update, UPDATED_FIELDS)
    return len(to_create) + len(to_update)


def notification_open(*, user: Any, pk: int) -> Notification:
    """Mark `user`'s notification `pk` read and return it (Notification.DoesNotExist for a
    notification of someone else)."""
    note = Notification.objects.get(user=user, pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every open notification of `user` read; returns how many were unread."""
    return Notification.objects.filter(
        user=user, done_at__isnull=True, read_at__isnull=True
    ).update(read_at=timezone.now())


def _digest_text(*, user: Any, items: list[NextStep], site: str) -> tuple[str, str]:
    name = getattr(getattr(user, "person", None), "full_name", "") or user.get_username()
    subject = ngettext(
        "Thi Đua: %(n)d piece of work waits for you",
        "Thi Đua: %(n)d pieces of work wait for you",
        len(items),
    ) % {"n": len(items)}
    lines = [_("Dear %(name)s,") % {"name": name}, "", _("This is what waits for you today:"), ""]
    for item in items:
        title = item.title
        if item.count > 1 and str(item.count) not in title:
            title = f"{title} ({item.count})"
        lines.append(f"- {title}")
        lines.append(f"  {site}{item.url}" if item.url.startswith("/") else f"  {item.url}")
    lines += [
        "",
        _("Your home page lists the same work: %(url)s") % {"url": site + reverse("home")},
        _("You receive this e-mail at most once a day, only when work waits for you."),
    ]
    return subject, "\n".join(lines)


def work_digest_send(*, user: Any, day: date | None = None) -> WorkDigest | None:
    """E-mail `user` the list of their waiting work, at most once on `day` (today by
    default). Nothing is sent when nothing waits or the person has no e-mail address; the
    day's row is claimed first, so two runs never send twice."""
    day = day or timezone.localdate()
    address = notification_address(user=user)
    if not address or not user.is_active:
        return None
    with translation.override(_language(user)):
        items = my_work(user=user)
        notifications_sync(user=user, items=items)
        if not items:
            return None
        try:
            with transaction.atomic():
                digest = WorkDigest.objects.create(
                    user=user, day=day, address=address, items=len(items)
                )
        except IntegrityError:
            return None  # already sent (or being sent) today
        site = site_url()
        subject, body = _digest_text(user=user, items=items, site=site)
    try:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    except Exception:
        digest.delete()  # not sent: the next run may try again today
        logger.exception("Work digest e-mail to user %s failed", user.pk)
        raise
    digest.sent_at = timezone.now()
    digest.save(update_fields=["sent_at"])
    return digest


def work_digests_send(*, day: date | None = None) -> dict[str, int]:
    """Send the day's work e-mail to every active user who has work waiting; a failure for one
    person is logged and does not stop the others."""
    sent = failed = 0
    users = get_user_model().objects.filter(is_active=True).select_related("person")
    for user in users.iterator(chunk_size=200):
        try:
            if work_digest_send(user=user, day=day) is not None:
                sent += 1
        except Exception:
            failed += 1
    return {"sent": sent, "failed": failed}


def notifications_refresh() -> int:
    """Bring every active user's notifications in line with their waiting work (the beat
    runs it, so the bell moves without the person opening the home page)."""
    count = 0
    users = get_user_model().objects.filter(is_active=True)
    for user in users.iterator(chunk_size=200):
        notifications_sync(user=user)
        count += 1
    return count
