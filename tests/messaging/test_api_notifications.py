"""Notifications API (the bell, issue 15, point 2): my notifications unread first and paged,
the bell's number, open one, mark all read — the bell's own selectors and services; another
person's notification is a 404 and stays unread."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.core import nextsteps
from thidua.core.models import Notification

from ..core.test_notifications import FakeWork
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/messaging/notifications"


@pytest.fixture
def work(monkeypatch):
    fake = FakeWork()
    monkeypatch.setattr(nextsteps, "_providers", [fake])
    return fake


@pytest.fixture
def hoa(work):
    user = UserFactory(username="hoa-bell")
    work.set(user, ("a", 1), ("b", 2), ("c", 1))  # "a" newest
    return user


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _keys(body) -> list[str]:
    return [Notification.objects.get(pk=n["id"]).key for n in body["items"]]


def test_my_notifications_come_unread_first_then_newest_page_by_page(hoa):
    client = _as(hoa)
    first = client.get(URL).json()  # raises them from the waiting work, as the page does
    assert _keys(first) == ["a", "b", "c"] and all(n["unread"] for n in first["items"])
    note_a = first["items"][0]["id"]
    opened = client.post(f"{URL}/{note_a}/read")
    assert opened.status_code == 200 and opened.json()["unread"] is False
    assert opened.json()["read_at"] is not None
    page = client.get(URL, {"limit": 2}).json()
    assert _keys(page) == ["b", "c"] and page["next_cursor"]
    rest = client.get(URL, {"limit": 2, "cursor": page["next_cursor"]}).json()
    assert _keys(rest) == ["a"] and rest["next_cursor"] is None
    assert client.get(URL, {"cursor": "bm90LWEtY3Vyc29y"}).status_code == 422


def test_the_bells_number_and_mark_all_read(hoa):
    client = _as(hoa)
    client.get(URL)
    assert client.get(f"{URL}/unread-count").json() == {"unread": 3}
    marked = client.post(f"{URL}/read-all")
    assert marked.status_code == 200 and marked.json() == {"marked": 3}
    assert client.get(f"{URL}/unread-count").json() == {"unread": 0}
    assert client.post(f"{URL}/read-all").json() == {"marked": 0}  # again: nothing


def test_work_done_moves_a_notification_to_the_done_list(hoa, work):
    client = _as(hoa)
    client.get(URL)
    work.set(hoa, ("b", 2), ("c", 1))  # "a" is done
    assert _keys(client.get(URL).json()) == ["b", "c"]
    assert _keys(client.get(URL, {"done": "true"}).json()) == ["a"]


def test_another_persons_notification_is_a_404_and_stays_unread(hoa):
    _as(hoa).get(URL)
    note = Notification.objects.filter(user=hoa).first()
    stranger = _as(UserFactory(username="nam-bell"))
    assert stranger.post(f"{URL}/{note.pk}/read").status_code == 404
    assert stranger.get(URL).json()["items"] == []
    assert stranger.post(f"{URL}/read-all").json() == {"marked": 0}
    note.refresh_from_db()
    assert note.read_at is None


def test_a_token_reads_with_messaging_read_and_marks_with_messaging_write(hoa):
    def token(scopes):
        secret = token_create(
            actor=hoa,
            name="Chuông",
            scopes=scopes,
            expires_on=timezone.localdate() + timedelta(days=30),
        ).secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    reader = token(["messaging:read"])
    assert reader.get(URL).status_code == 200
    assert reader.post(f"{URL}/read-all").status_code == 403
    assert Notification.objects.filter(user=hoa, read_at__isnull=False).count() == 0
    assert token(["messaging:write"]).post(f"{URL}/read-all").json() == {"marked": 3}
    assert Client().get(URL).status_code == 401
