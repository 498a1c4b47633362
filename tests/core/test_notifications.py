"""Notifications and the daily e-mail raised from a person's waiting work ("Việc của tôi")."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core import nextsteps
from thidua.core.models import Notification, WorkDigest
from thidua.core.nextsteps import NextStep
from thidua.core.services import (
    notifications_sync,
    work_digest_send,
    work_digests_send,
)

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


class FakeWork:
    """A provider whose waiting work the test sets per user."""

    def __init__(self) -> None:
        self.items: dict[int, list[NextStep]] = {}

    def __call__(self, user) -> list[NextStep]:
        return list(self.items.get(getattr(user, "pk", None), []))

    def set(self, user, *items: tuple[str, int]) -> None:
        self.items[user.pk] = [
            NextStep(
                title=f"Việc {key} ({count})",
                url=f"/goals/?k={key}",
                section=nextsteps.TODO,
                key=key,
                count=count,
                since=timezone.now() - timedelta(days=i),
            )
            for i, (key, count) in enumerate(items)
        ]


@pytest.fixture
def work(monkeypatch):
    fake = FakeWork()
    monkeypatch.setattr(nextsteps, "_providers", [fake])
    return fake


def _open(user) -> dict[str, Notification]:
    return {n.key: n for n in Notification.objects.filter(user=user, done_at__isnull=True)}


def test_work_raises_notifications_that_close_when_done_and_reopen_when_back(work):
    user = UserFactory()
    work.set(user, ("ballot:1", 1), ("checkins", 2))
    notifications_sync(user=user)
    assert set(_open(user)) == {"ballot:1", "checkins"}
    assert all(n.read_at is None for n in _open(user).values())

    Notification.objects.filter(user=user).update(read_at=timezone.now())
    work.set(user, ("checkins", 3))  # the ballot was cast; one more check-in waits
    notifications_sync(user=user)
    still = _open(user)
    assert set(still) == {"checkins"}
    assert still["checkins"].count == 3 and still["checkins"].read_at is None  # new work: unread
    assert Notification.objects.get(user=user, key="ballot:1").done_at is not None

    Notification.objects.filter(user=user).update(read_at=timezone.now())
    work.set(user, ("checkins", 1), ("ballot:1", 1))  # fewer check-ins; the ballot is back
    notifications_sync(user=user)
    again = _open(user)
    assert again["checkins"].count == 1 and again["checkins"].read_at is not None  # less: quiet
    assert again["ballot:1"].read_at is None and again["ballot:1"].done_at is None


def test_notifications_are_each_persons_own(work, client):
    owner, other = UserFactory(), UserFactory()
    work.set(owner, ("digest:7", 1))
    notifications_sync(user=owner)
    note = Notification.objects.get(user=owner)

    client.force_login(other)
    assert client.get(reverse("notification_go", args=[note.pk])).status_code == 404
    page = client.get(reverse("notifications")).content.decode()
    assert "digest:7" not in page and "Việc digest:7" not in page

    client.force_login(owner)
    response = client.get(reverse("notification_go", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/goals/?k=digest:7"
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_bell_counts_unread_work_and_the_page_marks_all_read(work, client):
    user = UserFactory()
    work.set(user, ("a", 1), ("b", 4))
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert "Việc b (4)" in home and home.index("Việc a (1)") < home.index("Việc b (4)")  # newest
    assert reverse("notifications_count") in home  # the badge loads after the page
    badge = client.get(reverse("notifications_count")).content.decode()
    assert ">2</span>" in badge  # the home page raised both

    client.post(reverse("notifications_read_all"))
    assert "bell-count" not in client.get(reverse("notifications_count")).content.decode()

    work.set(user)  # all done
    page = client.get(reverse("notifications")).content.decode()
    assert "Việc a (1)" in page  # listed under "Done"
    assert not _open(user)
    client.logout()  # an expired session: an empty badge, not the login page
    badge = client.get(reverse("notifications_count"))
    assert badge.status_code == 200 and "bell-count" not in badge.content.decode()


def test_daily_digest_reaches_the_person_once_a_day_with_links_that_work_outside(
    work,
    smtp_server,
    settings,
):
    settings.THIDUA_SITE_URL = "https://thidua.bo.gov.vn"
    person = PersonFactory(email="lan@bo.gov.vn", user=UserFactory(email=""))
    work.set(person.user, ("ballot:3", 1), ("checkins", 2))
    day = date(2026, 12, 4)

    assert work_digest_send(user=person.user, day=day) is not None
    assert work_digest_send(user=person.user, day=day) is None  # not twice the same day
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "lan@bo.gov.vn"
    body = message.get_content()
    assert "https://thidua.bo.gov.vn/goals/?k=ballot:3" in body
    assert "Việc checkins (2)" in body
    assert "\n  /goals" not in body  # no relative link

    settings.THIDUA_SITE_URL = ""  # none configured: the served address, never a bare path
    assert work_digest_send(user=person.user, day=day + timedelta(days=1)) is not None
    assert len(smtp_server.messages) == 2
    assert "http://127.0.0.1:8000/goals/?k=ballot:3" in smtp_server.messages[1].get_content()
    # The same run also raised the bell.
    assert set(_open(person.user)) == {"ballot:3", "checkins"}


def test_no_digest_without_work_or_address_and_a_failure_does_not_stop_the_others(
    work,
    smtp_server,
):
    idle = PersonFactory(email="idle@bo.gov.vn", user=UserFactory()).user
    no_address = UserFactory(email="")
    busy = PersonFactory(email="busy@bo.gov.vn", user=UserFactory()).user
    work.set(no_address, ("a", 1))
    work.set(busy, ("a", 1))
    smtp_server.answers = ["554 Transaction failed"]  # the first e-mail is refused

    day = date(2026, 12, 4)
    result = work_digests_send(day=day)
    assert result == {"sent": 0, "failed": 1}
    assert not WorkDigest.objects.filter(user=busy, day=day).exists()  # free to try again
    assert work_digests_send(day=day) == {"sent": 1, "failed": 0}
    assert [m["To"] for m in smtp_server.messages] == ["busy@bo.gov.vn"]
    assert not WorkDigest.objects.filter(user=idle).exists()


def test_the_home_page_shows_five_of_a_kind_and_the_bell_page_all(work, client):
    user = UserFactory()
    work.set(user, *[(f"goals.verify:{n}", 1) for n in range(7)], ("ballot:1", 1))
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert home.count("/goals/?k=goals.verify:") == 5 and "/goals/?k=ballot:1" in home
    assert "2 việc khác cùng loại" in home
    page = client.get(reverse("notifications")).content.decode()
    assert page.count('href="/notifications/') >= 8
