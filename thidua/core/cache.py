"""Django's Redis cache with one client object per connection pool instead of one per call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation;
with redis-py 5+ that constructor fills a table of ~200 response callbacks each time, which
cost more CPU than the GET itself on the busiest pages (every signed-in request reads its
session from the cache). A `redis.Redis` holds no connection of its own (each command takes
one from the pool and gives it back) and is safe to share between threads, so one per pool
serves every call; connections, time-outs and reconnection stay the pool's, as before.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            make = self._client  # type: ignore[attr-defined]  # redis.Redis; not in the stubs
            client = self._clients[id(pool)] = make(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
