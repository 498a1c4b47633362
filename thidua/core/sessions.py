"""Sessions read from the cache, kept in the database, and still working when the cache is down.

Django's `cached_db` backend saves one database query per request (the session's row) but
calls the cache unguarded when it fills it after a database read, when it checks that a key
exists and when it deletes: with Redis down, every signed-in page would fail. This backend
guards every cache call — a cache fault costs the query it would have saved and a warning in
the log, never the request — and keeps a session in the cache for at most
`THIDUA_SESSION_CACHE_SECONDS` (5 minutes by default), so a session ended (signed out) while
the cache could not be told is gone from it within that time at the latest; the database row,
the source of truth, is deleted at once.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


def _cache_seconds(expiry_age: int) -> int:
    return max(1, min(expiry_age, getattr(settings, "THIDUA_SESSION_CACHE_SECONDS", 300)))


class SessionStore(cached_db.SessionStore):
    """`cached_db` with every cache call guarded and a bounded time in the cache."""

    def load(self) -> dict:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("Session cache unavailable on read; reading the database", exc_info=True)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        try:
            if (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning(
                "Session cache unavailable on exists; asking the database", exc_info=True
            )
        return super(cached_db.SessionStore, self).exists(session_key)

    def save(self, must_create: bool = False) -> None:
        # The database first (its row is the truth); then the cache, guarded.
        super(cached_db.SessionStore, self).save(must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key: str | None = None) -> None:
        super(cached_db.SessionStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.error(
                "Session cache unavailable on delete: an ended session may stay in the cache "
                "for at most THIDUA_SESSION_CACHE_SECONDS",
                exc_info=True,
            )

    def _cache_set(self, data: dict, expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, _cache_seconds(expiry_age))
        except Exception:
            logger.warning(
                "Session cache unavailable on write; the database keeps it", exc_info=True
            )
