"""Sessions served from Redis, kept in the database, and still working with Redis down."""

import os
import socket

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import require_service
from tests.factories import PersonFactory, UserFactory

REDIS = os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PAGE = "/accounts/tokens/"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def _session_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]


@pytest.fixture
def redis_sessions(settings):
    require_service("Redis on 127.0.0.1:6379", _redis_up)
    settings.CACHES = _redis_cache(REDIS)
    settings.SESSION_ENGINE = "thidua.core.sessions"
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def member(db):
    user = UserFactory(username="thanhvien")
    PersonFactory(user=user)
    return user


def test_a_signed_in_page_reads_the_session_from_redis_not_the_database(
    client, member, redis_sessions
):
    client.force_login(member)
    assert client.get(PAGE).status_code == 200  # fills the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    assert _session_queries(captured) == []


def test_a_session_stays_in_redis_no_longer_than_the_bound(
    client, member, redis_sessions, settings
):
    settings.THIDUA_SESSION_CACHE_SECONDS = 120
    client.force_login(member)
    client.get(PAGE)
    key = "django.contrib.sessions.cached_db" + client.session.session_key
    # Django's RedisCache has no ttl(): ask Redis itself.
    ttl = redis_sessions._cache.get_client(key).ttl(redis_sessions.make_and_validate_key(key))
    assert 0 < ttl <= 120


def test_signing_out_ends_the_session_in_the_database_and_in_redis(client, member, redis_sessions):
    from django.contrib.sessions.models import Session

    client.force_login(member)
    client.get(PAGE)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert redis_sessions.get("django.contrib.sessions.cached_db" + key) is None
    stolen = client.__class__()
    stolen.cookies["sessionid"] = key
    response = stolen.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_with_redis_down_a_signed_in_member_still_works_from_the_database(client, member, settings):
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")
    settings.SESSION_ENGINE = "thidua.core.sessions"
    client.force_login(member)  # saved to the database; the cache write fails quietly
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.wsgi_request.user == member
    assert _session_queries(captured), "the session must come from the database"
    client.post("/accounts/logout/")  # the cache delete fails quietly; the row goes
    assert client.get(PAGE).status_code == 302
