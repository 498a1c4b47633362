"""The Redis cache backend of production settings: one client per connection pool, and the
same behaviour as Django's own (values, time-outs, a Redis that is down)."""

import socket

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from tests.conftest import require_service
from thidua.core.cache import RedisCache

REDIS = "redis://127.0.0.1:6379/12"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _cache(location: str) -> RedisCache:
    return RedisCache(location, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})


def test_one_client_serves_every_call_and_values_round_trip():
    require_service("Redis on 127.0.0.1:6379", _redis_up)
    cache = _cache(REDIS)
    assert isinstance(cache, DjangoRedisCache)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("thidua-test-cache", {"a": 1, "b": "Đã đọc"}, 30)
    assert cache.get("thidua-test-cache") == {"a": 1, "b": "Đã đọc"}
    assert cache.delete("thidua-test-cache")
    assert cache.get("thidua-test-cache", "gone") == "gone"
    assert cache._cache.get_client() is client


def test_a_redis_that_is_down_fails_as_with_djangos_backend():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once the block ends
    import redis

    with pytest.raises(redis.exceptions.ConnectionError):
        _cache(f"redis://127.0.0.1:{port}/0").get("anything")
